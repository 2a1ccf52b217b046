"""Build, serve and open the course site in Debian's chromium.

Shared by the browser tests (``tests/browser/``) and the page-weight
benchmark (``scripts/benchmarks/page_weight.py``); it needs no pytest.
"""

from __future__ import annotations

import functools
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# The browser: FDL_CHROMIUM names one (CI on GitHub's runners: their
# Google Chrome, as apt's chromium there is a snap stub that cannot run
# headless); otherwise Debian's chromium, which scripts/setup installs.
CHROMIUM = Path(os.environ.get("FDL_CHROMIUM") or "/usr/bin/chromium")
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
# Quiet and offline: the browser's own background traffic (updates, sync,
# lookups of outside hosts) is switched off, so that every request seen is
# one the page made.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PALETTES = {"light": "default", "dark": "slate"}  # ours: Material's scheme


def build(site_dir: Path, site_url: str | None = None) -> None:
    """The strict build (``scripts/build``) into ``site_dir``.

    ``site_url`` should be where the site is served: Material's instant
    navigation only takes over links to the host and port of its sitemap.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run(
        [str(REPO / "scripts" / "build"), "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"scripts/build failed:\n{proc.stdout}\n{proc.stderr}"
        )


REPORT_PAGE = "build-report/"  # the engine's generated page (report_page)


def expected_pages() -> list[str]:
    """The pages the site must have, from the sources in ``docs/``."""
    docs = REPO / "docs"
    urls = [REPORT_PAGE, "404.html"]
    for path in docs.rglob("*"):
        if path.suffix not in {".md", ".ipynb"}:
            continue
        if ".ipynb_checkpoints" in path.parts:
            continue
        rel = path.relative_to(docs).with_suffix("").as_posix()
        urls.append("" if rel == "index" else rel + "/")
    return sorted(urls)


def pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root URL."""
    found = [
        p.parent.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("index.html")
    ]
    urls = ["" if f == "." else f + "/" for f in found]
    if (site_dir / "404.html").exists():
        urls.append("404.html")
    return sorted(urls)


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection early is not our error


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free localhost port; yields the root URL.

    The folder is read on each request, so it may be built after this
    starts (with the URL this yields as its ``site_url``).
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright: Any) -> Any:
    """Headless chromium (or FDL_CHROMIUM's browser), driven by Playwright."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(
            f"{CHROMIUM} not found: scripts/setup installs Debian's"
            " chromium, or set FDL_CHROMIUM to a Chrome or Chromium"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )


SCROLL_THROUGH_JS = """async () => {
  const step = Math.max(200, window.innerHeight - 100);
  for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 60));
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await new Promise(resolve => setTimeout(resolve, 60));
  window.scrollTo(0, 0);
}"""


def scroll_through(tab: Any) -> None:
    """Scroll a page from top to bottom and back, as a reader does, so
    that its lazily loaded images load; then wait for the network."""
    tab.evaluate(SCROLL_THROUGH_JS)
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function(
        """() => Array.from(document.images)
            .filter(img => img.checkVisibility())
            .every(img => img.complete)"""
    )


def is_local(url: str, root: str) -> bool:
    """Whether a request stays on the site's own host."""
    return url.startswith((root, "data:", "blob:", "about:"))
