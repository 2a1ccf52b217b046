"""Link the first use of each glossary term in a page's HTML.

A use is a whole-word match of one of a term's spellings in the page's
prose: text outside headings, links, code (the hidden copy of a
notebook's code too), math, figures' SVG and the summaries of
collapsible blocks. Uses are found leftmost-longest over all spellings
("gradient descent" is one use of that term, not a use of "gradient"); a
name that holds a spelling ("Epoch AI") is no use at all. The first use
of each term becomes a link to its entry whose ``abbr`` shows the
definition on hover (Material's tooltips).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape

from glossary.terms import Term

SKIP = frozenset(
    "a abbr button code h1 h2 h3 h4 h5 h6 kbd label math pre samp script "
    "select style summary svg textarea title".split()
)
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track "
    "wbr".split()
)
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I
)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)")
_CLASS = re.compile(r"""\sclass\s*=\s*["']([^"']*)["']""", re.I)
# elements that are code although their tag says otherwise
SKIP_CLASSES = frozenset({"clipboard-copy-txt"})


def _exact(form: str) -> bool:
    """A spelling with a capital (an acronym: FLOP, ReLU) matches only
    as written; a lower-case one matches in any case (sentence starts)."""
    return form != form.lower()


class Matcher:
    """Finds uses of any term in a text, leftmost-longest."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._owner: dict[str, Term | None] = {}
        spellings = []
        for term in terms:
            for form in term.forms:
                self._owner[self._key(form)] = term
                spellings.append(form)
            for phrase in term.not_in:
                self._owner[self._key(phrase)] = None
                spellings.append(phrase)
        spellings.sort(key=len, reverse=True)
        alternatives = [
            (r"\s+".join(map(re.escape, form.split())))
            if _exact(form)
            else "(?i:" + r"\s+".join(map(re.escape, form.split())) + ")"
            for form in spellings
        ]
        self._pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])"
        )

    @staticmethod
    def _key(text: str) -> str:
        text = " ".join(text.split())
        return text if _exact(text) else text.lower()

    def uses(self, text: str) -> Iterable[tuple[re.Match[str], Term]]:
        """Every use in ``text``, in order, with its term."""
        for match in self._pattern.finditer(text):
            key = " ".join(match[0].split())
            term = self._owner.get(key, self._owner.get(key.lower()))
            if term is not None:
                yield match, term


def prose_segments(html: str) -> Iterable[tuple[int, int]]:
    """``(start, end)`` of each run of text in ``html`` that is prose:
    outside tags, comments and every element in ``SKIP``."""
    stack: list[tuple[str, bool]] = []  # open elements: name, not prose
    position = 0
    for token in _TOKEN.finditer(html):
        if token.start() > position and not any(s for _, s in stack):
            yield position, token.start()
        position = token.end()
        tag = _TAG.match(token[0])
        if tag is None or token[1]:  # comment, doctype, script or style
            continue
        name = tag[2].lower()
        if tag[1]:
            if any(n == name for n, _ in stack):
                while stack.pop()[0] != name:
                    pass
        elif name not in _VOID and not token[0].rstrip(">").endswith("/"):
            classes = _CLASS.search(token[0])
            hidden = classes is not None and bool(
                SKIP_CLASSES & set(classes[1].split())
            )
            stack.append((name, name in SKIP or hidden))
    if position < len(html) and not any(s for _, s in stack):
        yield position, len(html)


def link_first_uses(
    html: str,
    matcher: Matcher,
    href: Callable[[Term], str],
    page: str = "",
) -> tuple[str, list[Term]]:
    """``html`` with each term's first use linked to ``href(term)``, and
    the terms linked, in order. Terms whose ``except_on`` names ``page``
    are left alone there."""
    out: list[str] = []
    done: set[str] = set()
    linked: list[Term] = []
    position = 0
    for start, end in list(prose_segments(html)):
        for match, term in matcher.uses(html[start:end]):
            if term.anchor in done:
                continue
            done.add(term.anchor)  # a use where it means else counts too
            if page in term.except_on:
                continue
            linked.append(term)
            out.append(html[position : start + match.start()])
            out.append(
                f'<a class="glossary" href="{escape(href(term))}">'
                f'<abbr title="{escape(term.definition)}">{match[0]}</abbr>'
                "</a>"
            )
            position = start + match.end()
    out.append(html[position:])
    return "".join(out), linked
