"""Exercise 2: the doubling time of the most compute-hungry notable model
of each year since 2010, beside the fit through all notable models of the
same window."""

# %%
import datetime as dt

import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import load_models
from why_dl._trend import fit_doubling

WINDOW_START = dt.date(2010, 1, 1)

models = load_models(fdl.data_path("epoch_notable_models.csv"))
inside = [
    m
    for m in models
    if m.notable and m.compute_flop and m.date >= WINDOW_START
]
top = {}
for m in sorted(inside, key=lambda m: m.compute_flop):
    top[m.date.year] = m  # the last one written is the year's largest
frontier = sorted(top.values(), key=lambda m: m.date)


def fit(ms):
    return fit_doubling(
        np.array([m.year for m in ms]), np.array([m.compute_flop for m in ms])
    )


every, best = fit(inside), fit(frontier)
assert every.ci is not None and best.ci is not None
fdl.value("n_all", every.n)
fdl.value("n_years", best.n)
fdl.value("first_year", frontier[0].date.year)
fdl.value("last_year", frontier[-1].date.year)
data_end = max(m.date for m in models)
fdl.value(
    "last_partial",
    ", the last year partial"
    if data_end.year == frontier[-1].date.year
    and data_end < dt.date(data_end.year, 12, 31)
    else "",
)
fdl.value("months_all", every.months)
fdl.value("months_top", best.months)
for name, f in (("all", every), ("top", best)):
    fdl.value(f"ci_low_{name}", 12 * f.ci[0])
    fdl.value(f"ci_high_{name}", 12 * f.ci[1])
# how far the frontier's line runs above the line of all notable models
gap = float(
    best.predict(np.array([2020.0]))[0] / every.predict(np.array([2020.0]))[0]
)
fdl.value("level", 0.95)

# %%
inside_each = (
    best.ci[0] <= every.years <= best.ci[1]
    and every.ci[0] <= best.years <= every.ci[1]
)
if inside_each:
    word = "not clearly different from"
elif best.years < every.years:
    word = "shorter than"
else:
    word = "longer than"
fdl.value("verdict", word)
if inside_each:
    why = (
        "Each estimate lies inside the other's interval, so the frontier "
        "and the bulk of notable models grew at about the same rate: the "
        f"line of the largest models runs about {gap:,.0f} times higher, "
        "but parallel"
    )
elif best.years < every.years:
    why = (
        "The largest models of the last years pulled away from the rest, "
        "so the frontier's line is steeper: its doubling time is the "
        "shorter"
    )
else:
    why = (
        "The bulk of notable models caught up with the frontier: small and "
        "medium models grew faster than the largest, so the frontier's "
        "line is flatter and its doubling time the longer"
    )
fdl.value("why", why)
w_top, w_all = best.ci[1] - best.ci[0], every.ci[1] - every.ci[0]
fdl.value(
    "width_sentence",
    (
        f"their interval is {w_top / w_all:.1f} times as wide"
        if w_top > w_all
        else "their interval is nonetheless no wider"
    ),
)

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=60)  # raster points only
ax.scatter(
    [m.year for m in inside],
    [m.compute_flop for m in inside],
    s=8,
    color=fdl.PALETTE[4],
    alpha=0.5,
    rasterized=True,
    label=f"all notable models (n = {every.n})",
)
ax.scatter(
    [m.year for m in frontier],
    [m.compute_flop for m in frontier],
    s=22,
    color=fdl.PALETTE[1],
    zorder=3,
    label=f"largest of each year (n = {best.n})",
)
tt = np.linspace(min(m.year for m in inside), max(m.year for m in inside), 50)
ax.plot(
    tt,
    every.predict(tt),
    color=fdl.PALETTE[0],
    label=f"all: doubling every {every.months:.1f} months",
)
ax.plot(
    tt,
    best.predict(tt),
    "--",
    color=fdl.PALETTE[1],
    label=f"largest: doubling every {best.months:.1f} months",
)
ax.set_yscale("log")
ax.set_xlabel("publication date")
ax.set_ylabel("training compute (FLOP)")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
fdl.show(fig, "frontier")
