"""Cache keys: a hash of everything that can change a snippet's output.

The key covers the snippet's bytes, the local modules it imports
(transitively), the data files it names, the versions of the installed
distributions it imports, the engine code that runs it (every module of
this package the worker imports, found by :func:`code_digest`), the
device, and, for snippets that measure the machine, the CPU model and
core count.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import math
import os
import platform
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from snippet_engine.dists import DistTable
from snippet_engine.errors import SnippetError

ENGINE_FORMAT = 3
"""Bump to invalidate every cache entry (the output format changed)."""

ENGINE_DIR = Path(__file__).resolve().parent
RUN_ENTRY = "worker"
"""The module a worker runs: its imports are the code behind a run."""
DERIVE_ENTRY = "derive"
"""The module the build derives with: its imports shape derived files."""
_OPTION_LINE = re.compile(r"^#\s*snippet:(.*)$")
_OPTION_NAMES = {"measures", "threads", "timeout", "memory_mb"}
_FILE_LIKE = re.compile(r"^[\w./-]{1,200}\.\w{1,8}$")


@dataclass(frozen=True)
class Options:
    """Per-snippet options from its ``# snippet: ...`` comment line."""

    measures: bool = False
    threads: int = 1
    timeout: float | None = None
    memory_mb: int | None = None


@dataclass(frozen=True)
class Inputs:
    """What a snippet (or a cached function's module) depends on."""

    modules: tuple[Path, ...]
    data: tuple[Path, ...]
    imports: frozenset[str] = field(default_factory=frozenset)


def parse_options(source: str, path: Path) -> Options:
    """Read the ``# snippet: measures, threads=2, timeout=60`` line."""
    values: dict[str, object] = {}
    for lineno, line in enumerate(source.splitlines(), start=1):
        match = _OPTION_LINE.match(line.strip())
        if not match:
            continue
        for item in filter(None, (i.strip() for i in match[1].split(","))):
            name, _, raw = item.partition("=")
            name, raw = name.strip(), raw.strip()
            if name not in _OPTION_NAMES:
                raise SnippetError(
                    f"unknown snippet option {name!r} (known: "
                    f"{', '.join(sorted(_OPTION_NAMES))})",
                    path,
                    lineno,
                )
            try:
                values[name] = _convert(name, raw)
            except ValueError as exc:
                raise SnippetError(
                    f"bad value {raw!r} for snippet option {name!r}"
                    f"{': ' + str(exc) if str(exc) != raw else ''}",
                    path,
                    lineno,
                ) from None
    return Options(**values)  # type: ignore[arg-type]


OPTION_LIMITS = {"timeout": 3600.0, "threads": 64, "memory_mb": 262144}
"""The largest value of each numeric option."""


def _convert(name: str, raw: str) -> object:
    if name == "measures":
        if raw not in ("", "true", "yes"):
            raise ValueError(raw)
        return True
    number = float(raw) if name == "timeout" else int(raw)
    limit = OPTION_LIMITS[name]
    if not math.isfinite(number) or not 0 < number <= limit:
        raise ValueError(f"use a number above 0 and at most {limit:g}")
    return number


