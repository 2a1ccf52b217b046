"""The glossary's source file: what it accepts, and errors that name the
file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.page import entries
from glossary.terms import GlossaryError, load

SOURCE = Path(__file__).resolve().parents[2] / "docs" / "glossary.toml"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.toml"
    path.write_text(text)
    return path


def test_the_course_glossary_loads() -> None:
    terms = load(SOURCE)
    assert len(terms) >= 40
    assert all(t.definition.endswith(".") for t in terms)


def test_anchor_and_forms(tmp_path: Path) -> None:
    (term,) = load(
        _write(
            tmp_path,
            '[[terms]]\nterm = "Holm\'s correction"\nforms = ["Holm"]\n'
            'definition = "A correction."\n',
        )
    )
    assert term.anchor == "holm-s-correction"
    assert term.forms == ("Holm's correction", "Holm")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[terms]]\nterm = "epoch"\n', "glossary.toml:2: 'epoch' has no"),
        (
            '[[terms]]\nterm = "a"\ndefinition = "x"\n\n'
            '[[terms]]\nterm = "b"\nforms = ["A"]\ndefinition = "y"\n',
            "glossary.toml:6: 'A' is a spelling of both 'a' and 'b'",
        ),
        (
            '[[terms]]\nterm = "epoch"\ndefinition = "See [here](x)."\n',
            "glossary.toml:2: 'epoch''s definition is plain text",
        ),
        (
            '[[terms]]\nterm = "epoch"\ndefinition = "x"\ncolour = 1\n',
            "glossary.toml:2: 'epoch' has unknown keys ['colour']",
        ),
        (
            f'[[terms]]\nterm = "epoch"\ndefinition = "{"x" * 301}"\n',
            "definition has 301 characters",
        ),
        ('[[terms]]\nterm = "epoch\n', "glossary.toml"),
        (
            '[[terms]]\nterm = "epoch"\ndefinition = "x"\n'
            'not_in = ["Era AI"]\n',
            "glossary.toml:2: 'epoch': not_in phrase 'Era AI' holds none",
        ),
        ("", "glossary.toml:1: no [[terms]] tables"),
    ],
)
def test_bad_source_fails_with_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(GlossaryError) as error:
        load(_write(tmp_path, text))
    assert message in str(error.value)


def test_entries_are_alphabetical_under_their_initial(tmp_path: Path) -> None:
    terms = load(
        _write(
            tmp_path,
            '[[terms]]\nterm = "tanh"\ndefinition = "t"\n\n'
            '[[terms]]\nterm = "bfloat16"\ndefinition = "b"\n\n'
            '[[terms]]\nterm = "ReLU"\ndefinition = "r"\n',
        )
    )
    page = entries(terms)
    headings = [x for x in page.splitlines() if x.startswith("#")]
    assert headings == [
        "## B",
        "### bfloat16 { #bfloat16 }",
        "## R",
        "### ReLU { #relu }",
        "## T",
        "### Tanh { #tanh }",
    ]
