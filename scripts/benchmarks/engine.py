"""Benchmark of the snippet engine on a generated workload like the site's.

Twelve snippets, each a small torch training plus a figure, on twelve
pages. Reports medians of: cold build, warm no-change build, the floor
(plain MkDocs with the same figure files as static images), rebuild after
editing one snippet, per-snippet overhead in the pool against a fresh
``python`` per snippet, and the sequential baseline (the snippets run one
after another in one process with one torch thread, the faster setting
for these small models, drawing both palettes, plus the floor).

Usage: scripts/bench [--repeats N] [--snippets N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

HEADER = '''\
"""Training curve of a small MLP on synthetic data (workload {i})."""
import matplotlib.pyplot as plt
import torch
from torch import nn
'''
"""The snippet's docstring and imports, as every tool's copy starts."""

BODY = """\
X = torch.randn(512, 20)
y = (X[:, {i} % 20] > 0).long()
net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
losses = []
for epoch in range(150):
    loss = nn.functional.cross_entropy(net(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
fig, ax = plt.subplots()
ax.plot(losses)
ax.set(xlabel="epoch", ylabel="loss", title="workload {i}")
"""
"""The computation and the drawing: ``fig`` and ``losses`` at the end."""

SNIPPET = (
    HEADER
    + "\nimport fdl\n\n"
    + BODY
    + 'fdl.show(fig, "curve")\nfdl.value("loss", losses[-1])\n'
)
"""The engine's snippet: the shared body handed to ``fdl``."""

PAGE = """\
# Workload {i}

Final loss {{{{ bench/w{i}.py#loss:.3f }}}}.

![Loss curve of workload {i}](bench/w{i}.py#curve)
/// caption
Training curve.
///

??? example "Code"
    ```python
    --8<-- "bench/w{i}.py"
    ```
"""

STATIC_PAGE = """\
# Workload {i}

Final loss {value:.3f}.

{images}
/// caption
Training curve.
///

??? example "Code"
    ```python
    --8<-- "bench/w{i}.py"
    ```
"""

CONFIG = """\
site_name: Bench
theme: {{name: material, font: false}}
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.blocks.caption
  - pymdownx.snippets: {{base_path: [snippets], check_paths: true}}
plugins:
  - search{plugin}
"""

SEQUENTIAL = """\
import runpy, sys
import torch
torch.set_num_threads(1)  # the faster setting for small models: fair
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import fdl
from snippet_engine.svg import to_svg


class Runtime:
    def show(self, fig, name):
        to_svg(fig)  # light
        to_svg(fig)  # dark: a second drawing, as a site without the engine
        plt.close(fig)

    def value(self, name, value):
        pass

    def cached(self, fn, *args):
        return fn(*args)


fdl._runtime = Runtime()
for path in sys.argv[1:]:
    fdl.seed()
    runpy.run_path(path, run_name="__main__")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("FDL_DEVICE", None)
    return env


def _timed(
    command: list[str], cwd: Path, **extra_env: str
) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(_env(), **extra_env),
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr}")
    return seconds, proc.stderr


def _mkdocs(root: Path, *args: str) -> tuple[float, str]:
    return _timed([sys.executable, "-m", "mkdocs", "build", *args], root)


def write_site(root: Path, count: int, plugin: bool) -> None:
    """The workload: ``count`` snippets and pages (engine or none)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "snippets" / "bench").mkdir(parents=True)
    (root / "docs").mkdir()
    shutil.copy(REPO / "snippets" / "fdl.py", root / "snippets" / "fdl.py")
    for i in range(count):
        (root / "snippets" / "bench" / f"w{i}.py").write_text(
            SNIPPET.format(i=i)
        )
        (root / "docs" / f"w{i}.md").write_text(PAGE.format(i=i))
    plugin_text = "\n  - snippet-engine" if plugin else ""
    (root / "mkdocs.yml").write_text(CONFIG.format(plugin=plugin_text))


def write_floor_site(engine_root: Path, root: Path, count: int) -> None:
    """The same pages and figure files as static images, no engine."""
    write_site(root, count, plugin=False)
    figures = engine_root / "site" / "figures" / "bench"
    (root / "docs" / "fig").mkdir()
    report = json.loads((engine_root / "values.json").read_text())
    for i in range(count):
        for variant in ("light", "dark"):
            (source,) = figures.glob(f"w{i}/curve.*.{variant}.svg")
            shutil.copy(source, root / "docs" / "fig" / f"w{i}.{variant}.svg")
        (root / "docs" / f"w{i}.md").write_text(
            STATIC_PAGE.format(
                i=i,
                value=report[f"w{i}"],
                images="".join(
                    f"![Loss curve of workload {i}]"
                    f"(fig/w{i}.{variant}.svg#only-{variant})"
                    for variant in ("light", "dark")
                ),
            )
        )


def save_values(root: Path, count: int) -> None:
    """Record the values a built engine site shows, for the floor."""
    values = {}
    for i in range(count):
        html = (root / "site" / f"w{i}" / "index.html").read_text()
        start = html.index("Final loss ") + len("Final loss ")
        values[f"w{i}"] = float(html[start : html.index(".</p>", start)])
    (root / "values.json").write_text(json.dumps(values))


def _median(run: Callable[[], float], repeats: int) -> float:
    return statistics.median(run() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--snippets", type=int, default=12)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    count, repeats = args.snippets, args.repeats
    work = Path(tempfile.mkdtemp(prefix="fdl-bench-"))
    engine_root, floor_root = work / "engine", work / "floor"
    results: dict[str, object] = {"snippets": count, "repeats": repeats}

    def cold() -> float:
        write_site(engine_root, count, plugin=True)
        return _mkdocs(engine_root)[0]

    results["cold_build_s"] = _median(cold, repeats)
    save_values(engine_root, count)
    results["warm_build_s"] = _median(lambda: _mkdocs(engine_root)[0], repeats)

    write_floor_site(engine_root, floor_root, count)
    results["floor_s"] = _median(lambda: _mkdocs(floor_root)[0], repeats)

    reruns: list[int] = []

    def edit() -> float:
        path = engine_root / "snippets" / "bench" / "w0.py"
        path.write_text(path.read_text() + f"# edit {time.time_ns()}\n")
        seconds, log = _mkdocs(engine_root)
        reruns.append(log.count(" ran bench/"))
        return seconds

    results["edit_one_build_s"] = _median(edit, repeats)
    results["edit_one_reruns"] = sorted(set(reruns))

    results.update(_overhead(work, repeats))

    snippets = sorted((engine_root / "snippets" / "bench").glob("w*.py"))
    script = work / "sequential.py"
    script.write_text(SEQUENTIAL)

    def sequential() -> float:
        command = [sys.executable, str(script), *map(str, snippets)]
        # fdl: the site's copy, first on the path as the engine puts it
        pythonpath = str(engine_root / "snippets")
        return _timed(command, engine_root, PYTHONPATH=pythonpath)[0]

    results["sequential_run_s"] = _median(sequential, repeats)
    floor = float(results["floor_s"])  # type: ignore[arg-type]
    results["sequential_baseline_s"] = results["sequential_run_s"] + floor  # type: ignore[operator]
    _print(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)


def _overhead(work: Path, repeats: int) -> dict[str, float]:
    """Per-snippet cost of an empty snippet: pool vs fresh interpreter."""
    from snippet_engine.engine import Engine, Settings

    root = work / "overhead"
    (root / "snippets" / "empty").mkdir(parents=True)
    shutil.copy(REPO / "snippets" / "fdl.py", root / "snippets" / "fdl.py")
    count = 8
    for i in range(count):
        (root / "snippets" / "empty" / f"e{i}.py").write_text(
            f'"""Empty {i}."""\nimport fdl\nfdl.value("i", {i})\n'
        )
    settings = Settings(
        root=root,
        snippets_dir=root / "snippets",
        cache_dir=root / ".cache",
        workers=1,
    )
    engine = Engine(settings, progress=lambda _: None)
    engine.pool.start()
    engine.start(["empty/e0.py"])  # wait for the warm server
    engine.results()

    def pool() -> float:
        shutil.rmtree(root / ".cache" / "entries")
        (root / ".cache" / "entries").mkdir()
        start = time.perf_counter()
        engine.start([f"empty/e{i}.py" for i in range(count)])
        engine.results()
        return (time.perf_counter() - start) / count

    def fresh() -> float:
        start = time.perf_counter()
        for i in range(count):
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import torch, matplotlib.pyplot, runpy, sys; "
                    f"runpy.run_path({str(root / 'snippets/empty')!r} "
                    f"+ '/e{i}.py')",
                ],
                cwd=root,
                env=dict(_env(), PYTHONPATH=str(root / "snippets")),
                check=True,
                capture_output=True,
            )
        return (time.perf_counter() - start) / count

    return {
        "pool_per_snippet_s": _median(pool, repeats),
        "fresh_python_per_snippet_s": _median(fresh, repeats),
    }


