"""The course's chapters, read from the nav of ``mkdocs.yml``.

The nav is the only place a chapter is declared. A chapter is a Markdown
page anywhere under a top-level nav section whose title starts with
``Part <number>`` (``"Part 1 · What deep learning is"``), in nav order.
Everything else in the nav is not a chapter: Home, the Hands-on notebooks
and the About pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"
_PART = re.compile(r"Part (\d+)\b")


@dataclass(frozen=True)
class Chapter:
    page: str  # relative to docs/, as the nav names it: "dl-is-ml.md"
    title: str  # its nav title
    part: int  # the number of its "Part N" section


def _pages(item: Any) -> list[tuple[str, str]]:
    """(title, page) of every page under a nav item, in order."""
    if isinstance(item, str):
        return [("", item)]
    if isinstance(item, list):
        return [p for child in item for p in _pages(child)]
    if isinstance(item, dict):
        found = []
        for title, value in item.items():
            if isinstance(value, str):
                found.append((str(title), value))
            else:
                found += _pages(value)
        return found
    raise TypeError(f"unexpected nav item {item!r}")


def chapters(config: Path = MKDOCS_YML) -> list[Chapter]:
    """The chapters that ``config``'s nav declares, in nav order."""
    with config.open("rb") as f:  # mkdocs' loader: it knows !ENV
        nav = yaml_load(f)["nav"]
    found = []
    for section in nav:
        if not isinstance(section, dict):
            continue
        for name, items in section.items():
            match = _PART.match(str(name))
            if match is None or isinstance(items, str):
                continue
            found += [
                Chapter(page, title, int(match[1]))
                for title, page in _pages(items)
                if page.endswith(".md") and "://" not in page
            ]
    return found
