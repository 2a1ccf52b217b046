"""What the shared CNN computes for one drawing of a square: its first layer
detects edges, its second layer responds to combinations of edges such as
corners, and its last layer's evidence for "square" sits on the outline."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import LABELS, draw_shape, make_dataset

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


def top_patches(c, k=4):
    """The ``k`` input patches (from different drawings) that excite
    layer-2 channel ``c`` most."""
    best = bank[:, c].reshape(len(bank), -1)
    order = np.argsort(best.max(1))[::-1][:k]
    out = []
    for n in order:
        i, j = divmod(int(best[n].argmax()), bank.shape[-1])
        y0, x0 = 2 * i - RF // 2 + 1 + RF, 2 * j - RF // 2 + 1 + RF
        out.append(padded[n, y0 : y0 + RF, x0 : x0 + RF])
    top = np.concatenate(out[:2], axis=1)
    bottom = np.concatenate(out[2:], axis=1)
    return np.concatenate([top, bottom], axis=0)


# %%
xg = x.clone().requires_grad_(True)
feats = net.features(xg)
feats[2].retain_grad()
logits = net.fc(net.pool(feats[2]).flatten(1))
probs = torch.softmax(logits, 1)[0].detach().numpy()
cls = int(logits.argmax())
logits[0, cls].backward()
act, grad = feats[2].detach()[0], feats[2].grad[0]
contrib = (act * grad).sum(dim=(1, 2)).numpy()
cam = torch.relu((grad.mean(dim=(1, 2))[:, None, None] * act).sum(0))
cam = torch.nn.functional.interpolate(
    cam[None, None], size=X.shape, mode="bilinear")[0, 0].numpy()
cam /= cam.max()
fdl.value("decision", LABELS[cls])
fdl.value("p_decision", float(probs[cls]))
outline = X > 0.5
fdl.value("cam_on_outline", float(cam[outline].sum() / cam.sum()))
fdl.value("outline_share", float(outline.mean()))

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


rows[0].suptitle("1. First layer: edge detectors (filters and their "
                 "responses to the drawing)", x=0.01, ha="left",
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
for ax in axes.flat:
    clean(ax)

order2 = np.argsort(h2.reshape(len(h2), -1).max(1))[::-1][:8]
rows[1].suptitle("2. Second layer: combinations of edges (top: response "
                 "to the drawing; bottom: the\n    4 patches of other "
                 "drawings that excite the unit most)", x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
axes = rows[1].subplots(2, 8)
for k, c in enumerate(order2):
    axes[0, k].imshow(h2[c], cmap="viridis")
    axes[0, k].set_title(f"unit {c + 1}", fontsize=8)
    axes[1, k].imshow(top_patches(c), cmap="gray_r", vmin=0, vmax=1)
    axes[1, k].axhline(RF - 0.5, color=fdl.PALETTE[1], linewidth=1)
    axes[1, k].axvline(RF - 0.5, color=fdl.PALETTE[1], linewidth=1)
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