def code_digest(entry: str, package_dir: Path = ENGINE_DIR) -> str:
    """SHA-256 over the source of module ``entry`` of the package in
    ``package_dir`` and of every module of that package it imports,
    transitively (read statically, so a lazy import counts too)."""
    package = package_dir.name
    digests: dict[str, str] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        path = package_dir / f"{name}.py"
        if name in digests or not path.is_file():
            continue
        source = path.read_bytes()
        digests[name] = hashlib.sha256(source).hexdigest()
        tree = ast.parse(source, filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                todo += [
                    a.name.split(".")[1]
                    for a in node.names
                    if a.name.startswith(f"{package}.")
                ]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level == 0 and base.split(".")[0] != package:
                    continue
                inner = base.split(".")[1:] if node.level == 0 else [base]
                if inner and inner[0]:
                    todo.append(inner[0])
                else:  # from package import a, b
                    todo += [a.name for a in node.names]
    blob = json.dumps(sorted(digests.items())).encode()
    return hashlib.sha256(blob).hexdigest()


def module_file(name: str, roots: tuple[Path, ...]) -> Path | None:
    """The file of module ``name`` under one of ``roots``, if any."""
    return _module_file(name, roots)


@functools.lru_cache(maxsize=4096)
def _module_file(name: str, roots: tuple[Path, ...]) -> Path | None:
    parts = name.split(".")
    for root in roots:
        base = root.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


_ANALYSES: dict[str, tuple[list[str], list[str]]] = {}
"""File digest -> (imported names, file-name-like strings); see memo."""


def _analyse(
    path: Path, source: bytes, package: str
) -> tuple[list[str], list[str]]:
    """Imported module names and file-name-like string constants."""
    digest = hashlib.sha256(source + package.encode()).hexdigest()
    found = _ANALYSES.get(digest)
    if found is not None:
        return found
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise SnippetError(
            f"syntax error: {exc.msg}", path, exc.lineno or 1
        ) from None
    names: set[str] = set()
    strings: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = package.split(".") if package else []
                pkg = pkg[: max(0, len(pkg) - node.level + 1)]
                base = ".".join([*pkg, base] if base else pkg)
            if base:
                names.add(base)
            names.update(
                f"{base}.{alias.name}" if base else alias.name
                for alias in node.names
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.strip()
            if _FILE_LIKE.match(text):
                strings.add(text)
    _ANALYSES[digest] = found = (sorted(names), sorted(strings))
    return found


def new_build() -> None:
    """Forget what the file system looked like (files may have changed)."""
    _module_file.cache_clear()
    _data_files.cache_clear()


def load_analyses(path: Path) -> None:
    """Load the memo of file analyses (a warm build parses nothing)."""
    try:
        data = json.loads(path.read_text())
        _ANALYSES.update({k: (v[0], v[1]) for k, v in data.items()})
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        pass


def save_analyses(path: Path) -> None:
    """Save the memo atomically (best effort: it is only a memo)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(_ANALYSES))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


@functools.lru_cache(maxsize=64)
def _data_files(data_dir: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    files = {
        p.relative_to(data_dir).as_posix(): p
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }
    by_name: dict[str, Path] = {}
    for p in files.values():
        by_name.setdefault(p.name, p)
    return files, by_name


def scan_inputs(path: Path, snippets_dir: Path) -> Inputs:
    """Find the local modules and data files ``path`` depends on."""
    data_files, by_name = _data_files(snippets_dir / "data")
    roots = (path.parent, snippets_dir)
    todo, modules, data = [path], {path}, set()
    third_party: set[str] = set()
    while todo:
        current = todo.pop()
        package = ""
        if snippets_dir in current.parents:
            package = ".".join(current.parent.relative_to(snippets_dir).parts)
        names, strings = _analyse(current, _code_of(current), package)
        for name in names:
            found = _module_file(name, roots)
            if found is None:
                top = name.split(".")[0]
                local = _module_file(top, roots) is not None or any(
                    (root / top).is_dir() for root in roots
                )  # a folder of snippets is a namespace package
                if not local and top not in sys.stdlib_module_names:
                    third_party.add(top)
                continue
            for parent in _parents(found, snippets_dir):
                if parent not in modules:
                    modules.add(parent)
                    todo.append(parent)
        for text in strings:
            hit = data_files.get(text) or by_name.get(text)
            if hit is not None:
                data.add(hit)
    return Inputs(
        modules=tuple(sorted(modules)),
        data=tuple(sorted(data)),
        imports=frozenset(third_party),
    )


def _code_of(path: Path) -> bytes:
    if path.suffix == ".ipynb":
        from snippet_engine.notebooks import code_of

        return code_of(path)
    return path.read_bytes()


def _parents(found: Path, snippets_dir: Path) -> list[Path]:
    """The module file plus its packages' ``__init__`` files."""
    paths = [found]
    parent = found.parent
    while parent != snippets_dir and snippets_dir in parent.parents:
        init = parent / "__init__.py"
        if init.is_file():
            paths.append(init)
        parent = parent.parent
    return paths


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def machine_id() -> dict[str, object]:
    """The CPU model and core count that measuring snippets depend on."""
    from snippet_engine.machine import cpu_count, cpu_model

    return {"cpu": cpu_model(), "cores": cpu_count()}


@dataclass(frozen=True)
class KeyContext:
    """The parts of a key shared by every snippet of one build."""

    snippets_dir: Path
    device: str
    dists: DistTable
    engine: str = field(default_factory=lambda: code_digest(RUN_ENTRY))
    """Digest of the engine code that runs a job (:func:`code_digest`)."""

    def key(
        self, path: Path, options: Options, extra: str = ""
    ) -> tuple[str, Inputs]:
        """Return the cache key of ``path`` and the inputs it covers."""
        inputs = scan_inputs(path, self.snippets_dir)
        root = self.snippets_dir
        payload: dict[str, object] = {
            "format": ENGINE_FORMAT,
            "engine": self.engine,
            "python": sys.version.split()[0],
            "platform": platform.machine(),
            "snippet": Path(os.path.relpath(path, root.parent)).as_posix(),
            "files": {
                Path(os.path.relpath(p, root)).as_posix(): _digest(p)
                for p in (*inputs.modules, *inputs.data)
            },
            "dists": self.dists.closure(set(inputs.imports)),
            "device": self.device,
            "options": options.__dict__,
            "extra": extra,
        }
        if options.measures:
            payload["machine"] = machine_id()
        blob = json.dumps(payload, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:32], inputs
