"""Palettes: the dark variant of a figure, and contrast checks.

The dark variant is the light SVG with each colour of the light palette
replaced by the colour of the same role in the dark palette (set in
``mkdocs.yml``): pure post-processing, so changing the dark palette
recolours every figure and reruns no snippet.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def palette_map(light: dict[str, str], dark: dict[str, str]) -> dict[str, str]:
    """Map each light colour (lower-case hex) to its dark counterpart."""
    mapping = {light[role].lower(): dark[role].lower() for role in light}
    if len(mapping) != len(light):
        raise ValueError("two roles of the light palette share a colour")
    return mapping


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
