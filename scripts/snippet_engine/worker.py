"""What runs inside a worker process: one snippet, its outputs, its limits.

Each snippet runs in a process forked from a warm server (torch and
matplotlib already imported), so state never leaks between snippets and a
crash takes down only that process. The worker writes its outputs and a
``result.json`` into a staging directory; only the parent commits them.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import runpy
import select
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from snippet_engine.bundles import make_bundle
from snippet_engine.cache import ArtefactStore
from snippet_engine.figures import palette_map, recolour, to_svg
from snippet_engine.job import Job
from snippet_engine.keys import Options
from snippet_engine.notebooks import CellError, execute

T = TypeVar("T")
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_NETWORK_EVENTS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
}
MAX_STRING = 1000


class OfflineError(RuntimeError):
    """A snippet tried to reach the network during the offline build."""


class SnippetRuntimeError(RuntimeError):
    """A snippet misused the helper (bad name, bad value, ...)."""


def _die_with_build(build_pid: int) -> None:
    """Kill this worker's process group as soon as the build process ends.

    The worker's parent is the warm server, which outlives a killed build
    while any worker lives; so the worker watches the build itself.
    """
    try:
        pidfd = os.pidfd_open(build_pid)
    except (OSError, AttributeError):
        os.killpg(0, signal.SIGKILL)
        return

    def watch() -> None:
        select.select([pidfd], [], [])
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="die-with-build").start()


def _rss_kib() -> int:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


class _Runtime:
    """The engine's side of ``fdl``: collects figures, values, artefacts."""

    def __init__(self, job: Job, out: Path) -> None:
        import fdl

        self.job = job
        self.out = out
        self.figures: list[str] = []
        self.values: dict[str, object] = {}
        self.artefacts: list[dict[str, object]] = []
        self.data_read: set[str] = set()
        self.data_dir = str(Path(job.context.snippets_dir) / "data") + os.sep
        self.mapping = palette_map(fdl.LIGHT, fdl.DARK)

    def show(self, fig: Any, name: str) -> None:
        import matplotlib.pyplot as plt

        self._check_name(name, self.figures, "figure")
        light = to_svg(fig)
        (self.out / f"{name}.light.svg").write_text(light)
        dark = recolour(light, self.mapping)
        (self.out / f"{name}.dark.svg").write_text(dark)
        self.figures.append(name)
        plt.close(fig)

    def value(self, name: str, value: object) -> None:
        self._check_name(name, self.values, "value")
        if hasattr(value, "item") and callable(value.item):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            raise SnippetRuntimeError(f"value {name!r} is {value}")
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise SnippetRuntimeError(
                f"value {name!r} is a string of {len(value)} characters; "
                f"values are numbers or short strings (<= {MAX_STRING})"
            )
        if not isinstance(value, (bool, int, float, str)):
            raise SnippetRuntimeError(
                f"value {name!r} is a {type(value).__name__}; values are "
                "numbers or short strings"
            )
        self.values[name] = value

    def cached(self, fn: Callable[..., T], *args: Any) -> T:
        module = sys.modules.get(fn.__module__)
        source = Path(getattr(module, "__file__", "") or "").resolve()
        root = Path(self.job.context.snippets_dir)
        if fn.__module__ == "__main__" or root not in source.parents:
            raise SnippetRuntimeError(
                f"fdl.cached({fn.__qualname__}) needs a module-level "
                "function of a module in snippets/ (not the snippet itself)"
            )
        extra = f"{fn.__module__}:{fn.__qualname__}{args!r}"
        key, _ = self.job.context.key(source, Options(), extra=extra)
        store = ArtefactStore(Path(self.job.cache_dir) / "artefacts")
        start = time.perf_counter()
        import fdl

        # From a fresh seed, whoever computes it; the caller's RNG state
        # afterwards is the same whether it was computed or loaded.
        with fdl.fresh_rng():
            result, computed = store.get_or_compute(key, lambda: fn(*args))
        self.artefacts.append(
            {
                "name": f"{fn.__module__}.{fn.__qualname__}",
                "computed": computed,
                "seconds": round(time.perf_counter() - start, 3),
            }
        )
        return result

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path = args[0]
            if isinstance(path, str):
                full = os.path.abspath(path)
                if full.startswith(self.data_dir):
                    self.data_read.add(full)
        elif event == "socket.connect":
            sock, address = args[0], args[1]
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                raise OfflineError(
                    f"snippet tried to connect to {address!r}: the build is "
                    "offline; ship data in snippets/data/ or a pip package"
                )
        elif event in _NETWORK_EVENTS:
            raise OfflineError(
                f"snippet tried to look up {args[0]!r}: the build is "
                "offline; ship data in snippets/data/ or a pip package"
            )

    def check_data_reads(self) -> None:
        declared = set(self.job.data)
        unseen = sorted(self.data_read - declared)
        if unseen:
            names = ", ".join(Path(p).name for p in unseen)
            raise SnippetRuntimeError(
                f"read data file(s) {names} that the cache key cannot see: "
                "name each file as a string literal, e.g. "
                'fdl.data_path("file.csv")'
            )

    @staticmethod
    def _check_name(name: str, used: object, kind: str) -> None:
        if not isinstance(name, str) or not _NAME.match(name):
            raise SnippetRuntimeError(
                f"{kind} name {name!r}: use letters, digits, '_' and '-'"
            )
        if name in used:  # type: ignore[operator]
            raise SnippetRuntimeError(f"{kind} {name!r} is published twice")


