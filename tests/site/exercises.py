"""A chapter's exercises and their worked answers, read from its source.

A chapter ends with ``## Exercises``, a numbered list. Under each item,
indented like its text, stands one collapsed answer::

    1. The question.

        ??? answer "Answer"
            The worked answer, whose numbers the build computes.

    2. The next question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION = re.compile(r"^## Exercises[ \t]*\n(.*?)(?=^## |\Z)", re.M | re.S)
_ITEM = re.compile(r"^(\d+)\.[ \t]+")
ANSWER_OPENER = re.compile(r"^(?P<indent>[ \t]*)\?\?\?\+?[ \t]+answer\b.*$")


@dataclass(frozen=True)
class Exercise:
    number: int
    line: int  # 1-based line of the item in the page
    question: str  # the item's own text, answers left out
    answers: tuple[str, ...]  # each answer's body, dedented


def _body(lines: list[str], start: int, indent: int) -> tuple[str, int]:
    """The lines after an opener at ``indent`` that are indented deeper
    (blank lines included), dedented; and the index after them."""
    body: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        depth = len(line) - len(line.lstrip())
        if line.strip() and depth <= indent:
            break
        body.append(line)
        index += 1
    while body and not body[-1].strip():
        body.pop()
    width = min(
        (len(x) - len(x.lstrip()) for x in body if x.strip()), default=0
    )
    return "\n".join(x[width:] for x in body), index


def exercises(markdown: str) -> list[Exercise]:
    """The exercises of a page, in order, each with its answers."""
    match = SECTION.search(markdown)
    if match is None:
        return []
    first_line = markdown[: match.start(1)].count("\n") + 1
    lines = match[1].splitlines()
    found: list[Exercise] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is not None:
            found.append(
                Exercise(
                    current["number"],  # type: ignore[arg-type]
                    current["line"],  # type: ignore[arg-type]
                    "\n".join(current["question"]),  # type: ignore[arg-type]
                    tuple(current["answers"]),  # type: ignore[arg-type]
                )
            )

    index = 0
    while index < len(lines):
        line = lines[index]
        item = _ITEM.match(line)
        if item:
            close()
            current = {
                "number": int(item[1]),
                "line": first_line + index,
                "question": [line[item.end() :]],
                "answers": [],
            }
            index += 1
            continue
        opener = ANSWER_OPENER.match(line)
        if opener and current is not None:
            body, index = _body(lines, index + 1, len(opener["indent"]))
            current["answers"].append(body)  # type: ignore[union-attr]
            continue
        if current is not None and line.strip():
            current["question"].append(line.strip())  # type: ignore[union-attr]
        index += 1
    close()
    return found


def answer_prose(markdown: str) -> str:
    """The page with its exercise questions left out and its answers kept,
    dedented, where the exercises stood: answers are prose like the rest
    of the page; questions make no claims."""
    match = SECTION.search(markdown)
    if match is None:
        return markdown
    kept = "\n\n".join(
        answer for e in exercises(markdown) for answer in e.answers
    )
    return markdown[: match.start()] + kept + "\n" + markdown[match.end() :]
