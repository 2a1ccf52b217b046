"""Every code listing of the real site offers its download, outside the
code, and the download is the snippet's zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from snippet_engine.pages import scan_page
from tests.browser import harness
from tests.browser.conftest import Visit

pytestmark = pytest.mark.slow

DOCS = harness.REPO / "docs"
LISTINGS_JS = """() => Array.from(
    document.querySelectorAll('article details.example')
).map(d => ({
    summary: d.querySelector('summary').textContent.trim(),
    links: Array.from(d.querySelectorAll('a[href$=".zip"]')).map(a => ({
        href: a.getAttribute('href'),
        inCode: a.closest('pre, code') !== null,
    })),
    codeMentions: Array.from(d.querySelectorAll('pre')).filter(
        p => /Download|\\.zip/.test(p.textContent)).length,
}))"""


def _placed(page: Path) -> tuple[set[str], set[str]]:
    """The snippets a page runs, and the files its code includes show
    (the runs, plus helper modules, which travel inside the bundles)."""
    scan = scan_page(page.read_text(), str(page))
    return scan.snippets, scan.includes


PAGES = {
    (
        ""
        if p.stem == "index"
        else p.relative_to(DOCS).with_suffix("").as_posix() + "/"
    ): p
    for p in sorted(DOCS.rglob("*.md"))
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_code_listing_has_one_download_outside_the_code(
    page: str, visit: Callable[..., Visit]
) -> None:
    placed, includes = _placed(PAGES[page])
    seen = visit(page)
    tab = seen.page
    listings = tab.evaluate(LISTINGS_JS)
    assert len(listings) <= len(includes), listings
    outside = tab.evaluate(
        "() => Array.from(document.querySelectorAll('article pre'))"
        ".filter(p => /Download `|\\.zip/.test(p.textContent)).length"
    )
    assert outside == 0, "a download link was rendered as code"
    hrefs = []
    for listing in listings:
        assert all(not link["inCode"] for link in listing["links"]), listing
        assert listing["codeMentions"] == 0, listing
        hrefs += [link["href"] for link in listing["links"]]
    names = [h.split("downloads/", 1)[1].removesuffix(".zip") for h in hrefs]
    assert sorted(names) == sorted(s.removesuffix(".py") for s in placed)
    tab.evaluate(  # a listing, and the answer that may hold it
        "() => document.querySelectorAll('article details')"
        ".forEach(d => d.open = true)"
    )
    for href in hrefs:
        link = tab.locator(f'details.example a[href="{href}"]')
        with tab.expect_download() as waiting:
            link.click()
        download = waiting.value
        assert download.suggested_filename.endswith(".zip")
        data = Path(download.path()).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            snippet = href.split("downloads/", 1)[1].replace(".zip", ".py")
            assert snippet in archive.namelist()
            assert "requirements.txt" in archive.namelist()
