"""Exercise 1: the doubling time of training compute for every start of
the fitting window from 2010 to 2020, each with its 95% confidence
interval; the windows starting in 2010, 2015 and 2018 are marked."""

# %%
import datetime as dt

import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import load_models
from why_dl._trend import fit_doubling

STARTS = list(range(2010, 2021))
ASKED = (2010, 2015, 2018)

models = load_models(fdl.data_path("epoch_notable_models.csv"))
notable = [m for m in models if m.notable and m.compute_flop]
fits = {}
for start in STARTS:
    inside = [m for m in notable if m.date >= dt.date(start, 1, 1)]
    fits[start] = fit_doubling(
        np.array([m.year for m in inside]),
        np.array([m.compute_flop for m in inside]),
    )
for start in ASKED:
    fit = fits[start]
    assert fit.ci is not None
    fdl.value(f"months_{start}", fit.months)
    fdl.value(f"ci_low_{start}", 12 * fit.ci[0])
    fdl.value(f"ci_high_{start}", 12 * fit.ci[1])
    fdl.value(f"n_{start}", fit.n)
fdl.value("level", 0.95)
fdl.value("first_start", STARTS[0])
fdl.value("last_start", STARTS[-1])

# %%
base = fits[2010]
assert base.ci is not None
outside = [
    s for s in ASKED[1:] if not base.ci[0] <= fits[s].years <= base.ci[1]
]
span = [f.months for f in fits.values()]
late = fits[2018].ci
assert late is not None
overlap = late[1] >= base.ci[0] and late[0] <= base.ci[1]
fdl.value("overlap", "overlap" if overlap else "do not even overlap")
fdl.value("range_low", min(span))
fdl.value("range_high", max(span))
if len(outside) == 2:
    verdict = (
        "Yes: the estimates of the windows starting in "
        + " and in ".join(map(str, outside))
        + " both lie outside the 2010 window's interval"
    )
elif outside:
    verdict = (
        f"Partly: only the estimate of the window starting in "
        f"{outside[0]} lies outside the 2010 window's interval"
    )
else:
    verdict = "No: both estimates lie inside the 2010 window's interval"
fdl.value("verdict", verdict)
if outside:
    meaning = (
        "The interval only measures how well a single straight line is "
        "pinned down by the scatter of the models around it. It assumes "
        "that the rate was the same throughout the window; the rate itself "
        "drifts with the window, so the interval understates how uncertain "
        "\u201cthe\u201d doubling time is, and a doubling time has to be "
        "quoted with its window"
    )
else:
    meaning = (
        "The interval covers the choice of window here, but it only "
        "measures the scatter around one straight line, so it is still "
        "quoted with its window"
    )
fdl.value("meaning", meaning)

# %%
fig, ax = plt.subplots(figsize=(6.0, 3.2))
for start, fit in fits.items():
    assert fit.ci is not None
    colour = fdl.PALETTE[1] if start in ASKED else fdl.PALETTE[0]
    ax.errorbar(
        start,
        fit.months,
        yerr=[[fit.months - 12 * fit.ci[0]], [12 * fit.ci[1] - fit.months]],
        fmt="o",
        ms=5,
        color=colour,
        capsize=3,
    )
ax.axhspan(
    12 * base.ci[0],
    12 * base.ci[1],
    color=fdl.PALETTE[4],
    alpha=0.2,
    lw=0,
    label="95% interval, window from 2010",
)
ax.plot([], [], "o", color=fdl.PALETTE[1], label="windows of the exercise")
ax.set_xlabel("first year of the window (to the end of the data)")
ax.set_ylabel("doubling time (months)")
ax.set_xticks(STARTS)
ax.legend(fontsize=8, loc="upper right")
fig.tight_layout()
fdl.show(fig, "window")
