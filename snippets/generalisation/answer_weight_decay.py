"""Exercise 2: weight decay of 0.01 instead of the chapter's, trained for
every seed from the baseline's weights on its images (in ``_answers.py``),
and tested against the baseline like the chapter's four regularisers
(paired bootstrap, Holm's correction over the page's four comparisons)."""

# %%
import fdl
from dl_is_ml._stats import ALPHA, paired_bootstrap, verdicts
from generalisation._answers import STRONG_DECAY, answer_runs
from generalisation._experiments import (
    METHODS,
    SEEDS,
    WEIGHT_DECAY,
    experiments,
)

STRONG = STRONG_DECAY
correct = fdl.cached(experiments)["regularisation"]["correct"]
run = fdl.cached(answer_runs)["strong_decay"]
strong = run["correct"]  # (seeds, test images)
fdl.value("strong", STRONG)
fdl.value("strong_acc", float(strong.mean()))
fdl.value("strong_train_acc", float(run["train_acc"].mean()))
fdl.value("strong_val_acc", float(run["val_acc"].mean()))


def verdict(v):
    """The chapter's words for a Holm-corrected comparison."""
    if not v.clear:
        return "no clear difference from the baseline"
    return "it helped here" if v.comparison.diff > 0 else "it hurt here"


# %%
# the page's four comparisons, with weight decay at the chapter's
# strength and then at STRONG (the other three unchanged)
k = METHODS.index("weight decay")
results = {}
for lam, scores in ((WEIGHT_DECAY, correct[k + 1]), (STRONG, strong)):
    comps = [
        paired_bootstrap(m, "baseline", correct[j + 1], correct[0])
        for j, m in enumerate(METHODS)
    ]
    comps[k] = paired_bootstrap("weight decay", "baseline", scores, correct[0])
    results[lam] = verdicts(comps)[k]
v = results[STRONG]
lo, hi = v.interval()
fdl.value("diff", v.comparison.diff)
fdl.value("lo", lo)
fdl.value("hi", hi)
fdl.value("p", v.p_adjusted)
fdl.value("seeds_up", int((strong.mean(-1) > correct[0].mean(-1)).sum()))
fdl.value("n_seeds", len(SEEDS))
fdl.value("level", 1 - ALPHA)
fdl.value("verdict", verdict(v))
old, new = verdict(results[WEIGHT_DECAY]), verdict(v)
fdl.value(
    "same_or_not",
    "the same verdict"
    if old == new
    else f"a different verdict (at {WEIGHT_DECAY:g}: {old})",
)
