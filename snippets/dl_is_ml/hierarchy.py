"""What the shared CNN computes for one drawing of a square: its first-layer
filters and their responses, the second layer's units with the patches
that excite them most, and the third layer's evidence for its decision."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_is_ml._cnn import ShapeNet, load_shape_cnn, train_shape_cnn
from dl_is_ml._inspect import (
    correlation,
    direction_coherence,
    evidence_shares,
    grad_cam,
    line_tuning,
    regions,
)
from dl_is_ml._shapes import LABELS, draw_shape, make_dataset
from dl_is_ml._stats import join

SELECTIVE = 0.25
"""A filter prefers one direction when its weakest response to a line is
below this share of its strongest."""
CORNER = 0.7
"""Patches with a direction coherence below this hold edges of more than
one direction (two equal strokes 45 degrees apart give 0.71)."""
NEAR, N_RANDOM = 2, 5

net = load_shape_cnn(fdl.cached(train_shape_cnn))
X = draw_shape("square", "rotated", np.random.default_rng(11))
x = torch.from_numpy(X)[None, None]
h1, h2, h3 = (h.detach()[0].numpy() for h in net.features(x))
fdl.value("n_filters1", h1.shape[0])
fdl.value("n_filters2", h2.shape[0])
fdl.value("n_filters3", h3.shape[0])

# %%
# the input patches that excite each layer-2 unit most, over many drawings
X_bank, _, _ = make_dataset(800, 200, kinds=("clean", "rotated"))
with torch.no_grad():
    bank = net.features(torch.from_numpy(X_bank))[1].numpy()
RF = 10  # a layer-2 unit sees a 10 x 10 pixel patch of the input
padded = np.pad(X_bank[:, 0], ((0, 0), (RF, RF), (RF, RF)))


def top_patches(c, k=4, grid=True):
    """The ``k`` input patches (from different drawings) that excite
    layer-2 channel ``c`` most, as a 2 x 2 grid or a list."""
    best = bank[:, c].reshape(len(bank), -1)
    order = np.argsort(best.max(1))[::-1][:k]
    out = []
    for n in order:
        i, j = divmod(int(best[n].argmax()), bank.shape[-1])
        y0, x0 = 2 * i - RF // 2 + 1 + RF, 2 * j - RF // 2 + 1 + RF
        out.append(padded[n, y0 : y0 + RF, x0 : x0 + RF])
    if not grid:
        return out
    top = np.concatenate(out[:2], axis=1)
    bottom = np.concatenate(out[2:], axis=1)
    return np.concatenate([top, bottom], axis=0)


# %%
# first layer: how strongly each filter prefers one direction of line
angles = np.arange(0, 180, 15)
tuning = line_tuning(net.conv1, angles)
weakest = tuning.min(1) / tuning.max(1)
oriented = weakest < SELECTIVE
fdl.value("selective_ratio", SELECTIVE)
fdl.value("n_oriented", int(oriented.sum()))
fdl.value("n_any_direction", int((~oriented).sum()))
n1 = len(oriented)
if oriented.all():
    layer1 = (f"all {n1} respond much more to lines of one direction than "
              "of others")
elif not oriented.any():
    layer1 = (f"none of the {n1} strongly prefers one direction: each "
              "responds to lines of every direction, to differing degrees")
else:
    layer1 = (f"{oriented.sum()} of the {n1} respond much more to lines "
              "of one direction than of others, and the other "
              f"{(~oriented).sum()} respond to lines of every direction, "
              "to differing degrees")
fdl.value("layer1_sentence", layer1[0].upper() + layer1[1:])

# second layer: do the patches that excite a unit most hold one edge
# direction or two (a corner)?
order2 = np.argsort(h2.reshape(len(h2), -1).max(1))[::-1][:8]
coherence = np.array([np.median([direction_coherence(p)
                                 for p in top_patches(c, grid=False)])
                      for c in order2])
corner_units = [int(c) + 1 for c, k in zip(order2, coherence, strict=True)
                if k < CORNER]
one_way = [int(c) + 1 for c, k in zip(order2, coherence, strict=True)
           if k >= CORNER]
fdl.value("corner_threshold", CORNER)
n_corner, n_shown = len(corner_units), len(order2)
fdl.value("n_corner_units", n_corner)
fdl.value("n_units_shown", n_shown)
if n_corner == n_shown:
    layer2 = (f"in all {n_shown} units shown, the top patches hold edges "
              "of more than one direction (corners and bends)")
elif n_corner == 0:
    layer2 = (f"in none of the {n_shown} units shown do the top patches "
              "hold edges of more than one direction; their edges run "
              "mostly one way")
else:
    layer2 = (f"in {n_corner} of the {n_shown} units shown the top "
              "patches hold edges of more than one direction (corners "
              f"and bends); in the other {n_shown - n_corner} (units "
              f"{join([str(u) for u in one_way])}) their edges run "
              "mostly one way")
fdl.value("layer2_sentence", layer2[0].upper() + layer2[1:])

# %%
# the decision, and where its evidence lies
cam, cls, probs, contrib = grad_cam(net, X)
fdl.value("decision", LABELS[cls])
fdl.value("p_decision", float(probs[cls]))
shares = evidence_shares(cam, regions(X, near=NEAR))
for region, (evidence, area) in shares.items():
    fdl.value(f"evidence_{region}", evidence)
    fdl.value(f"area_{region}", area)
fdl.value("near_pixels", NEAR)
close = shares["ink"][0] + shares["near"][0]
close_area = shares["ink"][1] + shares["near"][1]
if close > 0.5:
    where = (f"most of it ({close:.0%}) lies on the outline or within "
             f"{NEAR} pixels of it, an area of {close_area:.0%} of the "
             "image")
else:
    where = (f"less than half of it ({close:.0%}) lies on the outline or "
             f"within {NEAR} pixels of it, an area of {close_area:.0%} of "
             "the image")
fdl.value("evidence_sentence", where)

# the sanity check of Adebayo et al. (2018): the same map from networks
# with random weights; a map that does not change shows the input only
random_r = []
for s in range(N_RANDOM):
    fdl.seed(100 + s)
    random_cam = grad_cam(ShapeNet().eval(), X, cls)[0]
    random_r.append(correlation(cam, random_cam))
r = float(np.median(random_r))
fdl.value("n_random", N_RANDOM)
fdl.value("random_corr", r)
if abs(r) < 0.3:
    check = ("so this map does depend on what the network learned, and "
             "passes the check")
elif abs(r) < 0.7:
    check = ("so part of this map would appear in any network of this "
             "shape, and it passes the check only in part")
else:
    check = ("so this map looks much the same in an untrained network: it "
             "shows the drawing more than what the network learned")
fdl.value("random_check", check)

# %%
ink, muted = fdl.LIGHT["ink"], fdl.LIGHT["muted"]
fig = plt.figure(figsize=(9, 8.4), layout="constrained")
rows = fig.subfigures(3, 1, height_ratios=[2.3, 2.6, 2.6], hspace=0.03)


def clean(ax):
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


rows[0].suptitle("1. First layer: filters and their responses to the "
                 "drawing", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
axes = rows[0].subplots(2, 9)
axes[0, 0].imshow(X, cmap="gray_r", vmin=0, vmax=1)
axes[0, 0].set_title("input", fontsize=9)
axes[1, 0].text(0.5, 0.5, "filter (top)\nresponse\n(bottom)", ha="center",
                va="center", fontsize=8, color=muted,
                transform=axes[1, 0].transAxes)
w1 = net.conv1.weight.detach()[:, 0].numpy()
for c in range(8):
    lim = np.abs(w1[c]).max()
    axes[0, c + 1].imshow(w1[c], cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[0, c + 1].set_title(f"filter {c + 1}", fontsize=8)
    axes[1, c + 1].imshow(h1[c], cmap="viridis")
    axes[1, c + 1].set_xlabel("one direction" if oriented[c]
                              else "all directions", fontsize=7,
                              color=muted)
for ax in axes.flat:
    clean(ax)

rows[1].suptitle("2. Second layer: combinations of edges (top: response "
                 "to the drawing; bottom: the\n    4 patches of other "
                 "drawings that excite the unit most; coherence under "
                 "them)", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
axes = rows[1].subplots(2, 8)
for k, c in enumerate(order2):
    axes[0, k].imshow(h2[c], cmap="viridis")
    axes[0, k].set_title(f"unit {c + 1}", fontsize=8)
    axes[1, k].imshow(top_patches(c), cmap="gray_r", vmin=0, vmax=1)
    axes[1, k].axhline(RF - 0.5, color=fdl.PALETTE[1], linewidth=1)
    axes[1, k].axvline(RF - 0.5, color=fdl.PALETTE[1], linewidth=1)
    axes[1, k].set_xlabel(f"coherence {coherence[k]:.2f}",
                          fontsize=7, color=muted)
for ax in axes.flat:
    clean(ax)

rows[2].suptitle(f"3. The decision: \"{LABELS[cls]}\" "
                 f"(p = {probs[cls]:.2f}), and the evidence behind it",
                 x=0.01, ha="left", fontsize=11, fontweight="bold")
axes = rows[2].subplots(1, 4, width_ratios=[1, 1.1, 1.6, 1.1])
axes[0].imshow(X, cmap="gray_r", vmin=0, vmax=1)
axes[0].imshow(np.ma.masked_less(cam, 0.1), cmap="magma_r", alpha=0.7,
               vmin=0, vmax=1)
axes[0].set_title("where: evidence map\n(Grad-CAM, layer 3)", fontsize=9)
clean(axes[0])
top3 = np.argsort(contrib)[::-1][:6]
axes[1].barh(np.arange(6), contrib[top3], color=fdl.PALETTE[0])
axes[1].set_yticks(np.arange(6), [f"unit {c + 1}" for c in top3],
                   fontsize=8)
axes[1].invert_yaxis()
axes[1].set_title("which: layer-3 units\nthat add most to the score",
                  fontsize=9)
axes[1].tick_params(axis="x", labelsize=8)
mosaic = np.concatenate([h3[c] / max(h3[c].max(), 1e-6) for c in top3[:3]],
                        axis=1)
axes[2].imshow(mosaic, cmap="viridis")
axes[2].set_title("the top 3 units' maps\n(8 x 8 each)", fontsize=9)
clean(axes[2])
axes[3].barh(np.arange(len(LABELS)), probs, color=fdl.PALETTE[2])
axes[3].set_yticks(np.arange(len(LABELS)), LABELS, fontsize=8)
axes[3].invert_yaxis()
axes[3].set_xlim(0, 1)
axes[3].set_title("output: class\nprobabilities", fontsize=9)
axes[3].tick_params(axis="x", labelsize=8)
fdl.show(fig, "hierarchy")
