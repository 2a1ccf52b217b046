"""Notebooks run through the engine; snippets download as bundles."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from snippet_engine.bundles import make_bundle, to_notebook
from snippet_engine.notebooks import render_math
from tests.engine.conftest import Site

REPO = Path(__file__).resolve().parents[2]

NOTEBOOK_YML = """\
site_name: Fixture
theme: {name: mkdocs}
nav: [index.md, nb.ipynb]
plugins:
  - snippet-engine
  - mkdocs-jupyter: {include: ["*.ipynb"], include_source: true}
"""


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": kind, "metadata": {}, "source": text}
                | (
                    {"outputs": [], "execution_count": None}
                    if kind == "code"
                    else {}
                )
                for kind, text in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.mark.slow
def test_notebook_runs_through_the_engine_and_renders(site: Site) -> None:
    site.write("mkdocs.yml", NOTEBOOK_YML)
    site.page("index.md", "# Home\n")
    site.page(
        "nb.ipynb",
        _notebook(
            ("markdown", "# A notebook\n\nMath: $a^2 + b^2$."),
            ("code", "import matplotlib.pyplot as plt\nx = 41\nx + 1"),
            ("code", "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()"),
        ),
    )
    proc = site.build("--strict")
    assert site.ran(proc) == ["docs/nb.ipynb"]
    html = site.html("nb/index.html")
    assert "42" in html
    assert "<math" in html and "mathjax" not in html.lower()
    assert "#only-light" in html and "#only-dark" in html
    assert "mermaid.esm" not in html  # nbconvert's CDN loader is gone
    assert site.ran(site.build()) == []


@pytest.mark.slow
def test_failing_cell_fails_the_build_naming_the_cell(site: Site) -> None:
    site.write("mkdocs.yml", NOTEBOOK_YML)
    site.page("index.md", "# Home\n")
    site.page(
        "nb.ipynb",
        _notebook(
            ("code", "a = 1"), ("code", "b = 2\nraise KeyError('gone')")
        ),
    )
    proc = site.build(ok=False)
    assert "docs/nb.ipynb: notebook failed" in proc.stderr
    assert "(cell 2), line 2:" in proc.stderr
    assert "KeyError: 'gone'" in proc.stderr


def test_course_notebooks_are_committed_without_outputs() -> None:
    for path in (REPO / "docs").rglob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        for cell in cells:
            assert not cell.get("outputs"), f"{path} has outputs"
            assert cell.get("execution_count") is None, path


def test_math_becomes_mathml() -> None:
    html = render_math(
        "Inline $x_1$ and display $$\\frac{a}{b}$$ but $5 is money"
    )
    assert html.count("<math") == 2
    assert 'display="block"' in html
    assert "$5 is money" in html


def test_snippet_becomes_notebook_cells() -> None:
    source = '"""What it shows."""\n\n# %%\nimport fdl\n\n# %%\nx = 1\n'
    cells = to_notebook(source)["cells"]
    assert [(c["cell_type"], c["source"]) for c in cells] == [
        ("markdown", "What it shows."),
        ("code", "import fdl"),
        ("code", "x = 1"),
    ]


def test_bundle_runs_on_its_own_and_is_deterministic(tmp_path: Path) -> None:
    snippets = REPO / "snippets"
    snippet = "dl_is_ml/nesting.py"
    files = [snippets / "fdl.py"]
    first = make_bundle(snippet, snippets, files, ["matplotlib", "torch"])
    assert first == make_bundle(
        snippet, snippets, files, ["matplotlib", "torch"]
    )
    (tmp_path / "b.zip").write_bytes(first)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "bundle")
    assert {"fdl.py", snippet, "nesting.ipynb", "README.txt"} <= names
    isolate = (
        "import sys; sys.path = [p for p in sys.path "
        "if not p.rstrip('/').endswith('snippets')]; sys.path.insert(0, '.')\n"
        "import runpy\n"
        "runpy.run_module('dl_is_ml.nesting', run_name='__main__')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", isolate],
        cwd=tmp_path / "bundle",
        capture_output=True,
        text=True,
        timeout=120,
        env={"MPLBACKEND": "agg", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "[figure 'nesting' drawn" in proc.stdout
