"""A pool of warm workers: processes forked from a preloaded server.

The server imports torch and matplotlib and runs their first operations
once; each snippet then runs in a fresh fork of it, so a snippet costs its
own compute plus milliseconds. A worker past its timeout is killed with
its process group; one that dies is reported, and the next job simply
forks another.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import threading
from dataclasses import dataclass
from multiprocessing import forkserver
from pathlib import Path
from typing import ClassVar

from snippet_engine.job import Job
from snippet_engine.records import RecordError, RunRecord, load_record
from snippet_engine.worker import run_job

_PRELOAD = ["snippet_engine._warm", "snippet_engine.worker"]


@dataclass(frozen=True)
class Outcome:
    """How a worker ended: its result, or why there is none."""

    record: RunRecord | None
    failure: str | None


class Pool:
    """Starts the warm server once per process; runs jobs in forks of it."""

    _lock = threading.Lock()
    _started_with: tuple[str, ...] | None = None
    _running: ClassVar[set[int]] = set()

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        self.preload = tuple(_PRELOAD) + tuple(preload)

    def start(self) -> None:
        """Start the server in the background (it preloads as it starts)."""
        with Pool._lock:
            context = multiprocessing.get_context("forkserver")
            if Pool._started_with != self.preload:
                context.set_forkserver_preload(list(self.preload))
                Pool._started_with = self.preload
            forkserver.ensure_running()

    @staticmethod
    def kill_running() -> None:
        """Kill every running worker and what it started (Ctrl-C)."""
        for pid in list(Pool._running):
            _kill(pid)

    @staticmethod
    def stop() -> None:
        """Stop the warm server (its workers watch the build and die
        with it; the server itself would only go at interpreter exit)."""
        with Pool._lock:
            with contextlib.suppress(Exception):
                forkserver._forkserver._stop()  # type: ignore[attr-defined]
            Pool._started_with = None

    def run(self, job: Job, timeout: float) -> Outcome:
        """Run ``job`` in a fresh worker; wait at most ``timeout`` s."""
        self.start()
        context = multiprocessing.get_context("forkserver")
        process = context.Process(
            target=run_job, args=(job,), name=f"snippet:{job.item}"
        )
        process.start()
        assert process.pid is not None
        with Pool._lock:
            Pool._running.add(process.pid)
        try:
            process.join(timeout)
        finally:
            with Pool._lock:
                Pool._running.discard(process.pid)
        if process.is_alive():
            _kill(process.pid)
            process.join()
            return Outcome(
                None, f"timed out after {timeout:g} s and was killed"
            )
        try:
            return Outcome(load_record(Path(job.out_dir)), None)
        except RecordError:
            pass
        code = process.exitcode
        if code is not None and code > 128:  # the job's signal, passed on
            code = 128 - code
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            why = f"it died with signal {name}"
        else:
            why = f"it exited with status {code} before reporting"
        tail = _tail(Path(job.out_dir) / "stderr.txt")
        if job.memory_mb and _MEMORY.search(tail):
            why += f", out of memory (its cap is {job.memory_mb} MiB)"
        return Outcome(None, why + (f"\n{tail}" if tail else ""))


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


_MEMORY = re.compile(
    r"MemoryError|bad_alloc|Cannot allocate memory|out of memory", re.I
)
TAIL_CHARS = 300
"""Longest line of a dead worker's stderr that an error message quotes."""


def _tail(path: Path, lines: int = 15) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - 64 * 1024))
            text = handle.read().decode(errors="replace")
    except OSError:
        return ""
    kept = text.strip().splitlines()[-lines:]
    return "\n".join(
        line if len(line) <= TAIL_CHARS else line[:TAIL_CHARS] + " [...]"
        for line in kept
    )
