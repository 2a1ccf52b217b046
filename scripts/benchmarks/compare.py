"""The snippet engine side by side with markdown-exec and mkdocs-gallery.

The workload is the engine benchmark's (``engine.py`` in this folder,
imported, not copied): ``N`` snippets, each a small torch training plus a
matplotlib figure and one number for the prose. Every tool gets the same
snippet body (``engine.BODY``: data, model, 150 SGD steps, the figure);
only the lines that hand the figure and the number to the tool differ:

- ours (``snippet-engine``): the engine benchmark's own site, unchanged:
  ``fdl.show`` / ``fdl.value``; the engine saves each figure as SVG in
  both palettes (two drawings) and places the value in the prose. Best
  settings are its defaults: one warm worker per core, one torch thread
  each, the cache under the site's ``.cache/snippets``.
- markdown-exec (PyPI 1.12.x): one ```` ```python exec="1" html="1" ````
  block per page whose body is the same file, included with
  ``--8<--`` (as its docs include snippets); it prints the value as a
  paragraph and the figure inline as one SVG (``savefig(format="svg")``,
  the gallery example of its docs). It runs every block in the MkDocs
  process, one after another: no worker option and no cache, so each
  build re-runs every block.
- mkdocs-gallery (PyPI 0.10.x): one ``examples/plot_w<i>.py`` per
  snippet (its default ``plot_`` pattern) with a Markdown title in the
  docstring, a ``README.md`` in ``examples/``, ``gallery_dirs:
  docs/generated/gallery``; it prints the value and its matplotlib
  scraper saves one PNG per figure (plus its thumbnail, a notebook and
  the download files, as it always does). It runs in the MkDocs process,
  one example after another (0.10 has no parallel option), and skips an
  example whose md5 is unchanged: its warm and edit builds use that
  cache. ``abort_on_example_error: true`` so that a failure fails the
  build instead of showing a broken thumbnail.

All three build the same theme (Material, no web fonts) with the search
plugin, run ``mkdocs build`` with the same interpreter and packages (a
benchmark venv, ``.cache/bench-venv``, made on first use without the
system's site-packages: torch 2.13.0 CPU, both tools, and this project
installed editable for the plugin), with ``MPLBACKEND=agg`` and one torch
thread per process (``OMP_NUM_THREADS=1``: on these small models one
thread is at least as fast as two, and the engine sets it in its workers
anyway). The in-process tools get ``torch.manual_seed(0)`` before the
body, as the engine seeds every snippet. One untimed round first warms
the OS file cache for every tool alike; then each measure runs round
robin (ours, markdown-exec, mkdocs-gallery, one after another, in each
round), so that load from other work on a shared machine falls on all of
them; ratios are the medians of the ratios within each round.

Measures (medians of ``--repeats`` rounds, min-max in brackets):

- cold build: a fresh copy of each site, no cache. Target: ours at most
  0.80x markdown-exec's and 0.65x mkdocs-gallery's.
- warm no-change build: each tool's caches as its last build left them;
  against the floor, plain MkDocs on the same pages with the engine's
  figures as static images (the engine benchmark's floor site). Target:
  ours at most 1.10x the floor.
- one snippet edited (the title in snippet 0's figure), then ``mkdocs
  build``. Target: ours at most 0.70x mkdocs-gallery's; markdown-exec's
  is reported.
- under ``mkdocs serve`` (ours only): snippet 0 edited, then the served
  page polled over HTTP on 127.0.0.1 until it shows a new figure that the
  server serves; the first edit after the server comes up is included.
  Bound: the snippet's own run time (its body plus two SVG drawings, in a
  warm process) + a no-change serve rebuild (a prose edit of another
  page, polled the same way, so the watcher's polling counts on both
  sides) + 0.5 s.

Usage: scripts/bench --compare [--repeats N] [--snippets N] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import engine as workload  # this folder's engine benchmark

REPO = workload.REPO
VENV = REPO / ".cache" / "bench-venv"
REQUIREMENTS = [
    "torch==2.13.0",  # unpinned, pip takes the multi-gigabyte CUDA build
    "markdown-exec>=1.12,<1.13",
    "mkdocs-gallery>=0.10,<0.11",
]
TOOLS = ("ours", "markdown-exec", "mkdocs-gallery")
SLACK = 0.5  # seconds allowed above run time + serve rebuild

SEED = "torch.manual_seed(0)  # the engine seeds every snippet\n"

EXEC_TAIL = """\
import io

