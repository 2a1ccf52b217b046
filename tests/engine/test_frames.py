"""Figures the reader moves, and math, through real builds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape

import pytest

from tests.engine.conftest import REPO, Site

pytestmark = pytest.mark.slow

MOVING = '''\
"""A line whose slope the reader moves."""
import matplotlib.pyplot as plt
import fdl


def draw(slope):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, slope])
    ax.set_title(f"slope {slope}")
    return fig


fdl.frames("line", draw, [0.5, 1, 2], label="Slope", default=1,
           fmt="{:.1f}")
fdl.value("n", 3)
'''

PAGE = """\
# P

The loss is $L(w) = (w - 1)^2$, and in display:

$$
w \\\\leftarrow w - \\\\eta \\\\nabla L
$$

It costs $25 and $30, which is money.

![A line whose slope moves with the slider](demo/m.py#line)
/// caption
The line.
///

```python
--8<-- "demo/m.py"
```
"""


def test_frames_become_a_default_image_pair_with_every_frame(
    site: Site,
) -> None:
    site.snippet("demo/m.py", MOVING)
    site.page("chapter/moving.md", PAGE)  # served at /chapter/moving/
    site.build("--strict")
    page_dir = site.root / "site" / "chapter" / "moving"
    html = (page_dir / "index.html").read_text()
    images = re.findall(r"<img [^>]*data-frames-id[^>]*>", html)
    assert len(images) == 2, html
    for image, variant in zip(images, ("light", "dark"), strict=True):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', image))
        frames = unescape(attrs["data-frames"]).split()
        assert len(frames) == 3
        assert all(f.endswith(f"#only-{variant}") for f in frames)
        assert unescape(attrs["src"]) == frames[1]
        assert json.loads(unescape(attrs["data-values"])) == [
            "0.5",
            "1.0",
            "2.0",
        ]
        assert attrs["data-label"] == "Slope"
        for frame in frames:  # resolved as a browser does, from the page
            assert (page_dir / frame.split("#")[0]).resolve().is_file()
    light = [(page_dir / f.split("#")[0]).resolve() for f in frames]
    assert len({p.read_bytes() for p in light}) == 3, "three drawings"


def test_math_is_mathml_and_money_is_not_math(site: Site) -> None:
    site.snippet("demo/m.py", MOVING)
    site.page("index.md", PAGE)
    site.build("--strict")
    html = site.html()
    assert html.count("<math") == 2
    assert 'display="block"' in html
    assert "It costs $25 and $30, which is money." in html


def test_a_moving_snippet_run_alone_shows_its_default_frame(
    site: Site,
) -> None:
    path = site.snippet("demo/m.py", MOVING)
    proc = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={"MPLBACKEND": "agg", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "[figure 'line' drawn" in proc.stdout
