"""Training compute of notable AI models over time, with a fitted trend.

Dots are Epoch AI's notable models with a known training compute; the
line is a least-squares fit of log2(compute) on publication date over
the window named in the code, and its slope gives the doubling time.
"""

# %%
import datetime as dt

import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import load_models, load_snapshots
from why_dl._trend import fit_doubling

WINDOW_START = dt.date(2010, 1, 1)

models = load_models(fdl.data_path("epoch_notable_models.csv"))
notable = [m for m in models if m.notable and m.compute_flop]
inside = [m for m in notable if m.date >= WINDOW_START]
t = np.array([m.year for m in inside])
flop = np.array([m.compute_flop for m in inside])
fit = fit_doubling(t, flop)
assert fit.ci is not None

last = max(m.date for m in models)
snapshot = load_snapshots(fdl.data_path("snapshots.csv"))
fdl.value("snapshot", snapshot["epoch_notable_models.csv"].snapshot)
fdl.value("window_start", WINDOW_START.year)
fdl.value("data_end", last.isoformat())
fdl.value("n_fit", fit.n)
fdl.value("n_notable_since", sum(
    1 for m in models if m.notable and m.date >= WINDOW_START))
fdl.value("doubling_months", fit.months)
fdl.value("doubling_ci_low", 12 * fit.ci[0])
fdl.value("doubling_ci_high", 12 * fit.ci[1])
fdl.value("growth_per_year", 2.0**fit.slope)

# %%
fig, ax = plt.subplots(figsize=(7.0, 4.0), dpi=60)  # raster points only
before = [m for m in notable if m.date < WINDOW_START]
ax.scatter([m.year for m in before], [m.compute_flop for m in before],
           s=10, color=fdl.PALETTE[4], label="before the window",
           rasterized=True)
ax.scatter(t, flop, s=10, color=fdl.PALETTE[0], alpha=0.7,
           label=f"in the fit (n = {fit.n})", rasterized=True)
tt = np.linspace(t.min(), t.max(), 50)
ax.plot(tt, fit.predict(tt), color=fdl.PALETTE[1],
        label=f"doubling every {fit.months:.1f} months")
ax.set_yscale("log")
ax.set_xlabel("publication date")
ax.set_ylabel("training compute (FLOP)")
ax.legend(loc="upper left", fontsize=8.5)
ax.text(1.0, -0.16, "Data: Epoch AI, Notable AI Models (CC BY)",
        transform=ax.transAxes, ha="right", fontsize=7,
        color=fdl.LIGHT["muted"])
fig.tight_layout()
fdl.show(fig, "compute_trend")
