"""Linking first uses in a page's HTML: what counts as a use, what is
left alone."""

from __future__ import annotations

import re

from glossary.linker import Matcher, link_first_uses
from glossary.terms import Term

TERMS = [
    Term("gradient", "The slope.", ("gradient", "gradients")),
    Term("gradient descent", "Steps downhill.", ("gradient descent",)),
    Term("ReLU", "max(0, z).", ("ReLU",)),
    Term("epoch", "One pass.", ("epoch", "epochs"), (), ("Epoch AI",)),
    Term("precision", "Right positives.", ("precision",), ("why-dl.md",)),
]


def _link(html: str, page: str = "ch.md") -> tuple[str, list[str]]:
    out, linked = link_first_uses(
        html, Matcher(TERMS), lambda t: f"glossary/#{t.anchor}", page
    )
    return out, [t.term for t in linked]


def _linked_words(html: str) -> list[str]:
    return re.findall(
        r'<a class="glossary"[^>]*><abbr[^>]*>(.*?)</abbr>', html, re.S
    )


def test_only_the_first_use_is_linked_with_its_definition() -> None:
    out, linked = _link("<p>Epochs pass. An epoch ends.</p>")
    assert linked == ["epoch"]
    assert _linked_words(out) == ["Epochs"]  # any case for plain words
    assert '<abbr title="One pass.">' in out
    assert 'href="glossary/#epoch"' in out
    assert out.count("glossary/#epoch") == 1


def test_the_longest_spelling_wins_and_lines_may_break() -> None:
    out, linked = _link("<p>Plain gradient\ndescent follows the gradient.</p>")
    assert linked == ["gradient descent", "gradient"]
    assert _linked_words(out) == ["gradient\ndescent", "gradient"]


def test_code_headings_links_math_and_summaries_are_not_prose() -> None:
    html = (
        "<h2>Gradient</h2><p><code>gradient</code> "
        '<a href="x">gradient</a> <math><mi>gradient</mi></math></p>'
        "<details><summary>Gradient</summary><pre>gradient</pre>"
        "<p>the gradient</p></details>"
    )
    out, linked = _link(html)
    assert linked == ["gradient"]
    assert out.replace(_linked_words(out)[0], "", 0).count("<a ") == 2
    assert out.index('class="glossary"') > out.index("</pre>")


def test_acronyms_match_as_written_and_words_whole() -> None:
    out, linked = _link("<p>relu, RELU, preReLU, ReLU-like.</p>")
    assert linked == []  # ReLU-like is a compound, not the term
    out, linked = _link("<p>A ReLU.</p>")
    assert linked == ["ReLU"]


def test_a_page_where_the_word_means_else_is_left_alone() -> None:
    assert _link("<p>float precision</p>", page="why-dl.md")[1] == []
    assert _link("<p>the precision</p>", page="ch.md")[1] == ["precision"]


def test_scripts_styles_and_comments_are_never_touched() -> None:
    html = (
        "<style>.epoch{}</style><script>var epoch = 1;</script>"
        "<!-- epoch --><p>epoch</p>"
    )
    out, _ = _link(html)
    assert out.startswith("<style>.epoch{}</style><script>var epoch = 1;")
    assert "<!-- epoch -->" in out
    assert _linked_words(out) == ["epoch"]


def test_a_name_that_holds_a_spelling_is_no_use() -> None:
    out, linked = _link("<p>Epoch AI counts models. An epoch ends.</p>")
    assert linked == ["epoch"]
    assert _linked_words(out) == ["epoch"]


def test_the_hidden_copy_of_a_notebooks_code_is_not_prose() -> None:
    html = (
        '<div class="clipboard-copy-txt" id="c">x = epochs\n'
        "<span>epoch</span></div><p>epoch</p>"
    )
    out, linked = _link(html)
    assert out.startswith('<div class="clipboard-copy-txt" id="c">x = epochs')
    assert _linked_words(out) == ["epoch"] and out.index("glossary") > 60
