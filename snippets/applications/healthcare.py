"""A small neural network flags malignant breast masses from measurements,
beside a logistic regression trained on the same patients.

The ROC curves show, on held-out patients, how many malignant masses are
caught (sensitivity) against how many benign ones are flagged too
(1 - specificity) as the decision threshold moves; the dots are the
default threshold of 0.5.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score, roc_curve

import fdl
from applications._experiments import page_comparisons
from dl_is_ml._stats import method_sentence

record = fdl.cached(page_comparisons)
health = record["healthcare"]
y_test = health["y_test"]
fdl.value("n_patients", health["n_patients"])
fdl.value("n_features", health["n_features"])
fdl.value("n_test", len(y_test))
fdl.value("n_malignant_test", int(y_test.sum()))
key = {"neural network": "nn", "logistic regression": "lr"}
for name, score in health["scores"].items():
    flagged = score >= 0.5
    k = key[name]
    fdl.value(f"auc_{k}", roc_auc_score(y_test, score))
    fdl.value(f"auc_{k}_lo", health["auc_ci"][name][0])
    fdl.value(f"auc_{k}_hi", health["auc_ci"][name][1])
    fdl.value(f"acc_{k}", float((flagged == y_test).mean()))
    fdl.value(f"sensitivity_{k}", float(flagged[y_test].mean()))
    fdl.value(f"specificity_{k}", float((~flagged[~y_test]).mean()))
    fdl.value(f"missed_{k}", int((~flagged[y_test]).sum()))
    fdl.value(f"false_alarms_{k}", int(flagged[~y_test].sum()))

# %%
acc_test, auc_test = record["tests"][0], record["tests"][1]
for name, t in (("acc", acc_test), ("auc", auc_test)):
    fdl.value(f"{name}_diff", t["diff"])
    fdl.value(f"{name}_diff_lo", t["interval"][0])
    fdl.value(f"{name}_diff_hi", t["interval"][1])


def verdict(t, what):
    return (f"in {what} the {t['winner']} is clearly ahead" if t["winner"]
            else f"in {what} there is no clear difference")


either = acc_test["winner"] == "neural network" or (
    auc_test["winner"] == "neural network")
sentence = (f"{verdict(acc_test, 'accuracy')}, and "
            f"{verdict(auc_test, 'AUC')}: on these patients the network "
            + ("does better than a linear model" if either else
               "does no better than a linear model"))
fdl.value("comparison_sentence", sentence[0].upper() + sentence[1:])
fdl.value("comparison_clause", sentence)
fdl.value("method", method_sentence(
    record["n_comparisons"], over="test patients (for these two "
    "comparisons) and the held-out ratings (for the recommender below)",
    of="the difference (in accuracy or AUC here, in squared error below)"))

# %%
fig, ax = plt.subplots(figsize=(4.8, 4.2))
for colour, (name, score) in zip(fdl.PALETTE, health["scores"].items(),
                                 strict=False):
    fpr, tpr, _ = roc_curve(y_test, score)
    ax.plot(fpr, tpr, color=colour, drawstyle="steps-post",
            label=f"{name} (AUC {roc_auc_score(y_test, score):.3f})")
    flagged = score >= 0.5
    ax.plot(1 - (~flagged[~y_test]).mean(), flagged[y_test].mean(), "o",
            ms=7, color=colour)
ax.plot([0, 1], [0, 1], ls="--", lw=1, color=fdl.LIGHT["muted"],
        label="guessing")
ax.plot([], [], "o", color=fdl.LIGHT["ink"], label="threshold 0.5")
ax.set_xlabel("false alarms (1 \u2212 specificity)")
ax.set_ylabel("malignant caught (sensitivity)")
ax.set_xticks(np.linspace(0, 1, 5))
ax.legend(fontsize=8, loc="lower right")
ax.set_aspect("equal")
fig.tight_layout()
fdl.show(fig, "healthcare")
