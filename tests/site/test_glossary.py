"""The glossary in the built site: an entry for every term, every term
used by some page, and each page's first use of a term linked to its
entry with the definition as a tooltip.

"First use" is found here independently of the build's linker: by
BeautifulSoup's text nodes, in document order, outside headings, links,
code, math and summaries; the longest spelling wins where two overlap.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from mkdocs.utils.yaml import yaml_load

from glossary.terms import Term, load

ROOT = Path(__file__).resolve().parents[2]
TERMS = load(ROOT / "docs" / "glossary.toml")
BY_ANCHOR = {t.anchor: t for t in TERMS}
NOT_PROSE = {
    "a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6",
    "kbd", "label", "math", "pre", "samp", "script", "select", "style",
    "summary", "svg", "textarea", "title",
}  # fmt: skip

pytestmark = pytest.mark.slow


def _excluded() -> set[str]:
    with (ROOT / "mkdocs.yml").open("rb") as f:
        plugins = yaml_load(f)["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "glossary" in plugin:
            return {"glossary.md", *plugin["glossary"].get("exclude", [])}
    raise AssertionError("mkdocs.yml does not use the glossary plugin")


def _spelling(form: str) -> str:
    words = r"\s+".join(re.escape(w) for w in form.split())
    return words if form != form.lower() else f"(?i:{words})"


FORMS: list[tuple[str, Term | None]] = sorted(
    [(form, term) for term in TERMS for form in term.forms]
    + [(phrase, None) for term in TERMS for phrase in term.not_in],
    key=lambda pair: -len(pair[0]),
)
USE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_spelling(f) for f, _ in FORMS) + r")(?![\w-])"
)


def _term_of(text: str) -> Term | None:
    key = " ".join(text.split())
    for form, term in FORMS:
        if form == key or (form == form.lower() and form == key.lower()):
            return term
    raise AssertionError(f"no term for {text!r}")


def _pages(site: Path) -> list[Path]:
    excluded = {p.removesuffix(".md") for p in _excluded()}
    return sorted(
        p
        for p in site.rglob("index.html")
        if p.parent.relative_to(site).as_posix() not in excluded
        and "figures" not in p.parts
    )


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def _uses(path: Path) -> list[tuple[Term, Tag | None, str]]:
    """Every use of a term in the page's article, in order: the term, the
    glossary link it sits in (None when plain prose) and its context."""
    article = _soup(path).select_one("article")
    assert article is not None, path
    found: list[tuple[Term, Tag | None, str]] = []
    for node in article.descendants:
        if not isinstance(node, NavigableString) or type(node) is not (
            NavigableString
        ):
            continue  # comments, CDATA, doctype
        names = {parent.name for parent in node.parents}
        link = node.find_parent("a", class_="glossary")
        if link is not None:
            anchor = str(link["href"]).rsplit("#", 1)[-1]
            found.append((BY_ANCHOR[anchor], link, str(node)))
            continue
        hidden = any(
            "clipboard-copy-txt" in (parent.get("class") or [])
            for parent in node.parents
        )  # a notebook's code, copied by its button
        if names & NOT_PROSE or hidden:
            continue
        for match in USE.finditer(str(node)):
            term = _term_of(match[0])
            if term is None:  # a name such as "Epoch AI"
                continue
            context = str(node)[max(0, match.start() - 30) : match.end() + 30]
            found.append((term, None, " ".join(context.split())))
    return found


def test_the_glossary_has_an_entry_for_every_term(built: Path) -> None:
    page = _soup(built / "glossary" / "index.html")
    for term in TERMS:
        heading = page.find(id=term.anchor)
        assert isinstance(heading, Tag) and heading.name == "h3", term.term
        definition = heading.find_next_sibling("p")
        assert definition is not None
        assert definition.get_text(" ", strip=True) == term.definition


def test_every_term_is_used_and_listed_where(built: Path) -> None:
    linked = {
        str(a["href"]).rsplit("#", 1)[-1]
        for path in _pages(built)
        for a in _soup(path).select("article a.glossary")
    }
    unused = sorted(t.term for t in TERMS if t.anchor not in linked)
    assert not unused, f"glossary terms no page uses: {unused}"
    page = _soup(built / "glossary" / "index.html")
    for term in TERMS:
        used = page.find(id=term.anchor).find_next_sibling(  # type: ignore[union-attr]
            "p", class_="glossary-used"
        )
        assert used is not None and used.find("a"), term.term


def test_each_pages_first_use_of_a_term_is_linked(built: Path) -> None:
    problems = []
    for path in _pages(built):
        page = path.parent.relative_to(built).as_posix() or "index"
        seen: set[str] = set()
        for term, link, context in _uses(path):
            if term.anchor in seen:
                if link is not None:
                    problems.append(f"{page}: {term.term!r} linked twice")
                continue
            seen.add(term.anchor)
            if f"{page}.md" in term.except_on:
                assert link is None, f"{page}: {term.term} means else here"
                continue
            if link is None:
                problems.append(
                    f"{page}: first use of {term.term!r} not linked: "
                    f"...{context}..."
                )
                continue
            abbr = link.find("abbr")
            assert abbr is not None and abbr["title"] == term.definition
            target = (path.parent / str(link["href"]).split("#")[0]).resolve()
            assert target == (built / "glossary").resolve(), link["href"]
    assert not problems, "\n".join(problems)
