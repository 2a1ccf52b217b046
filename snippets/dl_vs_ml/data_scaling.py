"""Test accuracy on MNIST digits against the number of training images, for
two classical models on hand-made HOG features and two neural networks
(mean of the seeds, bars from the lowest to the highest seed), the paired
differences that the page's sentences rest on, and Andrew Ng's well-known
curve, which is a drawing, not data."""
# snippet: timeout=300

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._stats import join, method_sentence, paired_bootstrap, verdicts
from dl_vs_ml._digits import (
    C_GRID,
    MAX_EPOCHS,
    MODELS,
    PATIENCE,
    SEEDS,
    SIZES,
    VAL_SHARE,
    load_mnist,
    scaling_experiment,
    split,
)

X, y = load_mnist()
pool, test = split(y)
record = fdl.cached(scaling_experiment)
correct = record["correct"]  # (models, sizes, seeds, test images)
acc = correct.mean(-1)
fdl.value("n_images", len(X))
fdl.value("n_test", len(test))
fdl.value("n_pool", len(pool))
fdl.value("n_seeds", len(SEEDS))
fdl.value("sizes", ", ".join(f"{n:,d}" for n in SIZES))
fdl.value("val_share", VAL_SHARE)
fdl.value("patience", PATIENCE)
fdl.value("max_epochs", MAX_EPOCHS)
fdl.value("c_grid", join([f"{c:g}" for c in C_GRID]))
mean, lo, hi = acc.mean(2), acc.min(2), acc.max(2)
short = {"HOG + logistic regression": "hog_lr", "HOG + SVM (RBF)": "hog_svm",
         "MLP": "mlp", "CNN": "cnn"}
for m, model in enumerate(MODELS):
    fdl.value(f"{short[model]}_acc_small", float(mean[m, 0]))
    fdl.value(f"{short[model]}_acc_large", float(mean[m, -1]))
for m, model in enumerate(("MLP", "CNN"), start=2):
    epochs = record["choice"][m]
    fdl.value(f"{short[model]}_epochs_small", float(np.median(epochs[0])))
    fdl.value(f"{short[model]}_epochs_large", float(np.median(epochs[-1])))
    fdl.value(f"{short[model]}_epochs_max", int(epochs.max()))

# %%
# the page's comparisons, all made here so that Holm's correction sees
# every one of them
PAIRS = (("CNN", "HOG + SVM (RBF)"), ("CNN", "HOG + logistic regression"),
         ("MLP", "HOG + logistic regression"), ("CNN", "MLP"))
comparisons = [paired_bootstrap(a, b, correct[MODELS.index(a), k],
                                correct[MODELS.index(b), k])
               for a, b in PAIRS for k in range(len(SIZES))]
tested = dict(zip([(a, b, n) for a, b in PAIRS for n in SIZES],
                  verdicts(comparisons), strict=True))
fdl.value("n_comparisons", len(comparisons))
fdl.value("method", method_sentence(len(comparisons), seeds=True))


def named(model):
    return f"the {model}" if model in ("MLP", "CNN") else model


def compare(a, b):
    """A sentence on where model ``a`` or ``b`` is clearly ahead."""
    verdict = []
    for n in SIZES:
        v = tested[a, b, n]
        verdict.append(f"{named(v.winner)} is ahead" if v.clear
                       else "there is no clear difference")
    parts, k = [], 0
    while k < len(SIZES):
        e = k
        while e + 1 < len(SIZES) and verdict[e + 1] == verdict[k]:
            e += 1
        sizes = [f"{n:,d}" for n in SIZES[k : e + 1]]
        where = (f"{sizes[0]} to {sizes[-1]}" if len(sizes) > 2
                 else join(sizes))
        parts.append(f"at {where} images {verdict[k]}")
        k = e + 1
    text = "; ".join(parts)
    if len(parts) == 1:
        text = parts[0].replace(" images", " images (every size)", 1)
    return text[0].upper() + text[1:] + "."


for a, b in PAIRS:
    fdl.value(f"outcome_{short[a]}_{short[b]}", compare(a, b))
    v = tested[a, b, SIZES[-1]]
    fdl.value(f"diff_{short[a]}_{short[b]}_large", v.comparison.diff)
    fdl.value(f"diff_{short[a]}_{short[b]}_large_lo", v.interval()[0])
    fdl.value(f"diff_{short[a]}_{short[b]}_large_hi", v.interval()[1])

# %%
top = [MODELS[m] for m in np.argmax(mean, axis=0)]
fdl.value("top_small", top[0])
fdl.value("top_large", top[-1])
fdl.value("n_largest", SIZES[-1])
fdl.value("n_smallest", SIZES[0])
fdl.value(
    "top_sentence",
    f"The highest mean accuracy at {SIZES[0]:,d} images is {top[0]}'s and "
    f"at {SIZES[-1]:,d} images {top[-1]}'s",
)
classical = [m for m in MODELS if m.startswith("HOG")]
cnn_clear = all(tested["CNN", c, SIZES[-1]].winner == "CNN"
                for c in classical)
