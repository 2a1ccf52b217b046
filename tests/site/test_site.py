"""The real site: its outline, its pages, and deterministic snippets."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from snippet_engine.keys import parse_options
from snippet_engine.pages import scan_page
from tests.browser import harness
from tests.site import nav

REPO = harness.REPO
DOCS = REPO / "docs"
SNIPPETS = REPO / "snippets"
CHAPTERS = [chapter.page for chapter in nav.chapters()]  # mkdocs.yml's nav

pytestmark = pytest.mark.slow


def _outline_files() -> dict[str, dict[str, Any]]:
    return {
        path.name: tomllib.loads(path.read_text())
        for path in sorted(Path(__file__).parent.glob("outline_*.toml"))
    }


def _outline() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    headings: list[dict[str, str]] = []
    excluded: list[dict[str, str]] = []
    for data in _outline_files().values():
        headings += data["heading"]
        excluded += data.get("excluded", [])
    return headings, excluded


def _html(site: Path, page: str) -> str:
    return (site / page.removesuffix(".md") / "index.html").read_text()


def check_outline(chapters: list[nav.Chapter]) -> None:
    """Each outline file maps slides only to chapters of its ``nav_parts``,
    and every chapter of those parts has a slide. Chapters of other parts
    are not from the deck: the outline does not name them."""
    assert chapters, "mkdocs.yml's nav declares no chapter"
    covered: set[str] = set()
    deck_parts: set[int] = set()
    for name, data in _outline_files().items():
        parts = set(data["nav_parts"])
        assert parts and not parts & deck_parts, f"{name}: nav_parts"
        deck_parts |= parts
        mine = {c.page for c in chapters if c.part in parts}
        for item in data["heading"]:
            assert item["page"] in mine, (
                f"{name}: slide {item['slide']!r} maps to {item['page']},"
                f" not a chapter of nav part(s) {sorted(parts)}"
            )
            covered.add(item["page"])
    deck = {c.page for c in chapters if c.part in deck_parts}
    assert deck - covered == set(), "deck chapters without slides"


def test_the_outline_covers_the_deck_chapters_of_the_nav() -> None:
    check_outline(nav.chapters())


def test_every_slide_heading_maps_to_a_section(built: Path) -> None:
    headings, excluded = _outline()
    assert len(headings) >= 25, "the curated outline lost headings"
    for item in headings:
        html = _html(built, item["page"])
        assert re.search(rf'<h[1-4][^>]*id="{item["anchor"]}"', html), (
            f"slide {item['slide']!r}: no section #{item['anchor']} "
            f"on {item['page']}"
        )
    for item in excluded:
        assert item["text"] and item["why"], item


def test_every_snippet_is_placed_on_a_page() -> None:
    used: set[str] = set()
    for page in DOCS.rglob("*.md"):
        used |= scan_page(page.read_text(), str(page)).snippets
    snippets = {
        p.relative_to(SNIPPETS).as_posix()
        for p in SNIPPETS.glob("*/*.py")
        if not p.name.startswith("_")
    }
    assert snippets - used == set(), "snippets that no page shows"
    assert used - snippets == set(), "pages name missing snippets"


def assert_reads_alike(html: str, page: str) -> None:
    """A chapter's built page: an introduction, sections, a summary and
    exercises; no unplaced syntax; real alt text."""
    article = html[html.index("<article") :]
    first_h2 = article.index("<h2")
    assert "<p>" in article[:first_h2], "no introduction before sections"
    ids = re.findall(r'<h2 id="([^"]+)"', article)
    assert ids[-2:] == ["summary", "exercises"], ids
    text = re.sub(r"<(code|pre)[^>]*>.*?</\1>", "", article, flags=re.S)
    assert ".py#" not in text and "{{" not in text, "unplaced syntax"
    for alt in re.findall(r'<img[^>]*alt="([^"]*)"', article):
        assert len(alt) > 10, f"short alt text {alt!r} on {page}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapters_read_alike(built: Path, page: str) -> None:
    assert_reads_alike(_html(built, page), page)


def test_snippets_are_deterministic_across_cold_builds(
    built: Path, tmp_path: Path
) -> None:
    """A second build with an empty cache gives the same figures and
    downloads (content-hashed names), measuring snippets aside."""
    os.environ["FDL_CACHE_DIR"] = str(tmp_path / "cache")
    try:
        harness.build(tmp_path / "site")
    finally:
        del os.environ["FDL_CACHE_DIR"]
    measuring = {
        p.relative_to(SNIPPETS).with_suffix("").as_posix()
        for p in SNIPPETS.glob("*/*.py")
        if parse_options(p.read_text(), p).measures
    }

    def outputs(site: Path) -> dict[str, bytes]:
        found = {}
        for folder in ("figures", "downloads"):
            for path in (site / folder).rglob("*.*"):
                rel = path.relative_to(site / folder).as_posix()
                stem = (
                    rel.split("/")[0] + "/" + rel.split("/")[1].split(".")[0]
                )
                if stem not in measuring:
                    found[rel] = path.read_bytes()
        return found

    first, second = outputs(built), outputs(tmp_path / "site")
    assert len(first) > 40
    assert first.keys() == second.keys()
    assert first == second
