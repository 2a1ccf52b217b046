"""Exercise 2: logistic regression on the 784 raw pixels instead of the HOG
features, at 100 training images and the chapter's seeds, against the
chapter's HOG + logistic regression on the same images (paired bootstrap)."""

# %%
import numpy as np

import fdl
from dl_is_ml._stats import ALPHA, N_RESAMPLES, paired_bootstrap, verdicts
from dl_vs_ml._digits import (
    MODELS,
    SEEDS,
    SIZES,
    draw,
    fit_classical,
    load_mnist,
    scaling_experiment,
    split,
)

X, y = load_mnist()
pool, test = split(y)
record = fdl.cached(scaling_experiment)
N = SIZES[0]
m, k = MODELS.index("HOG + logistic regression"), SIZES.index(N)
hog = record["correct"][m, k]  # (seeds, test images)
pixels = X.reshape(len(X), -1)
fdl.value("n_pixels", pixels.shape[1])
fdl.value("n_seeds", len(SEEDS))
fdl.value("n_fit", len(draw(pool, N, SEEDS[0])[0]))

# %%
# the same procedure (C chosen on the validation images), other features
raw = np.zeros_like(hog)
chosen = []
for s, seed in enumerate(SEEDS):
    fit, val = draw(pool, N, seed)
    fdl.seed(seed)
    clf, C = fit_classical(MODELS[m], pixels[fit], y[fit], pixels[val], y[val])
    chosen.append(C)
    raw[s] = clf.predict(pixels[test]) == y[test]

# %%
(v,) = verdicts([paired_bootstrap("HOG", "raw pixels", hog, raw)])
lo, hi = v.interval()
fdl.value("hog_acc", float(hog.mean()))
fdl.value("raw_acc", float(raw.mean()))
fdl.value("fall", v.comparison.diff)
fdl.value("fall_lo", lo)
fdl.value("fall_hi", hi)
fdl.value("p", v.p_adjusted)
fdl.value("raw_acc_min", float(raw.mean(1).min()))
fdl.value("raw_acc_max", float(raw.mean(1).max()))
fdl.value(
    "method",
    (
        f"the test images and the seeds are resampled together for both "
        f"pipelines ({N_RESAMPLES:,d} resamples, fixed seed, as in the "
        "chapter; intervals: 95%); one comparison, so no Holm correction"
    ),
)
# the decision is the chapter's (p-value below ALPHA); say it as such
p_text = f"bootstrap p-value {v.p_adjusted:.2g}"
if not v.clear:
    verdict = (
        f"the difference is not clear ({p_text}, not below {ALPHA:g}), so "
        "on this many images and seeds raw pixels do not clearly fall "
        "behind HOG"
    )
elif v.winner == "HOG":
    verdict = f"raw pixels fall clearly behind HOG ({p_text}, below {ALPHA:g})"
else:
    verdict = (
        f"raw pixels are clearly ahead of HOG ({p_text}, below {ALPHA:g})"
    )
fdl.value("verdict", verdict)