svg = io.StringIO()
fig.savefig(svg, format="svg")
plt.close(fig)
print(f"<p>Final loss {losses[-1]:.3f}.</p>")
print(svg.getvalue())
"""

EXEC_PAGE = """\
# Workload {i}

```python exec="1" html="1"
--8<-- "bench/w{i}.py"
```

??? example "Code"
    ```python
    --8<-- "bench/w{i}.py"
    ```
"""

EXEC_CONFIG = """\
site_name: Bench
theme: {name: material, font: false}
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets: {base_path: [snippets], check_paths: true}
plugins:
  - search
  - markdown-exec
"""

GALLERY_HEAD = '''\
"""
Workload {i}
============

Training curve of a small MLP on synthetic data (workload {i}).
"""

'''

GALLERY_TAIL = 'print(f"Final loss {losses[-1]:.3f}.")\n'

GALLERY_CONFIG = """\
site_name: Bench
theme: {name: material, font: false}
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
nav:
  - index.md
  - generated/gallery
plugins:
  - search
  - gallery:
      examples_dirs: examples
      gallery_dirs: docs/generated/gallery
      within_subsection_order: FileNameSortKey
      abort_on_example_error: true
"""

RUN_TIME = """\
import io, json, sys, time
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import torch
torch.set_num_threads(1)
code = compile(open(sys.argv[1]).read(), sys.argv[1], "exec")
times = []
for _ in range(int(sys.argv[2]) + 1):  # the first run warms up
    torch.manual_seed(0)
    start = time.perf_counter()
    scope = {"__name__": "__main__"}
    exec(code, scope)
    for palette in ("light", "dark"):
        scope["fig"].savefig(io.StringIO(), format="svg")
    plt.close(scope["fig"])
    times.append(time.perf_counter() - start)
print(json.dumps(times[1:]))
"""


def _imports() -> str:
    """The workload's imports, without the engine snippet's docstring."""
    return workload.HEADER.split("\n", 1)[1]


def _plain(i: int, title: str | None = None) -> str:
    """Header, seed and body: what every tool's copy runs."""
    body = workload.BODY.format(i=i)
    if title is not None:
        body = _retitle(body, i, title)
    return workload.HEADER.format(i=i) + "\n" + SEED + body


def _retitle(text: str, i: int, title: str) -> str:
    old = f'title="workload {i}"'
    if old not in text:
        raise SystemExit(f"snippet {i} has no {old}")
    return text.replace(old, f'title="workload {i} {title}"')


# The benchmark's own environment -------------------------------------