def _ours(filename: str, snippets_dir: str) -> bool:
    return filename.startswith((snippets_dir, "<cell "))


def _format_error(exc: BaseException, snippets_dir: str) -> dict[str, Any]:
    frames = traceback.extract_tb(exc.__traceback__)
    while frames and not _ours(frames[0].filename, snippets_dir):
        frames.pop(0)
    text = "Traceback (most recent call last):\n"
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(exc))
    inside = [f for f in frames if _ours(f.filename, snippets_dir)]
    where = inside[-1] if inside else None
    return {
        "message": "".join(traceback.format_exception_only(exc)).strip(),
        "traceback": text,
        "file": where.filename if where else None,
        "line": where.lineno if where else None,
    }


def _redirect_output(out: Path) -> None:
    for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        handle = os.open(out / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(handle, fd)
        os.close(handle)


def _run_notebook(job: Job, out: Path, runtime: _Runtime) -> None:
    notebook, figures = execute(Path(job.path), runtime.mapping, out)
    runtime.figures.extend(figures)
    (out / Path(job.path).name).write_text(
        json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False)
    )


def run_job(job: Job) -> None:
    """Run one snippet (in a freshly forked worker) and record its result."""
    os.setpgrp()
    _die_with_build(job.build_pid)
    out = Path(job.out_dir)
    base_kib = _rss_kib()
    if job.memory_mb:
        limit = _address_space() + job.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _redirect_output(out)
    os.chdir(job.root)
    os.environ["FDL_DEVICE"] = job.device
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(job.threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(job.threads)
    snippets_dir = str(job.context.snippets_dir)
    sys.path[:0] = [str(Path(job.path).parent), snippets_dir]
    sys.argv = [job.path]

    import fdl

    runtime = _Runtime(job, out)
    fdl._runtime = runtime
    fdl.use_style()
    fdl.seed()
    sys.addaudithook(runtime.audit)
    error = None
    start = time.perf_counter()
    try:
        if job.kind == "notebook":
            _run_notebook(job, out, runtime)
        else:
            runpy.run_path(job.path, run_name="__main__")
        runtime.check_data_reads()
    except CellError as exc:
        error = _format_error(exc.error, snippets_dir)
        error.update(file=f"{job.path} (cell {exc.cell})", line=exc.line)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = _format_error(exc, snippets_dir)
    except BaseException as exc:  # noqa: BLE001 - report everything
        error = _format_error(exc, snippets_dir)
    seconds = time.perf_counter() - start
    bundle = None
    if error is None and job.kind == "script":
        bundle = f"{Path(job.path).stem}.zip"
        (out / bundle).write_bytes(
            make_bundle(
                job.snippet,
                Path(snippets_dir),
                [Path(p) for p in (*job.modules, *job.data)],
                list(job.requirements),
            )
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "values": runtime.values,
        "figures": runtime.figures,
        "artefacts": runtime.artefacts,
        "seconds": round(seconds, 3),
        "peak_mib": round(max(0, peak_kib - base_kib) / 1024, 1),
        "threads": job.threads,
        "error": error,
        "notebook": Path(job.path).name if job.kind == "notebook" else None,
        "bundle": bundle,
    }
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    tmp = out / "result.json.tmp"
    tmp.write_text(json.dumps(result, sort_keys=True))
    os.replace(tmp, out / "result.json")
    os._exit(0 if error is None else 1)
