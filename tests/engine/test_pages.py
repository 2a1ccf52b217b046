"""Unit tests of the page syntax, through a real Markdown instance."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest

from snippet_engine.pages import (
    OutsideSnippets,
    Ref,
    add_after_includes,
    escape_value,
    fence_roles,
    format_value,
    lazy_images,
    markdown_value,
    outside_snippets,
    render_page,
    scan_page,
)

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


# -- download links land after the code, never inside it ---------------------


def _page_with_includes(count: int) -> str:
    parts = ["# P\n"]
    for index in range(count):
        parts.append(
            f'??? example "Code {index}"\n'
            "    ```python\n"
            f'    --8<-- "ch/s{index}.py"\n'
            "    ```\n"
        )
    parts.append('```python\n--8<-- "ch/s9.py"\n```\n\nText.\n')
    return "\n".join(parts)


def test_every_download_link_follows_its_code_block() -> None:
    text = _page_with_includes(4)
    links = {f"ch/s{i}.py": f"[Download s{i}](s{i}.zip)" for i in (0, 1, 2, 3)}
    links["ch/s9.py"] = "[Download s9](s9.zip)"
    out = add_after_includes(text, links)
    html = markdown.markdown(
        out,
        extensions=["admonition", "pymdownx.details", "pymdownx.superfences"],
    )
    for name in ("s0", "s1", "s2", "s3", "s9"):
        assert html.count(f'<a href="{name}.zip">') == 1, (name, html)
    code = "".join(re.findall(r"<pre.*?</pre>", html, re.S))
    assert "Download" not in code and "zip" not in code
    # each link sits right after its own block, at the block's indent
    assert out.count("\n    [Download s") == 4
    assert "\n[Download s9](s9.zip)\n" in out


def test_a_download_link_leaves_the_next_list_item_alone() -> None:
    text = (
        "1. First.\n\n"
        '    ??? answer "Answer"\n'
        "        ```python\n"
        '        --8<-- "ch/a.py"\n'
        "        ```\n"
        "2. Second.\n"
        "3. Third.\n"
    )
    out = add_after_includes(text, {"ch/a.py": "[Download a](a.zip)"})
    html = markdown.markdown(
        out,
        extensions=["admonition", "pymdownx.details", "pymdownx.superfences"],
    )
    assert html.count("<ol>") == 1, html
    assert html.count("<li>") == 3, html


def test_fence_roles_follow_commonmark_closing_rule() -> None:
    lines = ["````md", "```python", "x", "```", "````", "~~~", "~~~ no", "~~~"]
    assert fence_roles(lines) == [
        "open",
        "code",
        "code",
        "code",
        "close",
        "open",
        "code",
        "close",
    ]


# -- references must stay inside snippets/ -----------------------------------


def test_references_outside_snippets_are_refused(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    (snippets / "ch").mkdir(parents=True)
    (snippets / "ch" / "ok.py").write_text("")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil.py").write_text("")
    (snippets / "ch" / "link.py").symlink_to(outside / "evil.py")
    (snippets / "away").symlink_to(outside, target_is_directory=True)
    bad = [
        "../elsewhere/evil.py",
        "../../elsewhere/evil.py",
        str(outside / "evil.py"),
        "ch/../../elsewhere/evil.py",
        "ch/./ok.py",
        "ch//ok.py",
        "ch/link.py",
        "away/evil.py",
    ]
    for path in bad:
        page = (
            f"# P\n\n![Alt]({path}#fig)\n/// caption\nC\n///\n\n"
            f"Value {{{{ {path}#v }}}}.\n\n"
            f'```python\n--8<-- "{path}"\n```\n'
        )
        scan = scan_page(page, "docs/p.md", snippets_dir=snippets)
        assert scan.refs == [] and scan.includes == set(), path
        refusals = [e for e in scan.errors if isinstance(e, OutsideSnippets)]
        assert [e.line for e in refusals] == [3, 8, 11], (path, scan.errors)
        assert all("outside the snippets folder" in str(e) for e in refusals)
        rendered = render_page(page, scan, lambda ref: "")
        assert f'--8<-- "{path}"' not in rendered
    assert outside_snippets("ch/ok.py", snippets) is None


# -- values are text unless the page says markdown ----------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "[click](https://example.invalid/)",
    "![img](https://example.invalid/x.png)",
    "<https://example.invalid/>",
    "*em* **strong** `code` ~~del~~",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "line one\n\n<div>two</div>",
    '--8<-- "ch/a.py"',
    "{{ ch/a.py#v }}",
    "*[HTML]: Hyper",
    "text{: onclick=alert(1) }",
    "| a | b |",
    "/// html | script\nalert(1)\n///",
    "$x$ and \\(y\\)",
    "1. first",
    "    indented code",
    "---",
    "===",
    ": definition",
    "+ plus",
    "/// caption",
]


def _html(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=[
            "attr_list",
            "abbr",
            "tables",
            "md_in_html",
            "pymdownx.superfences",
            "pymdownx.blocks.html",
        ],
    )


@pytest.mark.parametrize("value", HOSTILE)
def test_values_render_as_their_own_text(value: str) -> None:
    page = "Before {{ ch/a.py#v }} after.\n\n{{ ch/a.py#v }}\n"
    scan = scan_page(page, "docs/p.md")
    assert [r.at_block_start for r in scan.refs] == [False, True]
    out = render_page(
        page, scan, lambda ref: escape_value(value, ref.at_block_start)
    )
    html = _html(out)
    assert re.findall(r"<(\w+)", html) == ["p", "p"], html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert text.count(value) == 2, (text, value)


@pytest.mark.parametrize(
    "value",
    [v for v in HOSTILE if re.search(r"\]\((?!https)", v)]
    + [
        "[x](java\tscript:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x][r]\n[r]: javascript:alert(1)",
        "[x](file:///etc/passwd)",
    ],
)
def test_markdown_values_refuse_unsafe_link_schemes(value: str) -> None:
    with pytest.raises(ValueError, match="scheme"):
        markdown_value(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_values_allow_inline_markdown_only(value: str) -> None:
    try:
        safe = markdown_value(value)
    except ValueError:
        return
    html = _html(f"Before {safe} after.\n\n{safe}\n")
    tags = set(re.findall(r"<(\w+)", html))
    assert tags <= {"p", "em", "strong", "code", "a", "img"}, (value, html)
    assert not re.search(r"<\w[^>]*\son\w+\s*=", html), html
    for href in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert unescape(href).startswith(("https://", "http://")), href


def test_markdown_value_renders_emphasis_and_links() -> None:
    page = "A {{ ch/a.py#v | markdown }} B {{ ch/a.py#w:.1f|markdown }}\n"
    scan = scan_page(page, "docs/p.md")
    assert [r.markdown for r in scan.refs] == [True, True]
    assert scan.refs[1].spec == ".1f"
    out = render_page(
        page,
        scan,
        lambda r: markdown_value("**bold** [doc](https://example.invalid/)"),
    )
    html = _html(out)
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.invalid/">doc</a>' in html


# -- anything that starts like a placeholder must parse -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "{{ demo/my snippet.py#v }}",
        "{{ demo/a.py#v",
        "{{ demo/a.py# }}",
        "{{ demo/a.py }}",
        "{{ #v }}",
        "{{}}",
        "{{ demo/a.py#v | html }}",
        "{{ demo/a.py#v\n}}",
        "{{ demo/a.txt#v }}",
        "{{{ demo/a.py#v }}",
        "![Alt](demo/my fig.py#f)",
        "![Alt](demo/a.py)",
    ],
)
def test_malformed_placeholders_are_errors(text: str) -> None:
    page = f'# P\n\nSome text\nand {text} here.\n\n--8<-- "demo/a.py"\n'
    scan = scan_page(page, "docs/p.md")
    messages = [str(e) for e in scan.errors]
    assert any(
        m.startswith("docs/p.md:4: cannot read the") for m in messages
    ), messages


def test_escaped_braces_are_literal_and_code_is_left_alone() -> None:
    page = (
        "Write \\{{ like this }} or `{{ ch/a.py#v }}`.\n\n"
        "```text\n{{ not parsed\n```\n"
    )
    scan = scan_page(page, "docs/p.md")
    assert scan.errors == [] and scan.refs == []
    html = _html(page)
    assert "Write {{ like this }} or" in html


def test_images_load_lazily_unless_they_say_otherwise() -> None:
    html = (
        '<p><img src="a.svg#only-light"><img alt="x" src="b.svg#only-dark">'
        '</p><details class="answer"><summary>Answer</summary>'
        '<IMG src="c.svg"><img src="d.svg" loading="eager"></details>'
    )
    out = lazy_images(html)
    assert re.findall(r'<img loading="lazy"[^>]*src="(\w)', out, re.I) == [
        "a",
        "b",
        "c",
    ]
    assert 'src="d.svg" loading="eager"' in out
    assert out.replace(' loading="lazy"', "") == html
