"""Exercise 2: the threshold at which each model of the chapter misses at
most one malignant mass of the test set, and the false alarms it costs."""

# %%
import numpy as np

import fdl
from applications._experiments import page_comparisons

MAX_MISSED = 1
DEFAULT = 0.5

record = fdl.cached(page_comparisons)
health = record["healthcare"]
y_test = health["y_test"]
fdl.value("n_malignant", int(y_test.sum()))
fdl.value("n_benign", int((~y_test).sum()))
fdl.value("default", DEFAULT)
fdl.value("one_case", 1 / int(y_test.sum()))
key = {"neural network": "nn", "logistic regression": "lr"}
thresholds = {}
for name, score in health["scores"].items():
    k = key[name]
    # flag a mass when its score reaches the threshold: the highest
    # threshold that misses at most MAX_MISSED is the (MAX_MISSED + 1)-th
    # lowest malignant score
    threshold = float(np.sort(score[y_test])[MAX_MISSED])
    flagged = score >= threshold
    missed = int((~flagged[y_test]).sum())
    fdl.check(
        f"{k}_misses_at_most_one",
        missed <= MAX_MISSED,
        detail=f"threshold {threshold:.4f}, missed {missed}",
    )
    fdl.value(f"threshold_{k}", threshold)
    fdl.value(f"missed_{k}", missed)
    fdl.value(f"false_alarms_{k}", int(flagged[~y_test].sum()))
    fdl.value(f"specificity_{k}", float((~flagged[~y_test]).mean()))
    default = score >= DEFAULT
    thresholds[k] = (
        threshold,
        int(flagged[~y_test].sum()),
        int(default[~y_test].sum()),
    )
    fdl.value(f"default_missed_{k}", int((~default[y_test]).sum()))
    fdl.value(f"default_false_alarms_{k}", int(default[~y_test].sum()))
fdl.check(
    "below_default",
    all(t < DEFAULT and fa > fa0 for t, fa, fa0 in thresholds.values()),
    detail=", ".join(
        f"{k}: threshold {t:.4f}, false alarms {fa} (default {fa0})"
        for k, (t, fa, fa0) in thresholds.items()
    ),
)
