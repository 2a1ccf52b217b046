"""A linked term as a reader meets it: the definition on hover with a
mouse, the glossary entry on a tap with a phone."""

from __future__ import annotations

from typing import Any

import pytest

from glossary.terms import load
from tests.browser import harness

pytestmark = pytest.mark.slow

DEFINITIONS = {
    t.anchor: t.definition
    for t in load(harness.REPO / "docs" / "glossary.toml")
}
PAGE = "neurons/"


def test_hovering_a_term_shows_its_definition(
    chromium: Any, site_url: str
) -> None:
    context = chromium.new_context(viewport=harness.DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site_url + PAGE, wait_until="networkidle")
        link = tab.locator("article a.glossary").nth(3)
        anchor = link.get_attribute("href").rsplit("#", 1)[1]
        link.scroll_into_view_if_needed()
        link.hover()
        tooltip = tab.locator(".md-tooltip2, .md-tooltip").filter(
            has_text=DEFINITIONS[anchor][:40]
        )
        tooltip.first.wait_for(state="visible", timeout=5000)
    finally:
        context.close()


def test_tapping_a_term_on_a_phone_opens_its_entry(
    chromium: Any, site_url: str
) -> None:
    context = chromium.new_context(
        viewport=harness.PHONE, is_mobile=True, has_touch=True
    )
    try:
        tab = context.new_page()
        tab.goto(site_url + PAGE, wait_until="networkidle")
        link = tab.locator("article a.glossary").nth(3)
        anchor = link.get_attribute("href").rsplit("#", 1)[1]
        link.scroll_into_view_if_needed()
        link.tap()
        tab.wait_for_url(f"**/glossary/#{anchor}")
        entry = tab.locator(f"#{anchor}")
        entry.wait_for(state="visible")
        definition = entry.locator("xpath=following-sibling::p[1]")
        assert definition.inner_text().strip() == DEFINITIONS[anchor]
        box = entry.bounding_box()
        assert box is not None and 0 <= box["y"] < harness.PHONE["height"]
    finally:
        context.close()
