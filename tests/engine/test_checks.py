"""Checked claims through real builds: a passage a page guards with a
check shows while the check passes, fails the strict build (page, line,
name, values) when it does not, shows a box under ``serve``, and the
build report lists every check."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

from tests.engine.conftest import Site

pytestmark = pytest.mark.slow

CHECKING = '''\
"""Compares two numbers and says whether the first is ahead."""
import matplotlib.pyplot as plt
import fdl

a, b = {a}, {b}
fig, ax = plt.subplots()
ax.bar([0, 1], [a, b])
fdl.show(fig, "fig")
fdl.value("a", a)
fdl.check("a_ahead", a > b, detail=f"a = {{a}}, b = {{b}}")
fdl.value("verdict", "ahead of" if a > b else "not ahead of")
'''

PAGE = """\
# P

Text.

/// check | demo/c.py#a_ahead
A is ahead of B: it scores {{ demo/c.py#a }}.
///

A is {{ demo/c.py#verdict }} B.

```python
--8<-- "demo/c.py"
```
"""


def _site(site: Site, a: int, b: int) -> None:
    site.snippet("demo/c.py", CHECKING.format(a=a, b=b))
    site.page("index.md", PAGE)


def test_a_passing_check_shows_its_passage_and_the_report_lists_it(
    site: Site,
) -> None:
    _site(site, 3, 2)
    site.build("--strict")
    html = site.html()
    assert "A is ahead of B: it scores 3." in html
    assert "A is ahead of B." in html
    assert "///" not in html
    report = unescape(site.html("build-report/index.html"))
    assert "docs/index.md:5" in report and "a_ahead" in report
    assert "passed" in report and "a = 3, b = 2" in report


def test_a_failing_check_fails_the_strict_build_with_its_values(
    site: Site,
) -> None:
    _site(site, 1, 2)
    proc = site.build("--strict", ok=False)
    assert (
        "docs/index.md:5: check demo/c.py#a_ahead failed, so the passage it "
        "guards is false on this build: a = 1, b = 2"
    ) in proc.stderr


def test_a_missing_or_unclosed_check_names_page_and_line(site: Site) -> None:
    site.snippet("demo/c.py", CHECKING.format(a=3, b=2))
    site.page("index.md", PAGE.replace("#a_ahead", "#nope"))
    proc = site.build("--strict", ok=False)
    assert "docs/index.md:5: demo/c.py has no check 'nope'" in proc.stderr
    site.page("index.md", PAGE.replace("///\n\nA is", "\nA is"))
    proc = site.build("--strict", ok=False)
    assert "docs/index.md:5: check block" in proc.stderr
    assert "no closing '///' line" in proc.stderr


def test_serve_replaces_a_failing_passage_with_a_box(
    site: Site, tmp_path: Path
) -> None:
    from tests.engine.test_serve import Server

    _site(site, 1, 2)
    server = Server(site, tmp_path / "serve.log")
    try:
        html = server.wait_for(lambda h: "Check demo/c.py#a_ahead failed" in h)
        assert "A is ahead of B: it scores" not in html.split("<!--", 1)[0]
        assert "A is not ahead of B." in html
        site.snippet("demo/c.py", CHECKING.format(a=5, b=2))
        html = server.wait_for(lambda h: "it scores 5." in h)
        assert "failed" not in html
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
        server._stream.close()
