"""Drawing figures to SVG, deterministically (runs in the worker).

Text stays text, coordinates are cut at 1/100 pt, ids are numbered in
document order and the hash salt is fixed, so the same figure always gives
the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

_INDENT = re.compile(r"\n[ \t]+")
_GEOMETRY = re.compile(
    r'(\s(?:d|transform|x|y|width|height|points)=")([^"]*)(")'
)
_DIGITS = re.compile(r"(\d+\.\d{2})\d+")
_ID = re.compile(r'\sid="([^"]+)"')
_ID_REF = re.compile(r'(id="|url\(#|href="#)([^")]+)')
SVG_SALT = "fundamentals-of-deep-learning"
"""matplotlib's SVG hash salt: fixed, so ids do not change between runs."""


def to_svg(fig: Any) -> str:
    """Render ``fig`` as SVG text with no date and a fixed hash salt."""
    import matplotlib as mpl

    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": SVG_SALT}):
        fig.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None},
            bbox_inches="tight",
        )
    return _compact(buffer.getvalue())


def _compact(svg: str) -> str:
    """Drop indentation and geometry digits below 1/100 of a point, and
    number ids in order (matplotlib hashes clip boxes to full precision,
    so float noise in a layout would otherwise change the bytes)."""
    svg = _INDENT.sub("\n", svg)
    svg = _GEOMETRY.sub(lambda m: m[1] + _DIGITS.sub(r"\1", m[2]) + m[3], svg)
    numbers = {old: f"i{n}" for n, old in enumerate(_ID.findall(svg))}
    return _ID_REF.sub(lambda m: m[1] + numbers.get(m[2], m[2]), svg)
