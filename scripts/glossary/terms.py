"""The glossary's source file: one TOML table per term."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

MAX_DEFINITION = 300  # characters: a definition is a tooltip, not a page
_ANCHOR = re.compile(r"[^a-z0-9]+")
_KEYS = {"term", "forms", "definition", "except_on", "not_in"}


class GlossaryError(ValueError):
    """A term the source file cannot define; names the file and line."""


@dataclass(frozen=True)
class Term:
    term: str  # as the glossary shows it: "cross-entropy", "FLOP"
    definition: str  # plain text, one to three sentences
    forms: tuple[str, ...]  # every spelling that counts as a use
    except_on: tuple[str, ...] = ()  # pages where the word means else
    not_in: tuple[str, ...] = ()  # names that hold it: "Epoch AI"

    @property
    def anchor(self) -> str:
        """The entry's id on the glossary page: ``cross-entropy``."""
        return _ANCHOR.sub("-", self.term.lower()).strip("-")


def _line_of(text: str, term: str) -> int:
    """The line of ``term = "..."`` in the source (1 if not found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf'\s*term\s*=\s*["\']{re.escape(term)}["\']', line):
            return number
    return 1


def load(path: Path) -> list[Term]:
    """The terms of ``path``, in the file's order, checked: each has a
    definition, no spelling belongs to two terms, no anchor repeats."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{path}: {exc}") from None
    entries = data.get("terms")
    if not isinstance(entries, list) or not entries:
        raise GlossaryError(f"{path}:1: no [[terms]] tables")
    terms: list[Term] = []
    owner: dict[str, str] = {}
    anchors: dict[str, str] = {}
    for entry in entries:
        name = entry.get("term")
        where = f"{path}:{_line_of(text, str(name))}"
        if not isinstance(name, str) or not name.strip():
            raise GlossaryError(f"{where}: a [[terms]] table without a term")
        unknown = set(entry) - _KEYS
        if unknown:
            raise GlossaryError(
                f"{where}: {name!r} has unknown keys {sorted(unknown)}"
            )
        definition = entry.get("definition", "")
        if not isinstance(definition, str) or not definition.strip():
            raise GlossaryError(f"{where}: {name!r} has no definition")
        if len(definition) > MAX_DEFINITION:
            raise GlossaryError(
                f"{where}: {name!r}'s definition has {len(definition)} "
                f"characters; at most {MAX_DEFINITION}"
            )
        if any(c in definition for c in "<>[]`*_{}"):
            raise GlossaryError(
                f"{where}: {name!r}'s definition is plain text (no Markdown"
                " or HTML: it is a tooltip)"
            )
        forms = (name, *entry.get("forms", []))
        for form in forms:
            key = " ".join(form.lower().split())  # "a" would match "A"
            if key in owner:
                raise GlossaryError(
                    f"{where}: {form!r} is a spelling of both "
                    f"{owner[key]!r} and {name!r}"
                )
            owner[key] = name
        not_in = tuple(entry.get("not_in", []))
        for phrase in not_in:
            if not any(f.lower() in phrase.lower() for f in forms):
                raise GlossaryError(
                    f"{where}: {name!r}: not_in phrase {phrase!r} holds "
                    "none of its spellings"
                )
        term = Term(
            name,
            " ".join(definition.split()),
            tuple(forms),
            tuple(entry.get("except_on", [])),
            not_in,
        )
        if term.anchor in anchors:
            raise GlossaryError(
                f"{where}: {name!r} and {anchors[term.anchor]!r} share the "
                f"anchor #{term.anchor}"
            )
        anchors[term.anchor] = name
        terms.append(term)
    return terms
