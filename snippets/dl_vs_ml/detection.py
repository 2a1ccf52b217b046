"""Detection and recognition with the shared shape CNN slid over synthetic
scenes: the window scores ("is something centred here?"), the boxes kept
after non-maximum suppression with their scores, and what each box holds."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import CLASSES, MAX_SHIFT
from dl_is_ml._stats import wilson
from dl_vs_ml._detect import detect, make_scene, match, offsets

net = load_shape_cnn(fdl.cached(train_shape_cnn))
THRESHOLD, STRIDE, N_SCENES = 0.9, 4, 20
rng = np.random.default_rng(7)
fdl.value("threshold", THRESHOLD)
fdl.value("stride", STRIDE)
fdl.value("n_scenes", N_SCENES)

# %%
scene, truth = make_scene(rng, [0, 1, 3, 4, 2])
found, probs = detect(net, scene, THRESHOLD, STRIDE)
fdl.value("n_windows", probs.shape[0] * probs.shape[1])

# held-out scenes: 4 random shapes each, clean or rotated
n_true = n_found = n_hit = n_right = 0
named = []  # (pixels off the true box, right name?) per found shape
for i in range(N_SCENES):
    kind = ("clean", "rotated")[i % 2]
    s, t = make_scene(rng, list(rng.integers(0, len(CLASSES), 4)),
                      kind=kind)
    f, _ = detect(net, s, THRESHOLD, STRIDE)
    hits, right = match(f, t)
    n_true, n_found = n_true + len(t), n_found + len(f)
    n_hit, n_right = n_hit + hits, n_right + right
    named += offsets(f, t)
fdl.value("n_true", n_true)
fdl.value("recall", n_hit / n_true)
fdl.value("precision", n_hit / max(n_found, 1))
fdl.value("label_acc", n_right / max(n_hit, 1))
found_ci, named_ci = wilson(n_hit, n_true), wilson(n_right, n_hit)
if named_ci[1] < found_ci[0]:
    weaker = ("recognition is the weaker half (the 95% Wilson intervals "
              f"of the two shares, {named_ci[0]:.0%} to {named_ci[1]:.0%} "
              f"and {found_ci[0]:.0%} to {found_ci[1]:.0%}, do not "
              "overlap)")
elif found_ci[1] < named_ci[0]:
    weaker = ("detection is the weaker half (the 95% Wilson intervals "
              "of the two shares do not overlap)")
else:
    weaker = ("neither half is clearly weaker (the 95% Wilson intervals of "
              "the two shares overlap)")
fdl.value("weaker", weaker)
near = [ok for off, ok in named if off <= 1]
far = [ok for off, ok in named if off > 1]
fdl.value("n_near", len(near))
fdl.value("n_far", len(far))
fdl.value("acc_near", float(np.mean(near)) if near else 0.0)
fdl.value("acc_far", float(np.mean(far)) if far else 0.0)
near_ci, far_ci = wilson(sum(near), len(near)), wilson(sum(far), len(far))
fdl.value("offset_sentence", (
    "the boxes a few pixels off centre are named wrongly more often"
    if far_ci[1] < near_ci[0] else
    "on this many shapes, boxes off centre are not clearly named wrongly "
    "more often than centred ones"))
fdl.value("train_shift", MAX_SHIFT)

# %%
fig, axes = plt.subplots(
    2, 2, figsize=(9, 5.6), height_ratios=[1, 1],
    width_ratios=[1, 1])
ax = axes[0, 0]
ax.imshow(scene, cmap="gray_r", vmin=0, vmax=1)
ax.set_title("scene", fontsize=10)
ax = axes[0, 1]
obj = 1 - probs[..., -1]
half = 16
extent = (half - STRIDE / 2, half + STRIDE * (obj.shape[1] - 0.5),
          half + STRIDE * (obj.shape[0] - 0.5), half - STRIDE / 2)
im = ax.imshow(obj, cmap="viridis", vmin=0, vmax=1, extent=extent)
ax.set_xlim(0, scene.shape[1])
ax.set_ylim(scene.shape[0], 0)
ax.set_title("1 - p(nothing) for the window centred here", fontsize=10)
fig.colorbar(im, ax=ax, fraction=0.025)
ax = axes[1, 0]
ax.imshow(scene, cmap="gray_r", vmin=0, vmax=1)
for b in found:
    ax.add_patch(Rectangle((b.x0 - 0.5, b.y0 - 0.5), b.x1 - b.x0,
                           b.y1 - b.y0, fill=False, linewidth=1.5,
                           edgecolor=fdl.PALETTE[1]))
    ax.text(b.x0, b.y0 - 1, f"{CLASSES[b.label]} {b.score:.2f}",
            fontsize=7, color=fdl.PALETTE[1], va="bottom")
ax.set_title(f"boxes with score >= {THRESHOLD} after suppression",
             fontsize=10)
ax = axes[1, 1]
ax.set_axis_off()
ax.set_title("recognition: what each box holds", fontsize=10)
for i, b in enumerate(sorted(found, key=lambda b: b.x0)):
    crop = scene[int(b.y0) : int(b.y1), int(b.x0) : int(b.x1)]
    sub = ax.inset_axes([i / max(len(found), 5) + 0.01, 0.3, 0.18, 0.5])
    sub.imshow(crop, cmap="gray_r", vmin=0, vmax=1)
    sub.set_xticks([])
    sub.set_yticks([])
    sub.grid(False)
    for spine in sub.spines.values():
        spine.set_color(fdl.PALETTE[1])
    sub.set_xlabel(CLASSES[b.label], fontsize=8)
for ax in axes.flat[:3]:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
fig.tight_layout()
fdl.show(fig, "detection")
