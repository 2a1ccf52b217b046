"""Artificial intelligence contains machine learning, which contains deep
learning: three nested sets, each a special case of the one around it."""

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

import fdl

levels = [
    ("Artificial intelligence", "machines that act intelligently,\n"
     "by any means (also rules written by hand)"),
    ("Machine learning", "programs that learn from data\n"
     "to map features to answers"),
    ("Deep learning", "learns the features too,\nlayer upon layer"),
]
fdl.value("n_levels", len(levels))

# %%
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ink = fdl.LIGHT["ink"]
for i, (name, what) in enumerate(levels):
    x0, y0 = 0.9 * i, 0.35 * i
    w, h = 10 - 2 * x0, 6 - 1.5 * i - y0
    color = fdl.PALETTE[i]
    ax.add_patch(FancyBboxPatch(
        (x0, y0), w, h, boxstyle="round,pad=0,rounding_size=0.5",
        facecolor=color, alpha=0.12, edgecolor="none"))
    ax.add_patch(FancyBboxPatch(
        (x0, y0), w, h, boxstyle="round,pad=0,rounding_size=0.5",
        facecolor="none", edgecolor=color, linewidth=2))
    ty = y0 + h - 0.25
    ax.text(5, ty, name, ha="center", va="top", fontsize=12,
            fontweight="bold", color=ink)
    ax.text(5, ty - 0.45, what, ha="center", va="top", fontsize=9,
            color=fdl.LIGHT["muted"], linespacing=1.15)
ax.set_xlim(-0.1, 10.1)
ax.set_ylim(-0.1, 6.1)
ax.set_aspect("equal")
ax.axis("off")
fdl.show(fig, "nesting")
