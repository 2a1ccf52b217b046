"""Exercise 3: the shared CNN's weakest drawing style, and two small CNNs
trained alike at a reduced scale, one on all six styles and one without
the weakest, tested on every style."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_is_ml._cnn import (
    BACKGROUND_SHARE,
    LR,
    TRAIN_SEED,
    ShapeNet,
    load_shape_cnn,
    predict,
    train,
    train_shape_cnn,
)
from dl_is_ml._shapes import KINDS, make_dataset
from dl_is_ml._stats import join, method_sentence, paired_bootstrap, verdicts

N_TEST, TEST_SEED = 200, 100  # the chapter's test drawings
N_SMALL, EPOCHS_SMALL = 2000, 3  # the reduced scale, for both small CNNs
record = fdl.cached(train_shape_cnn)
tests = {
    kind: make_dataset(N_TEST, TEST_SEED + i, (kind,), square_share=0.5)
    for i, kind in enumerate(KINDS)
}


def right(net):
    """Per test drawing, whether ``net`` says square exactly when it is."""
    return {
        k: (predict(net, X).argmax(1) == 0) == (y == 0)
        for k, (X, y, _) in tests.items()
    }


full = right(load_shape_cnn(record))
weakest = min(KINDS, key=lambda k: full[k].mean())
fdl.value("weakest", weakest)
fdl.value("full_acc_weakest", float(full[weakest].mean()))
fdl.value("n_small", N_SMALL)
fdl.value("epochs_small", EPOCHS_SMALL)
fdl.value(
    "share",
    N_SMALL * EPOCHS_SMALL / (record["n_train"] * record["num_epochs"]),
)


# %%
def train_small(kinds):
    """A CNN trained like the shared one, on fewer images and epochs."""
    fdl.seed(TRAIN_SEED)
    X, y, _ = make_dataset(
        N_SMALL, TRAIN_SEED, kinds, background_share=BACKGROUND_SHARE
    )
    cl = torch.channels_last  # as in _cnn.py: faster on a CPU
    net = ShapeNet().to(memory_format=cl)
    X = torch.from_numpy(X).contiguous(memory_format=cl)
    train(net, X, torch.from_numpy(y), EPOCHS_SMALL, LR)
    return net.eval()


others = tuple(k for k in KINDS if k != weakest)
small = {
    "all six styles": right(train_small(KINDS)),
    f"all styles but {weakest}": right(train_small(others)),
}
(a, with_all), (b, without) = small.items()
for name, r in (("with", with_all), ("without", without)):
    for k in KINDS:
        fdl.value(f"{name}_acc_{k}", float(r[k].mean()))
    fdl.value(f"{name}_acc_weakest", float(r[weakest].mean()))
    fdl.value(
        f"{name}_acc_others", float(np.mean([r[k].mean() for k in others]))
    )

# %%
tested = verdicts(
    [paired_bootstrap(b, a, without[k], with_all[k]) for k in KINDS]
)
v = tested[KINDS.index(weakest)]
lo, hi = v.interval()
fdl.value("diff_weakest", v.comparison.diff)
fdl.value("diff_lo", lo)
fdl.value("diff_hi", hi)
fdl.value(
    "verdict",
    {
        None: "is not clearly different from",
        a: "is clearly below",
        b: "is clearly above",
    }[v.winner],
)
falls = [k for k, t in zip(KINDS, tested, strict=True) if t.winner == a]
rises = [k for k, t in zip(KINDS, tested, strict=True) if t.winner == b]
parts = []
if falls:
    parts.append(f"clearly falls on {join(falls)} drawings")
if rises:
    parts.append(f"clearly rises on {join(rises)} drawings")
rest = [k for k in KINDS if k not in falls + rises]
if rest:
    parts.append(f"shows no clear difference on {join(rest)} drawings")
fdl.value("per_style", join(parts))
fdl.value("ci_level", 0.95)
# how far the styles both networks saw moved: the luck of one brief
# training and the changed mix, which the drop on the weakest must exceed
moved = max(
    others,
    key=lambda k: abs(tested[KINDS.index(k)].comparison.diff),
)
moved_diff = tested[KINDS.index(moved)].comparison.diff
if v.winner is not None and abs(v.comparison.diff) <= abs(moved_diff):
    lesson = (
        f"So this run cannot say where the knowledge comes from: the "
        f"change on {weakest} drawings "
        f"({abs(v.comparison.diff) * 100:.1f} percentage points) is no "
        f"larger than the change on {moved} drawings "
        f"({abs(moved_diff) * 100:.1f} points), a style both networks "
        "were shown, so it may come from the luck of one brief training "
        f"as much as from the missing {weakest} examples. Telling them "
        "apart takes several trainings from different seeds, or the "
        "full scale"
    )
elif v.winner == a:
    lesson = (
        f"Without {weakest} drawings to learn from, the network does "
        "worse on them, at least at this scale: what it knows about "
        f"{weakest} drawings comes from the {weakest} examples it was "
        "shown, not from a notion of a square that carries over from the "
        "other styles"
    )
elif v.winner is None:
    lesson = (
        f"Dropping the {weakest} drawings made no clear difference at "
        "this scale: as far as this test can tell, what the network "
        f"learned from the other styles carries over to {weakest} ones"
    )
else:
    lesson = (
        f"Dropping the {weakest} drawings did not hurt the network on "
        "them at this scale: what it knows about them carries over from "
        "the other styles"
    )
fdl.value("lesson", lesson)
fdl.value(
    "method",
    method_sentence(len(tested)).replace("this page's", "this answer's"),
)

# %%
fig, ax = plt.subplots(figsize=(6.4, 2.8))
width = 0.38
x = np.arange(len(KINDS))
for j, (name, r) in enumerate(small.items()):
    ax.bar(
        x + (j - 0.5) * width,
        [r[k].mean() for k in KINDS],
        width,
        color=fdl.PALETTE[j],
        label=f"trained on {name}",
    )
ax.axhline(0.5, color=fdl.LIGHT["muted"], linewidth=1, linestyle="--")
ax.set_xticks(x, KINDS)
ax.set_ylim(0, 1.05)
ax.set_ylabel("accuracy, square or not")
ax.grid(axis="x", visible=False)
ax.legend(
    loc="lower center",
    bbox_to_anchor=(0.5, 1.0),
    ncols=2,
    frameon=False,
    fontsize=9,
)
fig.tight_layout()
fdl.show(fig, "without_style")
