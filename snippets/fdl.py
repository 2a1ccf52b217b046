"""The course's helper for snippets: seeds, the plot style, outputs.

A snippet hands its figures and values to :func:`show` and :func:`value`.
Run on its own, a snippet shows its figures and prints its values; under
the site's build engine, the same calls pass them to the engine, which
saves them. This file travels with every downloaded snippet, so it holds
only what a learner's script needs: the site's own concerns (the dark
palette, how figures are saved) live in the engine and ``mkdocs.yml``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Where the data that snippets read lives, with its sources file."""

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#888888")
"""Series colours (Okabe-Ito based), each >= 3:1 on both backgrounds."""

LIGHT = {
    "background": "#ffffff",
    "ink": "#1f2328",
    "muted": "#59636e",
    "grid": "#d1d9e0",
}
"""Colours of the light palette; figures are drawn in these (the site
derives its dark variant by swapping each role's colour)."""

SEED = 0
"""The seed every snippet starts from."""

T = TypeVar("T")


_runtime: Any = None
"""Set by the build engine in its workers; None when run on its own."""


def style() -> dict[str, object]:
    """Return the site's matplotlib rcParams (light palette)."""
    from cycler import cycler

    ink, muted, grid = LIGHT["ink"], LIGHT["muted"], LIGHT["grid"]
    return {
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "figure.facecolor": LIGHT["background"],
        "axes.facecolor": LIGHT["background"],
        "savefig.facecolor": LIGHT["background"],
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": muted,
        "axes.titlecolor": ink,
        "xtick.color": muted,
        "ytick.color": muted,
        "xtick.labelcolor": ink,
        "ytick.labelcolor": ink,
        "grid.color": grid,
        "legend.edgecolor": grid,
        "legend.facecolor": LIGHT["background"],
        "legend.labelcolor": ink,
        "legend.framealpha": 1.0,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # Text stays text in the SVG (small files); a reader without
        # DejaVu Sans gets a narrower sans-serif, so nothing overflows.
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 10.0,
        "axes.titlesize": 11.0,
        "figure.figsize": (6.4, 3.6),
        "figure.dpi": 100.0,
        "image.cmap": "viridis",
        # Images embed at their own resolution and scale crisply.
        "image.interpolation": "none",
        "lines.linewidth": 2.0,
        "svg.fonttype": "none",
    }


def use_style() -> None:
    """Apply the site's style to matplotlib."""
    import matplotlib as mpl

    params: Any = mpl.rcParams  # typed with literal keys only
    params.update(style())


def seed(value: int = SEED) -> None:
    """Seed random, numpy and torch (when installed)."""
    random.seed(value)
    try:
        import numpy as np
    except ImportError:
        pass
    else:
        np.random.seed(value)
    try:
        import torch
    except ImportError:
        pass
    else:
        torch.manual_seed(value)


def device() -> str:
    """Return the torch device snippets compute on (``FDL_DEVICE``)."""
    return os.environ.get("FDL_DEVICE", "cpu")


def data_path(name: str) -> Path:
    """Return the path of a data file shipped in ``snippets/data``."""
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"no data file {name!r} in {DATA_DIR}")
    return path


def show(fig: Any, name: str) -> None:
    """Hand a finished figure to the site (or show it on screen)."""
    if _runtime is not None:
        _runtime.show(fig, name)
        return
    import matplotlib.pyplot as plt

    if plt.get_backend().lower() in {"agg", "svg", "pdf", "ps", "cairo"}:
        print(f"[figure {name!r} drawn; backend cannot show it]")
        plt.close(fig)
    else:
        plt.show()


def frames(
    name: str,
    draw: Callable[[Any], Any],
    values: Sequence[Any],
    *,
    label: str,
    default: int = 0,
    fmt: str = "{}",
) -> None:
    """Hand the site a figure the reader can move: ``draw(v)`` makes the
    figure for each of ``values`` (a learning rate, an epoch, a depth...).

    The page shows it with a slider named ``label`` that prints each value
    with ``fmt``; ``values[default]`` is the frame shown first (and the
    only one without JavaScript). Run on its own, a snippet shows only the
    default frame.
    """
    if not values or not 0 <= default < len(values):
        raise ValueError(f"frames {name!r}: default must index values")
    if _runtime is not None:
        _runtime.frames(name, draw, list(values), label, default, fmt)
        return
    show(draw(values[default]), name)


def value(name: str, val: T) -> T:
    """Publish a number or short string that the page's prose quotes."""
    if _runtime is not None:
        _runtime.value(name, val)
    else:
        print(f"{name} = {val!r}")
    return val


def check(name: str, passed: bool, detail: str = "") -> bool:
    """Publish a named claim the snippet has tested (deterministic results
    only): a page shows the passage it guards only while it passes.

    ``detail`` gives the values behind it, for the build's error and
    report, e.g. ``f"SVM {svm:.3f} vs CNN {cnn:.3f}, 95% CI {lo:+.3f}
    to {hi:+.3f}"``.
    """
    if _runtime is not None:
        _runtime.check(name, passed, detail)
    else:
        print(f"check {name}: {'passed' if passed else 'FAILED'} {detail}")
    return passed


def cached(fn: Callable[..., T], *args: Any) -> T:
    """Return ``fn(*args)``, computed once and shared between snippets.

    Write the call as ``fdl.cached(function, literal arguments)``, with a
    module-level function imported from a module in ``snippets/``: the
    engine finds such calls before anything runs, computes each result
    once in a job of its own and caches it like a snippet's output.
    """
    if _runtime is not None:
        return cast(T, _runtime.cached(fn, *args))
    with fresh_rng():
        return cast(T, _memo(fn, args))


@contextlib.contextmanager
def fresh_rng(value: int = SEED) -> Iterator[None]:
    """Run a block from a fresh seed, then restore the caller's RNG state.

    A shared result is then the same whoever computes it, and the caller's
    random numbers do not depend on whether it was computed or loaded.
    """
    import numpy as np

    saved: list[Any] = [random.getstate(), np.random.get_state()]
    try:
        import torch
    except ImportError:
        torch = None  # type: ignore[assignment]
    if torch is not None:
        saved.append(torch.get_rng_state())
    seed(value)
    try:
        yield
    finally:
        random.setstate(saved[0])
        np.random.set_state(saved[1])
        if torch is not None:
            torch.set_rng_state(saved[2])


@functools.cache
def _memo(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return fn(*args)


try:
    use_style()
except ImportError:  # no matplotlib: a snippet that only computes
    pass
seed()  # a snippet run on its own starts where the site's build started
