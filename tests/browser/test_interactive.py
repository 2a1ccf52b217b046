"""What a reader moves and reads: sliders, math, and the page weight.

Each page is reached through the site's own navigation (instant loading
included), every slider is moved with the keyboard in both palettes, math
renders in both palettes, and the first load stays within budget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser import harness
from tests.browser.conftest import Visit
from tests.site.nav import chapters

pytestmark = pytest.mark.slow

# bytes a reader downloads reading a whole page once, top to bottom: the
# HTML, styles, scripts, search index and the figures of the reader's
# palette (figures load lazily: the hidden palette's never, a collapsed
# answer's only when opened)
FIRST_LOAD_BUDGET = 1_500_000
PART_3 = [c.page.removesuffix(".md") + "/" for c in chapters() if c.part == 3]
CHAPTER_PAGES = [c.page.removesuffix(".md") + "/" for c in chapters()]

SLIDERS_JS = """() => Array.from(document.querySelectorAll('.fdl-slider'))
  .map(box => {
    const input = box.querySelector('input[type=range]');
    const label = box.querySelector('label');
    return {id: input.id, name: label && label.htmlFor === input.id
      ? label.textContent.trim() : '', value: input.value,
      max: input.max, shown: box.querySelector('output').textContent};
  })"""
VISIBLE_FRAME_JS = """id => {
  const img = Array.from(document.querySelectorAll(
    'img[data-frames-id="' + id.replace(/^frames-/, '') + '"]'))
    .find(i => i.checkVisibility());
  return img ? {src: img.getAttribute('src'), loaded: img.complete
    && img.naturalWidth > 0} : null;
}"""
MATH_JS = """() => Array.from(document.querySelectorAll('article math'))
  .map(m => {
    const box = m.getBoundingClientRect();
    return {width: box.width, height: box.height,
            colour: getComputedStyle(m).color,
            text: getComputedStyle(m.closest('p, li, div, td')).color};
  })"""


def _reach_through_nav(tab: Any, page: str) -> None:
    """Open the home page, then follow the nav's link to ``page``."""
    link = tab.locator(f'nav.md-nav--primary a[href$="{page}"]').first
    if not link.is_visible():
        tab.set_viewport_size(harness.DESKTOP)
    link.click()
    tab.wait_for_url(f"**/{page}")
    tab.wait_for_load_state("networkidle")
    harness.scroll_through(tab)  # figures load lazily, as read


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_sliders_move_with_the_keyboard(
    page: str, palette: str, visit: Callable[..., Visit], site_url: str
) -> None:
    seen = visit("", palette)
    tab = seen.page
    _reach_through_nav(tab, page)
    sliders = tab.evaluate(SLIDERS_JS)
    if page in PART_3:
        assert sliders, f"{page}: no figure the reader can move"
    for slider in sliders:
        assert slider["name"], f"{slider['id']}: slider without a name"
        tab.wait_for_function(  # instant navigation loads images late
            f"id => ({VISIBLE_FRAME_JS})(id)?.loaded", arg=slider["id"]
        )
        before = tab.evaluate(VISIBLE_FRAME_JS, slider["id"])
        assert before and before["loaded"], slider
        handle = tab.locator(f"#{slider['id']}")
        handle.focus()
        key = "ArrowLeft" if slider["value"] == slider["max"] else "ArrowRight"
        handle.press(key)
        tab.wait_for_function(
            "([id, src]) => { const img = Array.from("
            "document.querySelectorAll('img[data-frames-id=\"' + "
            "id.replace(/^frames-/, '') + '\"]')).find(i => "
            "i.checkVisibility()); return img && img.getAttribute('src') "
            "!== src && img.complete && img.naturalWidth > 0; }",
            arg=[slider["id"], before["src"]],
        )
        after = tab.evaluate(SLIDERS_JS)
        moved = next(s for s in after if s["id"] == slider["id"])
        assert moved["value"] != slider["value"]
        assert moved["shown"] != slider["shown"], "printed value unchanged"
        frame = tab.evaluate(VISIBLE_FRAME_JS, slider["id"])
        assert frame["src"].endswith(f"#only-{palette}")
    assert seen.off_site(site_url) == []
    assert seen.console_errors == []


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_math_renders_in_both_palettes(
    page: str, palette: str, visit: Callable[..., Visit]
) -> None:
    tab = visit(page, palette).page
    for item in tab.evaluate(MATH_JS):
        assert item["width"] > 0 and item["height"] > 0, item
        assert item["colour"] == item["text"], "math in another colour"


@pytest.mark.parametrize("page", CHAPTER_PAGES)
def test_first_load_stays_within_budget(
    page: str, chromium: Any, site_url: str
) -> None:
    context = chromium.new_context(viewport=harness.DESKTOP)
    sizes: list[int] = []

    def on_response(response: Any) -> None:
        try:
            sizes.append(len(response.body()))
        except Exception:  # noqa: BLE001 - redirects have no body
            pass

    try:
        tab = context.new_page()
        tab.on("response", on_response)
        tab.goto(site_url + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        harness.scroll_through(tab)  # a reader who reads it all
    finally:
        context.close()
    assert sum(sizes) <= FIRST_LOAD_BUDGET, f"{page}: {sum(sizes):,} bytes"
