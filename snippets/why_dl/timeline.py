"""Milestones of neural networks from 1943 to today, one dot per event.

The band marks the 1960s, where the slide puts the start of neural
networks; the first models are older.
"""

# %%
import matplotlib.pyplot as plt

import fdl
from why_dl._data import load_milestones

events = load_milestones(fdl.data_path("nn_milestones.csv"))
first = events[0]
perceptron = next(e for e in events if "perceptron" in e.event.lower())
fdl.value("first_year", first.year)
fdl.value("first_event", first.event)
fdl.value("perceptron_year", perceptron.year)
fdl.value("years_before_1960s", 1960 - first.year)
fdl.value("n_events", len(events))

# %%
fig, ax = plt.subplots(figsize=(7.2, 5.2))
ax.axvspan(1960, 1970, color=fdl.PALETTE[4], alpha=0.25, lw=0)
ax.text(1965, -0.6, "slide:\n\u201csince\n1960s\u201d", ha="center",
        va="bottom", fontsize=8, color=fdl.LIGHT["ink"])
for i, e in enumerate(events):
    y = len(events) - 1 - i
    colour = fdl.PALETTE[1] if e is first else fdl.PALETTE[0]
    ax.plot([first.year, e.year], [y, y], color=fdl.LIGHT["grid"], lw=1)
    ax.plot(e.year, y, "o", color=colour, ms=6)
    right = e.year < 1990
    ax.text(e.year + (1.2 if right else -1.2), y,
            f"{e.year} {e.event}", va="center", fontsize=8.5,
            ha="left" if right else "right", color=fdl.LIGHT["ink"])
ax.set_xlim(first.year - 3, 2026)
ax.set_ylim(-0.8, len(events) - 0.2)
ax.set_yticks([])
ax.spines["left"].set_visible(False)
ax.grid(axis="y", visible=False)
ax.set_xlabel("year of publication")
fig.tight_layout()
fdl.show(fig, "timeline")
