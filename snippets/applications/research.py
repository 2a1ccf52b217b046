"""How many AI systems were published each year, by field.

Bars count the systems in Epoch AI's database by year of publication;
the line counts those Epoch marks notable. The last year is partial.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import load_models, load_snapshots

models = load_models(fdl.data_path("epoch_notable_models.csv"))
FIELDS = ["Language", "Vision", "Biology", "Games"]
START = 2000


def field(domain: str) -> str:
    parts = [p.strip() for p in domain.split(",")]
    for name in FIELDS:
        if name in parts:
            return name
    return "other"


last = max(m.date for m in models)
years = np.arange(START, last.year + 1)
groups = [*FIELDS, "other"]
counts = {g: np.zeros(years.size, int) for g in groups}
notable = np.zeros(years.size, int)
for m in models:
    if m.date.year >= START:
        counts[field(m.domain)][m.date.year - START] += 1
        notable[m.date.year - START] += m.notable
total = sum(counts.values())

snapshot = load_snapshots(fdl.data_path("snapshots.csv"))
fdl.value("snapshot", snapshot["epoch_notable_models.csv"].snapshot)
fdl.value("last_date", last.isoformat())
fdl.value("n_systems", len(models))
fdl.value("count_2012", int(total[2012 - START]))
peak = int(np.argmax(total[:-1]))
fdl.value("peak_year", int(years[peak]))
fdl.value("peak_count", int(total[peak]))
fdl.value("notable_2012", int(notable[2012 - START]))
fdl.value("notable_peak_year", int(years[np.argmax(notable[:-1])]))
fdl.value("notable_peak", int(notable[:-1].max()))
fdl.value("language_share_peak",
          float(counts["Language"][peak] / total[peak]))

# %%
fig, ax = plt.subplots(figsize=(7.2, 3.8))
bottom = np.zeros(years.size)
for g, colour in zip(groups, fdl.PALETTE, strict=True):
    ax.bar(years, counts[g], bottom=bottom, color=colour, width=0.8,
           label=g)
    bottom += counts[g]
ax.plot(years, notable, "o-", color=fdl.LIGHT["ink"], ms=3, lw=1.2,
        label="of which notable")
ax.text(years[-1], total[-1] + 3, "partial", ha="center", fontsize=7.5,
        color=fdl.LIGHT["muted"])
ax.set_xlabel("year of publication")
ax.set_ylabel("AI systems in the database")
ax.legend(fontsize=8, loc="upper left", ncols=2)
fig.tight_layout()
fdl.show(fig, "research")
