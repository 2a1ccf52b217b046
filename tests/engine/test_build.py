"""Integration: real MkDocs builds of a fixture site through the engine."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.engine.conftest import FIGURE_SNIPPET, Site, env, page_for

pytestmark = pytest.mark.slow


def _no_comments(html: str) -> str:
    """The page without the theme's build-date comment."""
    return re.sub(r"<!--.*?-->", "", html, flags=re.S)


def test_cold_build_places_figures_and_values(site: Site) -> None:
    proc = site.build("--strict")
    assert site.ran(proc) == ["demo/a.py", "demo/b.py"]
    html = site.html()
    assert "Value: 2.0" in html
    figures = site.figures()
    assert len(figures) == 4
    assert {name.rsplit(".", 2)[-2] for name in figures} == {"light", "dark"}
    assert "#only-light" in html and "#only-dark" in html
    assert "snippets: 2 (2 run, 0 cached, 0 failed)" in proc.stderr
    report = site.html("build-report/index.html")
    assert "demo/a.py" in report and "Cores" in report


def test_warm_build_runs_nothing_and_imports_neither_torch_nor_mpl(
    site: Site,
) -> None:
    site.build()
    script = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config('mkdocs.yml'))\n"
        "print(sorted(m for m in ('torch', 'matplotlib') "
        "if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site.root,
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    assert "(0 run, 2 cached, 0 failed)" in proc.stderr


def test_one_edit_reruns_exactly_that_snippet(site: Site) -> None:
    site.build()
    site.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=5))
    proc = site.build()
    assert site.ran(proc) == ["demo/b.py"]


def test_local_module_and_data_changes_rerun_their_dependents(
    site: Site,
) -> None:
    site.snippet("demo/_shared.py", "FACTOR = 2\n")
    site.snippet("data/numbers.csv", "x\n1\n")
    site.snippet(
        "demo/uses_module.py",
        '''\
        """Uses a local module."""
        import matplotlib.pyplot as plt
        import fdl
        from demo._shared import FACTOR

        fig, ax = plt.subplots()
        fdl.show(fig, "fig")
        fdl.value("factor", FACTOR)
        ''',
    )
    site.snippet(
        "demo/uses_data.py",
        '''\
        """Reads a data file."""
        import matplotlib.pyplot as plt
        import fdl

        rows = fdl.data_path("numbers.csv").read_text().split()
        fig, ax = plt.subplots()
        fdl.show(fig, "fig")
        fdl.value("rows", len(rows))
        ''',
    )
    site.page(
        "index.md",
        page_for("demo/a.py", "demo/uses_module.py", "demo/uses_data.py"),
    )
    site.build()
    site.snippet("demo/_shared.py", "FACTOR = 3\n")
    assert site.ran(site.build()) == ["demo/uses_module.py"]
    site.snippet("data/numbers.csv", "x\n1\n2\n")
    assert site.ran(site.build()) == ["demo/uses_data.py"]
    site.page("other.md", "# Only prose changed\n")
    assert site.ran(site.build()) == []


def test_two_cold_builds_give_byte_identical_figures(site: Site) -> None:
    site.snippet(
        "demo/random.py",
        '''\
        """Random points, seeded by the engine."""
        import matplotlib.pyplot as plt
        import numpy as np
        import torch
        import fdl

        fig, ax = plt.subplots()
        ax.scatter(np.random.rand(20), torch.rand(20).numpy())
        ax.imshow(np.random.rand(4, 4), extent=(0, 1, 0, 1))
        fdl.show(fig, "fig")
        fdl.value("draw", float(torch.rand(1)))
        ''',
    )
    site.page(
        "index.md", page_for("demo/random.py", values=("demo/random.py#draw",))
    )
    site.build()
    first, html = site.figures(), _no_comments(site.html())
    cache = site.root / ".cache"
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    site.build()
    assert site.figures() == first
    assert _no_comments(site.html()) == html
    svg = next(iter(first.values())).decode()
    assert "<dc:date>" not in svg


