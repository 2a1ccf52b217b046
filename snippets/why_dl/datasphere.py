"""IDC's size of the global datasphere, in zettabytes, edition by edition.

Filled dots are estimates of a past year, open dots forecasts; a dashed
line joins only figures of the same edition, since each edition rescales
the earlier years.
"""

# %%
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

import fdl
from why_dl._data import load_datasphere

points = load_datasphere(fdl.data_path("global_datasphere_zettabytes.csv"))
editions: dict[str, list] = {}
for p in points:
    editions.setdefault(p.edition, []).append(p)


def find(year: int, forecast: bool):
    return next(p for p in points
                if p.year == year and p.forecast == forecast)


f2020, e2020 = find(2020, True), find(2020, False)
e2013, f2025 = find(2013, False), find(2025, True)
fdl.value("n_editions", len(editions))
fdl.value("max_points_per_edition", max(len(v) for v in editions.values()))
fdl.value("zb_2013", e2013.zettabytes)
fdl.value("forecast_2020", f2020.zettabytes)
fdl.value("estimate_2020", e2020.zettabytes)
fdl.value("forecast_2020_short_by", 1 - f2020.zettabytes / e2020.zettabytes)
fdl.value("forecast_2025", f2025.zettabytes)
e2018 = find(2018, False)
# the 2014 edition's growth, extended to 2018, against the 2018 estimate
line_2018 = e2013.zettabytes * (f2020.zettabytes / e2013.zettabytes) ** (
    (e2018.year - e2013.year) / (f2020.year - e2013.year))
fdl.value("line_2018", line_2018)
fdl.value("estimate_2018", e2018.zettabytes)
fdl.value("estimate_2018_vs_line",
          "above" if e2018.zettabytes > line_2018 else "below")
span = f2020.year - e2013.year
fdl.value("implied_growth_2014_edition",
          (f2020.zettabytes / e2013.zettabytes) ** (1 / span) - 1)

# %%
fig, ax = plt.subplots(figsize=(7.0, 4.2))
for colour, (edition, pts) in zip(fdl.PALETTE, editions.items(),
                                   strict=False):
    pts = sorted(pts, key=lambda p: p.year)
    ax.plot([p.year for p in pts], [p.zettabytes for p in pts], "--",
            color=colour, lw=1.2, label=edition)
    for p in pts:
        ax.plot(p.year, p.zettabytes, "o", ms=8, color=colour,
                mfc=fdl.LIGHT["background"] if p.forecast else colour,
                mew=2)
        kind = "forecast" if p.forecast else "estimate"
        left = p is e2020
        ax.annotate(f"{p.zettabytes:g} ZB\n{kind}", (p.year, p.zettabytes),
                    xytext=(-8, 6) if left else (7, -4),
                    textcoords="offset points", fontsize=7.5,
                    va="bottom" if left else "top",
                    ha="right" if left else "left",
                    color=fdl.LIGHT["ink"])
ax.set_yscale("log")
ax.set_xlim(2008, 2027.5)
ax.xaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_ylim(0.4, 500)
ax.set_xlabel("year the figure is about")
ax.set_ylabel("global datasphere (ZB)")
ax.legend(loc="lower right", fontsize=7, title="edition (one line each)",
          title_fontsize=7.5)
fig.tight_layout()
fdl.show(fig, "datasphere")
