"""What a page asks for, through real builds: references stay inside
``snippets/``, values are text, malformed placeholders fail, download
bundles pin real distributions."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from importlib import metadata
from pathlib import Path

import pytest

from tests.engine.conftest import Site

pytestmark = pytest.mark.slow

EVIL = '''\
"""Leaves a mark when it runs: it must never run."""
from pathlib import Path

Path({marker!r}).write_text("ran")
'''

SYNTAX = {
    "figure": "![Alt]({path}#fig)\n/// caption\nC\n///\n",
    "value": "Value {{{{ {path}#v }}}}.\n",
    "include": '```python\n--8<-- "{path}"\n```\n',
}


def _outside_paths(site: Site, tmp_path: Path) -> dict[str, str]:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    marker = tmp_path / "ran.txt"
    (elsewhere / "evil.py").write_text(EVIL.format(marker=str(marker)))
    link = site.root / "snippets" / "demo" / "link.py"
    link.symlink_to(elsewhere / "evil.py")
    (site.root / "snippets" / "away").symlink_to(elsewhere)
    relative = Path("..", "..", elsewhere.relative_to(tmp_path), "evil.py")
    return {
        "relative": relative.as_posix(),
        "absolute": str(elsewhere / "evil.py"),
        "symlink": "demo/link.py",
        "symlinked-folder": "away/evil.py",
        "dotdot-inside": f"demo/../{relative.as_posix()}",
    }


@pytest.mark.parametrize("syntax", sorted(SYNTAX))
def test_references_outside_snippets_fail_before_anything_runs(
    site: Site, tmp_path: Path, syntax: str
) -> None:
    paths = _outside_paths(site, tmp_path)
    for variant, path in paths.items():
        body = SYNTAX[syntax].format(path=path)
        site.page("index.md", f"# P\n\nText.\n\n{body}")
        proc = site.build("--strict", ok=False)
        line = 6 if syntax == "include" else 5
        assert re.search(
            rf"docs/index\.md:{line}: .*outside the snippets folder",
            proc.stderr,
        ), (variant, proc.stderr)
        assert site.ran(proc) == [], variant
        assert not (tmp_path / "ran.txt").exists(), f"{variant} ran"
        assert "Traceback" not in proc.stderr, proc.stderr


VALUES = {
    "tag": "<script>alert('tag')</script>",
    "attribute": '<img src=x onerror="alert(1)">',
    "entity": "&lt;script&gt;alert(2)&lt;/script&gt;",
    "numeric": "&#60;script&#62;alert(3)",
    "javascript": "[click](javascript:alert(4))",
    "data": "[click](data:text/html,<script>alert(5)</script>)",
    "https": "[click](https://example.invalid/)",
    "autolink": "<https://example.invalid/>",
    "markdown": "**bold** and *em* and `code`",
    "list": "1. first",
    "include": '--8<-- "demo/a.py"',
    "braces": "{{ demo/a.py#slope }}",
    "attr": "x{: onclick=alert(6) }",
}

HOSTILE_SNIPPET = '''\
"""Values that look like markup."""
import fdl

for name, text in {values!r}.items():
    fdl.value(name, text)
fdl.value("md_ok", "**bold** [docs](https://example.invalid/d)")
fdl.value("md_bad", "[x](java&#115;cript:alert(7))")
'''


def test_values_are_text_unless_the_page_opts_into_markdown(
    site: Site,
) -> None:
    site.snippet("demo/h.py", HOSTILE_SNIPPET.format(values=VALUES))
    lines = [f"{name}: {{{{ demo/h.py#{name} }}}} end" for name in VALUES]
    lines += [f"{{{{ demo/h.py#{name} }}}}" for name in VALUES]
    lines.append("Opted in: {{ demo/h.py#md_ok | markdown }}")
    site.page(
        "index.md",
        "# P\n\n"
        + "\n\n".join(lines)
        + '\n\n```python\n--8<-- "demo/h.py"\n```\n',
    )
    site.build("--strict")
    html = site.html()
    article = html[html.index("<h1") : html.rindex("Opted in")]
    # no element or attribute came from a value
    assert set(re.findall(r"<(\w+)", article)) <= {"h1", "p", "a"}, article
    assert "<script>alert" not in html
    assert not re.search(r"<\w[^>]*\son\w+\s*=", article), article
    assert not re.search(r'href="(?!#)', article), "a value made a link"
    text = unescape(re.sub(r"<[^>]+>", "", article))
    for name, value in VALUES.items():
        assert f"{name}: {value} end" in text, name
        assert text.count(value) >= 2, name
    tail = html[html.rindex("Opted in") :]
    assert "<strong>bold</strong>" in tail
    assert '<a href="https://example.invalid/d">docs</a>' in tail


def test_unsafe_markdown_value_fails_with_page_and_line(site: Site) -> None:
    site.snippet("demo/h.py", HOSTILE_SNIPPET.format(values={}))
    site.page(
        "index.md",
        "# P\n\nBad: {{ demo/h.py#md_bad | markdown }}\n\n"
        '--8<-- "demo/h.py"\n',
    )
    proc = site.build("--strict", ok=False)
    assert "docs/index.md:3: demo/h.py#md_bad is not safe as Markdown" in (
        proc.stderr
    )
    assert "'javascript'" in proc.stderr


MALFORMED = {
    "space": "{{ demo/my snippet.py#v }}",
    "unclosed": "{{ demo/a.py#slope",
    "empty-name": "{{ demo/a.py# }}",
    "no-name": "{{ demo/a.py }}",
    "empty": "{{ }}",
    "filter": "{{ demo/a.py#slope | html }}",
    "figure": "![Alt](demo/my fig.py#fig)",
}


def test_malformed_placeholders_fail_the_strict_build(site: Site) -> None:
    lines = [f"{name}: {text}" for name, text in MALFORMED.items()]
    site.page(
        "index.md",
        "# P\n\n" + "\n\n".join(lines) + '\n\n--8<-- "demo/a.py"\n',
    )
    proc = site.build("--strict", ok=False)
    for number in range(len(MALFORMED)):
        line = 3 + 2 * number
        assert f"docs/index.md:{line}: cannot read the" in proc.stderr, (
            line,
            proc.stderr,
        )


def test_escaped_braces_stay_literal(site: Site) -> None:
    site.page(
        "index.md",
        "# P\n\nTemplates write \\{{ name }} and `{{ x }}`.\n\n"
        "Slope {{ demo/a.py#slope }}.\n\n"
        '--8<-- "demo/a.py"\n',
    )
    site.build("--strict")
    html = site.html()
    assert "Templates write {{ name }} and <code>{{ x }}</code>." in html
    assert "Slope 2." in html


def test_bundle_pins_real_distributions(site: Site) -> None:
    site.snippet("demo/_helper.py", "SCALE = 2\n")
    site.snippet(
        "demo/b.py",
        '''\
        """Imports a module of its own chapter, by package name."""
        import matplotlib.pyplot as plt

        import fdl
        from demo import _helper

        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, _helper.SCALE])
        fdl.show(fig, "fig")
        ''',
    )
    site.build("--strict")
    with zipfile.ZipFile(site.root / "site" / "downloads/demo/b.zip") as z:
        requirements = z.read("requirements.txt").decode().split()
        readme = z.read("README.txt").decode()
        assert "demo/_helper.py" in z.namelist()
    names = {r.split("==")[0] for r in requirements}
    assert "demo" not in names and "fdl" not in names
    assert {"matplotlib", "numpy"} <= names
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        installed = metadata.version(name).split("+")[0]
        assert version == installed, requirement
    assert "pip install -r requirements.txt" in readme


def test_serve_shows_page_errors_in_a_box_and_runs_nothing_outside(
    site: Site, tmp_path: Path
) -> None:
    from tests.engine.test_serve import Server

    paths = _outside_paths(site, tmp_path)
    site.page(
        "index.md",
        "# P\n\nSlope {{ demo/a.py#slope }} and {{ demo/a.py#slope\n\n"
        f"![Alt]({paths['symlink']}#fig)\n/// caption\nC\n///\n\n"
        f'```python\n--8<-- "demo/a.py"\n--8<-- "{paths["absolute"]}"\n```\n',
    )
    server = Server(site, tmp_path / "serve.log")
    try:
        html = server.wait_for(lambda html: "This page has errors" in html)
        text = unescape(html)
        assert "docs/index.md:3: cannot read the placeholder" in text
        assert "docs/index.md:5: demo/link.py leads to" in text
        assert "docs/index.md:12: /tmp" in text
        assert "Slope 2" in text, "the page's good parts still render"
        assert "refused" in text and "Path(" not in text
        assert server.process.poll() is None
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
        server._stream.close()
    assert not (tmp_path / "ran.txt").exists()
