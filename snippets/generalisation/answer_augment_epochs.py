"""Exercise 3: the augmented network trained for twice as many epochs,
for every seed, from the baseline's weights on its images; its paired
difference from the chapter's baseline and from the chapter's augmented
network, with Holm's correction over the five comparisons."""

# %%
import fdl
from dl_is_ml._stats import ALPHA, paired_bootstrap, verdicts
from generalisation._answers import answer_runs
from generalisation._experiments import (
    EPOCHS,
    HIDDEN,
    METHODS,
    SEEDS,
    WIDTHS,
    experiments,
)

correct = fdl.cached(experiments)["regularisation"]["correct"]
k = METHODS.index("data augmentation")
aug = correct[k + 1]  # the chapter's, EPOCHS epochs
run = fdl.cached(answer_runs)["augment_longer"]
longer = run["correct"]  # (seeds, test images)
train_acc = run["train_acc"]  # (seeds, epochs)
fdl.value("epochs_long", 2 * EPOCHS)
fdl.value("long_acc", float(longer.mean()))
fdl.value("train_acc_half", float(train_acc[:, EPOCHS - 1].mean()))
fdl.value("train_acc_long", float(train_acc[:, -1].mean()))

# %%
# the page's four comparisons with the longer augmented network in place
# of the chapter's, and a fifth: longer against the chapter's augmented
comps = [
    paired_bootstrap(m, "baseline", correct[j + 1], correct[0])
    for j, m in enumerate(METHODS)
]
comps[k] = paired_bootstrap(
    "augmentation, longer", "baseline", longer, correct[0]
)
comps.append(
    paired_bootstrap("augmentation, longer", "augmentation", longer, aug)
)
tested = verdicts(comps)
fdl.value("n_comparisons", len(comps))
for name, v in (("base", tested[k]), ("step", tested[-1])):
    lo, hi = v.interval()
    fdl.value(f"{name}_diff", v.comparison.diff)
    fdl.value(f"{name}_lo", lo)
    fdl.value(f"{name}_hi", hi)
    fdl.value(f"{name}_p", v.p_adjusted)
v = tested[k]
fdl.value(
    "verdict",
    ("it helped here" if v.comparison.diff > 0 else "it hurt here")
    if v.clear
    else "no clear difference from the baseline",
)
d_old = aug.mean() - correct[0].mean()
d_new = v.comparison.diff
step = tested[-1]
if step.clear:
    move = "grows" if d_new > d_old else "shrinks"
    fdl.value("move", f"{move}, clearly (the fifth comparison)")
else:
    fdl.value(
        "move",
        "moves, but not clearly: the fifth comparison finds "
        "no clear difference between the two augmented networks",
    )
fdl.value("seeds_up", int((longer.mean(-1) > aug.mean(-1)).sum()))
fdl.value("n_seeds", len(SEEDS))
fdl.value("level", 1 - ALPHA)

# %%
# shifted images are harder to fit: after EPOCHS epochs the augmented
# network fits fewer of its (unshifted) training images than the
# baseline (the model-size runs at the same width), and more after twice
size = fdl.cached(experiments)["size"]
base_train = float(size["train_acc"][WIDTHS.index(HIDDEN)].mean())
fdl.value("train_acc_base", base_train)
fdl.check(
    "augmented_still_fitting",
    bool(
        train_acc[:, EPOCHS - 1].mean() < base_train - 0.02
        and train_acc[:, -1].mean() > train_acc[:, EPOCHS - 1].mean()
    ),
    detail=f"training accuracy: baseline {base_train:.3f}, augmented "
    f"{train_acc[:, EPOCHS - 1].mean():.3f} after {EPOCHS} epochs, "
    f"{train_acc[:, -1].mean():.3f} after {2 * EPOCHS}",
)
