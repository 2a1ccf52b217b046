"""Every download of the real site runs on its own and prints the page's
numbers, with requirements that name real, pinned distributions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from snippet_engine.keys import parse_options
from snippet_engine.pages import format_value, scan_page
from tests.browser import harness

pytestmark = pytest.mark.slow

DOCS = harness.REPO / "docs"
SNIPPETS = harness.REPO / "snippets"
# The bundle's folder first, and none of the repository's snippets: the
# project's interpreter puts snippets/ on its path through a .pth file.
ISOLATED = (
    "import runpy, sys\n"
    "sys.path = [p for p in sys.path if not p.rstrip('/').endswith("
    "'snippets')]\n"
    "sys.path.insert(0, '.')\n"
    "runpy.run_module(sys.argv[1], run_name='__main__')\n"
)
_PRINTED = re.compile(r"^(?P<name>[\w-]+) = (?P<value>.*)$")


def _page_values() -> dict[str, list[tuple[str, str, str]]]:
    """Snippet -> (name, spec, page) of every value a page places."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        rel = page.relative_to(DOCS).with_suffix("").as_posix()
        url = "" if rel == "index" else rel + "/"
        for ref in scan_page(page.read_text(), str(page)).refs:
            if ref.kind == "value" and not ref.markdown:
                found.setdefault(ref.snippet, []).append(
                    (ref.name, ref.spec, url)
                )
    return found


def _page_text(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text()
    return unescape(re.sub(r"<[^>]+>", "", html))


def _run(folder: Path, snippet: str) -> subprocess.CompletedProcess[str]:
    module = snippet.removesuffix(".py").replace("/", ".")
    return subprocess.run(
        [sys.executable, "-c", ISOLATED, module],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "MPLBACKEND": "agg",
            "OMP_NUM_THREADS": "1",  # as the engine runs snippets
        },
    )


def test_every_bundle_runs_alone_and_prints_the_page_s_values(
    built: Path, tmp_path: Path
) -> None:
    bundles = sorted((built / "downloads").rglob("*.zip"))
    assert len(bundles) >= 20
    folders: dict[str, Path] = {}
    for bundle in bundles:
        snippet = bundle.relative_to(built / "downloads").with_suffix(".py")
        folder = tmp_path / snippet.with_suffix("").as_posix().replace(
            "/", "-"
        )
        folder.mkdir()
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(folder)
        requirements = (folder / "requirements.txt").read_text().split()
        assert requirements, snippet
        for requirement in requirements:
            name, pinned, version = requirement.partition("==")
            assert pinned, f"{snippet}: {requirement} is not pinned"
            installed = metadata.version(name)  # raises if not real
            assert version == installed.split("+")[0], requirement
        folders[snippet.as_posix()] = folder

    with ThreadPoolExecutor(2) as pool:
        done = pool.map(lambda s: _run(folders[s], s), folders)
        runs = dict(zip(folders, done, strict=True))
    values = _page_values()
    compared = 0
    for snippet, proc in runs.items():
        assert proc.returncode == 0, f"{snippet}:\n{proc.stderr[-3000:]}"
        source = SNIPPETS / snippet
        if parse_options(source.read_text(), source).measures:
            continue  # timings differ from run to run
        printed = {}
        for line in proc.stdout.splitlines():
            match = _PRINTED.match(line)
            if match:
                printed[match["name"]] = eval(  # our own repr() output
                    match["value"], {"np": np, "__builtins__": {}}
                )
        for name, spec, url in values.get(snippet, []):
            assert name in printed, f"{snippet} did not print {name}"
            shown = format_value(printed[name], spec)
            assert shown in _page_text(built, url), (snippet, name, shown)
            compared += 1
    assert compared >= 50
