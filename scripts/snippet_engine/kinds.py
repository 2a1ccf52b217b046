"""Kinds of runnable item: a script snippet, a notebook, a shared artefact.

Each kind implements one small protocol: ``plan`` (check the item, find
its inputs and options, compute its key, build its job) and ``derive``
(what the build makes from its record besides the outputs' own derived
files). How each kind *runs* is ``worker.RUNNERS[name]``, on the worker's
side of the process boundary.

Scripts may share results through ``fdl.cached(function, *literals)``:
the planner finds those calls in the snippet's source before anything
runs and plans each as an artefact job of its own; any other form of the
call is an error with its file and line.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from snippet_engine.errors import SnippetError
from snippet_engine.job import ArtefactCall, Job, Literal
from snippet_engine.keys import KeyContext, Options, module_file, parse_options
from snippet_engine.notebooks import check_notebook

if TYPE_CHECKING:
    from snippet_engine.derive import Deriver


@dataclass(frozen=True)
class Plan:
    """One item, ready to look up or run."""

    item: str
    kind: str
    key: str
    job: Job
    options: Options = Options()
    needs: tuple[Plan, ...] = ()
    files: tuple[Path, ...] = ()
    """Local modules and data files the item depends on."""
    requirements: tuple[str, ...] = ()
    """Pinned distributions it imports (``name==version``)."""


@dataclass(frozen=True)
class Planner:
    """What planning needs from the build: where things are, the shared
    part of every key, and the limits."""

    root: Path
    snippets_dir: Path
    artefact_dir: Path
    context: KeyContext
    device: str
    memory_mb: int | None
    portable: bool
    sandbox: bool = True
    build_pid: int = field(default_factory=os.getpid)

    def job(self, item: str, kind: str, path: Path, **extra: object) -> Job:
        fields: dict[str, object] = {
            "device": self.device,
            "memory_mb": self.memory_mb,
            "portable": self.portable,
            "unsandboxed": not self.sandbox,
            **extra,
        }
        return Job(
            item=item,
            kind=kind,
            path=str(path),
            build_pid=self.build_pid,
            root=str(self.root.resolve()),
            snippets_dir=str(self.snippets_dir),
            artefact_dir=str(self.artefact_dir),
            **fields,  # type: ignore[arg-type]
        )


class Kind(Protocol):
    """What the build process does with one kind of item."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    shared: ClassVar[bool]
    """Its result goes to the shared artefacts, not to a page."""

    def plan(self, item: str, planner: Planner) -> Plan:
        """Check ``item``, key it and build its job (nothing runs)."""
        ...

    def derive(self, plan: Plan, deriver: Deriver) -> Path | None:
        """Its download, if it has one (its outputs derive by type)."""
        ...


def _inside(base: Path, item: str, word: str) -> Path:
    path = (base / item).resolve()
    if not path.is_relative_to(base.resolve()):
        raise SnippetError(f"{item} is outside {base}", base / item)
    if not path.is_file():
        raise SnippetError(f"no such {word}", base / item)
    return path


class Script:
    """A snippet: ``snippets/<chapter>/<topic>.py``."""

    name: ClassVar[str] = "script"
    suffix: ClassVar[str] = ".py"
    shared: ClassVar[bool] = False

    def derive(self, plan: Plan, deriver: Deriver) -> Path | None:
        return deriver.bundle(
            plan.item, plan.key, plan.files, plan.requirements
        )

    def plan(self, item: str, planner: Planner) -> Plan:
        path = _inside(planner.snippets_dir, item, "snippet")
        source = path.read_text(encoding="utf-8")
        options = parse_options(source, path)
        key, inputs = planner.context.key(path, options)
        needs = tuple(
            ARTEFACT.plan_call(call, path, planner)
            for call in find_cached_calls(source, path)
        )
        job = planner.job(
            item,
            self.name,
            path,
            threads=options.threads,
            memory_mb=options.memory_mb or planner.memory_mb,
            data=tuple(str(p) for p in inputs.data),
            artefacts=tuple((n.item, n.key) for n in needs),
        )
        return Plan(
            item=item,
            kind=self.name,
            key=key,
            job=job,
            options=options,
            needs=needs,
            files=(*inputs.modules, *inputs.data),
            requirements=planner.context.dists.pins(set(inputs.imports)),
        )


