"""Every page in a real browser: loads clean, stays private, is accessible.

Each page is opened at desktop width in both palettes (the palette follows
the system preference, emulated here) and at phone width; each visit leaves
a full-page screenshot in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import harness
from tests.browser.conftest import SCREENSHOTS, Visit, slug

pytestmark = pytest.mark.slow

PAGES = harness.expected_pages()
IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.getAttribute('src') || '',
    alt: img.getAttribute('alt'),
    visible: img.checkVisibility(),
    loaded: img.complete && img.naturalWidth > 0,
    collapsed: img.closest('details:not([open])') !== null,
}))"""
AXE_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
    }));
}"""
BLOCKING = {"serious", "critical"}


def test_every_built_page_is_tested(site_dir: Path) -> None:
    assert harness.pages(site_dir) == PAGES


def _figure_problems(images: list[dict[str, Any]], palette: str) -> list[str]:
    problems = []
    shown = "#only-" + palette
    hidden = "#only-" + ("dark" if palette == "light" else "light")
    for img in images:
        src = img["src"]
        if img["collapsed"]:  # in a closed answer: loads when opened
            if img["visible"]:
                problems.append(f"a collapsed figure is shown: {src}")
            continue
        if img["visible"] and not img["loaded"]:
            problems.append(f"image did not load: {src}")
        if src.endswith(hidden) and img["visible"]:
            problems.append(f"other palette's figure is shown: {src}")
        if src.endswith(shown) and not img["visible"]:
            problems.append(f"this palette's figure is hidden: {src}")
        alt = (img["alt"] or "").strip()
        name = src.rsplit("/", 1)[-1].split(".", 1)[0]
        if len(alt.split()) < 3 or alt.lower() == name.lower():
            problems.append(f"no meaningful alt text: {src} (alt={alt!r})")
    light = sum(i["src"].endswith("#only-light") for i in images)
    dark = sum(i["src"].endswith("#only-dark") for i in images)
    if light != dark:
        problems.append(f"{light} light figures but {dark} dark ones")
    return problems


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(
    page: str,
    palette: str,
    visit: Callable[..., Visit],
    site_url: str,
    axe_script: Path,
    report: dict[str, Any],
) -> None:
    seen = visit(page, palette)
    tab = seen.page
    scheme = tab.get_attribute("body", "data-md-color-scheme")
    images = tab.evaluate(IMAGES_JS)
    tab.add_script_tag(path=str(axe_script))
    violations = tab.evaluate(AXE_JS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(
        path=SCREENSHOTS / f"desktop-{palette}-{slug(page)}.png",
        full_page=True,
    )
    off_site = seen.off_site(site_url)
    report[f"{page or '/'} [{palette}]"] = {
        "axe": violations,
        "off_site_requests": off_site,
        "requests": len(seen.requests),
    }

    assert scheme == harness.PALETTES[palette], "palette ignores the system"
    assert off_site == [], "requests left the site"
    assert seen.console_errors == [], "console errors"
    assert seen.failed == [], "failed requests"
    assert _figure_problems(images, palette) == []
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], "axe: serious or critical violations"


@pytest.mark.parametrize("page", PAGES)
def test_page_on_a_phone(page: str, visit: Callable[..., Visit]) -> None:
    seen = visit(page, "light", viewport="phone")
    tab = seen.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(
        path=SCREENSHOTS / f"phone-light-{slug(page)}.png", full_page=True
    )
    overflow = tab.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert seen.console_errors == []
    assert overflow <= 0, f"the page is {overflow}px wider than a phone"
