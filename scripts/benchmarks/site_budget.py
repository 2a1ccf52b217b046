"""The chapters' snippet budgets, measured cold on this machine.

Runs each chapter pair's snippets (the trained network included, as a
cached artefact) through the engine with an empty cache, on the pool the
site build uses, and compares with the budgets the chapters were given:

- chapters 1 and 2 together <= 90 s; each snippet <= 20 s except
  ``dl_vs_ml/data_scaling.py`` (<= 60 s);
- chapters 3 and 4 together <= 40 s, measuring snippets included.

Usage: scripts/bench --site [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippet_engine.engine import Engine, Settings

REPO = Path(__file__).resolve().parents[2]
GROUPS = {
    "chapters 1-2": (["dl_is_ml", "dl_vs_ml"], 90.0),
    "chapters 3-4": (["why_dl", "applications"], 40.0),
}
EACH = 20.0
EXCEPTIONS = {"dl_vs_ml/data_scaling.py": 60.0}


def _snippets(chapters: list[str]) -> list[str]:
    return sorted(
        p.relative_to(REPO / "snippets").as_posix()
        for chapter in chapters
        for p in (REPO / "snippets" / chapter).glob("*.py")
        if not p.name.startswith("_")
    )


def run_group(chapters: list[str]) -> tuple[float, dict[str, float]]:
    """Wall time of one cold run of the group, and each snippet's time."""
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(
            root=REPO,
            snippets_dir=REPO / "snippets",
            cache_dir=Path(cache),
        )
        engine = Engine(settings, progress=lambda _: None)
        start = time.perf_counter()
        engine.start(_snippets(chapters))
        results = engine.results()
        wall = time.perf_counter() - start
    failed = [r.snippet for r in results if r.status == "failed"]
    if failed:
        raise SystemExit(f"failed: {failed}")
    return wall, {r.snippet: float(r.info["seconds"]) for r in results}


def _fresh_run(name: str) -> tuple[float, dict[str, float]]:
    """One cold run in a new process, so the warm server starts anew."""
    proc = subprocess.run(
        [sys.executable, __file__, "--group", name],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, seconds = json.loads(proc.stdout)
    return float(wall), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--group", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.group:
        print(json.dumps(run_group(GROUPS[args.group][0])))
        return
    for name, (_, budget) in GROUPS.items():
        walls, times = [], []
        for _ in range(args.repeats):
            wall, seconds = _fresh_run(name)
            walls.append(wall)
            times.append(seconds)
        wall = statistics.median(walls)
        verdict = "met" if wall <= budget else "MISSED"
        print(
            f"{name}: {wall:.1f} s cold wall time "
            f"(budget {budget:.0f} s) {verdict}"
        )
        for snippet in sorted(times[0]):
            median = statistics.median(t[snippet] for t in times)
            limit = EXCEPTIONS.get(snippet, EACH)
            flag = "" if median <= limit else f"  MISSED (<= {limit:.0f} s)"
            print(f"  {snippet:<36} {median:6.1f} s{flag}")


if __name__ == "__main__":
    main()
