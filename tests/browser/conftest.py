"""The built course site, served on localhost and opened in chromium.

One strict build per session (``scripts/build`` into a temporary folder, so
a concurrent build of ``site/`` cannot pull pages from under the tests; with
a warm snippet cache it takes seconds). Each test opens pages in a fresh
browser context; :func:`visit` records what a page did while loading.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser import harness

ARTIFACTS = harness.REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def slug(page: str) -> str:
    return page.strip("/").replace("/", "-").replace(".html", "") or "home"


@pytest.fixture(scope="session")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, str]]:
    """The site built for, and served at, a free localhost port."""
    site = tmp_path_factory.mktemp("browser") / "site"
    with harness.serve(site) as url:
        harness.build(site, site_url=url)
        yield site, url


@pytest.fixture(scope="session")
def site_dir(served: tuple[Path, str]) -> Path:
    return served[0]


@pytest.fixture(scope="session")
def site_url(served: tuple[Path, str]) -> str:
    return served[1]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not harness.CHROMIUM.exists():
        message = (
            f"{harness.CHROMIUM} is missing: run scripts/setup as root, or"
            " set FDL_CHROMIUM to a Chrome or Chromium"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not harness.AXE.exists():
        pytest.fail(f"{harness.AXE} is missing: scripts/setup installs it")
    return harness.AXE


@dataclass
class Visit:
    """A page opened in its own context, and what it did while loading."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def off_site(self, root: str) -> list[str]:
        return [u for u in self.requests if not harness.is_local(u, root)]


@pytest.fixture
def visit(chromium: Any, site_url: str) -> Iterator[Callable[..., Visit]]:
    contexts: list[Any] = []

    def open_page(
        page: str, palette: str = "light", viewport: str = "desktop"
    ) -> Visit:
        context = chromium.new_context(
            viewport=harness.PHONE if viewport == "phone" else harness.DESKTOP,
            color_scheme=palette,
        )
        contexts.append(context)
        tab = context.new_page()
        seen = Visit(tab, site_url + page)
        context.on("request", lambda r: seen.requests.append(r.url))
        context.on(
            "requestfailed",
            lambda r: seen.failed.append(f"{r.url}: {r.failure}"),
        )

        def on_response(response: Any) -> None:
            if response.status >= 400:
                seen.failed.append(f"{response.url}: HTTP {response.status}")

        def on_console(message: Any) -> None:
            if message.type == "error":
                seen.console_errors.append(message.text)

        context.on("response", on_response)
        tab.on("console", on_console)
        tab.on("pageerror", lambda e: seen.console_errors.append(str(e)))
        tab.goto(seen.url, wait_until="load")
        tab.wait_for_load_state("networkidle")
        harness.scroll_through(tab)  # figures load lazily, as read
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def report() -> Iterator[dict[str, Any]]:
    """Per page and palette: axe findings and off-site requests."""
    results: dict[str, Any] = {}
    yield results
    if results:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / "browser-report.json"
        path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
