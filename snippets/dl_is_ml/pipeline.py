"""Two pipelines from the same drawing to the same answer: machine learning
with features designed by a person (here a histogram of edge directions),
and deep learning, whose layers learn their features from data."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import fdl
from dl_is_ml._features import hog
from dl_is_ml._shapes import SIZE, draw_shape
from dl_is_ml._stats import join

X = draw_shape("square", "clean", np.random.default_rng(3))
bins = 9
features = hog(X, cells=1, bins=bins)[0]
fdl.value("n_pixels", SIZE * SIZE)
fdl.value("n_hand_features", features.size)


def edge_name(b):
    """The direction of the edges whose gradients fall in bin ``b``."""
    angle = ((b + 0.5) * 180 / bins + 90) % 180  # an edge runs across
    if min(angle, 180 - angle) <= 180 / bins / 2:
        return "horizontal"
    if abs(angle - 90) <= 180 / bins / 2:
        return "vertical"
    return f"{angle:.0f}-degree"


ranked = np.argsort(features)[::-1]
fdl.value("tall_bars", join(sorted(edge_name(b) for b in ranked[:2])))
fdl.value("tall_vs_rest", float(features[ranked[1]] / features[ranked[2]]))

# %%
hand, learned = fdl.PALETTE[1], fdl.PALETTE[0]
ink, muted = fdl.LIGHT["ink"], fdl.LIGHT["muted"]
fig, axes = plt.subplots(2, 1, figsize=(8, 4.4))
rows = [
    ("Machine learning", [("hand-made\nfeatures", hand, 2.1),
                          ("classifier", learned, 1.6)]),
    ("Deep learning", [("learned features\n(layer 1 edges, layer 2\n"
                        "corners, layer 3 shapes)\nand classifier",
                        learned, 3.9)]),
]
for ax, (title, stages) in zip(axes, rows, strict=True):
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 2)
    ax.axis("off")
    ax.text(0, 1.95, title, fontsize=11, fontweight="bold", color=ink,
            va="top")
    img_ax = ax.inset_axes([0.1, 0.2, 1.2, 1.2], transform=ax.transData)
    img_ax.imshow(X, cmap="gray_r", vmin=0, vmax=1,
                  interpolation="nearest")
    img_ax.set_axis_off()
    ax.text(0.7, 0.05, "input", ha="center", fontsize=9, color=muted)
    x = 1.3
    for label, color, width in stages:
        ax.add_artist(FancyArrowPatch(
            (x + 0.1, 0.8), (x + 0.6, 0.8), arrowstyle="-|>",
            mutation_scale=12, color=muted, linewidth=1.5))
        x += 0.7
        ax.add_patch(FancyBboxPatch(
            (x, 0.2), width, 1.2, boxstyle="round,pad=0,rounding_size=0.15",
            facecolor=color, alpha=0.15, edgecolor="none"))
        ax.add_patch(FancyBboxPatch(
            (x, 0.2), width, 1.2, boxstyle="round,pad=0,rounding_size=0.15",
            facecolor="none", edgecolor=color, linewidth=1.5))
        if label.startswith("hand-made"):
            bar_ax = ax.inset_axes([x + 0.15, 0.45, width - 0.3, 0.9],
                                   transform=ax.transData)
            bar_ax.bar(np.arange(bins), features, color=hand, width=0.8)
            bar_ax.set_axis_off()
            ax.text(x + width / 2, 0.27, f"{bins} edge directions",
                    ha="center", fontsize=8, color=ink)
            ax.text(x + width / 2, 1.5, label.replace("\n", " "),
                    ha="center", fontsize=9, color=ink)
        else:
            ax.text(x + width / 2, 0.8, label, ha="center", va="center",
                    fontsize=9, color=ink, linespacing=1.2)
        x += width
    ax.add_artist(FancyArrowPatch(
        (x + 0.1, 0.8), (x + 0.6, 0.8), arrowstyle="-|>",
        mutation_scale=12, color=muted, linewidth=1.5))
    ax.text(x + 0.75, 0.8, "output:\n\"square\"", va="center", fontsize=9,
            color=ink)
handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, alpha=0.3,
                         edgecolor=c) for c in (hand, learned)]
fig.legend(handles, ["designed by a person", "learned from data"],
           loc="upper right", ncols=2, fontsize=9, frameon=False)
fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.01)
fdl.show(fig, "pipeline")
