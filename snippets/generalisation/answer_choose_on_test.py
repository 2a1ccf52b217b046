"""Exercise 4: the chapter's baseline retrained with its test accuracy
recorded after every epoch, and the epoch picked on the validation set or
on the test set. Picking on one half of the test set and reading the other
half shows how optimistic a test accuracy becomes once it chose the epoch.
"""

# %%
import numpy as np

import fdl
from generalisation._answers import answer_runs
from generalisation._experiments import EPOCHS, experiments

# the chapter's baseline, its validation accuracy and its test answers
# after every epoch (trained in _answers.py)
run = fdl.cached(answer_runs)["every_epoch"]
val_acc, correct = run["val_acc"], run["correct"]  # (seeds, epochs, ...)
chapter = fdl.cached(experiments)["regularisation"]["correct"][0]
fdl.check(
    "same_training_as_chapter",
    bool((correct[:, -1] == chapter).all()),
    detail=f"{(correct[:, -1] != chapter).sum()} test answers differ "
    "from the chapter's baseline after the last epoch",
)

# %%
test_acc = correct.mean(-1)  # (seeds, epochs)
on_val = val_acc.argmax(1)  # the first epoch of highest accuracy
on_test = test_acc.argmax(1)
M, _, n_test = correct.shape
seeds = np.arange(M)
honest, picked = test_acc[seeds, on_val], test_acc[seeds, on_test]
fdl.value("n_epochs", EPOCHS)
fdl.value("honest_acc", float(honest.mean()))
fdl.value("picked_acc", float(picked.mean()))
fdl.value("inflation", float(picked.mean() - honest.mean()))
fdl.value("epochs_val", ", ".join(str(e + 1) for e in on_val))
fdl.value("epochs_test", ", ".join(str(e + 1) for e in on_test))
fdl.value("n_test", n_test)

# %%
# the optimism measured: split the test images into two halves at random,
# pick the epoch on half A, and read both halves at that epoch; B has not
# been looked at, so A minus B is how much the choice flatters A
N_SPLITS = 200
rng = np.random.default_rng(0)
half = n_test // 2
in_a = np.zeros((N_SPLITS, n_test))
for r in range(N_SPLITS):
    in_a[r, rng.permutation(n_test)[:half]] = 1
acc_a = correct @ in_a.T / half  # (seeds, epochs, splits)
acc_b = correct @ (1 - in_a).T / (n_test - half)
chosen = acc_a.argmax(1)  # (seeds, splits)
s_idx, r_idx = np.meshgrid(seeds, np.arange(N_SPLITS), indexing="ij")
gain = acc_a[s_idx, chosen, r_idx] - acc_b[s_idx, chosen, r_idx]
# the same halves at the epochs the validation set picked
fair = (acc_a[seeds, on_val] - acc_b[seeds, on_val]).mean()
fdl.value("n_splits", N_SPLITS)
fdl.value("half", half)
fdl.value("gain", float(gain.mean()))
fdl.value("gain_share", float((gain > 0).mean()))
fdl.value("fair", float(fair))
fdl.check(
    "choosing_on_a_half_flatters_it",
    bool(gain.mean() > 0 and gain.mean() > abs(fair)),
    detail=f"A minus B at the epoch A picked {gain.mean():+.4f}, at "
    f"the epoch the validation set picked {fair:+.4f}",
)
