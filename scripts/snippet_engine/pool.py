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
import signal
import threading
from dataclasses import dataclass
from multiprocessing import forkserver
from pathlib import Path

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
        process.join(timeout)
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
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            why = f"its worker died with signal {name}"
        else:
            why = f"its worker exited with status {code} before reporting"
        if job.memory_mb:
            why += f" (memory cap {job.memory_mb} MiB above the worker)"
        tail = _tail(Path(job.out_dir) / "stderr.txt")
        return Outcome(None, why + (f"\n{tail}" if tail else ""))


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])
