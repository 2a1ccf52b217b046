"""Exercise 4: the sliding-window detector of `detection.py`, with its
threshold lowered to 0.5, on the first half of its held-out scenes:
precision, recall and naming against the chapter's threshold, and precision
and recall over a range of thresholds."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import CLASSES, SIZE
from dl_is_ml._stats import (
    ALPHA,
    N_RESAMPLES,
    Comparison,
    join,
    resample_weights,
    verdicts,
)
from dl_vs_ml._detect import Box, detect, make_scene, match, nms

net = load_shape_cnn(fdl.cached(train_shape_cnn))
OLD, NEW, STRIDE = 0.9, 0.5, 4  # as in detection.py, and 0.5
N_CHAPTER, N_SCENES = 20, 10  # the first 10 of its 20 scenes: cheaper
SWEEP = np.round(np.arange(0.1, 1.0, 0.1), 1)
rng = np.random.default_rng(7)
make_scene(rng, [0, 1, 3, 4, 2])  # the page's example scene: same draws
fdl.value("threshold_old", OLD)
fdl.value("n_scenes", N_SCENES)
fdl.value("n_scenes_chapter", N_CHAPTER)


def boxes_at(probs, threshold):
    """The boxes ``detect`` keeps at ``threshold``, from its window
    probabilities (one score map serves every threshold)."""
    objectness = 1 - probs[..., -1]
    boxes = []
    for r, c in zip(*np.nonzero(objectness >= threshold), strict=True):
        boxes.append(
            Box(
                c * STRIDE,
                r * STRIDE,
                c * STRIDE + SIZE,
                r * STRIDE + SIZE,
                int(probs[r, c, :-1].argmax()),
                float(objectness[r, c]),
            )
        )
    return nms(boxes)


# %%
# per scene and threshold: true shapes, boxes, hits, hits named right,
# windows above the threshold before suppression
counts = {t: np.zeros((N_SCENES, 5)) for t in SWEEP}
same = identical = True
for i in range(N_SCENES):
    kind = ("clean", "rotated")[i % 2]
    s, truth = make_scene(
        rng, list(rng.integers(0, len(CLASSES), 4)), kind=kind
    )
    found, probs = detect(net, s, NEW, STRIDE)  # the exercise's detector
    same &= boxes_at(probs, NEW) == found
    identical &= boxes_at(probs, OLD) == found
    for t in SWEEP:
        found = boxes_at(probs, t)
        hits, right = match(found, truth)
        windows = int((1 - probs[..., -1] >= t).sum())
        counts[t][i] = len(truth), len(found), hits, right, windows
fdl.check(
    "boxes_as_detect",
    same,
    detail=f"boxes_at({NEW}) equals detect's boxes on every scene",
)


# %%
# shares are ratios of sums over the scenes; a resample weights the scenes
def share(c, num, den):
    return c[..., num] / np.maximum(c[..., den], 1)


TAGS = {OLD: "old", NEW: "new"}
SHARES = {"precision": (2, 1), "recall": (2, 0), "label_acc": (3, 2)}
totals = {t: counts[t].sum(0) for t in SWEEP}
w = resample_weights(N_SCENES)
resampled = {t: w @ counts[t] for t in TAGS}  # (resamples, 5)
comparisons = []
for name, (num, den) in SHARES.items():
    for t, tag in TAGS.items():
        fdl.value(f"{name}_{tag}", float(share(totals[t], num, den)))
    comparisons.append(
        Comparison(
            f"{name} at {NEW}",
            f"{name} at {OLD}",
            float(share(totals[NEW], num, den) - share(totals[OLD], num, den)),
            share(resampled[NEW], num, den) - share(resampled[OLD], num, den),
        )
    )
for t, tag in TAGS.items():
    fdl.value(f"n_boxes_{tag}", int(totals[t][1]))
    fdl.value(f"n_windows_{tag}", int(totals[t][4]))
fdl.value("n_true", int(totals[OLD][0]))
fdl.value(
    "method",
    (
        f"the {N_SCENES} scenes are resampled together for both thresholds "
        f"({N_RESAMPLES:,d} resamples, fixed seed; intervals: 95%), and a "
        "change is clear only if its Holm-adjusted p-value over these "
        f"{len(comparisons)} comparisons is below {ALPHA:g}"
    ),
)
for name, v in zip(SHARES, verdicts(comparisons), strict=True):
    lo, hi = v.interval()
    fdl.value(f"{name}_diff", v.comparison.diff)
    fdl.value(f"{name}_lo", lo)
    fdl.value(f"{name}_hi", hi)
    fdl.value(
        f"{name}_verdict",
        (
            "stays the same"
            if v.comparison.diff == 0
            else ("rises" if v.comparison.diff > 0 else "falls") + " clearly"
            if v.clear
            else "changes, but not clearly"
        ),
    )
extra = totals[NEW][4] - totals[OLD][4]
more = f"lowering the threshold lets {extra:.0f} more windows through"
if identical:
    why = (
        f"{more}, but non-maximum suppression removes every one of them "
        "(each overlaps a box with a higher score), so the detector keeps "
        "exactly the same boxes"
    )
else:
    why = (
        f"{more}, and non-maximum suppression does not remove them all, so "
        "the boxes kept change"
    )
fdl.value("why", why)
precision = np.array([share(totals[t], 2, 1) for t in SWEEP])
recall = np.array([share(totals[t], 2, 0) for t in SWEEP])
fdl.value("sweep_range", f"{SWEEP[0]:g} to {SWEEP[-1]:g}")
lower = [f"{t:g}" for t in SWEEP[precision < precision[-1]]]
fdl.value(
    "sweep_sentence",
    (
        f"on these scenes the precision is lower than at {SWEEP[-1]:g} "
        f"only at {'thresholds' if len(lower) > 1 else 'a threshold'} of "
        f"{join(lower)} (down to "
        f"{precision.min():.0%})"
        if lower
        else "on these scenes the precision is nowhere lower than at "
        f"{SWEEP[-1]:g}"
    ),
)

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3))
ax = axes[0]
ax.plot(
    SWEEP,
    [totals[t][4] for t in SWEEP],
    marker="o",
    color=fdl.PALETTE[2],
    label="windows above the threshold",
)
ax.plot(
    SWEEP,
    [totals[t][1] for t in SWEEP],
    marker="s",
    linestyle="--",
    color=fdl.PALETTE[3],
    label="boxes kept (after suppression)",
)
ax.set_ylim(0, None)
ax.set_ylabel("count")
ax.set_title(f"What passes ({N_SCENES} scenes)", fontsize=10, pad=12)
ax.legend(fontsize=7, loc="center right")
ax = axes[1]
ax.plot(SWEEP, precision, marker="o", color=fdl.PALETTE[0], label="precision")
ax.plot(
    SWEEP,
    recall,
    marker="s",
    markersize=4,
    linestyle="--",
    color=fdl.PALETTE[1],
    label="recall",
)
low = min(precision.min(), recall.min())
ax.set_ylim(max(0, low - 0.1), 1.02)
ax.set_ylabel("share")
ax.set_title("How good the boxes are", fontsize=10, pad=12)
ax.legend(fontsize=7, loc="lower right")
for ax in axes:
    for t, name in ((OLD, "chapter"), (NEW, "exercise")):
        ax.axvline(t, color=fdl.LIGHT["ink"], linewidth=1, linestyle=":")
        ax.annotate(
            name,
            (t, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color=fdl.LIGHT["muted"],
        )
    ax.set_xticks(SWEEP, [f"{t:g}" for t in SWEEP], fontsize=8)
    ax.set_xlabel("threshold on p(something)")
fig.tight_layout()
fdl.show(fig, "threshold")
