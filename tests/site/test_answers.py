"""Every exercise has exactly one worked answer, and the answer's numbers
come from the build: typed digits only where the question gave them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.site.exercises import ANSWER_OPENER, SECTION, exercises
from tests.site.nav import chapters

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.ipynb"))
CHAPTERS = [c.page for c in chapters()]

_OUTPUT = re.compile(
    r"\{\{\s*[\w./-]+\.py#|\]\([\w./-]+\.py#|^[ \t]*///[ \t]*check\b", re.M
)
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_CHECK = re.compile(
    r"^[ \t]*///[ \t]*check\b.*?^[ \t]*///[ \t]*$", re.M | re.S
)
_PLACEHOLDER = re.compile(r"(?<!\\)\{\{.*?\}\}")
_CODE = re.compile(r"`[^`\n]+`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_NAMED = re.compile(r"\b(?:chapter|exercise|part)s?\s+(\d+)", re.I)
_ANSWER_HEADING = re.compile(r"^###\s+Answer to exercise\s+(\d+)\s*$", re.M)


def typed_numbers(answer: str, question: str) -> list[str]:
    """Numbers typed in an answer's prose that its question does not give.

    Values, code, code blocks, link targets and check-guarded passages
    are left out; so are the numbers of chapters, exercises and parts."""
    prose = _FENCE.sub("", answer)
    prose = _CHECK.sub("", prose)
    prose = _PLACEHOLDER.sub(" ", prose)
    prose = _CODE.sub(" ", prose)
    prose = _LINK_TARGET.sub("]", prose)
    prose = _NAMED.sub(" ", prose)
    given = set(_NUMBER.findall(_PLACEHOLDER.sub(" ", question)))
    return [n for n in _NUMBER.findall(prose) if n not in given]


def test_the_typed_number_rule_can_fail() -> None:
    question = "Set the stride to 2. What size is the output?"
    assert typed_numbers("The output is 12 by 12.", question) == ["12", "12"]
    assert (
        typed_numbers(
            "With stride 2 it is {{ ch/a.py#size }} (chapter 8); `x = 3`.",
            question,
        )
        == []
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_has_exactly_one_answer(chapter: str) -> None:
    text = (DOCS / chapter).read_text()
    found = exercises(text)
    assert found, f"{chapter}: no '## Exercises' list"
    assert [e.number for e in found] == list(range(1, len(found) + 1))
    for exercise in found:
        assert len(exercise.answers) == 1, (
            f"docs/{chapter}:{exercise.line}: exercise {exercise.number} "
            f"has {len(exercise.answers)} answers; put one ??? answer "
            f'"Answer" block under it'
        )
    outside = SECTION.sub("", text)
    stray = [x for x in outside.splitlines() if ANSWER_OPENER.match(x)]
    assert not stray, f"{chapter}: answer blocks outside the exercises"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answers_show_build_outputs_and_type_no_results(chapter: str) -> None:
    for exercise in exercises((DOCS / chapter).read_text()):
        where = f"docs/{chapter}:{exercise.line}: exercise {exercise.number}"
        for answer in exercise.answers:
            assert _OUTPUT.search(answer), (
                f"{where}: its answer shows nothing the build computed"
            )
            typed = typed_numbers(answer, exercise.question)
            assert not typed, (
                f"{where}: numbers typed in its answer that the question "
                f"does not give: {typed}; inject them from a snippet "
                "({{ chapter/answer_x.py#name }}) or guard them with a check"
            )


def _cells(notebook: Path) -> list[dict[str, object]]:
    return json.loads(notebook.read_text())["cells"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_exercise_has_a_computed_answer(
    notebook: Path,
) -> None:
    cells = _cells(notebook)
    sources = ["".join(c["source"]) for c in cells]  # type: ignore[arg-type]
    questions = [e for s in sources for e in exercises(s) if SECTION.search(s)]
    assert questions, f"{notebook.name}: no exercises"
    answered: dict[int, int] = {}
    for index, (cell, source) in enumerate(zip(cells, sources, strict=True)):
        heading = _ANSWER_HEADING.search(source)
        if cell["cell_type"] != "markdown" or heading is None:
            continue
        number = int(heading[1])
        assert number not in answered, f"{notebook.name}: {number} twice"
        answered[number] = index
        question = next(q for q in questions if q.number == number)
        prose = _ANSWER_HEADING.sub("", source)
        typed = typed_numbers(prose, question.question)
        assert not typed, f"{notebook.name}: answer {number} types {typed}"
        following = cells[index + 1] if index + 1 < len(cells) else None
        assert following and following["cell_type"] == "code", (
            f"{notebook.name}: answer {number} computes nothing"
        )
    assert sorted(answered) == [q.number for q in questions], (
        f"{notebook.name}: exercises without an answer: "
        f"{sorted({q.number for q in questions} - set(answered))}"
    )


def _exercise_items(soup: BeautifulSoup) -> list[Tag]:
    heading = soup.find(id="exercises")
    assert isinstance(heading, Tag)
    listing = heading.find_next("ol")
    assert isinstance(listing, Tag)
    return listing.find_all("li", recursive=False)


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_built_page_answers_each_exercise_once(
    chapter: str, built: Path
) -> None:
    html = (built / chapter.removesuffix(".md") / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    items = _exercise_items(soup)
    assert len(items) == len(exercises((DOCS / chapter).read_text()))
    for number, item in enumerate(items, 1):
        answers = item.find_all("details", class_="answer", recursive=False)
        assert len(answers) == 1, f"{chapter}: exercise {number}"
        assert answers[0].find("summary").get_text(strip=True) == "Answer"
        assert not answers[0].has_attr("open"), "answers start collapsed"
        text = answers[0].get_text(" ")
        assert "unavailable" not in text and "failed" not in text.lower()
    assert len(soup.select("details.answer")) == len(items)
