"""The engine: plan, look up, run, commit, derive. No MkDocs here.

::

    page items --plan--> Plan (key, job, artefacts it needs)
        |                      |
        |  cache hit           |  miss: artefacts first, then the item,
        v                      v  each in a fresh fork of the warm server
      Entry  <--commit--  RunRecord + raw files (staging)
        |
        +--derive--> dark figures, download bundle (cached by their keys)
        v
    SnippetResult  --> the MkDocs adapter places it on pages

``start`` plans every item at once and queues the misses, so snippets run
while MkDocs does other work; ``result`` waits for one item. Ordinary
items share the pool; items that measure the machine run alone, one after
another, once the pool has drained.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from snippet_engine.cache import Cache, Entry
from snippet_engine.derive import Deriver
from snippet_engine.dists import load_dist_table
from snippet_engine.errors import SnippetError
from snippet_engine.keys import (
    DERIVE_ENTRY,
    KeyContext,
    code_digest,
    load_analyses,
    new_build,
    save_analyses,
)
from snippet_engine.kinds import KINDS, Plan, Planner, kind_of
from snippet_engine.machine import describe
from snippet_engine.outputs import (
    FIGURE_LIMIT,
    OUTPUT_TYPES,
    Check,
    Derived,
    ExecutedNotebook,
    Figure,
    Frames,
    OutputError,
    Value,
)
from snippet_engine.records import RECORD_FILE, RunError, RunMeta, RunRecord
from snippet_engine.settings import Settings

if TYPE_CHECKING:
    from snippet_engine.pool import Pool

log = logging.getLogger("snippet_engine")

Status = Literal["cached", "ran", "failed"]


@dataclass(frozen=True)
class FrameSet:
    """A movable figure: each frame in both palettes, and its slider."""

    label: str
    values: tuple[str, ...]
    default: int
    light: tuple[Path, ...]
    dark: tuple[Path, ...]


@dataclass
class SnippetResult:
    """What an item produced, derived for pages, or why it failed."""

    snippet: str
    status: Status
    key: str = ""
    values: dict[str, object] = field(default_factory=dict)
    figures: dict[str, dict[str, Path]] = field(default_factory=dict)
    frames: dict[str, FrameSet] = field(default_factory=dict)
    """Figures the reader moves: their frames and slider."""
    checks: dict[str, tuple[bool, str]] = field(default_factory=dict)
    """Each named check: whether it passed, and the values behind it."""
    error: str | None = None
    error_file: str | None = None
    error_line: int | None = None
    notebook: Path | None = None
    bundle: Path | None = None
    record: RunRecord | None = None
    meta: RunMeta | None = None


class Engine:
    """Runs items on a warm pool, through a shared cache."""

    def __init__(
        self,
        settings: Settings,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress or log.info
        self._temporary: Path | None = None
        self._aborted = False
        self.cache = self._open_cache(settings.cache_dir)
        self.deriver = Deriver(
            self.cache,
            settings.snippets_dir.resolve(),
            settings.dark,
            code_digest(DERIVE_ENTRY),
        )
        self._pool: Pool | None = None
        self._durations_path = self.cache.directory / "durations.json"
        self._futures: dict[str, Future[SnippetResult]] = {}
        self._lock = threading.Lock()
        self._started = 0.0
        self._done = 0
        self._total = 0
        self.dist_versions: dict[str, str] = {}
        self.artefact_results: list[SnippetResult] = []
        """Shared artefacts this build computed (their own jobs)."""
        self._warned = False

    def _open_cache(self, directory: Path) -> Cache:
        """The cache, or a temporary one (with a warning) when it cannot
        be written: a read-only folder, a full disk."""
        try:
            cache = Cache(directory)
            cache.check_writable()
            return cache
        except OSError as exc:
            self._temporary = Path(tempfile.mkdtemp(prefix="snippet-cache-"))
            log.warning(
                "the snippet cache %s cannot be written (%s): this build "
                "runs in a temporary cache and keeps nothing",
                directory,
                exc.strerror or exc,
            )
            return Cache(self._temporary)

    @property
    def pool(self) -> Pool:
        """The warm pool (its server starts on :meth:`warm_up`)."""
        if self._pool is None:
            from snippet_engine.pool import Pool

            self._pool = Pool(self.settings.preload)
        return self._pool

    def warm_up(self) -> None:
        """Start the warm server now (it imports torch in the background)."""
        self.pool.start()

    def close(self) -> None:
        """Stop the warm server and its workers (end of build or serve)."""
        if self._pool is not None:
            self._pool.stop()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def abort(self) -> None:
        """Kill the running jobs now (Ctrl-C): nothing they made is
        committed, and nothing else starts."""
        self._aborted = True
        if self._pool is not None:
            self._pool.kill_running()
            self._pool.stop()

    def start(self, items: Iterable[str]) -> None:
        """Plan every item (snippets: paths under ``snippets_dir``;
        notebooks: paths under ``root``), take hits from the cache and
        queue the misses to run."""
        settings = self.settings
        self._started = time.perf_counter()
        self._futures = {}
        self._done = 0
        self.artefact_results = []
        self.cache.prune(settings.max_age_days * 86400)
        new_build()
        memo = self.cache.directory / "analyses.json"
        load_analyses(memo)
        context = KeyContext(
            snippets_dir=settings.snippets_dir.resolve(),
            device=settings.device,
            dists=load_dist_table(self.cache.directory),
        )
        planner = Planner(
            root=settings.root,
            snippets_dir=settings.snippets_dir.resolve(),
            artefact_dir=self.cache.artefacts.resolve(),
            context=context,
            device=settings.device,
            memory_mb=settings.memory_mb,
            portable=settings.portable,
            sandbox=settings.sandbox,
        )
        pending: list[Plan] = []
        artefacts: dict[str, Plan] = {}
        for item in sorted(set(items)):
            future: Future[SnippetResult] = Future()
            self._futures[item] = future
            try:
                plan = kind_of(item).plan(item, planner)
            except SnippetError as exc:
                future.set_result(_planning_failure(item, exc))
                continue
            for need in plan.needs:
                if self.cache.artefact(need.key) is None:
                    artefacts.setdefault(need.key, need)
            entry = self.cache.lookup(plan.key)
            if entry is not None:
                future.set_result(self._result(plan, entry, "cached"))
                continue
            pending.append(plan)
        save_analyses(memo)
        self._total = len(pending) + len(artefacts)
        self.dist_versions = context.dists.versions
        if pending:
            self.pool.start()
            threading.Thread(
                target=self._schedule,
                args=(pending, list(artefacts.values())),
                daemon=True,
            ).start()

    def _schedule(self, pending: list[Plan], artefacts: list[Plan]) -> None:
        """Artefacts first; then longest first (by the last run's time,
        else the declared timeout), so a long item does not start last."""
        durations = self._durations()

        def expected(plan: Plan) -> float:
            return durations.get(plan.item, plan.options.timeout or 0.0)

        pending = sorted(pending, key=expected, reverse=True)
        ordinary = [p for p in pending if not p.options.measures]
        measuring = [p for p in pending if p.options.measures]
        made: dict[str, Future[SnippetResult]] = {}
        workers = min(self.settings.worker_count, max(1, len(ordinary)))
        with ThreadPoolExecutor(workers, "snippet") as executor:
            for plan in artefacts:
                made[plan.key] = executor.submit(self._artefact, plan)
            for plan in ordinary:
                executor.submit(self._run, plan, made)
        for plan in measuring:
            self._run(plan, made)

    def _artefact(self, plan: Plan) -> SnippetResult:
        try:
            result = self._execute(plan)
        except Exception as exc:  # noqa: BLE001 - an engine bug, reported
            log.exception("snippet engine failed on %s", plan.item)
            result = SnippetResult(plan.item, "failed", error=repr(exc))
        with self._lock:
            self.artefact_results.append(result)
        self._progress(result)
        return result

    def _run(self, plan: Plan, made: dict[str, Future[SnippetResult]]) -> None:
        future = self._futures[plan.item]
        failed = [
            made[n.key].result()
            for n in plan.needs
            if n.key in made and made[n.key].result().status == "failed"
        ]
        try:
            if failed:
                result = dataclasses.replace(
                    failed[0], snippet=plan.item, key=plan.key
                )
                result.error = f"shared artefact {failed[0].snippet} " + (
                    f"failed:\n{failed[0].error}"
                )
            else:
                result = self._execute(plan)
        except Exception as exc:  # noqa: BLE001 - an engine bug, reported
            log.exception("snippet engine failed on %s", plan.item)
            result = SnippetResult(
                plan.item, "failed", plan.key, error=repr(exc)
            )
        self._progress(result)
        future.set_result(result)

    def _progress(self, result: SnippetResult) -> None:
        with self._lock:
            self._done += 1
            done = self._done
        word = {"ran": "ran", "failed": "FAILED", "cached": "cached"}
        seconds = result.record.seconds if result.record else 0.0
        self.progress(
            f"snippets [{done}/{self._total}] {word[result.status]} "
            f"{result.snippet} ({seconds:.1f} s)"
        )

    def _execute(self, plan: Plan) -> SnippetResult:
        if self._aborted:
            return SnippetResult(
                plan.item, "failed", plan.key, error="aborted"
            )
        try:
            return self._execute_in(self.cache.staging(), plan)
        except OSError as exc:  # the cache's disk: full, read-only, gone
            return SnippetResult(
                plan.item,
                "failed",
                plan.key,
                error=(
                    f"cannot write the snippet cache ({exc.strerror or exc}"
                    f" at {self.cache.directory}): free some space or fix "
                    "its permissions; nothing of this run was cached"
                ),
            )

    def _execute_in(self, staging: Path, plan: Plan) -> SnippetResult:
        try:
            return self._run_and_commit(staging, plan)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def _run_and_commit(self, staging: Path, plan: Plan) -> SnippetResult:
        job = dataclasses.replace(plan.job, out_dir=str(staging))
        timeout = plan.options.timeout or self.settings.timeout
        outcome = self.pool.run(job, timeout)
        record = outcome.record
        if record is not None:
            self._warn_unprotected(record)
            problem = _output_problem(record, staging)
            if problem and record.error is None:
                record = dataclasses.replace(record, error=RunError(problem))
        if record is None or record.error is not None:
            shutil.rmtree(staging, ignore_errors=True)
            if record is None or record.error is None:
                failure = outcome.failure or "it failed"
                if shutil.disk_usage(self.cache.directory).free < 2**20:
                    failure = (
                        "the disk holding the snippet cache is full: free "
                        f"some space ({failure.splitlines()[0]})"
                    )
                return SnippetResult(
                    plan.item, "failed", plan.key, error=clip_error(failure)
                )
            error = record.error
            where = f"{error.file} (cell {error.cell})" if error.cell else None
            return SnippetResult(
                plan.item,
                "failed",
                plan.key,
                error=clip_error(error.traceback or error.message),
                error_file=where or error.file,
                error_line=error.line,
                record=record,
            )
        keep = {f for _, f in _output_files(record, staging)} | {RECORD_FILE}
        for path in staging.iterdir():  # scratch files are not outputs
            if path.name not in keep:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        if KINDS[plan.kind].shared:
            self.cache.commit_artefact(plan.key, staging / "artefact.pkl")
            shutil.rmtree(staging, ignore_errors=True)
            return SnippetResult(plan.item, "ran", plan.key, record=record)
        meta = RunMeta(
            item=plan.item,
            computed_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            device=self.settings.device,
            measures=plan.options.measures,
            machine=describe(),
        )
        self._record_duration(plan.item, record.seconds)
        entry = self.cache.commit(plan.key, staging, record, meta)
        return self._result(plan, entry, "ran")

    def _warn_unprotected(self, record: RunRecord) -> None:
        """Say once per build which sandbox protections are missing."""
        if record.unprotected and not self._warned:
            self._warned = True
            log.warning(
                "snippets run without the sandbox's protection of %s (%s)",
                ", ".join(record.unprotected),
                record.unprotected_why,
            )

    def _result(
        self, plan: Plan, entry: Entry, status: Status
    ) -> SnippetResult:
        """Derive what pages show from a committed run."""
        derived = self.deriver.outputs(entry)
        figures = {
            name: dict(d.files)
            for name, d in derived.get(Figure.name, {}).items()
        }
        values: dict[str, object] = {
            name: d.value for name, d in derived.get(Value.name, {}).items()
        }
        frames = {
            name: _frame_set(d)
            for name, d in derived.get(Frames.name, {}).items()
        }
        checks = {
            name: (bool(d.value), d.text or "")
            for name, d in derived.get(Check.name, {}).items()
        }
        notebook = derived.get(ExecutedNotebook.name, {}).get("notebook")
        bundle = KINDS[plan.kind].derive(plan, self.deriver)
        return SnippetResult(
            snippet=plan.item,
            status=status,
            key=plan.key,
            values=values,
            figures=figures,
            checks=checks,
            frames=frames,
            notebook=notebook.files["executed"] if notebook else None,
            bundle=bundle,
            record=entry.record,
            meta=entry.meta,
        )

    def _durations(self) -> dict[str, float]:
        try:
            data = json.loads(self._durations_path.read_text())
            return {str(k): float(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # a scheduling hint only: anything odd is ignored

    def _record_duration(self, item: str, seconds: float) -> None:
        """Remember run times, a scheduling hint only (best effort)."""
        with self._lock:
            durations = self._durations()
            durations[item] = round(seconds, 2)
            tmp = self._durations_path.with_suffix(f".{os.getpid()}.tmp")
            try:
                tmp.write_text(json.dumps(durations, sort_keys=True))
                os.replace(tmp, self._durations_path)
            except OSError:
                tmp.unlink(missing_ok=True)

    def result(self, item: str) -> SnippetResult:
        """Wait for one item's result (start must have named it)."""
        return self._futures[item].result()

    def results(self) -> list[SnippetResult]:
        """Wait for every item of this build."""
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


