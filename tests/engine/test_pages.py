"""Unit tests of the page syntax, through a real Markdown instance."""

from __future__ import annotations

import markdown

from snippet_engine.pages import Ref, format_value, render_page, scan_page

PAGE = """\
# Title

Accuracy {{ ch/a.py#acc:.1% }} and count {{ ch/a.py#n:,d }}.

![Three nested boxes](ch/a.py#nesting)
/// caption
Nested.
///

`{{ ch/b.py#ignored }}` in a code span, and in a fence:

```markdown
![Ignored](ch/b.py#fig)
```

--8<-- "ch/a.py"
"""


def test_scan_finds_refs_with_lines_and_skips_code() -> None:
    scan = scan_page(PAGE, "docs/p.md")
    assert scan.errors == []
    assert [(r.kind, r.snippet, r.name, r.line) for r in scan.refs] == [
        ("value", "ch/a.py", "acc", 3),
        ("value", "ch/a.py", "n", 3),
        ("figure", "ch/a.py", "nesting", 5),
    ]
    assert scan.refs[0].spec == ".1%"
    assert scan.refs[2].alt == "Three nested boxes"
    assert scan.snippets == {"ch/a.py"}


def test_line_offset_counts_front_matter() -> None:
    scan = scan_page(PAGE, "docs/p.md", line_offset=4)
    assert scan.refs[0].line == 7


def test_rendered_page_goes_through_markdown_with_caption() -> None:
    scan = scan_page(PAGE, "docs/p.md")

    def replace(ref: Ref) -> str:
        if ref.kind == "value":
            return format_value(
                {"acc": 0.9731, "n": 12000}[ref.name], ref.spec
            )
        return f"![{ref.alt}](fig.light.svg#only-light)"

    text = render_page(PAGE, scan, replace)
    html = markdown.markdown(
        text, extensions=["pymdownx.blocks.caption", "pymdownx.superfences"]
    )
    assert "Accuracy 97.3% and count 12,000." in html
    assert (
        '<img alt="Three nested boxes" src="fig.light.svg#only-light"' in html
    )
    assert "<figcaption>" in html
    assert "{{ ch/b.py#ignored }}" in html


def test_errors_for_alt_caption_layout_and_missing_code() -> None:
    page = (
        "# T\n\n![](ch/a.py#f)\n/// caption\nC\n///\n\n"
        "![Alt](ch/a.py#g)\n\nText.\n\n"
        "Inline ![Alt](ch/a.py#h) here\n/// caption\nC\n///\n"
    )
    messages = [str(e) for e in scan_page(page, "docs/p.md").errors]
    assert "docs/p.md:3: figure ch/a.py#f has no alt text" in messages[0]
    assert any(
        m.startswith("docs/p.md:8: figure ch/a.py#g has no caption")
        for m in messages
    )
    assert any(
        m.startswith("docs/p.md:12: a figure must stand alone")
        for m in messages
    )
    assert any(
        m.startswith("docs/p.md:3: the page uses ch/a.py but does not")
        for m in messages
    )


def test_format_specs() -> None:
    assert format_value(0.4567, ".0%") == "46%"
    assert format_value(1234567, ",d") == "1,234,567"
    assert format_value(3.14159, ".1f") == "3.1"
    assert format_value("CNN", "") == "CNN"
