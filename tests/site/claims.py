"""Sentences that interpret a result, found in a page's Markdown source.

A sentence of a chapter that holds a comparison word ("faster", "ahead",
"the largest", ...) must not be typed by hand: its comparison words come
from a value the snippet writes (``{{ ch/topic.py#verdict }}``, one branch
per outcome), or it stands inside a check block that the snippet's named
check guards (``/// check | ch/topic.py#name`` ... ``///``). The rest
are listed in ``claims.toml``: a cited fact with its source, or a
definition, each with a reason.
"""

from __future__ import annotations

import re

from tests.site.exercises import answer_prose

COMPARISON = re.compile(
    r"\b(?:faster|slower|ahead|(?:is|are|was|were|clearly|falls?|fell) "
    r"behind|largest|smallest|highest|lowest|fastest|slowest|"
    r"most accurate|more than|less than|fewer than|no longer|"
    r"the rate changes|better|worse|outperform\w*|beats?|exceeds?|"
    r"at least as|as well as|no clear difference|overtakes?|"
    r"surpass\w*|wins?|loses|only because|levels? off|"
    r"\d+(?:\.\d+)? times (?:its|their|the|as))\b",
    re.I,
)
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_CHECK = re.compile(
    r"^[ \t]*///[ \t]*check\b.*?^[ \t]*///[ \t]*$", re.M | re.S
)
_PLACEHOLDER = re.compile(r"(?<!\\)\{\{.*?\}\}")
_CODE = re.compile(r"`[^`\n]+`")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FIGURE = re.compile(r"^[ \t]*!\[.*$", re.M)
_LISTING = re.compile(r'^[ \t]*[?!]{3}\+?[ \t]+\w+[ \t]+"Code.*$', re.M)
_LINK = re.compile(r"\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*])")
_BLOCK = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|\||#|!!!|\?\?\?|///|$)")


_HEADING = re.compile(r"^#+ .*$", re.M)


def sentences(markdown: str) -> list[str]:
    """The prose sentences of a page, with every computed value shown as
    ``VALUE`` and without code, check blocks, figures, links' targets,
    headings (slide titles) and exercise questions (questions, not claims;
    their worked answers are prose like the rest)."""
    text = _FENCE.sub("", answer_prose(markdown))
    text = _HEADING.sub("", text)
    text = _CHECK.sub("", text)
    text = _COMMENT.sub("", text)
    text = _PLACEHOLDER.sub("VALUE", text)
    text = _CODE.sub("CODE", text)
    text = _FIGURE.sub("", text)
    text = _LISTING.sub("", text)
    text = _LINK.sub("]", text)
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if _BLOCK.match(line) or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    found = []
    for block in blocks:
        joined = " ".join(" ".join(block).split())
        joined = re.sub(r"^(?:[-*+]|\d+\.|#+|!!!|\?\?\?|///)\s*", "", joined)
        for chunk in _SENTENCE_END.split(joined):
            sentence = chunk.strip()
            if sentence and not sentence.endswith("?"):
                found.append(sentence)
    return found


def unguarded(markdown: str, exempt: tuple[str, ...] = ()) -> list[str]:
    """The sentences whose comparison words were typed by hand, once the
    ``exempt`` phrases (definitions, cited facts) are taken out."""
    found = []
    for sentence in sentences(markdown):
        rest = sentence
        for phrase in exempt:
            rest = rest.replace(phrase, " ")
        if COMPARISON.search(rest):
            found.append(sentence)
    return found