class Notebook:
    """A hands-on notebook under ``docs/``, committed without outputs."""

    name: ClassVar[str] = "notebook"
    suffix: ClassVar[str] = ".ipynb"
    shared: ClassVar[bool] = False

    def derive(self, plan: Plan, deriver: Deriver) -> Path | None:
        return None  # the page offers the source notebook itself

    def plan(self, item: str, planner: Planner) -> Plan:
        path = _inside(planner.root, item, "notebook")
        check_notebook(path)
        key, inputs = planner.context.key(path, Options())
        job = planner.job(
            item, self.name, path, data=tuple(str(p) for p in inputs.data)
        )
        return Plan(item, self.name, key, job, files=inputs.modules)


class SharedArtefact:
    """A result computed once for every snippet that asks for it."""

    name: ClassVar[str] = "artefact"
    suffix: ClassVar[str] = ""
    shared: ClassVar[bool] = True

    def derive(self, plan: Plan, deriver: Deriver) -> Path | None:
        return None

    def plan(self, item: str, planner: Planner) -> Plan:
        raise SnippetError(
            "an artefact is planned from the fdl.cached call that needs it",
            planner.snippets_dir / item,
        )

    def plan_call(
        self, call: ArtefactCall, caller: Path, planner: Planner
    ) -> Plan:
        found = module_file(call.module, (caller.parent, planner.snippets_dir))
        if found is None or not found.is_relative_to(planner.snippets_dir):
            raise SnippetError(
                f"fdl.cached: module {call.module!r} is not a module of "
                "snippets/",
                caller,
            )
        key, inputs = planner.context.key(
            found, Options(), extra=call.signature
        )
        job = planner.job(
            call.signature,
            self.name,
            found,
            data=tuple(str(p) for p in inputs.data),
            call=call,
        )
        return Plan(call.signature, self.name, key, job)


ARTEFACT = SharedArtefact()
KINDS: dict[str, Kind] = {k.name: k for k in (Script(), Notebook(), ARTEFACT)}
"""Every kind, by name (``worker.RUNNERS`` has the same names)."""


def kind_of(item: str) -> Kind:
    """The kind of a page's item, from its suffix."""
    for kind in KINDS.values():
        if kind.suffix and item.endswith(kind.suffix):
            return kind
    raise SnippetError(
        f"{item}: not a snippet (.py) or a notebook (.ipynb)", Path(item)
    )


# -- the planner's view of fdl.cached ------------------------------------


def find_cached_calls(source: str, path: Path) -> list[ArtefactCall]:
    """Every ``fdl.cached(function, *literals)`` call in a snippet."""
    tree = ast.parse(source, filename=str(path))
    imports = _imported_names(tree)
    calls: list[ArtefactCall] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not _is_cached(node, imports):
            continue

        def fail(why: str, at: ast.AST = node) -> SnippetError:
            return SnippetError(
                f"fdl.cached: {why}; write fdl.cached(function, literal "
                "arguments) with a module-level function imported from a "
                "module in snippets/",
                path,
                getattr(at, "lineno", 1),
            )

        if node.keywords or not node.args:
            raise fail("needs the function and positional arguments only")
        first, *rest = node.args
        target = _dotted(first)
        if target is None:
            raise fail("the function must be named, not computed", first)
        head, *tail = target.split(".")
        if head not in imports:
            raise fail(f"{target} is not imported from a module", first)
        module, attr = imports[head]
        parts = ([attr] if attr else []) + tail
        if not parts:
            raise fail(f"{target} is a module, not a function", first)
        if attr is None and len(parts) > 1:  # import a.b; a.b.fn
            module = ".".join([module, *parts[:-1]])
            parts = parts[-1:]
        args: list[Literal] = []
        for arg in rest:
            try:
                value = ast.literal_eval(arg)
            except ValueError:
                raise fail("its arguments must be literals", arg) from None
            if not isinstance(value, (bool, int, float, str, type(None))):
                raise fail("its arguments must be simple literals", arg)
            args.append(value)
        calls.append(ArtefactCall(module, ".".join(parts), tuple(args)))
    return calls


def _imported_names(tree: ast.Module) -> dict[str, tuple[str, str | None]]:
    """Local name -> (module, attribute or None) for top-level imports."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = (alias.name, None)
                else:
                    top = alias.name.split(".")[0]
                    names[top] = (top, None)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def _is_cached(
    node: ast.Call, imports: dict[str, tuple[str, str | None]]
) -> bool:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "cached":
        return isinstance(func.value, ast.Name) and imports.get(
            func.value.id
        ) == ("fdl", None)
    if isinstance(func, ast.Name):
        return imports.get(func.id) == ("fdl", "cached")
    return False


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None
