"""Exercise 1: the learning curves at weight decay 0 with 1,000 training
images instead of 300, for every seed, and the generalisation gap (training
minus validation accuracy after the last epoch) at both sizes."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from generalisation._answers import N_TRAIN_BIG, answer_runs
from generalisation._experiments import (
    DECAYS,
    EPOCHS,
    HIDDEN,
    N_TRAIN,
    SEEDS,
    WIDTHS,
    experiments,
)

run = fdl.cached(experiments)
small = run["decay"]["curves"]  # seed 0, (decays, epochs)
k0 = DECAYS.index(0.0)
# the same recipe at N_TRAIN images for every seed: the model-size runs
size = run["size"]  # (widths, seeds)
w = WIDTHS.index(HIDDEN)
train_small, val_small = size["train_acc"][w], size["val_acc"][w]
gap_small = train_small - val_small
# the exercise's change, N_TRAIN = 1000, trained in _answers.py
big = fdl.cached(answer_runs)["train_size"]  # (seeds, epochs)
train_big, val_big = big["train_acc"][:, -1], big["val_acc"][:, -1]
gap_big = train_big - val_big
fdl.value("n_big", N_TRAIN_BIG)
fdl.value(
    "gap_small_seed0",
    float(small["train_acc"][k0, -1] - small["val_acc"][k0, -1]),
)
fdl.value("gap_big_seed0", float(gap_big[0]))
fdl.value("gap_small_mean", float(gap_small.mean()))
fdl.value("gap_big_mean", float(gap_big.mean()))
fdl.value("train_big_mean", float(train_big.mean()))
fdl.value("val_small_mean", float(val_small.mean()))
fdl.value("val_big_mean", float(val_big.mean()))
n_down = int((gap_big < gap_small).sum())
fdl.value("seeds_down", n_down)
fdl.value(
    "verdict",
    "shrinks" if n_down == len(SEEDS) else "does not shrink for every seed",
)
# the gap shrinks from the validation side: the training accuracy stays
fdl.check(
    "val_rises_every_seed",
    bool(
        (val_big > val_small).all()
        and n_down == len(SEEDS)
        and train_big.mean() >= train_small.mean() - 0.005
    ),
    detail=f"validation at {N_TRAIN}: {np.round(val_small, 3)}, at "
    f"{N_TRAIN_BIG}: {np.round(val_big, 3)}; training "
    f"{train_small.mean():.3f} and {train_big.mean():.3f}; gaps "
    f"{np.round(gap_small, 3)} and {np.round(gap_big, 3)}",
)
fdl.value("train_small_mean", float(train_small.mean()))

# %%
epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots(figsize=(6.4, 3.4))
for n, train, val, style in (
    (N_TRAIN, small["train_acc"][k0], small["val_acc"][k0], "--"),
    (N_TRAIN_BIG, big["train_acc"][0], big["val_acc"][0], "-"),
):
    ax.plot(
        epochs,
        train,
        style,
        color=fdl.PALETTE[0],
        label=f"training, {n:,d} images",
    )
    ax.plot(
        epochs,
        val,
        style,
        color=fdl.PALETTE[1],
        label=f"validation, {n:,d} images",
    )
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy")
ax.set_ylim(0.4, 1.01)
ax.set_title(
    f"Seed 0, weight decay 0: {N_TRAIN} (dashed) or "
    f"{N_TRAIN_BIG:,d} (solid) training images",
    fontsize=10,
)
ax.legend(fontsize=8, loc="lower right", ncols=2)
fig.tight_layout()
fdl.show(fig, "train_size")