def test_snippet_that_raises_fails_every_build_with_path_and_line(
    site: Site,
) -> None:
    site.snippet(
        "demo/b.py",
        '''\
        """Fails."""
        import fdl

        def helper():
            raise ValueError("bad input for the demo")

        helper()
        ''',
    )
    for args in ((), ("--strict",)):
        proc = site.build(*args, ok=False)
        assert "snippets/demo/b.py:5" in proc.stderr
        assert "ValueError: bad input for the demo" in proc.stderr
        assert "Traceback" in proc.stderr
        assert "docs/index.md:" in proc.stderr


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ("import os\nos._exit(3)\n", "exited with status 3"),
        (
            "import ctypes\nctypes.string_at(0)\n",
            "died with signal SIGSEGV",
        ),
        (
            "# snippet: memory_mb=300\n"
            "blocks = [bytearray(50 * 2**20) for _ in range(40)]\n",
            "MemoryError",
        ),
        (
            "# snippet: timeout=2\nimport time\ntime.sleep(60)\n",
            "timed out after 2 s and was killed",
        ),
        (
            "import socket\nsocket.getaddrinfo('localhost', 80)\n",
            "the build is offline",
        ),
    ],
    ids=["exit", "segfault", "memory", "timeout", "dns"],
)
def test_dying_hanging_or_networking_snippets_are_reported(
    site: Site, body: str, expect: str
) -> None:
    site.snippet("demo/b.py", f'"""Misbehaves."""\n{body}')
    proc = site.build(ok=False)
    assert expect in proc.stderr
    assert "demo/b.py" in proc.stderr
    assert "ran demo/a.py" in proc.stderr  # the other snippet still ran


@pytest.mark.parametrize(
    ("page", "expect"),
    [
        (
            "# P\n\nText.\n\n![](demo/a.py#fig)\n/// caption\nC.\n///\n",
            "docs/index.md:5: figure demo/a.py#fig has no alt text",
        ),
        (
            "# P\n\n![Alt](demo/a.py#fig)\n\nNo caption.\n",
            "docs/index.md:3: figure demo/a.py#fig has no caption",
        ),
        (
            "# P\n\n![Alt](demo/a.py#nope)\n/// caption\nC.\n///\n",
            "docs/index.md:3: demo/a.py has no figure 'nope' (it has: fig)",
        ),
        (
            "# P\n\nSee {{ demo/a.py#nope }}.\n",
            "docs/index.md:3: demo/a.py has no value 'nope'",
        ),
        (
            "# P\n\nSee {{ demo/missing.py#x }}.\n",
            "no such snippet",
        ),
        (
            "# P\n\nSee {{ demo/a.py#slope:s }}.\n",
            "cannot format demo/a.py#slope with 's'",
        ),
    ],
    ids=["alt", "caption", "figure", "value", "snippet", "format"],
)
def test_page_errors_name_page_and_line(
    site: Site, page: str, expect: str
) -> None:
    site.page("index.md", page + '\n--8<-- "demo/a.py"\n')
    proc = site.build(ok=False)
    assert expect in proc.stderr


def test_page_must_show_the_code_of_its_snippets(site: Site) -> None:
    site.page("index.md", "# P\n\nSlope {{ demo/a.py#slope }}.\n")
    proc = site.build(ok=False)
    assert "docs/index.md:3: the page uses demo/a.py but does not show" in (
        proc.stderr
    )


def test_undeclared_data_read_fails(site: Site) -> None:
    site.snippet("data/secret.csv", "1\n")
    site.snippet(
        "demo/b.py",
        '''\
        """Reads a data file whose name the key cannot see."""
        import fdl

        name = "".join(["sec", "ret.csv"])
        (fdl.DATA_DIR / name).read_text()
        ''',
    )
    proc = site.build(ok=False)
    assert "read data file(s) secret.csv that the cache key cannot see" in (
        proc.stderr
    )


