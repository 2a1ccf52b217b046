"""Exercise 1: no setting of ANGLE_TOL and LENGTH_TOL makes the rules
accept the chapter's open test squares, because the rule they fail is
"closed"; a closed test that first bridges small gaps does."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import ndimage

import fdl
from dl_is_ml._rules import (
    ANGLE_TOL,
    LENGTH_TOL,
    corners,
    ink_mask,
    is_closed,
    is_connected,
    judge,
)
from dl_is_ml._shapes import CLASSES, KINDS, make_dataset

N_TEST, TEST_SEED = 200, 100  # the chapter's open test drawings
BRIDGE = 2
"""Thicken the ink by this many pixels before the bridged closed test."""
angle_tols = np.arange(0.0, 45.5, 1.0)
length_tols = np.round(np.arange(1.0, 2.51, 0.05), 2)


def geometry(img):
    """What the rules measure in one drawing, before any tolerance."""
    mask = ink_mask(img)
    c = corners(mask)
    sides = np.roll(c, -1, axis=0) - c
    lengths = np.hypot(*sides.T)
    off, ratio = np.inf, np.inf
    if len(c) >= 3 and lengths.min() > 0:
        prev = np.roll(sides, 1, axis=0)
        cos = -(prev * sides).sum(1) / (lengths * np.roll(lengths, 1))
        angles = np.degrees(np.arccos(np.clip(cos, -1, 1)))
        off = np.abs(angles - 90).max()
        ratio = lengths.max() / lengths.min()
    bridged = ndimage.binary_dilation(mask, iterations=BRIDGE)
    return (
        len(c) == 4 and is_connected(mask),
        is_closed(mask),
        is_closed(bridged),
        off,
        ratio,
    )


X, y, _ = make_dataset(
    N_TEST, TEST_SEED + KINDS.index("open"), ("open",), square_share=0.5
)
four, closed, bridged, off, ratio = map(
    np.array, zip(*[geometry(x[0]) for x in X], strict=True)
)
square, rect = y == 0, y == CLASSES.index("rectangle")


def accepted(angle_tol, length_tol, closed_test):
    """Which drawings pass all rules at these tolerances, (n,)."""
    return four & closed_test & (off <= angle_tol) & (ratio <= length_tol)


as_coded = accepted(ANGLE_TOL, LENGTH_TOL, closed)
same = np.array_equal(as_coded, [judge(x[0]).square for x in X])
fdl.check(
    "same_as_judge",
    same,
    detail=f"{as_coded.sum()} accepted by the re-implementation",
)
fdl.value("n_test", N_TEST)
fdl.value("n_open_squares", int(square.sum()))
fdl.value("n_open_rectangles", int(rect.sum()))

# %%
# every pair of tolerances, with the closed rule as written
grid = np.array(
    [[accepted(a, t, closed) for t in length_tols] for a in angle_tols]
)  # (angles, lengths, n)
most = int(grid[..., square].sum(-1).max())
fdl.value("n_settings", grid.shape[0] * grid.shape[1])
fdl.value("angle_max", float(angle_tols[-1]))
fdl.value("length_max", float(length_tols[-1] - 1))
fdl.value("most_squares_coded", f"at most {most}" if most else "none")
n_fail = int((square & ~closed).sum())
fdl.value(
    "closed_fails",
    f"All {n_fail} of those squares fail"
    if n_fail == square.sum()
    else f"{n_fail} of those {square.sum()} squares fail",
)
fdl.check(
    "no_tolerance_helps",
    most == 0 and not (square & closed).any(),
    detail=f"at most {most} open squares accepted; "
    f"{(square & closed).sum()} pass the closed rule",
)

# the closed rule after bridging gaps, at today's ANGLE_TOL
at = np.array([accepted(ANGLE_TOL, t, bridged) for t in length_tols])
ok = (at[:, square].all(1)) & ~at[:, rect].any(1)
ok_lengths = length_tols[ok]
fdl.value("bridge", BRIDGE)
wider = length_tols > (ok_lengths.max() if ok.any() else np.inf)
fdl.check(
    "bridge_works",
    LENGTH_TOL in ok_lengths
    and wider.any()
    and at[wider][:, rect].any(1).all(),
    detail=f"LENGTH_TOL that work: {ok_lengths}; rectangles accepted "
    f"above them: {at[wider][:, rect].sum(1)}",
)
fdl.value("ok_length_lo", float(ok_lengths.min() - 1))
fdl.value("ok_length_hi", float(ok_lengths.max() - 1))
now = accepted(ANGLE_TOL, LENGTH_TOL, bridged)
fdl.value("bridged_acc", float(np.mean(now == square)))
fdl.value("bridged_other_accepted", int((now & ~square).sum()))

# %%
fig, ax = plt.subplots(figsize=(6, 2.9))
coded = np.array([accepted(ANGLE_TOL, t, closed) for t in length_tols])
if np.array_equal(coded[:, square].mean(1), coded[:, rect].mean(1)):
    ax.plot(
        length_tols - 1,
        coded[:, square].mean(1),
        "--",
        color=fdl.PALETTE[4],
        label="both, closed rule as coded",
    )
else:
    for j, (who, m) in enumerate(
        (("open squares", square), ("rectangles", rect))
    ):
        ax.plot(
            length_tols - 1,
            coded[:, m].mean(1),
            "--",
            color=fdl.PALETTE[j],
            label=f"{who}, closed rule as coded",
        )
for j, (who, m) in enumerate((("open squares", square), ("rectangles", rect))):
    ax.plot(
        length_tols - 1,
        at[:, m].mean(1),
        color=fdl.PALETTE[j],
        label=f"{who}, gaps bridged",
    )
ax.axvline(
    LENGTH_TOL - 1, color=fdl.LIGHT["muted"], linewidth=1, linestyle=":"
)
ax.text(
    LENGTH_TOL - 1,
    0.5,
    " LENGTH_TOL\n now",
    fontsize=8,
    color=fdl.LIGHT["muted"],
    va="center",
)
ax.xaxis.set_major_formatter("{x:.0%}")
ax.yaxis.set_major_formatter("{x:.0%}")
ax.set_xlabel("longest side may exceed shortest by (LENGTH_TOL - 1)")
ax.set_ylabel("accepted as square")
ax.set_title(f"Open test drawings, ANGLE_TOL = {ANGLE_TOL:g}", fontsize=10)
ax.legend(fontsize=8, frameon=False, loc="center right")
fig.tight_layout()
fdl.show(fig, "tolerances")
