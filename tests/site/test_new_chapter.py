"""CONTRIBUTING's "Add a chapter", followed on a copy of the site: the
steps are all it takes for a strict build and for the tests to see it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import harness
from tests.site import nav
from tests.site.exercises import exercises
from tests.site.test_site import assert_reads_alike, check_outline

pytestmark = pytest.mark.slow

SOURCES = ("mkdocs.yml", "docs", "snippets", "overrides")

# Step 1: the page, as the other chapters read.
PAGE = """\
# A throwaway chapter

This chapter exists only in a test: it checks that the steps in
CONTRIBUTING are all a new chapter needs.

## A straight line

The line rises by {{ new_chapter/demo.py#slope }} for every step to the
right.

![A straight line rising from the origin](new_chapter/demo.py#line)
/// caption
A straight line through the origin.
///

??? example "Code: `new_chapter/demo.py`"
    ```python
    --8<-- "new_chapter/demo.py"
    ```

## Summary

A chapter is a page, its snippets and one line in the nav.

## Exercises

1. Draw a second line with another slope.

    ??? answer "Answer"
        The line above rises by {{ new_chapter/demo.py#slope }}; any other
        slope draws another line through the origin.
"""

# Step 2: its snippets, in snippets/<chapter>/.
SNIPPET = '''\
"""A straight line: the figure of a throwaway chapter."""

# %%
import matplotlib.pyplot as plt

import fdl

fig, ax = plt.subplots(figsize=(4, 3))
ax.plot([0, 1], [0, 2], color=fdl.PALETTE[0])
fdl.show(fig, "line")
fdl.value("slope", 2)
'''

# Step 3: one line in the nav, here in a new part after the others (a part
# the slide deck does not cover, so step 4 has nothing to do).
NAV_ENTRY = '  - "Part 9 · Throwaway":\n      - "9. A throwaway chapter": {}\n'


def _add_to_nav(config: Path, page: str) -> None:
    text = config.read_text()
    about = text.index("  - About:\n")  # the new part goes before About
    config.write_text(text[:about] + NAV_ENTRY.format(page) + text[about:])


def test_a_chapter_added_as_contributing_says_builds(
    built: Path, tmp_path: Path
) -> None:
    """``built`` first: the real site's build leaves the cache warm, so
    only the new snippet can run here (once: its entry stays cached)."""
    copy = tmp_path / "course"
    for name in SOURCES:
        source = harness.REPO / name
        if source.is_dir():
            shutil.copytree(
                source,
                copy / name,
                ignore=shutil.ignore_patterns(
                    "__pycache__", ".ipynb_checkpoints"
                ),
            )
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)

    (copy / "docs" / "new-chapter.md").write_text(PAGE)
    (copy / "snippets" / "new_chapter").mkdir()
    (copy / "snippets" / "new_chapter" / "demo.py").write_text(SNIPPET)
    _add_to_nav(copy / "mkdocs.yml", "new-chapter.md")

    chapters = nav.chapters(copy / "mkdocs.yml")
    assert [c.page for c in chapters] == [
        *(c.page for c in nav.chapters()),
        "new-chapter.md",
    ]
    assert chapters[-1].part == 9
    check_outline(chapters)  # step 4: not a deck part, nothing to map

    # The repository's cache, wherever the copy is: its keys name snippets
    # relative to snippets/, so every snippet but the new one is a hit.
    cache = harness.REPO / os.environ.get("FDL_CACHE_DIR", ".cache/snippets")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", FDL_CACHE_DIR=str(cache))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    counts = re.search(r"snippets: \d+ \((\d+) run, \d+ cached", proc.stderr)
    assert counts, proc.stderr
    assert int(counts[1]) <= 1, f"only demo.py may miss: {counts[0]}"

    html = (copy / "site" / "new-chapter" / "index.html").read_text()
    assert_reads_alike(html, "new-chapter.md")
    (exercise,) = exercises(PAGE)  # each exercise with its one answer
    assert len(exercise.answers) == 1
    assert html.count('<details class="answer"') == 1
    figures = re.findall(r'<img[^>]*src="([^"]*new_chapter/demo[^"]*)"', html)
    assert figures, "the chapter's figure is not on its page"
    for src in figures:  # one per palette: "...light.svg#only-light"
        path = copy / "site" / "new-chapter" / src.split("#")[0]
        assert path.resolve().is_file(), src
    assert "rises by 2 for every step" in html
    assert "9. A throwaway chapter" in html  # in the site's navigation
