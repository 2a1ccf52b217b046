"""The same drawing described twice: by hand-made features (histograms of
edge orientation on a 4 x 4 grid, drawn as line glyphs) and by the shared
CNN's learned features, low-level (layer 1) and high-level (layer 3)."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._features import hog
from dl_is_ml._shapes import draw_shape

net = load_shape_cnn(fdl.cached(train_shape_cnn))
X = draw_shape("triangle", "clean", np.random.default_rng(5))
CELLS, BINS = 4, 9
H = hog(X, cells=CELLS, bins=BINS).reshape(CELLS, CELLS, BINS)
fdl.value("n_hog", H.size)
with torch.no_grad():
    h1, _, h3 = (h[0].numpy() for h in net.features(
        torch.from_numpy(X)[None, None]))
fdl.value("n_layer1", h1.size)
fdl.value("n_layer3", h3.size)
fdl.value("maps1", h1.shape[0])
fdl.value("side1", h1.shape[1])
fdl.value("maps3", h3.shape[0])
fdl.value("side3", h3.shape[1])

# %%
fig, axes = plt.subplots(2, 5, figsize=(9, 4.2))
axes[0, 0].imshow(X, cmap="gray_r", vmin=0, vmax=1)
axes[0, 0].set_title("input", fontsize=9)
ax = axes[0, 1]
ax.set_title("hand-made: HOG\n(4 x 4 cells, 9 directions)", fontsize=9)
cell = 32 / CELLS
for i in range(CELLS):
    for j in range(CELLS):
        for b in range(BINS):
            # an edge runs across its gradient: draw the edge direction
            theta = (b + 0.5) * np.pi / BINS + np.pi / 2
            r = 0.45 * cell * H[i, j, b]
            cx, cy = (j + 0.5) * cell, (i + 0.5) * cell
            ax.plot([cx - r * np.cos(theta), cx + r * np.cos(theta)],
                    [cy - r * np.sin(theta), cy + r * np.sin(theta)],
                    color=fdl.PALETTE[1], linewidth=1.2)
ax.set_xlim(0, 32)
ax.set_ylim(32, 0)
ax.set_aspect("equal")
axes[0, 2].bar(np.arange(H.size), H.ravel(), color=fdl.PALETTE[1],
               width=1.0)
axes[0, 2].set_title(f"the {H.size} numbers\na classifier gets", fontsize=9)
axes[0, 2].set_yticks([])
axes[0, 2].tick_params(labelsize=7)
for ax in axes[0, 3:]:
    ax.set_visible(False)
order1 = np.argsort(h1.reshape(len(h1), -1).max(1))[::-1][:2]
order3 = np.argsort(h3.reshape(len(h3), -1).max(1))[::-1][:3]
for k, c in enumerate(order1):
    axes[1, k].imshow(h1[c], cmap="viridis")
    axes[1, k].set_title(f"learned, low level:\nlayer 1, unit {c + 1}",
                         fontsize=8)
for k, c in enumerate(order3):
    axes[1, 2 + k].imshow(h3[c], cmap="viridis")
    axes[1, 2 + k].set_title(f"learned, high level:\nlayer 3, unit "
                             f"{c + 1}", fontsize=8)
for ax in [axes[0, 0], axes[0, 1], *axes[1]]:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
fig.tight_layout()
fdl.show(fig, "features")
