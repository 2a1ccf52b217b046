"""Each chapter of Part 3 says what the reader will be able to do, and
each of those lines maps to the section that teaches it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.site.nav import chapters

OUTCOMES = Path(__file__).with_name("outcomes.toml")
PART_3 = [c.page for c in chapters() if c.part == 3]


def _outcomes() -> list[dict[str, str]]:
    if not OUTCOMES.exists():
        return []
    return list(tomllib.loads(OUTCOMES.read_text()).get("outcome", []))


@pytest.mark.parametrize("page", PART_3)
def test_every_outcome_maps_to_a_section_of_its_page(
    built: Path, page: str
) -> None:
    mine = [o for o in _outcomes() if o["page"] == page]
    assert len(mine) >= 2, f"{page}: list what the reader will be able to do"
    html = (built / page.removesuffix(".md") / "index.html").read_text()
    intro = html[html.index("<article") : html.index("<h2")]
    for outcome in mine:
        assert re.search(rf'<h[23][^>]*id="{outcome["anchor"]}"', html), (
            f"{page}: no section #{outcome['anchor']} for {outcome['text']}"
        )
        words = outcome["text"].split()[:4]
        # tags go without a trace: "<a>dropout</a>," reads "dropout,"
        assert " ".join(words) in " ".join(
            re.sub(r"<[^>]+>", "", intro).split()
        ), f"{page}: the introduction does not list {outcome['text']!r}"


def test_outcomes_name_part_3_pages_only() -> None:
    for outcome in _outcomes():
        assert outcome["page"] in PART_3, outcome
        assert outcome["text"] and outcome["anchor"], outcome
