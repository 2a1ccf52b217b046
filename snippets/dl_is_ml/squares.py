"""The slide's square rules, as code, against the shared CNN, on clean
drawings and on the drawings people make: accuracy per style, and the first
mistakes each makes in test order."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from dl_is_ml._cnn import load_shape_cnn, predict, train_shape_cnn
from dl_is_ml._rules import ANGLE_TOL, LENGTH_TOL, judge
from dl_is_ml._shapes import BACKGROUND, CLASSES, KINDS, LABELS, make_dataset
from dl_is_ml._stats import (
    join,
    method_sentence,
    paired_bootstrap,
    verdicts,
    wilson,
)

N_TEST, TEST_SEED, N_SHOWN = 200, 100, 2
record = fdl.cached(train_shape_cnn)
net = load_shape_cnn(record)
fdl.value("n_test", N_TEST)
fdl.value("n_train", record["n_train"])
fdl.value("n_train_nothing", record["class_counts"][BACKGROUND])
fdl.value("n_train_shapes", record["n_train"]
          - record["class_counts"][BACKGROUND])
fdl.value("num_epochs", record["num_epochs"])
fdl.value("angle_tol", ANGLE_TOL)
fdl.value("length_tol", LENGTH_TOL - 1)

# %%
tests, acc, ci, found, cnn_said, right = {}, {}, {}, {}, {}, {}
n_squares = []
for i, kind in enumerate(KINDS):
    X, y, _ = make_dataset(N_TEST, TEST_SEED + i, (kind,), square_share=0.5)
    truth = y == 0
    n_squares.append(int(truth.sum()))
    found[kind] = [judge(x[0]) for x in X]
    rules = np.array([v.square for v in found[kind]])
    cnn_said[kind] = predict(net, X).argmax(1)
    cnn = cnn_said[kind] == 0
    tests[kind] = (X, y, {"rules": rules, "CNN": cnn})
    for who, pred in (("rules", rules), ("CNN", cnn)):
        right[who, kind] = pred == truth
        correct = int(right[who, kind].sum())
        acc[who, kind] = correct / N_TEST
        ci[who, kind] = wilson(correct, N_TEST)
        fdl.value(f"{who.lower()}_acc_{kind}", acc[who, kind])
        fdl.value(f"{who.lower()}_right_{kind}", correct)
for who in ("rules", "CNN"):
    mean = np.mean([acc[who, k] for k in KINDS])
    fdl.value(f"{who.lower()}_acc_mean", float(mean))
fdl.value("squares_min", min(n_squares))
fdl.value("squares_max", max(n_squares))
weakest = min(KINDS, key=lambda k: acc["CNN", k])
fdl.value("cnn_weakest_kind", weakest)
fdl.value("cnn_acc_weakest", acc["CNN", weakest])
fdl.value("rules_acc_weakest", acc["rules", weakest])
clean_right = right["rules", "clean"].sum()
worst = min(KINDS, key=lambda k: acc["rules", k])
fdl.value("rules_worst_kind", worst)
fdl.value("rules_acc_worst", acc["rules", worst])
fdl.value("summary_rules", (
    f"right on all {N_TEST} clean test drawings"
    if clean_right == N_TEST else
    f"right on {clean_right} of the {N_TEST} clean test drawings")
    + f" and {acc['rules', worst]:.0%} right on {worst} ones, their "
    "weakest style")

# %%
tested = verdicts([paired_bootstrap("rules", "CNN", right["rules", k],
                                    right["CNN", k]) for k in KINDS])
rules_behind = [k for k, v in zip(KINDS, tested, strict=True)
                if v.winner == "CNN"]
cnn_behind = [k for k, v in zip(KINDS, tested, strict=True)
              if v.winner == "rules"]
tied = [k for k, v in zip(KINDS, tested, strict=True) if not v.clear]
parts = []
if rules_behind:
    parts.append(f"the rules are clearly behind the CNN on "
                 f"{join(rules_behind)} drawings")
if cnn_behind:
    parts.append(f"the CNN is clearly behind the rules on "
                 f"{join(cnn_behind)} drawings")
if tied:
    parts.append(f"on {join(tied)} drawings there is no clear difference")
outcome = "; ".join(parts)
fdl.value("outcome", outcome[0].upper() + outcome[1:] + ".")
fdl.value("method", method_sentence(len(tested), seeds=False))
for kind, v in zip(KINDS, tested, strict=True):
    lo, hi = v.interval()
    fdl.value(f"diff_{kind}", v.comparison.diff)
    fdl.value(f"diff_{kind}_lo", lo)
    fdl.value(f"diff_{kind}_hi", hi)

# which rule fails most often, per style, among the rules' mistakes
RULES = (("four lines", lambda v: v.n_lines == 4),
         ("connected", lambda v: v.connected),
         ("closed", lambda v: v.closed),
         ("perpendicular", lambda v: v.perpendicular),
         ("equal sides", lambda v: v.equal))
failed = {}
for kind in ("noisy", "open"):
    X, y, preds = tests[kind]
    missed = [found[kind][i] for i in np.flatnonzero(y == 0)
              if not preds["rules"][i]]
    counts = {name: sum(not ok(v) for v in missed) for name, ok in RULES}
    top = max(counts, key=lambda name: counts[name])
    failed[kind] = (top, counts[top], len(missed))
    fdl.value(f"rules_missed_{kind}", len(missed))
    fdl.value(f"rules_top_failure_{kind}", top)
    fdl.value(f"rules_top_failure_{kind}_n", counts[top])
(t1, a, m), (t2, b, n) = failed["noisy"], failed["open"]
if t1 == t2:
    text = (f"the rule \"{t1}\" is the one that fails most: {a} of the {m} "
            f"noisy squares they reject fail it, and {b} of the {n} open "
            "ones")
else:
    text = (f"on noisy squares the rule \"{t1}\" fails most ({a} of the {m} "
            f"they reject), on open ones the rule \"{t2}\" ({b} of {n})")
fdl.value("failures", text)

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
    v = found[kind][i]
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
