"""The site style: contrast in both palettes, colour-only dark variants,
deterministic SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

import fdl  # noqa: E402
from snippet_engine.palette import (  # noqa: E402
    contrast,
    palette_map,
    recolour,
)
from snippet_engine.settings import DARK_PALETTE  # noqa: E402
from snippet_engine.svg import to_svg  # noqa: E402

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
REPO = Path(__file__).resolve().parents[2]


def _site_dark() -> dict[str, str]:
    """The dark palette the site sets in mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, tag, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=Loader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "snippet-engine" in plugin:
            return dict(plugin["snippet-engine"]["dark_palette"])
    raise AssertionError("mkdocs.yml sets no dark palette")


DARK = _site_dark()


def test_site_dark_palette_is_the_engine_default() -> None:
    assert DARK == dict(DARK_PALETTE)


@pytest.mark.parametrize("colour", fdl.PALETTE)
def test_series_colours_hold_3_to_1_on_both_backgrounds(colour: str) -> None:
    for palette in (fdl.LIGHT, DARK):
        assert contrast(colour, palette["background"]) >= 3.0


@pytest.mark.parametrize("palette", [fdl.LIGHT, DARK])
def test_text_holds_4_5_to_1(palette: dict[str, str]) -> None:
    assert contrast(palette["ink"], palette["background"]) >= 4.5
    assert contrast(palette["muted"], palette["background"]) >= 4.5


def test_palette_roles_match_and_colours_are_distinct() -> None:
    assert fdl.LIGHT.keys() == DARK.keys()
    colours = [c.lower() for c in (*fdl.PALETTE, *fdl.LIGHT.values())]
    assert len(set(colours)) == len(colours)


def _figure() -> plt.Figure:
    fdl.use_style()
    fdl.seed()
    fig, axes = plt.subplots(1, 2)
    for i, ax in enumerate(axes):
        ax.plot(np.arange(5), np.random.rand(5) * (i + 1), label="series")
        ax.imshow(np.random.rand(3, 3), extent=(0, 4, 0, 1))
        ax.set_title(f"panel {i}")
        ax.legend()
    return fig


def _skeleton(svg: str) -> ET.Element:
    return ET.fromstring(_HEX.sub("#COLOUR", svg))


def test_dark_variant_differs_in_colour_only() -> None:
    fig = _figure()
    light = to_svg(fig)
    dark = recolour(light, palette_map(fdl.LIGHT, DARK))
    plt.close(fig)
    assert light != dark
    assert ET.tostring(_skeleton(light)) == ET.tostring(_skeleton(dark))
    assert fdl.LIGHT["ink"] in light and fdl.LIGHT["ink"] not in dark
    assert DARK["background"] in dark


def test_svg_is_deterministic_and_undated() -> None:
    first, second = (to_svg(fig := _figure()), plt.close(fig))[0], None
    second = (to_svg(fig := _figure()), plt.close(fig))[0]
    assert first == second
    assert "<dc:date>" not in first