def _print(results: dict[str, object]) -> None:
    floor = float(results["floor_s"])  # type: ignore[arg-type]
    warm = float(results["warm_build_s"])  # type: ignore[arg-type]
    cold = float(results["cold_build_s"])  # type: ignore[arg-type]
    seq = float(results["sequential_baseline_s"])  # type: ignore[arg-type]
    pool = float(results["pool_per_snippet_s"])  # type: ignore[arg-type]
    rows = [
        ("cold build", f"{cold:.2f} s"),
        ("warm no-change build", f"{warm:.2f} s"),
        ("floor (plain MkDocs, static figures)", f"{floor:.2f} s"),
        (
            "rebuild after editing one snippet",
            f"{float(results['edit_one_build_s']):.2f} s",
        ),  # type: ignore[arg-type]
        ("snippets re-run per edit", str(results["edit_one_reruns"])),
        ("sequential baseline (one process + floor)", f"{seq:.2f} s"),
        ("pool cost per empty snippet", f"{pool * 1000:.0f} ms"),
        (
            "fresh python per empty snippet",
            f"{float(results['fresh_python_per_snippet_s']) * 1000:.0f} ms",
        ),  # type: ignore[arg-type]
    ]
    print(
        f"workload: {results['snippets']} snippets, medians of "
        f"{results['repeats']} runs, {os.cpu_count()} cores"
    )
    for name, value in rows:
        print(f"  {name:<44} {value:>10}")
    checks = [
        ("warm <= 1.15 x floor", warm / floor, 1.15),
        ("cold <= 0.85 x sequential", cold / seq, 0.85),
        ("pool overhead <= 0.05 s", pool, 0.05),
    ]
    for name, got, limit in checks:
        verdict = "met" if got <= limit else "MISSED"
        print(f"  target {name:<36} {got:>8.3f}  {verdict}")
    once = results["edit_one_reruns"] == [1]
    print(
        f"  target one edit re-runs one snippet      "
        f"{'met' if once else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
