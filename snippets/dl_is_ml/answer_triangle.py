"""Exercise 4: the shared CNN's second layer on hierarchy.py's rotated
square and on a rotated triangle drawn from the same seed: which units
respond most to each, and what their favourite patches hold."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from scipy.stats import hypergeom

import fdl
from dl_is_ml._cnn import load_shape_cnn, predict, train_shape_cnn
from dl_is_ml._inspect import direction_coherence
from dl_is_ml._shapes import LABELS, draw_shape, make_dataset
from dl_is_ml._stats import join

CORNER, N_SHOWN, RF = 0.7, 8, 10  # as in hierarchy.py
net = load_shape_cnn(fdl.cached(train_shape_cnn))
drawings = {
    cls: draw_shape(cls, "rotated", np.random.default_rng(11))
    for cls in ("square", "triangle")
}
maps, top = {}, {}
for cls, X in drawings.items():
    with torch.no_grad():
        maps[cls] = net.features(torch.from_numpy(X)[None, None])[1][0]
    peak = maps[cls].flatten(1).max(1).values.numpy()
    top[cls] = np.argsort(peak)[::-1][:N_SHOWN]
    probs = predict(net, X[None, None])[0]
    fdl.value(f"{cls}_decision", LABELS[probs.argmax()])
    fdl.value(f"{cls}_p", float(probs.max()))

# %%
# the patches of other drawings that excite each unit most, as in
# hierarchy.py, and their direction coherence
X_bank, _, _ = make_dataset(800, 200, kinds=("clean", "rotated"))
with torch.no_grad():
    bank = net.features(torch.from_numpy(X_bank))[1].numpy()
padded = np.pad(X_bank[:, 0], ((0, 0), (RF, RF), (RF, RF)))


def coherence(c, k=4):
    """Median direction coherence of unit ``c``'s ``k`` top patches."""
    best = bank[:, c].reshape(len(bank), -1)
    found = []
    for n in np.argsort(best.max(1))[::-1][:k]:
        i, j = divmod(int(best[n].argmax()), bank.shape[-1])
        y0, x0 = 2 * i - RF // 2 + 1 + RF, 2 * j - RF // 2 + 1 + RF
        found.append(
            direction_coherence(padded[n, y0 : y0 + RF, x0 : x0 + RF])
        )
    return float(np.median(found))


units = {cls: [int(c) + 1 for c in t] for cls, t in top.items()}
shared = [u for u in units["triangle"] if u in units["square"]]
new = [u for u in units["triangle"] if u not in units["square"]]
corner = [u for u in units["triangle"] if coherence(u - 1) < CORNER]
fdl.value("n_shown", N_SHOWN)
fdl.value("triangle_units", join([str(u) for u in units["triangle"]]))
fdl.value("n_shared", len(shared))
if new:
    fdl.value(
        "new_sentence",
        f"unit{'s' if len(new) > 1 else ''} "
        f"{join([str(u) for u in new])} "
        f"{'are' if len(new) > 1 else 'is'} in the triangle's list "
        "only",
    )
else:
    fdl.value("new_sentence", "no unit is in the triangle's list only")
fdl.value("n_corner", len(corner))
same_top = units["triangle"][0] == units["square"][0]
fdl.value("top_same", "is the same" if same_top else "differs")
# two lists of N_SHOWN units drawn at random from the layer's units share
# len(shared) or more (fewer) of them with this probability
n_units = maps["square"].shape[0]
chance = hypergeom(n_units, N_SHOWN, N_SHOWN)
p_more, p_fewer = chance.sf(len(shared) - 1), chance.cdf(len(shared))
fdl.value("n_units", n_units)
fdl.value(
    "chance_sentence",
    f"Two lists of {N_SHOWN} drawn at random from the {n_units} units "
    f"would share about {chance.mean():.0f}; they would share "
    + (
        f"{len(shared)} or more with probability {p_more:.3f}"
        if len(shared) > chance.mean()
        else f"{len(shared)} or fewer with probability {p_fewer:.3f}"
    ),
)
if p_more >= 0.05 and p_fewer >= 0.05:
    lesson = (
        "So the two lists share about as many units as two random lists "
        "would: this pair of drawings cannot tell whether the second "
        "layer's units are pieces both shapes are made of or pieces of "
        "one shape"
    )
elif p_more < 0.05:
    lesson = (
        "So most of the units that respond most to the triangle also "
        "respond most to the square: the second layer holds pieces both "
        "shapes are made of (strokes, corners, bends), not one unit per "
        "shape, and which shape it is gets decided later, by the third "
        "layer and the classifier that weigh these pieces"
    )
else:
    lesson = (
        "So the triangle and the square excite largely different units "
        "already in the second layer: the pieces it detects (strokes at "
        "given angles, corners of given shapes) differ between the two "
        "shapes"
    )
fdl.value("lesson", lesson)
fdl.value("top_triangle", units["triangle"][0])
fdl.value("top_square", units["square"][0])
fdl.value("corner_threshold", CORNER)

# %%
fig, axes = plt.subplots(2, N_SHOWN + 1, figsize=(8, 2.5))
for row, (cls, X) in enumerate(drawings.items()):
    axes[row, 0].imshow(X, cmap="gray_r", vmin=0, vmax=1)
    axes[row, 0].set_title(cls, fontsize=9)
    for k, c in enumerate(top[cls]):
        ax = axes[row, k + 1]
        ax.imshow(maps[cls][c].numpy(), cmap="viridis")
        both = c + 1 in units["square"] and c + 1 in units["triangle"]
        ax.set_title(
            f"unit {c + 1}",
            fontsize=8,
            color=fdl.LIGHT["ink"] if both else fdl.PALETTE[1],
            fontweight="normal" if both else "bold",
        )
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
fig.tight_layout(h_pad=0.4, w_pad=0.2)
fdl.show(fig, "triangle")
