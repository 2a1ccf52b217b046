"""The glossary page's entries, written as Markdown from the terms."""

from __future__ import annotations

from itertools import groupby

from glossary.terms import Term


def used_marker(term: Term) -> str:
    """An empty paragraph the build fills with the pages that use a term
    (known only once every page is rendered)."""
    return f'<p class="glossary-used" data-term="{term.anchor}"></p>'


def _title(term: Term) -> str:
    """Sentence case for plain words ("Epoch"); acronyms and names with
    digits as written ("ReLU", "bfloat16")."""
    text = term.term
    plain = text == text.lower() and not any(c.isdigit() for c in text)
    return text[0].upper() + text[1:] if plain else text


def entries(terms: list[Term]) -> str:
    """Every term under its initial, alphabetically: a heading whose id is
    the term's anchor, the definition, and where the course uses it."""
    ordered = sorted(terms, key=lambda t: t.term.lower())
    lines: list[str] = []
    for letter, group in groupby(ordered, key=lambda t: t.term[0].upper()):
        lines += [f"## {letter}", ""]
        for term in group:
            lines += [
                f"### {_title(term)} {{ #{term.anchor} }}",
                "",
                term.definition,
                "",
                used_marker(term),
                "",
            ]
    return "\n".join(lines)