fdl.value("slide_verdict", "At the largest size the CNN is clearly ahead "
          "of both HOG models, as the deck's curve would have it"
          if cnn_clear else "At these sizes the experiment does not show "
          "the deck's curve")
small = SIZES[0]
clear_small = [(a, b) for a, b in PAIRS if tested[a, b, small].clear]
fdl.value("small_sentence", (
    f"At {small} images " + join([
        f"{named(tested[a, b, small].winner)} is clearly ahead of "
        f"{named(b if tested[a, b, small].winner == a else a)}"
        for a, b in clear_small]) if clear_small else
    f"At {small} images none of the {len(PAIRS)} pairs compared shows a "
    "clear difference"))
rising = all(mean[m, -1] > mean[m, 0] for m in range(len(MODELS)))
fdl.value("more_data", (
    f"every model's mean accuracy is higher at {SIZES[-1]:,d} images than "
    f"at {SIZES[0]:,d}") if rising else (
    f"not every model's mean accuracy is higher at {SIZES[-1]:,d} images "
    f"than at {SIZES[0]:,d}"))
fdl.value("table_data", (
    f"at {SIZES[-1]:,d} images the CNN is clearly ahead of both HOG "
    "models" if cnn_clear else
    f"at {SIZES[-1]:,d} images the CNN is not clearly ahead of both HOG "
    "models"))
hog_ahead = sorted({tested[a, b, small].winner for a, b in clear_small
                    if tested[a, b, small].winner.startswith("HOG")})
fdl.value("table_classical", (
    f"at {small} images, {join(hog_ahead)} clearly ahead of a network"
    if hog_ahead else
    f"at {small} images, the HOG models not clearly ahead of the "
    "networks"))

# %%
fig, axes = plt.subplots(1, 3, figsize=(11.5, 3.9),
                         gridspec_kw={"width_ratios": [1.3, 1.1, 0.9]})
ax = axes[0]
markers = ("s", "D", "^", "o")
for m, model in enumerate(MODELS):
    ax.errorbar(SIZES, mean[m], yerr=[mean[m] - lo[m], hi[m] - mean[m]],
                marker=markers[m], markersize=5, capsize=3,
                color=fdl.PALETTE[m], label=model,
                linestyle="--" if model.startswith("HOG") else "-")
ax.set_xscale("log")
ax.set_xticks(SIZES, [f"{n:,d}" for n in SIZES], fontsize=8)
ax.minorticks_off()
ax.set_xlabel("training images (log scale)")
ax.set_ylabel(f"test accuracy ({len(test):,d} images)")
ax.set_title("Experiment: MNIST, run when this page was built",
             fontsize=10)
ax.legend(fontsize=8, loc="lower right")

ax = axes[1]
ax.axhline(0, color=fdl.LIGHT["muted"], linewidth=1)
offsets = np.linspace(-0.06, 0.06, len(PAIRS))
for j, ((a, b), dx) in enumerate(zip(PAIRS, offsets, strict=True)):
    xs = np.array(SIZES) * 10**dx
    for n, x in zip(SIZES, xs, strict=True):
        v = tested[a, b, n]
        d, (low, high) = v.comparison.diff, v.interval()
        ax.plot([x, x], [low, high], color=fdl.PALETTE[j], linewidth=1.2)
        ax.plot(x, d, "o", ms=5, color=fdl.PALETTE[j],
                mfc=fdl.PALETTE[j] if v.clear else fdl.LIGHT["background"])
    ax.plot([], [], "o-", ms=5, color=fdl.PALETTE[j],
            label=f"{a} \u2212 {b.replace('HOG + ', '')}")
ax.set_xscale("log")
ax.set_xticks(SIZES, [f"{n:,d}" for n in SIZES], fontsize=8)
ax.minorticks_off()
ax.set_xlabel("training images (log scale)")
ax.set_ylabel("accuracy difference")
ax.set_title("Paired differences, 95% intervals\n(filled: clear after "
             "Holm's correction)", fontsize=10)
ax.legend(fontsize=7, loc="lower right")

ax = axes[2]
data = np.linspace(0, 10, 200)
curves = [("traditional ML", 0.55, 1.2), ("small network", 0.65, 2.5),
          ("medium network", 0.78, 4.0), ("large network", 0.95, 6.0)]
for (label, top_, scale), color in zip(curves, fdl.PALETTE[:4],
                                       strict=True):
    ax.plot(data, top_ * (1 - np.exp(-data / scale * 1.6)) ** 1.5,
            color=color, linestyle="--" if label.startswith("trad") else "-")
    ax.text(10.1, top_ * (1 - np.exp(-10 / scale * 1.6)) ** 1.5, label,
            fontsize=8, va="center", color=color)
ax.set_xticks([])
ax.set_yticks([])
ax.set_xlim(0, 15)
ax.set_xlabel("amount of data")
ax.set_ylabel("performance")
ax.set_title("Drawing, not data: Andrew Ng's\nsketch (talks 2015-16, "
             "Machine\nLearning Yearning)", fontsize=10)
ax.grid(False)
fig.tight_layout()
fdl.show(fig, "data_scaling")