def ensure_venv() -> Path:
    """``.cache/bench-venv`` with torch, both tools and this project."""
    python = VENV / "bin" / "python"
    digest = hashlib.sha256(
        "\n".join(REQUIREMENTS).encode()
        + (REPO / "pyproject.toml").read_bytes()
    ).hexdigest()[:16]
    stamp = VENV / f".bench-{digest}"
    if stamp.exists() and python.exists():
        return python
    print(
        f"compare: setting up {VENV.relative_to(REPO)} (first use: about "
        "a minute)",
        file=sys.stderr,
    )
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    command = [
        str(python),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "-q",
        *REQUIREMENTS,
        "-e",
        str(REPO),
    ]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"compare: pip failed:\n{proc.stderr[-4000:]}")
    cuda = subprocess.run(
        [str(python), "-c", "import torch; print(torch.version.cuda)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if cuda != "None":
        print(
            f"compare: note: torch in {VENV} is a CUDA build ({cuda}); "
            "the builds still compute on the CPU",
            file=sys.stderr,
        )
    for old in VENV.glob(".bench-*"):
        old.unlink()
    stamp.touch()
    return python


def _env() -> dict[str, str]:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        MPLBACKEND="agg",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
    )
    for name in ("FDL_DEVICE", "MARKDOWN_EXEC_AUTO", "PYTHONPATH"):
        env.pop(name, None)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


# The three sites ------------------------------------------------------


def write_ours(root: Path, count: int) -> None:
    workload.write_site(root, count, plugin=True)


def write_exec(root: Path, count: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "snippets" / "bench").mkdir(parents=True)
    (root / "docs").mkdir()
    for i in range(count):
        (root / "snippets" / "bench" / f"w{i}.py").write_text(
            _plain(i) + EXEC_TAIL
        )
        (root / "docs" / f"w{i}.md").write_text(EXEC_PAGE.format(i=i))
    (root / "mkdocs.yml").write_text(EXEC_CONFIG)


def write_gallery(root: Path, count: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "examples").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Bench\n")
    (root / "examples" / "README.md").write_text(
        "Workloads\n=========\n\nThe engine benchmark's workload.\n"
    )
    for i in range(count):
        (root / "examples" / f"plot_w{i}.py").write_text(
            GALLERY_HEAD.format(i=i)
            + _imports()
            + "\n"
            + SEED
            + workload.BODY.format(i=i)
            + GALLERY_TAIL
        )
    (root / "mkdocs.yml").write_text(GALLERY_CONFIG)


WRITERS: dict[str, Callable[[Path, int], None]] = {
    "ours": write_ours,
    "markdown-exec": write_exec,
    "mkdocs-gallery": write_gallery,
}


def snippet_file(tool: str, root: Path, i: int) -> Path:
    if tool == "mkdocs-gallery":
        return root / "examples" / f"plot_w{i}.py"
    return root / "snippets" / "bench" / f"w{i}.py"


def page_html(tool: str, root: Path, i: int) -> str:
    if tool == "mkdocs-gallery":
        path = root / "site" / "generated" / "gallery" / f"plot_w{i}"
    else:
        path = root / "site" / f"w{i}"
    return (path / "index.html").read_text()


def output_digest(tool: str, root: Path, i: int) -> str:
    """What shows snippet ``i``'s figure: its page, or its PNG."""
    if tool == "mkdocs-gallery":
        (png,) = (root / "site").glob(f"**/mkd_glr_plot_w{i}_001.png")
        data = png.read_bytes()
    else:
        data = page_html(tool, root, i).encode()
    return hashlib.sha256(data).hexdigest()


def check_site(tool: str, root: Path, count: int) -> None:
    """Every page shows its value and a figure, or the run is void."""
    for i in range(count):
        html = page_html(tool, root, i)
        figure = {"ours": "<img", "markdown-exec": "<svg"}.get(tool)
        if tool == "mkdocs-gallery":
            output_digest(tool, root, i)  # the PNG exists
            figure = "mkd_glr_plot_w"
        if "Final loss " not in html or figure not in html:
            raise SystemExit(
                f"compare: {tool}: page {i} lacks its value or figure "
                f"(site in {root})"
            )


# Timing ---------------------------------------------------------------


def build(python: Path, root: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(python), "-m", "mkdocs", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env=_env(),
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"compare: mkdocs build failed in {root}:\n{proc.stderr[-6000:]}"
        )
    return seconds


def _say(message: str) -> None:
    print(f"compare: {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    except OSError:
        return 0, ""
    finally:
        connection.close()


def _images(html: str) -> list[str]:
    return re.findall(r'<img\b[^>]*?\bsrc="([^"]+)"', html)


def _wait(
    done: Callable[[], bool], timeout: float, what: str, log: Path
) -> float:
    """Poll ``done`` every 20 ms; the seconds it took."""
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > timeout:
            tail = log.read_text(errors="replace")[-4000:]
            raise SystemExit(f"compare: timed out waiting for {what}\n{tail}")
        time.sleep(0.02)
    return time.perf_counter() - start


def serve_latencies(
    python: Path, root: Path, repeats: int
) -> dict[str, list[float]]:
    """Under ``mkdocs serve``: snippet edit and prose edit to page."""
    port = _free_port()
    log = root / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(python), "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        page = "/w0/"

        def figures_now() -> list[str] | None:
            status, html = _get(port, page)
            if status != 200 or "Final loss " not in html:
                return None
            return _images(html) or None

        def served(srcs: list[str]) -> bool:
            return all(
                _get(port, urljoin(page, src).split("#")[0])[0] == 200
                for src in srcs
            )

        _wait(lambda: figures_now() is not None, 600, "mkdocs serve", log)
        snippet = snippet_file("ours", root, 0)
        prose = root / "docs" / "w1.md"
        original_prose = prose.read_text()
        edits: list[float] = []
        rebuilds: list[float] = []
        for n in range(repeats):
            before = figures_now()
            snippet.write_text(
                _retitle(workload.SNIPPET.format(i=0), 0, f"s{n}")
            )

            def new_figure(before: list[str] | None = before) -> bool:
                now = figures_now()
                return now is not None and now != before and served(now)

            edits.append(_wait(new_figure, 300, "the edited figure", log))
            time.sleep(1.0)  # let the rebuild finish before the next edit
            mark = f"Mark-{n}-{time.time_ns()}"
            prose.write_text(original_prose + f"\n{mark}\n")
            rebuilds.append(
                _wait(
                    lambda mark=mark: mark in _get(port, "/w1/")[1],
                    300,
                    "the prose edit",
                    log,
                )
            )
            time.sleep(1.0)
        return {"serve_edit_s": edits, "serve_noop_rebuild_s": rebuilds}
    finally:
        _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """End the server we started, and its process group."""
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue


def run_time(python: Path, work: Path, repeats: int) -> list[float]:
    """Snippet 0 as served (edited) in a warm process, both palettes."""
    script = work / "run_time.py"
    script.write_text(RUN_TIME)
    body = work / "w0_plain.py"
    body.write_text(_plain(0, title="s0"))
    proc = subprocess.run(
        [str(python), str(script), str(body), str(repeats)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=work,
    )
    if proc.returncode != 0:
        raise SystemExit(f"compare: run time failed:\n{proc.stderr}")
    times: list[float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return times


# Measuring ------------------------------------------------------------


def measure(
    python: Path, work: Path, count: int, repeats: int
) -> dict[str, object]:
    roots = {tool: work / tool for tool in TOOLS}
    floor_root = work / "floor"
    samples: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        samples.setdefault(name, []).append(seconds)

    _say("warm-up round (untimed): one cold build per tool")
    for tool in TOOLS:
        WRITERS[tool](roots[tool], count)
        build(python, roots[tool])
        check_site(tool, roots[tool], count)

    for r in range(repeats):
        _say(f"cold builds, round {r + 1}/{repeats}")
        for tool in TOOLS:
            WRITERS[tool](roots[tool], count)
            add(f"cold/{tool}", build(python, roots[tool]))
            check_site(tool, roots[tool], count)

    workload.save_values(roots["ours"], count)
    workload.write_floor_site(roots["ours"], floor_root, count)
    build(python, floor_root)  # untimed, as the others' first build
    for r in range(repeats):
        _say(f"warm no-change builds, round {r + 1}/{repeats}")
        add("floor", build(python, floor_root))
        for tool in TOOLS:
            add(f"warm/{tool}", build(python, roots[tool]))

    originals = {
        tool: snippet_file(tool, roots[tool], 0).read_text() for tool in TOOLS
    }
    for r in range(repeats):
        _say(f"one snippet edited, round {r + 1}/{repeats}")
        for tool in TOOLS:
            path = snippet_file(tool, roots[tool], 0)
            path.write_text(_retitle(originals[tool], 0, f"e{r}"))
            before = output_digest(tool, roots[tool], 0)
            add(f"edit/{tool}", build(python, roots[tool]))
            if output_digest(tool, roots[tool], 0) == before:
                raise SystemExit(f"compare: {tool}: the edit left no trace")

    _say("snippet 0's own run time, in a warm process")
    samples["run_time"] = run_time(python, work, repeats)
    _say("mkdocs serve: edit-to-page latency (ours)")
    samples.update(serve_latencies(python, roots["ours"], repeats))
    return {"snippets": count, "repeats": repeats, "samples": samples}


# Reporting ------------------------------------------------------------


def _spread(values: list[float], unit: str = " s") -> str:
    median = statistics.median(values)
    return (
        f"{median:.2f}{unit} ({min(values):.2f}–{max(values):.2f})"
        if len(values) > 1
        else f"{median:.2f}{unit}"
    )


def _ratios(a: list[float], b: list[float]) -> list[float]:
    return [x / y for x, y in zip(a, b, strict=True)]


def table(results: dict[str, object]) -> tuple[str, list[str]]:
    """The Markdown table, and the targets missed."""
    samples: dict[str, list[float]] = results["samples"]  # type: ignore[assignment]
    rows: list[list[str]] = []
    missed: list[str] = []

    def times(measure: str) -> list[str]:
        return [
            _spread(samples[f"{measure}/{tool}"])
            if f"{measure}/{tool}" in samples
            else "—"
            for tool in TOOLS
        ]

    def verdict(name: str, value: float, limit: float) -> str:
        if value <= limit:
            return "met"
        missed.append(f"{name}: {value:.2f} > {limit:.2f}")
        return "**missed**"

    def ratio(measure: str, other: str) -> list[float]:
        return _ratios(samples[f"{measure}/ours"], samples[other])

    cold_me = ratio("cold", "cold/markdown-exec")
    cold_mg = ratio("cold", "cold/mkdocs-gallery")
    rows.append(
        [
            "cold build",
            *times("cold"),
            f"{_spread(cold_me, '×')} vs markdown-exec; "
            f"{_spread(cold_mg, '×')} vs mkdocs-gallery",
            "≤ 0.80× markdown-exec; ≤ 0.65× mkdocs-gallery",
            verdict("cold vs markdown-exec", statistics.median(cold_me), 0.80)
            + "; "
            + verdict(
                "cold vs mkdocs-gallery", statistics.median(cold_mg), 0.65
            ),
        ]
    )
    rows.append(
        [
            "no-execution floor (plain MkDocs, static figures)",
            _spread(samples["floor"]),
            "—",
            "—",
            "",
            "",
            "",
        ]
    )
    warm = ratio("warm", "floor")
    rows.append(
        [
            "warm no-change build",
            *times("warm"),
            f"{_spread(warm, '×')} vs floor",
            "≤ 1.10× floor",
            verdict("warm vs floor", statistics.median(warm), 1.10),
        ]
    )
    edit_mg = ratio("edit", "edit/mkdocs-gallery")
    edit_me = ratio("edit", "edit/markdown-exec")
    rows.append(
        [
            "one snippet edited, then `mkdocs build`",
            *times("edit"),
            f"{_spread(edit_mg, '×')} vs mkdocs-gallery; "
            f"{_spread(edit_me, '×')} vs markdown-exec",
            "≤ 0.70× mkdocs-gallery (markdown-exec: reported)",
            verdict("edit vs mkdocs-gallery", statistics.median(edit_mg), 0.7),
        ]
    )
    run = statistics.median(samples["run_time"])
    noop = statistics.median(samples["serve_noop_rebuild_s"])
    bound = run + noop + SLACK
    rows.append(
        [
            "snippet 0's own run time (warm process, two SVGs)",
            _spread(samples["run_time"]),
            "—",
            "—",
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            "`mkdocs serve`: no-change rebuild (prose edit to page)",
            _spread(samples["serve_noop_rebuild_s"]),
            "—",
            "—",
            "",
            "",
            "",
        ]
    )
    edits = samples["serve_edit_s"]
    rows.append(
        [
            "`mkdocs serve`: snippet edit to page, all edits",
            _spread(edits),
            "—",
            "—",
            f"{statistics.median(edits) / bound:.2f}× bound "
            f"(worst {max(edits) / bound:.2f}×)",
            f"≤ run + rebuild + {SLACK} s = {bound:.2f} s",
            verdict("serve edit (median)", statistics.median(edits), bound),
        ]
    )
    rows.append(
        [
            "`mkdocs serve`: first edit after start",
            f"{edits[0]:.2f} s",
            "—",
            "—",
            f"{edits[0] / bound:.2f}× bound",
            f"≤ {bound:.2f} s",
            verdict("serve first edit", edits[0], bound),
        ]
    )
    head = [
        "measure",
        "ours",
        "markdown-exec",
        "mkdocs-gallery",
        "ratio",
        "target",
        "met?",
    ]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    return "\n".join(lines), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--snippets", type=int, default=12)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--keep", action="store_true", help="keep the sites built"
    )
    args = parser.parse_args()
    if args.repeats < 1 or args.snippets < 2:
        parser.error("needs --repeats >= 1 and --snippets >= 2")
    python = ensure_venv()
    work = Path(tempfile.mkdtemp(prefix="fdl-compare-"))
    start = time.perf_counter()
    try:
        results = measure(python, work, args.snippets, args.repeats)
    finally:
        if args.keep:
            _say(f"sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["wall_s"] = time.perf_counter() - start
    results["cores"] = os.cpu_count()
    text, missed = table(results)
    print(
        f"workload: {args.snippets} snippets, medians of {args.repeats} "
        f"round{'s' * (args.repeats > 1)} (min–max), {os.cpu_count()} cores, "
        f"{results['wall_s'] / 60:.1f} min in all\n"
    )
    print(text)
    if missed:
        print("\nmissed: " + "; ".join(missed))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
