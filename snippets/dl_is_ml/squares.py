"""The slide's square rules, as code, against the shared CNN, on clean
drawings and on the drawings people make: accuracy per style, and the first
mistakes each makes in test order."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._cnn import load_shape_cnn, predict, train_shape_cnn
from dl_is_ml._rules import judge
from dl_is_ml._shapes import CLASSES, KINDS, LABELS, make_dataset
from dl_is_ml._stats import join, overlap, wilson

N_TEST, TEST_SEED, N_SHOWN = 200, 100, 2
record = fdl.cached(train_shape_cnn)
net = load_shape_cnn(record)
fdl.value("n_test", N_TEST)
fdl.value("n_train", record["n_train"])
fdl.value("num_epochs", record["num_epochs"])

# %%
tests, acc, ci, verdicts, cnn_said = {}, {}, {}, {}, {}
for i, kind in enumerate(KINDS):
    X, y, _ = make_dataset(N_TEST, TEST_SEED + i, (kind,), square_share=0.5)
    truth = y == 0
    verdicts[kind] = [judge(x[0]) for x in X]
    rules = np.array([v.square for v in verdicts[kind]])
    cnn_said[kind] = predict(net, X).argmax(1)
    cnn = cnn_said[kind] == 0
    tests[kind] = (X, y, {"rules": rules, "CNN": cnn})
    for who, pred in (("rules", rules), ("CNN", cnn)):
        correct = int((pred == truth).sum())
        acc[who, kind] = correct / N_TEST
        ci[who, kind] = wilson(correct, N_TEST)
        fdl.value(f"{who.lower()}_acc_{kind}", acc[who, kind])
for who in ("rules", "CNN"):
    mean = np.mean([acc[who, k] for k in KINDS])
    fdl.value(f"{who.lower()}_acc_mean", float(mean))

# %%
rules_worse = [k for k in KINDS if ci["rules", k][1] < ci["CNN", k][0]]
cnn_worse = [k for k in KINDS if ci["CNN", k][1] < ci["rules", k][0]]
tied = [k for k in KINDS if overlap(ci["rules", k], ci["CNN", k])]
parts = []
if rules_worse:
    parts.append(f"the rules are clearly less accurate on {join(rules_worse)}"
                 " drawings")
if cnn_worse:
    parts.append(f"the CNN is clearly less accurate on {join(cnn_worse)}"
                 " drawings")
if tied:
    parts.append(f"on {join(tied)} drawings the two have no clear "
                 "difference (their 95% intervals overlap)")
outcome = "; ".join(parts)
fdl.value("outcome", outcome[0].upper() + outcome[1:] + ".")

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
width = 0.38
x = np.arange(len(KINDS))
for j, who in enumerate(("rules", "CNN")):
    heights = np.array([acc[who, k] for k in KINDS])
    lo = heights - np.array([ci[who, k][0] for k in KINDS])
    hi = np.array([ci[who, k][1] for k in KINDS]) - heights
    ax.bar(x + (j - 0.5) * width, heights, width, yerr=[lo, hi],
           color=fdl.PALETTE[j], label=f"{who}",
           error_kw={"ecolor": fdl.LIGHT["ink"], "capsize": 2,
                     "elinewidth": 1})
ax.axhline(0.5, color=fdl.LIGHT["muted"], linewidth=1, linestyle="--")
ax.text(-0.62, 0.52, "guessing", ha="left", fontsize=8,
        color=fdl.LIGHT["muted"])
ax.set_xticks(x, KINDS)
ax.set_ylim(0, 1.05)
ax.set_ylabel("accuracy on square / not square")
ax.grid(axis="x", visible=False)
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2,
          frameon=False)
fig.tight_layout()
fdl.show(fig, "accuracy")


# %%
def reason(who, kind, i):
    """Why a method got test image ``i`` wrong, in a few words."""
    if who == "CNN":
        return f"CNN: {LABELS[cnn_said[kind][i]]}"
    v = verdicts[kind][i]
    if v.square:
        return "rules: square"
    failed = [f"{v.n_lines} lines"] if v.n_lines != 4 else []
    failed += [r for r, ok in (("not connected", v.connected),
                               ("not closed", v.closed),
                               ("not perpendicular", v.perpendicular),
                               ("unequal", v.equal)) if not ok]
    return "rules: " + ", ".join(failed[:2])


fig, axes = plt.subplots(2 * N_SHOWN, len(KINDS), figsize=(8, 6.2))
for col, kind in enumerate(KINDS):
    X, y, preds = tests[kind]
    for r, who in enumerate(("rules", "CNN")):
        wrong = np.flatnonzero(preds[who] != (y == 0))[:N_SHOWN]
        for s in range(N_SHOWN):
            ax = axes[r * N_SHOWN + s, col]
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
            if s == 0:
                ax.set_title(kind if r == 0 else "", fontsize=10)
            if col == 0:
                ax.set_ylabel(f"{who}\nerror {s + 1}", fontsize=9)
            if s >= len(wrong):
                none = "no errors" if s == 0 else "no more\nerrors"
                ax.text(0.5, 0.5, none, ha="center",
                        va="center", fontsize=8, color=fdl.LIGHT["muted"],
                        transform=ax.transAxes)
                continue
            i = wrong[s]
            ax.imshow(X[i, 0], cmap="gray_r", vmin=0, vmax=1)
            ax.set_xlabel(f"is: {CLASSES[y[i]]}\n{reason(who, kind, i)}",
                          fontsize=7, color=fdl.PALETTE[r])
fig.tight_layout(h_pad=0.3, w_pad=0.3)
fdl.show(fig, "errors")
