"""The engine: keys, cache lookups, scheduling, results. No MkDocs here.

``start`` computes every key at once and queues the misses on the pool,
so snippets run while the caller does other work; ``result`` waits for
one snippet. Ordinary snippets share the pool; snippets that measure the
machine run alone, one after another, once the pool has drained.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from snippet_engine.cache import Cache, Entry
from snippet_engine.dists import load_dist_table
from snippet_engine.errors import SnippetError
from snippet_engine.job import Job
from snippet_engine.keys import (
    KeyContext,
    Options,
    load_analyses,
    new_build,
    parse_options,
    save_analyses,
)
from snippet_engine.machine import cpu_count, describe

if TYPE_CHECKING:
    from snippet_engine.pool import Pool

log = logging.getLogger("snippet_engine")

Status = Literal["cached", "ran", "failed"]


@dataclass(frozen=True)
class Settings:
    """How the engine runs; every field has a sensible default."""

    root: Path
    snippets_dir: Path
    cache_dir: Path
    device: str = "cpu"
    workers: int = 0
    timeout: float = 300.0
    memory_mb: int | None = 6144
    preload: tuple[str, ...] = ()
    max_age_days: float = 30.0

    @property
    def worker_count(self) -> int:
        """Workers in the pool (``workers``, or one per core)."""
        return self.workers if self.workers > 0 else cpu_count()


@dataclass
class SnippetResult:
    """What a snippet produced, or why it produced nothing."""

    snippet: str
    status: Status
    key: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, dict[str, Path]] = field(default_factory=dict)
    error: str | None = None
    error_file: str | None = None
    error_line: int | None = None
    notebook: Path | None = None
    bundle: Path | None = None
    info: dict[str, Any] = field(default_factory=dict)


def _from_entry(snippet: str, entry: Entry, status: Status) -> SnippetResult:
    result = entry.result
    figures = {
        name: {
            variant: entry.path(f"{name}.{variant}.svg")
            for variant in ("light", "dark")
        }
        for name in result["figures"]
    }
    name = result.get("notebook")
    bundle = result.get("bundle")
    return SnippetResult(
        snippet=snippet,
        status=status,
        key=entry.key,
        notebook=entry.path(name) if name else None,
        bundle=entry.path(bundle) if bundle else None,
        values=dict(result["values"]),
        figures=figures,
        info={k: v for k, v in result.items() if k not in ("values",)},
    )


class Engine:
    """Runs snippets on a warm pool, through a shared cache."""

    def __init__(
        self,
        settings: Settings,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress or log.info
        self.cache = Cache(settings.cache_dir)
        self._pool: Pool | None = None
        self._durations_path = settings.cache_dir / "durations.json"
        self._futures: dict[str, Future[SnippetResult]] = {}
        self._lock = threading.Lock()
        self._started = 0.0
        self._done = 0
        self._total = 0
        self.dist_versions: dict[str, str] = {}

    @property
    def pool(self) -> Pool:
        """The warm pool, created (and its modules imported) on first use."""
        if self._pool is None:
            from snippet_engine.pool import Pool

            self._pool = Pool(self.settings.preload)
        return self._pool

    def start(
        self, snippets: Iterable[str], notebooks: Iterable[str] = ()
    ) -> None:
        """Look every snippet (path under ``snippets_dir``) and notebook
        (path under ``root``) up in the cache; queue the misses to run."""
        settings = self.settings
        self._started = time.perf_counter()
        self._futures = {}
        self._done = 0
        self.cache.prune(settings.max_age_days * 86400)
        new_build()
        memo = settings.cache_dir / "analyses.json"
        load_analyses(memo)
        context = KeyContext(
            snippets_dir=settings.snippets_dir.resolve(),
            device=settings.device,
            dists=load_dist_table(settings.cache_dir),
        )
        pending: list[tuple[str, Job, Options, str]] = []
        items = [(s, "script") for s in sorted(set(snippets))]
        items += [(n, "notebook") for n in sorted(set(notebooks))]
        for snippet, kind in items:
            future: Future[SnippetResult] = Future()
            self._futures[snippet] = future
            try:
                job, options, key = self._plan(snippet, kind, context)
            except SnippetError as exc:
                future.set_result(
                    SnippetResult(
                        snippet,
                        "failed",
                        error=exc.message,
                        error_file=str(exc.path),
                        error_line=exc.line,
                    )
                )
                continue
            entry = self.cache.lookup(key)
            if entry is not None:
                future.set_result(_from_entry(snippet, entry, "cached"))
                continue
            pending.append((snippet, job, options, key))
        save_analyses(memo)
        self._total = len(pending)
        self.dist_versions = context.dists.versions
        if pending:
            self.pool.start()
            threading.Thread(
                target=self._schedule, args=(pending,), daemon=True
            ).start()

    def _plan(
        self, snippet: str, kind: str, context: KeyContext
    ) -> tuple[Job, Options, str]:
        base = self.settings.snippets_dir
        if kind == "notebook":
            base = self.settings.root
        path = (base / snippet).resolve()
        if not path.is_relative_to(base.resolve()):
            raise SnippetError(f"{snippet} is outside {base}", base)
        if not path.is_file():
            word = "snippet" if kind == "script" else kind
            raise SnippetError(f"no such {word}", base / snippet)
        options = Options()
        if kind == "script":
            options = parse_options(path.read_text(encoding="utf-8"), path)
        key, inputs = context.key(path, options)
        job = Job(
            snippet=snippet,
            build_pid=os.getpid(),
            kind=kind,
            path=str(path),
            root=str(self.settings.root.resolve()),
            out_dir="",
            cache_dir=str(self.settings.cache_dir.resolve()),
            device=self.settings.device,
            threads=options.threads,
            memory_mb=options.memory_mb or self.settings.memory_mb,
            data=tuple(str(p) for p in inputs.data),
            context=context,
            modules=tuple(str(p) for p in inputs.modules),
            requirements=context.dists.pins(set(inputs.imports)),
        )
        return job, options, key

    def _schedule(self, pending: list[tuple[str, Job, Options, str]]) -> None:
        """Longest first (by the last run's time, else the declared
        timeout), so a long snippet does not start last and run alone."""
        durations = self._durations()

        def expected(item: tuple[str, Job, Options, str]) -> float:
            return durations.get(item[0], item[2].timeout or 0.0)

        pending = sorted(pending, key=expected, reverse=True)
        ordinary = [p for p in pending if not p[2].measures]
        measuring = [p for p in pending if p[2].measures]
        workers = min(self.settings.worker_count, max(1, len(ordinary)))
        with ThreadPoolExecutor(workers, "snippet") as executor:
            for item in ordinary:
                executor.submit(self._run, *item)
        for item in measuring:
            self._run(*item)

    def _run(self, snippet: str, job: Job, options: Options, key: str) -> None:
        future = self._futures[snippet]
        try:
            result = self._execute(snippet, job, options, key)
        except Exception as exc:  # noqa: BLE001 - an engine bug, reported
            log.exception("snippet engine failed on %s", snippet)
            result = SnippetResult(snippet, "failed", key, error=repr(exc))
        with self._lock:
            self._done += 1
            done = self._done
        word = {"ran": "ran", "failed": "FAILED", "cached": "cached"}
        seconds = result.info.get("seconds", 0.0)
        self.progress(
            f"snippets [{done}/{self._total}] {word[result.status]} "
            f"{snippet} ({seconds:.1f} s)"
        )
        future.set_result(result)

    def _execute(
        self, snippet: str, job: Job, options: Options, key: str
    ) -> SnippetResult:
        staging = self.cache.staging()
        job = dataclasses.replace(job, out_dir=str(staging))
        timeout = options.timeout or self.settings.timeout
        outcome = self.pool.run(job, timeout)
        result = outcome.result
        if result is None or result.get("error"):
            shutil.rmtree(staging, ignore_errors=True)
            if result is None:
                return SnippetResult(
                    snippet, "failed", key, error=outcome.failure
                )
            error = result["error"]
            return SnippetResult(
                snippet,
                "failed",
                key,
                error=error["traceback"],
                error_file=error["file"],
                error_line=error["line"],
            )
        for name in ("result.json", "stdout.txt", "stderr.txt"):
            (staging / name).unlink(missing_ok=True)
        result.pop("error", None)
        result.update(
            snippet=snippet,
            measures=options.measures,
            device=self.settings.device,
            computed_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            machine=describe(),
        )
        self._record_duration(snippet, float(result["seconds"]))
        entry = self.cache.commit(key, staging, result)
        return _from_entry(snippet, entry, "ran")

    def _durations(self) -> dict[str, float]:
        try:
            data = json.loads(self._durations_path.read_text())
        except (OSError, ValueError):
            return {}
        return {str(k): float(v) for k, v in data.items()}

    def _record_duration(self, snippet: str, seconds: float) -> None:
        """Remember run times, a scheduling hint only (best effort)."""
        with self._lock:
            durations = self._durations()
            durations[snippet] = round(seconds, 2)
            tmp = self._durations_path.with_suffix(f".{os.getpid()}.tmp")
            try:
                tmp.write_text(json.dumps(durations, sort_keys=True))
                os.replace(tmp, self._durations_path)
            except OSError:
                tmp.unlink(missing_ok=True)

    def result(self, snippet: str) -> SnippetResult:
        """Wait for one snippet's result (start must have named it)."""
        return self._futures[snippet].result()

    def results(self) -> list[SnippetResult]:
        """Wait for every snippet of this build."""
        return [f.result() for f in self._futures.values()]

    def summary(self) -> str:
        """One line: how many ran, came from the cache, failed."""
        results = self.results()
        counts = {s: 0 for s in ("ran", "cached", "failed")}
        for result in results:
            counts[result.status] += 1
        seconds = time.perf_counter() - self._started
        return (
            f"snippets: {len(results)} ({counts['ran']} run, "
            f"{counts['cached']} cached, {counts['failed']} failed) "
            f"in {seconds:.1f} s on {self.settings.worker_count} workers"
        )
