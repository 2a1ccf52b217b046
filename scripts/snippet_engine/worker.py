"""What runs inside a worker process: one job, its limits, its record.

Each job runs in a process forked from a warm server (torch and matplotlib
already imported), so state never leaks between jobs and a crash takes
down only that process. The worker writes raw outputs and a run record
into its staging directory and nothing else: the build process derives,
verifies and commits.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import resource
import runpy
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from snippet_engine import artefacts, sandbox
from snippet_engine.job import Job
from snippet_engine.notebooks import CellError, execute
from snippet_engine.outputs import Artefact, ExecutedNotebook
from snippet_engine.records import RECORD_FILE, RunError, RunRecord
from snippet_engine.runtime import Runtime


def _watch_build(build_pid: int, portable: bool) -> None:
    """Kill this worker's process group as soon as the build ends.

    The worker's parent is the warm server, which may outlive a killed
    build; so the worker watches the build itself: through a pidfd on
    Linux, else by polling (macOS and ``portable``).
    """
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is not None and not portable:
        try:
            pidfd = pidfd_open(build_pid)
        except OSError:
            os.killpg(0, signal.SIGKILL)
            return

        def wait() -> None:
            select.select([pidfd], [], [])

    else:

        def wait() -> None:
            while _alive(build_pid):
                time.sleep(0.2)

    def watch() -> None:
        wait()
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True, name="watch-build").start()


def _wait_for_job(pid: int, build_pid: int, portable: bool) -> None:
    """In the worker, outside the job's namespaces (where no thread can
    start): wait for the job, or kill it if the build dies first; then
    exit as the job did (a signal as 128 + its number)."""
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is not None and not portable:
        build = pidfd_open(build_pid)
        job = pidfd_open(pid)
        while True:
            ready, _, _ = select.select([build, job], [], [])
            if build in ready:
                os.killpg(0, signal.SIGKILL)
            if job in ready:
                break
    else:
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if not _alive(build_pid):
                os.killpg(0, signal.SIGKILL)
            time.sleep(0.1)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # reaped by the WNOHANG loop
        status = 0
    code = os.waitstatus_to_exitcode(status)
    os._exit(128 - code if code < 0 else code)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _peak_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _limit_memory(job: Job, out: Path) -> None:
    """Cap the job's memory ``memory_mb`` above the warm worker's own:
    the address space on Linux; elsewhere a watchdog on peak memory."""
    if not job.memory_mb:
        return
    statm = Path("/proc/self/statm")
    if statm.exists() and not job.portable:
        pages = int(statm.read_text().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + job.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return
    ceiling = _peak_kib() + job.memory_mb * 1024

    def watchdog() -> None:
        while True:
            if _peak_kib() > ceiling:
                _write_record(
                    out,
                    RunRecord(
                        kind=job.kind,
                        error=RunError(
                            f"MemoryError: above the memory cap of "
                            f"{job.memory_mb} MiB"
                        ),
                    ),
                )
                os._exit(1)
            time.sleep(0.05)

    threading.Thread(target=watchdog, daemon=True, name="memory").start()


def _ours(filename: str, snippets_dir: str) -> bool:
    return filename.startswith((snippets_dir, "<cell "))


def _error(exc: BaseException, snippets_dir: str) -> RunError:
    frames = traceback.extract_tb(exc.__traceback__)
    while frames and not _ours(frames[0].filename, snippets_dir):
        frames.pop(0)
    text = "Traceback (most recent call last):\n"
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(exc))
    inside = [f for f in frames if _ours(f.filename, snippets_dir)]
    where = inside[-1] if inside else None
    return RunError(
        message="".join(traceback.format_exception_only(exc)).strip(),
        traceback=text,
        file=where.filename if where else None,
        line=where.lineno if where else None,
    )


def _redirect_output(out: Path) -> None:
    for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        handle = os.open(out / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(handle, fd)
        os.close(handle)


def _write_record(out: Path, record: RunRecord) -> None:
    tmp = out / f"{RECORD_FILE}.tmp"
    tmp.write_text(record.to_json())
    os.replace(tmp, out / RECORD_FILE)


# -- one runner per kind (the kinds' other stages are in kinds.py) ----------


def _run_script(job: Job, runtime: Runtime) -> None:
    runpy.run_path(job.path, run_name="__main__")


def _run_notebook(job: Job, runtime: Runtime) -> None:
    notebook, figures = execute(Path(job.path), runtime.out)
    for figure in figures:
        runtime.add(figure)
    name = Path(job.path).name
    (runtime.out / name).write_text(
        json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False)
    )
    runtime.add(ExecutedNotebook.collect(name))


def _run_artefact(job: Job, runtime: Runtime) -> None:
    import fdl

    assert job.call is not None
    target: Any = importlib.import_module(job.call.module)
    for part in job.call.function.split("."):
        target = getattr(target, part)
    with fdl.fresh_rng():  # the same result whoever asks first
        value = target(*job.call.args)
    artefacts.dump(runtime.out / "artefact.pkl", value)
    runtime.add(Artefact.collect("artefact.pkl"))


RUNNERS: dict[str, Callable[[Job, Runtime], None]] = {
    "script": _run_script,
    "notebook": _run_notebook,
    "artefact": _run_artefact,
}
"""How each kind runs; ``kinds.KINDS`` holds the same names."""


def run_job(job: Job) -> None:
    """Run one job (in a freshly forked worker) and write its record.

    The worker enters the sandbox's namespaces and forks the job as PID 1
    of them; the worker itself only watches the build and passes on how
    the job ended. Without namespaces the job runs in the worker.
    """
    os.setpgrp()
    out = Path(job.out_dir)
    pid, isolation = sandbox.split(out, disabled=job.unsandboxed)
    if pid:
        _wait_for_job(pid, job.build_pid, job.portable)
    if isolation.missing == sandbox.PROTECTIONS:
        _watch_build(job.build_pid, job.portable)
    _run(job, out, isolation)


def _run(job: Job, out: Path, isolation: sandbox.Isolation) -> None:
    base_kib = _peak_kib()
    _limit_memory(job, out)
    _redirect_output(out)
    os.chdir(job.root)
    os.environ["FDL_DEVICE"] = job.device
    scratch = out / ".tmp"
    scratch.mkdir(exist_ok=True)
    os.environ["TMPDIR"] = str(scratch)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(job.threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(job.threads)
    sys.path[:0] = [str(Path(job.path).parent), job.snippets_dir]
    sys.argv = [job.path]

    import fdl

    runtime = Runtime(job, out)
    fdl.use_style()
    fdl.seed()
    runtime.install()
    error = None
    start = time.perf_counter()
    try:
        RUNNERS[job.kind](job, runtime)
        runtime.check_data_reads()
    except CellError as exc:
        error = _error(exc.error, job.snippets_dir)
        error = RunError(
            message=error.message,
            traceback=error.traceback,
            file=job.path,
            line=exc.line,
            cell=exc.cell,
        )
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = _error(exc, job.snippets_dir)
    except BaseException as exc:  # noqa: BLE001 - report everything
        error = _error(exc, job.snippets_dir)
    seconds = time.perf_counter() - start
    record = RunRecord(
        kind=job.kind,
        outputs=tuple(runtime.outputs),
        palette=dict(fdl.LIGHT),
        artefacts=tuple(runtime.artefacts),
        seconds=round(seconds, 3),
        peak_mib=round(max(0, _peak_kib() - base_kib) / 1024, 1),
        threads=job.threads,
        error=error,
        unprotected=isolation.missing,
        unprotected_why=isolation.reason,
    )
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    _write_record(out, record)
    if isolation.missing == sandbox.PROTECTIONS:
        with contextlib.suppress(ProcessLookupError):  # what it started
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.killpg(0, signal.SIGTERM)
    os._exit(0 if error is None else 1)
