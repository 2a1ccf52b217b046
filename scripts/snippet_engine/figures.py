"""Saving figures: deterministic SVG, and the dark variant by recolouring.

The dark variant is the light SVG with each colour of the light palette
replaced by the colour of the same role in the dark palette: the drawing
is made once and the two files differ in colour only.
"""

from __future__ import annotations

import io
import re
from typing import Any

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
_INDENT = re.compile(r"\n[ \t]+")
_GEOMETRY = re.compile(
    r'(\s(?:d|transform|x|y|width|height|points)=")([^"]*)(")'
)
_DIGITS = re.compile(r"(\d+\.\d{2})\d+")
_ID = re.compile(r'\sid="([^"]+)"')
_ID_REF = re.compile(r'(id="|url\(#|href="#)([^")]+)')


def palette_map(light: dict[str, str], dark: dict[str, str]) -> dict[str, str]:
    """Map each light colour (lower-case hex) to its dark counterpart."""
    mapping = {light[role].lower(): dark[role].lower() for role in light}
    if len(mapping) != len(light):
        raise ValueError("two roles of the light palette share a colour")
    return mapping


def to_svg(fig: Any) -> str:
    """Render ``fig`` as SVG text with no date and a fixed hash salt."""
    import matplotlib as mpl

    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "fundamentals-of-deep-learning"}):
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


def recolour(svg: str, mapping: dict[str, str]) -> str:
    """Replace the colours in ``mapping`` wherever they occur in ``svg``."""
    return _HEX.sub(lambda m: mapping.get(m[0].lower(), m[0]), svg)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours."""
    low, high = sorted((relative_luminance(a), relative_luminance(b)))
    return (high + 0.05) / (low + 0.05)
