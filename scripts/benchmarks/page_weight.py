"""Bytes each page transfers on a first load, measured in a real browser.

Builds the site (``scripts/build`` into a temporary folder, or takes
``--site DIR``), serves it on localhost and opens every page in a fresh
chromium context (empty cache), scrolls it from top to bottom as a reader
does, and counts the bytes of every response the page's network events
report until the network is idle: HTML, styles, scripts, the search index,
and the figures of the reader's palette (figures load lazily: the hidden
palette's never, a collapsed answer's only when opened). Budget: 1.5 MB
per chapter page. For a page over
budget it names the heaviest figures, for the chapter's author.

The bytes are as a plain server sends them (no compression); the ``gzip``
column estimates what a compressing host such as GitHub Pages sends.

Usage: scripts/bench --weight [--site DIR] [--json PATH] [--strict]
(it runs this module from the repository root, where ``tests`` is found).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.browser import harness

BUDGET = 1_500_000  # bytes per chapter page, first load
HEAVY = 150_000  # a figure (both palettes) above this is named
DATA_IMAGE = re.compile(r"data:image/[\w+.-]+;base64,[A-Za-z0-9+/=]+")
NOT_CHAPTERS = {
    "",
    "credits/",
    "glossary/",
    "404.html",
    harness.REPORT_PAGE,
}


def measure(browser: Any, root: str, page: str) -> list[dict[str, Any]]:
    """Every response of one first load: URL, type and bytes."""
    context = browser.new_context(viewport=harness.DESKTOP)
    loaded: list[dict[str, Any]] = []

    def finished(request: Any) -> None:
        sizes = request.sizes()
        loaded.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "bytes": sizes["responseBodySize"]
                + sizes["responseHeadersSize"],
            }
        )

    context.on("requestfinished", finished)
    tab = context.new_page()
    tab.goto(root + page, wait_until="load")
    tab.wait_for_load_state("networkidle")
    harness.scroll_through(tab)  # figures load lazily, as the page is read
    context.close()
    return loaded


def gzipped(site_dir: Path, root: str, url: str) -> int:
    """The gzip size of the file a local URL serves (0 if none)."""
    path = unquote(urlsplit(url).path)
    target = site_dir / path.lstrip("/")
    if url.startswith(root) and target.is_dir():
        target = target / "index.html"
    if not url.startswith(root) or not target.is_file():
        return 0
    return len(gzip.compress(target.read_bytes(), compresslevel=6))


def figure_name(url: str) -> str | None:
    """``chapter/figure`` for a generated figure's URL, else None."""
    parts = urlsplit(url).path.split("/")
    if "figures" not in parts or not parts[-1].endswith(".svg"):
        return None
    i = parts.index("figures")
    return "/".join(parts[i + 1 : i + 3])


def embedded(site_dir: Path, page: str) -> list[int]:
    """Sizes of the large images inlined in a page (notebook outputs)."""
    path = site_dir / (page if page.endswith(".html") else page + "index.html")
    found = DATA_IMAGE.findall(path.read_text(encoding="utf-8"))
    return sorted((len(m) for m in found if len(m) >= HEAVY), reverse=True)


def run(site_dir: Path, build: bool) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results = []
    with harness.serve(site_dir) as root, sync_playwright() as playwright:
        if build:
            harness.build(site_dir, site_url=root)
        browser = harness.launch(playwright)
        for page in harness.pages(site_dir):
            loaded = measure(browser, root, page)
            figures: dict[str, int] = defaultdict(int)
            for item in loaded:
                name = figure_name(item["url"])
                if name:
                    figures[name] += item["bytes"]
            results.append(
                {
                    "page": page or "/",
                    "chapter": page not in NOT_CHAPTERS,
                    "requests": len(loaded),
                    "off_site": sum(
                        not harness.is_local(i["url"], root) for i in loaded
                    ),
                    "bytes": sum(i["bytes"] for i in loaded),
                    "gzip": sum(
                        gzipped(site_dir, root, i["url"]) for i in loaded
                    ),
                    "figure_bytes": sum(figures.values()),
                    "figures": dict(
                        sorted(figures.items(), key=lambda kv: -kv[1])
                    ),
                    "embedded_images": embedded(site_dir, page),
                }
            )
        browser.close()
    return results


def report(results: list[dict[str, Any]]) -> list[str]:
    """Print the table; return the pages over budget."""
    print(
        f"{'page':34} {'requests':>8} {'bytes':>11} {'figures':>11} "
        f"{'gzip':>10}  budget {BUDGET / 1e6:.1f} MB"
    )
    over = []
    for r in results:
        verdict = "-"
        if r["chapter"]:
            verdict = "ok" if r["bytes"] <= BUDGET else "OVER"
        if verdict == "OVER":
            over.append(r["page"])
        print(
            f"{r['page']:34} {r['requests']:>8} {r['bytes']:>11,} "
            f"{r['figure_bytes']:>11,} {r['gzip']:>10,}  {verdict}"
        )
        if r["off_site"]:
            print(f"  {r['off_site']} request(s) left the site")
    for r in results:
        if r["page"] not in over:
            continue
        print(f"\n{r['page']}: {r['bytes']:,} bytes; heaviest figures:")
        for name, size in r["figures"].items():
            if size >= HEAVY:
                print(f"  {name:50} {size:>10,} (light + dark)")
        for i, size in enumerate(r["embedded_images"], 1):
            print(f"  {f'image {i} inlined in the page':50} {size:>10,}")
    return over


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if over budget"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site or Path(tmp) / "site"
        results = run(site_dir, build=args.site is None)
    over = report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
