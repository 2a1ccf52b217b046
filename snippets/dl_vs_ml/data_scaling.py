"""Test accuracy on MNIST digits against the number of training images, for
two classical models on hand-made HOG features and two neural networks
(mean of 3 seeds, bars from the lowest to the highest seed), beside Andrew
Ng's well-known curve, which is a drawing, not data."""
# snippet: timeout=120

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._stats import join
from dl_vs_ml._digits import (
    MODELS,
    SEEDS,
    SIZES,
    STEPS,
    features,
    load_mnist,
    run,
    split,
)

X, y = load_mnist()
pool, test = split(y)
F = features(X)
fdl.value("n_images", len(X))
fdl.value("n_test", len(test))
fdl.value("n_pool", len(pool))
fdl.value("steps", STEPS)
fdl.value("n_seeds", len(SEEDS))
fdl.value("sizes", ", ".join(f"{n:,d}" for n in SIZES))

# %%
acc = np.zeros((len(MODELS), len(SIZES), len(SEEDS)))
for k, n in enumerate(SIZES):
    for s, seed in enumerate(SEEDS):
        idx = np.random.default_rng(seed).choice(pool, n, replace=False)
        for m, model in enumerate(MODELS):
            pred = run(model, X[idx], y[idx], F[idx], X[test], F[test], seed)
            acc[m, k, s] = (pred == y[test]).mean()
mean, lo, hi = acc.mean(2), acc.min(2), acc.max(2)
short = {"HOG + logistic regression": "hog_lr", "HOG + SVM (RBF)": "hog_svm",
         "MLP": "mlp", "CNN": "cnn"}
for m, model in enumerate(MODELS):
    fdl.value(f"{short[model]}_acc_small", float(mean[m, 0]))
    fdl.value(f"{short[model]}_acc_large", float(mean[m, -1]))


# %%
def compare(a, b):
    """A sentence on where model ``a`` or ``b`` is ahead: ahead means its
    lowest seed beats the other's highest; otherwise no clear difference."""
    i, j = MODELS.index(a), MODELS.index(b)
    verdict = []
    for k in range(len(SIZES)):
        if lo[i, k] > hi[j, k]:
            verdict.append(f"the {a} is ahead" if a in ("MLP", "CNN")
                           else f"{a} is ahead")
        elif lo[j, k] > hi[i, k]:
            verdict.append(f"the {b} is ahead" if b in ("MLP", "CNN")
                           else f"{b} is ahead")
        else:
            verdict.append("there is no clear difference")
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


fdl.value("outcome_cnn_svm", compare("CNN", "HOG + SVM (RBF)"))
fdl.value("outcome_mlp_lr", compare("MLP", "HOG + logistic regression"))
fdl.value("outcome_cnn_mlp", compare("CNN", "MLP"))
best = [MODELS[m] for m in np.argmax(mean, axis=0)]
fdl.value("best_small", best[0])
fdl.value("best_large", best[-1])
i_cnn = MODELS.index("CNN")
classical = [m for m, name in enumerate(MODELS) if name.startswith("HOG")]
cnn_clear = all(lo[i_cnn, -1] > hi[m, -1] for m in classical)
fdl.value("slide_verdict", "The experiment agrees with the slide at the "
          "largest size" if cnn_clear else "At these sizes the experiment "
          "does not show the slide's curve")
fdl.value("table_data", f"at {SIZES[-1]:,d} images the best is "
          f"{best[-1]}" + ("" if cnn_clear else "; the CNN is not clearly "
                           "ahead of the HOG models"))

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8),
                         gridspec_kw={"width_ratios": [1.35, 1]})
ax = axes[0]
markers = ("s", "D", "^", "o")
for m, model in enumerate(MODELS):
    ax.errorbar(SIZES, mean[m], yerr=[mean[m] - lo[m], hi[m] - mean[m]],
                marker=markers[m], markersize=5, capsize=3,
                color=fdl.PALETTE[m], label=model,
                linestyle="--" if model.startswith("HOG") else "-")
ax.set_xscale("log")
ax.set_xticks(SIZES, [f"{n:,d}" for n in SIZES])
ax.minorticks_off()
ax.set_xlabel("training images (log scale)")
ax.set_ylabel("test accuracy (1,000 images)")
ax.set_title("Experiment: MNIST, run when this page was built",
             fontsize=10)
ax.legend(fontsize=8, loc="lower right")

ax = axes[1]
data = np.linspace(0, 10, 200)
curves = [("traditional ML", 0.55, 1.2), ("small network", 0.65, 2.5),
          ("medium network", 0.78, 4.0), ("large network", 0.95, 6.0)]
for (label, top, scale), color in zip(curves, fdl.PALETTE[:4], strict=True):
    ax.plot(data, top * (1 - np.exp(-data / scale * 1.6)) ** 1.5,
            color=color, linestyle="--" if label.startswith("trad") else "-")
    ax.text(10.1, top * (1 - np.exp(-10 / scale * 1.6)) ** 1.5, label,
            fontsize=8, va="center", color=color)
ax.set_xticks([])
ax.set_yticks([])
ax.set_xlim(0, 14)
ax.set_xlabel("amount of data")
ax.set_ylabel("performance")
ax.set_title("Drawing, not data: Andrew Ng's sketch\n"
             "(talks 2015-16, Machine Learning Yearning)", fontsize=10)
ax.grid(False)
fig.tight_layout()
fdl.show(fig, "data_scaling")
