"""The chapters' snippet budgets, measured cold on this machine.

Runs every snippet and notebook of the site through the engine with an
empty cache, on the pool the site build uses (shared artefacts included,
as the jobs of their own they are), in a fresh process, and compares with
the budgets the issues set, in CPU-seconds (the sum of the run times the
build report shows, artefacts included) and in wall time:

- chapters 1-4 together <= 130 CPU-s;
- each chapter of Part 3 (chapters 5-8) <= 25 CPU-s;
- the exercises' answers together (``answer_*.py``, and the artefacts
  only answers load) <= 40 CPU-s, counted apart from their chapters;
- the whole site cold <= 170 s of wall time on 2 cores.

Usage: scripts/bench --site [--repeats N]   (medians of N runs)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from snippet_engine.engine import Engine
from snippet_engine.kinds import find_cached_calls
from snippet_engine.settings import Settings

REPO = Path(__file__).resolve().parents[2]
PART_1_2 = ("dl_is_ml", "dl_vs_ml", "why_dl", "applications")
PART_3 = ("neurons", "gradient_descent", "generalisation", "convolutions")
BUDGETS = {
    "chapters 1-4": 130.0,
    **{c: 25.0 for c in PART_3},
    "answers": 40.0,
}
WALL_BUDGET = 170.0


def _items() -> list[str]:
    snippets = [
        p.relative_to(REPO / "snippets").as_posix()
        for p in (REPO / "snippets").glob("*/*.py")
        if not p.name.startswith("_") and p.parent.name != "data"
    ]
    notebooks = [
        p.relative_to(REPO).as_posix()
        for p in (REPO / "docs").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    ]
    return sorted(snippets + notebooks)


def _is_answer(item: str) -> bool:
    return Path(item).name.startswith("answer_")


def _answer_artefacts(items: list[str]) -> set[str]:
    """The shared artefacts that only answers load."""
    users: dict[str, set[bool]] = defaultdict(set)
    for item in items:
        path = REPO / "snippets" / item
        if not item.endswith(".py") or not path.is_file():
            continue
        for call in find_cached_calls(path.read_text(), path):
            users[call.signature].add(_is_answer(item))
    return {name for name, kinds in users.items() if kinds == {True}}


def _chapter(item: str) -> str:
    """The chapter folder an item (or an artefact's module) belongs to."""
    if ":" in item:  # an artefact: module:function(args)
        return item.split(".", 1)[0]
    return item.split("/", 1)[0]


def run_once() -> tuple[float, dict[str, float]]:
    """Wall time of one cold run, and each item's run time."""
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            root=REPO,
            snippets_dir=REPO / "snippets",
            cache_dir=Path(cache),
            preload=("sklearn",),
        )
        engine = Engine(settings, progress=lambda _: None)
        start = time.perf_counter()
        engine.start(_items())
        results = engine.results()
        wall = time.perf_counter() - start
        engine.close()
    results += engine.artefact_results
    failed = [r.snippet for r in results if r.status == "failed"]
    if failed:
        raise SystemExit(f"failed: {failed}")
    return wall, {
        r.snippet: r.record.seconds for r in results if r.record is not None
    }


def _fresh_run() -> tuple[float, dict[str, float]]:
    """One cold run in a new process, so the warm server starts anew."""
    proc = subprocess.run(
        [sys.executable, __file__, "--once"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, seconds = json.loads(proc.stdout)
    return float(wall), {str(k): float(v) for k, v in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(run_once()))
        return
    runs = [_fresh_run() for _ in range(args.repeats)]
    wall = statistics.median(w for w, _ in runs)
    items = sorted(runs[0][1])
    median = {
        i: statistics.median(r[1].get(i, 0.0) for r in runs) for i in items
    }
    answers_only = _answer_artefacts(_items())
    per_chapter: dict[str, float] = defaultdict(float)
    for item, seconds in median.items():
        answer = _is_answer(item) or item in answers_only
        per_chapter["answers" if answer else _chapter(item)] += seconds
    groups = {
        "chapters 1-4": sum(per_chapter[c] for c in PART_1_2),
        **{c: per_chapter[c] for c in PART_3 if c in per_chapter},
        "answers": per_chapter["answers"],
    }
    print(f"cold runs: {args.repeats} (medians), 2 workers\n")
    print(f"{'budget':<22}{'CPU-s':>8}{'limit':>8}  verdict")
    for name, seconds in groups.items():
        limit = BUDGETS[name]
        verdict = "met" if seconds <= limit else "MISSED"
        print(f"{name:<22}{seconds:8.1f}{limit:8.0f}  {verdict}")
    total = sum(median.values())
    verdict = "met" if wall <= WALL_BUDGET else "MISSED"
    print(
        f"\nwhole site: {total:.1f} CPU-s, {wall:.1f} s wall "
        f"(limit {WALL_BUDGET:.0f} s) {verdict}\n"
    )
    for item in items:
        print(f"  {item:<52} {median[item]:6.1f} s")


if __name__ == "__main__":
    main()
