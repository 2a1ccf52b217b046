"""A job: everything a worker needs to run one snippet (picklable)."""

from __future__ import annotations

from dataclasses import dataclass

from snippet_engine.keys import KeyContext


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to run one snippet."""

    snippet: str
    build_pid: int
    kind: str
    path: str
    root: str
    out_dir: str
    cache_dir: str
    device: str
    threads: int
    memory_mb: int | None
    data: tuple[str, ...]
    context: KeyContext
    modules: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
