"""Test accuracy of the baseline MLP and of four regularisers, each trained
from the same weights on the same images for every seed, and the paired
differences from the baseline with their 95% intervals."""
# snippet: timeout=300

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._stats import method_sentence, paired_bootstrap, verdicts
from generalisation._experiments import (
    DROPOUT,
    EPOCHS,
    MAX_SHIFT,
    METHODS,
    PATIENCE,
    SEEDS,
    WEIGHT_DECAY,
    experiments,
)

run = fdl.cached(experiments)["regularisation"]
correct = run["correct"]  # (baseline + methods, seeds, test images)
acc = correct.mean(-1)  # (baseline + methods, seeds)
fdl.value("weight_decay", WEIGHT_DECAY)
fdl.value("dropout", DROPOUT)
fdl.value("max_shift", MAX_SHIFT)
fdl.value("patience", PATIENCE)
fdl.value("n_test", correct.shape[-1])
fdl.value("stop_epochs", ", ".join(str(e) for e in run["stop_epoch"]))
fdl.value("baseline_acc", float(acc[0].mean()))

# %%
# the page's comparisons: each regulariser against the baseline, paired
# by seed (same images, same initial weights) and by test image
comparisons = [paired_bootstrap(m, "baseline", correct[k + 1], correct[0])
               for k, m in enumerate(METHODS)]
tested = verdicts(comparisons)
fdl.value("n_comparisons", len(comparisons))
fdl.value("method", method_sentence(len(comparisons), seeds=True))
short = {"weight decay": "wd", "dropout": "dropout",
         "data augmentation": "aug", "early stopping": "es"}
helped = []
for k, (m, v) in enumerate(zip(METHODS, tested, strict=True)):
    lo, hi = v.interval()
    d = v.comparison.diff
    fdl.value(f"{short[m]}_acc", float(acc[k + 1].mean()))
    fdl.value(f"{short[m]}_diff", d)
    fdl.value(f"{short[m]}_lo", lo)
    fdl.value(f"{short[m]}_hi", hi)
    fdl.value(f"{short[m]}_p", v.p_adjusted)
    if v.clear and d > 0:
        verdict = "it helped here"
        helped.append(m)
    elif v.clear:
        verdict = "it hurt here"
    else:
        verdict = "no clear difference from the baseline"
    fdl.value(f"{short[m]}_verdict", verdict)
    fdl.value(f"{short[m]}_seeds_up",
              int((acc[k + 1] > acc[0]).sum()))
hurt = [m for m, v in zip(METHODS, tested, strict=True)
        if v.clear and v.comparison.diff < 0]
neutral = [m for m in METHODS if m not in helped and m not in hurt]
n = len(METHODS)


def listed(ms):
    """'a', 'a and b', 'a, b and c'."""
    return ms[0] if len(ms) == 1 else f"{', '.join(ms[:-1])} and {ms[-1]}"


if not helped and not hurt:
    outcome = (f"none of the {n} regularisers made a clear difference, "
               "for better or worse")
elif len(helped) == n:
    outcome = f"all {n} regularisers helped clearly"
elif len(hurt) == n:
    outcome = f"all {n} regularisers hurt clearly"
else:
    parts = [f"{listed(helped)} helped clearly" if helped else
             "none helped clearly",
             f"{listed(hurt)} hurt clearly" if hurt else "none hurt clearly"]
    if neutral:
        parts.append(f"{listed(neutral)} made no clear difference")
    outcome = f"of the {n} regularisers, {'; '.join(parts)}"
# lower case inside a sentence, capitalised at the start of one
fdl.value("helped_clause", outcome)
fdl.value("helped_sentence", f"Here, {outcome}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8),
                         gridspec_kw={"width_ratios": [1.2, 1]})
names = ["baseline", *METHODS]
ax = axes[0]
for k in range(len(names)):
    ax.plot(np.full(len(SEEDS), k), acc[k], "o", color=fdl.PALETTE[0],
            alpha=0.5, markersize=5)
    ax.plot([k - 0.25, k + 0.25], [acc[k].mean()] * 2,
            color=fdl.PALETTE[1], linewidth=2.5)
for s in range(len(SEEDS)):
    ax.plot(range(len(names)), acc[:, s], color=fdl.LIGHT["grid"],
            linewidth=0.8, zorder=0)
ax.set_xticks(range(len(names)),
              [x.replace(" ", "\n") for x in names], fontsize=8)
ax.set_ylabel(f"test accuracy ({correct.shape[-1]:,d} images)")
ax.set_title(f"{len(SEEDS)} seeds (dots, joined by seed) and their mean "
             "(bar)", fontsize=10)
ax = axes[1]
ax.axvline(0, color=fdl.LIGHT["muted"], linewidth=1)
for k, v in enumerate(tested):
    lo, hi = v.interval()
    ax.plot([lo, hi], [k, k], color=fdl.PALETTE[2], linewidth=2)
    ax.plot(v.comparison.diff, k, "o", color=fdl.PALETTE[2], markersize=7,
            mfc=fdl.PALETTE[2] if v.clear else fdl.LIGHT["background"])
ax.set_yticks(range(len(METHODS)), METHODS, fontsize=8)
ax.invert_yaxis()
ax.set_xlabel("test accuracy minus the baseline's")
ax.set_title("Paired difference, 95% interval (uncorrected)\n(filled: "
             "clear after Holm's correction)", fontsize=10)
ax.xaxis.set_major_formatter(lambda x, _: f"{x:+.0%}")
fig.tight_layout()
fdl.show(fig, "regularise")
fdl.value("epochs", EPOCHS)
