"""Training and validation accuracy of the MLP against its number of
hidden units (mean of the seeds, band from the lowest to the highest
seed): too few units underfit, many fit the training images perfectly."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from generalisation._experiments import EPOCHS, SEEDS, WIDTHS, experiments

run = fdl.cached(experiments)["size"]  # each (widths, seeds)
train, val = run["train_acc"].mean(1), run["val_acc"].mean(1)
fdl.value("widths", ", ".join(str(w) for w in WIDTHS))
fdl.value("narrow", WIDTHS[0])
fdl.value("wide", WIDTHS[-1])
fdl.value("train_acc_narrow", float(train[0]))
fdl.value("val_acc_narrow", float(val[0]))
fdl.value("train_acc_wide", float(train[-1]))
fdl.value("val_acc_wide", float(val[-1]))
# where the mean validation accuracy levels off: the narrowest width from
# which every wider network is within LEVEL of the best mean
LEVEL = 0.01
top = int(np.argmax(val))
flat = next(i for i in range(len(WIDTHS))
            if val[i:].min() >= val.max() - LEVEL)
fdl.value("top_val_acc", float(val[top]))
points = f"{LEVEL * 100:.0f} percentage point{'s' * (LEVEL != 0.01)}"
fdl.value("level_sentence", (
    f"The mean validation accuracy levels off from {WIDTHS[flat]} hidden "
    f"units on: from {WIDTHS[flat]} to {WIDTHS[-1]} it stays between "
    f"{val[flat:].min():.1%} and {val[flat:].max():.1%}, within {points} "
    "of its best"
    if flat < len(WIDTHS) - 1 else
    f"The mean validation accuracy does not level off: only at "
    f"{WIDTHS[-1]} hidden units is it within {points} of its best "
    f"({val[top]:.1%}, at {WIDTHS[top]})"))
full = [w for w, a in zip(WIDTHS, train, strict=True) if a >= 0.995]
fdl.value("fit_sentence", (
    f"From {full[0]} hidden units on, the networks get at least 99.5% of "
    "their training images right" if full else
    "No width gets 99.5% of its training images right"))
gap = train - val
fdl.value("gap_narrow", float(gap[0]))
fdl.value("gap_wide", float(gap[-1]))
# the gap described from the values: where it is smallest and how far it
# moves after that, or its growth when it grows with every width
lo = int(np.argmin(gap))
rest = np.delete(gap, lo)
rest_w = [w for i, w in enumerate(WIDTHS) if i != lo]
if np.all(np.diff(gap) > 0):
    gap_words = (f"grows with every doubling of the width, from "
                 f"{gap[0]:.1%} at {WIDTHS[0]} units to {gap[-1]:.1%} at "
                 f"{WIDTHS[-1]}")
elif lo == 0:
    gap_words = (f"is smallest at {WIDTHS[0]} units ({gap[0]:.1%}); from "
                 f"{WIDTHS[1]} units on it stays between {rest.min():.1%} "
                 f"and {rest.max():.1%}")
else:
    gap_words = (f"is smallest at {WIDTHS[lo]} units ({gap[lo]:.1%}); at "
                 f"the other widths it lies between {rest.min():.1%} "
                 f"(at {rest_w[int(np.argmin(rest))]}) and {rest.max():.1%} "
                 f"(at {rest_w[int(np.argmax(rest))]})")
fdl.value("gap_sentence", "The generalisation gap (training minus "
          f"validation accuracy, mean of the seeds) {gap_words}")
fdl.check("narrow_underfits", bool(train[0] < 0.8 and train[-1] > train[0]),
          detail=f"training accuracy {train[0]:.3f} at {WIDTHS[0]} units, "
          f"{train[-1]:.3f} at {WIDTHS[-1]}")

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6))
for key, color, label in (("train_acc", fdl.PALETTE[0], "training"),
                          ("val_acc", fdl.PALETTE[1], "validation")):
    a = run[key]
    ax.fill_between(WIDTHS, a.min(1), a.max(1), color=color, alpha=0.2,
                    linewidth=0)
    ax.plot(WIDTHS, a.mean(1), "o-", color=color, markersize=4,
            label=label)
ax.set_xscale("log", base=2)
ax.set_xticks(WIDTHS, [str(w) for w in WIDTHS])
ax.minorticks_off()
ax.set_xlabel("hidden units (log scale)")
ax.set_ylabel(f"accuracy after {EPOCHS} epochs")
ax.set_ylim(0, 1.02)
ax.set_title(f"Model size: mean of {len(SEEDS)} seeds, band from the "
             "lowest to the highest", fontsize=10)
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
fdl.show(fig, "size")