def test_shared_artefact_is_computed_once_for_concurrent_askers(
    site: Site,
) -> None:
    site.snippet(
        "demo/_train.py",
        '''\
        """An expensive shared result."""
        import random
        import time

        def train(size):
            time.sleep(1.5)
            return {"weights": [1, 2, size], "draw": random.random()}
        ''',
    )
    for name in ("a", "b"):
        site.snippet(
            f"demo/{name}.py",
            '''\
            """Uses the shared artefact."""
            import matplotlib.pyplot as plt
            import fdl
            from demo._train import train

            state = fdl.cached(train, 3)
            fig, ax = plt.subplots()
            fdl.show(fig, "fig")
            fdl.value("slope", sum(state["weights"]))
            fdl.value("draw", state["draw"])
            ''',
        )
    site.page(
        "index.md",
        page_for(
            "demo/a.py",
            "demo/b.py",
            values=("demo/a.py#draw", "demo/b.py#draw"),
        ),
    )
    proc = site.build("--strict")
    assert site.ran(proc) == [
        "demo._train:train(3,)",
        "demo/a.py",
        "demo/b.py",
    ]
    draws = re.findall(r"Value: ([0-9.]+)", site.html())
    assert len(draws) == 2 and draws[0] == draws[1], "one shared result"
    report = site.html("build-report/index.html")
    assert "demo._train.train" in report
    site.snippet(
        "demo/a.py",
        (site.root / "snippets/demo/a.py").read_text() + "# edited\n",
    )
    assert site.ran(site.build("--strict")) == ["demo/a.py"], "kept"


def test_measuring_snippets_run_alone_after_the_others(site: Site) -> None:
    timed = '''\
        """Publishes when it ran (a snippet writes nothing outside)."""
        # snippet: {option}
        import time
        import matplotlib.pyplot as plt
        import torch
        import fdl

        start = time.time()
        time.sleep(0.5)
        fdl.value("start", start)
        fdl.value("end", time.time())
        fdl.value("threads", torch.get_num_threads())
        fig, ax = plt.subplots()
        fdl.show(fig, "fig")
        '''
    names = ["a", "b", "c"]
    for name in names:
        site.snippet(f"demo/{name}.py", timed.format(option="timeout=30"))
    site.snippet("demo/m.py", timed.format(option="measures, threads=2"))
    site.page("index.md", page_for(*(f"demo/{n}.py" for n in [*names, "m"])))
    site.build()
    rows = {}
    for manifest in (site.root / ".cache/snippets/entries").glob(
        "*/manifest.json"
    ):
        data = json.loads(manifest.read_text())
        name = data["meta"]["item"].removeprefix("demo/").removesuffix(".py")
        rows[name] = {
            o["name"]: o["value"]
            for o in data["record"]["outputs"]
            if o["type"] == "value"
        }
    assert rows["m"]["start"] >= max(rows[n]["end"] for n in names)
    assert rows["m"]["threads"] == 2
    assert {rows[n]["threads"] for n in names} == {1}
    assert "(measures)" in site.html("build-report/index.html")


def test_nothing_is_written_into_docs(site: Site) -> None:
    before = sorted(p for p in (site.root / "docs").rglob("*"))
    site.build()
    assert sorted(p for p in (site.root / "docs").rglob("*")) == before


def test_random_numbers_after_a_shared_artefact_do_not_depend_on_who_computed_it(  # noqa: E501
    site: Site,
) -> None:
    site.snippet(
        "demo/_train.py",
        '''\
        """A shared result that consumes random numbers."""
        import torch

        def train():
            return torch.rand(1000).sum().item()
        ''',
    )
    site.snippet(
        "demo/a.py",
        '''\
        """Draws a random number after asking for the artefact."""
        import matplotlib.pyplot as plt
        import torch
        import fdl
        from demo._train import train

        torch.rand(3)
        total = fdl.cached(train)
        fig, ax = plt.subplots()
        fdl.show(fig, "fig")
        fdl.value("slope", torch.rand(1).item() + total)
        ''',
    )
    site.build()
    computed = site.html()
    entries = site.root / ".cache/snippets/entries"
    subprocess.run(["rm", "-rf", str(entries)], check=True)
    assert site.ran(site.build()) == ["demo/a.py", "demo/b.py"]
    assert (
        site.html().split("Value:")[1][:30] == computed.split("Value:")[1][:30]
    )
    standalone = subprocess.run(
        [sys.executable, "snippets/demo/a.py"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**env(), "MPLBACKEND": "agg", "PYTHONPATH": "snippets"},
        timeout=120,
    )
    shown = computed.split("Value:")[1].split("<")[0].strip()
    printed = standalone.stdout.split("slope = ")[1].split()[0]
    assert f"{float(printed):.1f}" == shown  # a run on its own agrees
