"""The reader's features, used as a reader would: palette, search, lightbox,
instant navigation, and the theme's page furniture."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser import harness
from tests.browser.conftest import Visit
from tests.site.nav import chapters

pytestmark = pytest.mark.slow

# Chapter pages: the nav's (tests/site/nav.py), each with figures.
CHAPTERS = [c.page.removesuffix(".md") + "/" for c in chapters()]
FIGURES_JS = """(suffix) => Array.from(document.querySelectorAll(
    `img[src$="${suffix}"]`))
    .filter(img => !img.closest('details:not([open])'))  // a closed answer
    .map(img => ({
        visible: img.checkVisibility(),
        loaded: img.complete && img.naturalWidth > 0}))"""


def _figures(visit: Visit, palette: str) -> list[dict[str, bool]]:
    result: list[dict[str, bool]] = visit.page.evaluate(
        FIGURES_JS, f"#only-{palette}"
    )
    return result


@pytest.mark.parametrize("page", CHAPTERS)
def test_palette_toggle_swaps_every_figure(
    page: str, visit: Callable[..., Visit]
) -> None:
    seen = visit(page, "light")
    tab = seen.page
    light = _figures(seen, "light")
    assert light, "a chapter without generated figures"
    assert all(f["visible"] and f["loaded"] for f in light)
    assert not any(f["visible"] for f in _figures(seen, "dark"))

    tab.locator("label.md-header__button[for^='__palette']:visible").click()
    tab.wait_for_selector("body[data-md-color-scheme='slate']")
    harness.scroll_through(tab)  # the dark figures load as they show
    dark = _figures(seen, "dark")
    assert len(dark) == len(light)
    assert all(f["visible"] and f["loaded"] for f in dark)
    assert not any(f["visible"] for f in _figures(seen, "light"))

    tab.reload(wait_until="load")  # the reader's choice is remembered
    assert tab.get_attribute("body", "data-md-color-scheme") == "slate"
    assert seen.console_errors == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("GPU", "why-dl/"), ("feature extraction", "dl-vs-ml/")],
)
def test_search_finds(
    query: str, expected: str, visit: Callable[..., Visit], site_url: str
) -> None:
    seen = visit("")
    tab = seen.page
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    tab.wait_for_selector(".md-search-result__item", timeout=15_000)
    hrefs = tab.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link",
        "links => links.map(a => a.href)",
    )
    assert any(h.startswith(site_url + expected) for h in hrefs), hrefs
    assert seen.console_errors == []


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_lightbox_shows_the_palette_s_figures(
    palette: str, visit: Callable[..., Visit]
) -> None:
    seen = visit(CHAPTERS[0], palette)
    tab = seen.page
    shown = f"#only-{palette}"
    # the gallery holds every figure of the palette, closed answers' too
    count = tab.locator(f"a.glightbox img[src$='{shown}']").count()
    tab.locator(f"a.glightbox:has(img[src$='{shown}'])").first.click()
    slide = tab.locator(".glightbox-container .gslide.current img")
    slide.wait_for(state="visible")
    assert (slide.get_attribute("src") or "").endswith(shown)
    assert tab.locator(".glightbox-container .gslide").count() == count
    tab.keyboard.press("Escape")
    tab.locator(".glightbox-container").wait_for(state="detached")
    assert seen.console_errors == []


def test_navigation_is_instant(
    visit: Callable[..., Visit], site_url: str
) -> None:
    seen = visit("")
    tab = seen.page
    tab.evaluate("() => { window.__sameDocument = true; }")
    target = "dl-is-ml/"
    # Material rewrites links to absolute URLs for instant navigation.
    tab.locator(f".md-content a[href='{site_url}{target}']").first.click()
    tab.wait_for_url(site_url + target)
    tab.wait_for_selector(".md-content figure img")
    assert tab.evaluate("() => window.__sameDocument === true")
    assert seen.console_errors == []


def _html(site_dir: Path, page: str) -> str:
    return (site_dir / page / "index.html").read_text()


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_has_edit_link_and_date(site_dir: Path, page: str) -> None:
    html = _html(site_dir, page)
    edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert edit, "no 'edit this page' link"
    assert edit[1].endswith(f"/edit/main/docs/{page.rstrip('/')}.md")
    assert "git-revision-date-localized-plugin" in html, "no last-updated"


def test_no_live_repository_facts(site_dir: Path) -> None:
    """The repository link stays static (no GitHub API call for stars)."""
    html = _html(site_dir, "")
    assert 'class="md-source"' in html
    assert 'data-md-component="source"' not in html


def test_home_page_maps_the_course(site_dir: Path) -> None:
    html = _html(site_dir, "")
    content = html[html.index('<article class="md-content__inner') :]
    for page in harness.expected_pages():
        if page in {"", "404.html"}:
            continue
        assert f'href="{page}"' in content, f"home page omits {page}"
    assert "How the figures are made" in content