ERROR_LIMIT = 20_000
"""The most characters of an error that a build prints."""
LINE_LIMIT = 1_000
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _frame_set(derived: Derived) -> FrameSet:
    meta = json.loads(derived.text or "{}")
    count = len(meta["files"])
    return FrameSet(
        label=meta["label"],
        values=tuple(meta["values"]),
        default=int(meta["default"]),
        light=tuple(derived.files[f"{i}.light"] for i in range(count)),
        dark=tuple(derived.files[f"{i}.dark"] for i in range(count)),
    )


def clip_error(text: str) -> str:
    """An error's text, cut to :data:`ERROR_LIMIT` characters and each
    line to :data:`LINE_LIMIT` (a 20 MB line helps no one)."""
    lines = [
        line if len(line) <= LINE_LIMIT else line[:LINE_LIMIT] + " [...]"
        for line in text.splitlines()
    ]
    text = "\n".join(lines)
    if len(text) > ERROR_LIMIT:
        half = ERROR_LIMIT // 2
        text = text[:half] + "\n[... cut ...]\n" + text[-half:]
    return text


def _output_files(record: RunRecord, staging: Path) -> list[tuple[str, str]]:
    """(type, file name) of every file the run's outputs name."""
    found = []
    for output in record.outputs:
        kind = OUTPUT_TYPES.get(output.type)
        if kind is None:
            raise OutputError(f"unknown output type {output.type!r}")
        found += [(output.type, f) for f in kind.files(output, staging)]
    return found


def _output_problem(record: RunRecord, staging: Path) -> str | None:
    """Why the build will not commit a run's outputs (None if it will)."""
    try:
        files = _output_files(record, staging)
    except OutputError as exc:
        return str(exc)
    for kind, name in files:
        path = staging / name
        if not _FILE_NAME.match(name) or not path.is_file():
            return f"a {kind} output names {name!r}, no file of its run"
        size = path.stat().st_size
        if name.endswith(".svg") and size > FIGURE_LIMIT:
            return (
                f"figure file {name!r} is {size / 2**20:.0f} MB of SVG "
                f"(the limit is {FIGURE_LIMIT // 2**20} MB): pass "
                "rasterized=True to artists with many points (imshow, "
                "scatter), or draw fewer"
            )
    return None


def _planning_failure(item: str, exc: SnippetError) -> SnippetResult:
    return SnippetResult(
        item,
        "failed",
        error=exc.message,
        error_file=str(exc.path),
        error_line=exc.line,
    )
