"""Exercise 2: the square rules on the chapter's noisy test drawings after a
noise filter (a 3 by 3 median, and a median over the 5 pixels of a plus
sign), against the shared CNN; and one noisy square before and after."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import ndimage

import fdl
from dl_is_ml._cnn import load_shape_cnn, predict, train_shape_cnn
from dl_is_ml._rules import ink_mask, judge
from dl_is_ml._shapes import KINDS, make_dataset
from dl_is_ml._stats import method_sentence, paired_bootstrap, verdicts

N_TEST, TEST_SEED = 200, 100  # the chapter's test drawings
PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
FILTERS = {
    "no filter": lambda img: img,
    "3 by 3 median": lambda img: ndimage.median_filter(img, size=3),
    "plus-shaped median": lambda img: ndimage.median_filter(
        img, footprint=PLUS
    ),
}
net = load_shape_cnn(fdl.cached(train_shape_cnn))
sets = {
    kind: make_dataset(
        N_TEST, TEST_SEED + KINDS.index(kind), (kind,), square_share=0.5
    )
    for kind in ("noisy", "clean")
}

# %%
right, acc, said = {}, {}, {}
for kind, (X, y, _) in sets.items():
    for name, f in FILTERS.items():
        if kind == "clean" and name == "no filter":
            continue
        said[name, kind] = np.array([judge(f(x[0])).square for x in X])
        right[name, kind] = said[name, kind] == (y == 0)
        acc[name, kind] = float(right[name, kind].mean())
X, y, _ = sets["noisy"]
right["CNN", "noisy"] = (predict(net, X).argmax(1) == 0) == (y == 0)
acc["CNN", "noisy"] = float(right["CNN", "noisy"].mean())
keys = {
    "no filter": "raw",
    "3 by 3 median": "median",
    "plus-shaped median": "plus",
    "CNN": "cnn",
}
for (name, kind), a in acc.items():
    fdl.value(f"{keys[name]}_acc_{kind}", a)

# what the 3 by 3 median leaves of the clean test squares' thin strokes
Xc, yc, _ = sets["clean"]
squares = Xc[yc == 0, 0]
ink_kept = sum(
    ink_mask(FILTERS["3 by 3 median"](x)).sum() for x in squares
) / sum(ink_mask(x).sum() for x in squares)
clean_kept = int(said["3 by 3 median", "clean"][yc == 0].sum())
fdl.value("median_ink_kept", float(ink_kept))
fdl.value("median_clean_squares", clean_kept)
fdl.value("n_clean_squares", len(squares))
fdl.check(
    "median_erases",
    ink_kept < 0.9 and clean_kept < len(squares) / 2,
    detail=f"{ink_kept:.1%} of the clean squares' ink kept; "
    f"{clean_kept} of {len(squares)} clean squares accepted",
)

# %%
# each filter against the CNN and against no filter, Holm over all four
pairs = [
    (f, other)
    for f in ("3 by 3 median", "plus-shaped median")
    for other in ("CNN", "no filter")
]
tested = verdicts(
    [
        paired_bootstrap(a, b, right[a, "noisy"], right[b, "noisy"])
        for a, b in pairs
    ]
)
for (a, b), v in zip(pairs, tested, strict=True):
    lo, hi = v.interval()
    key = f"{keys[a]}_vs_{keys[b]}"
    fdl.value(f"{key}_diff", v.comparison.diff)
    fdl.value(f"{key}_lo", lo)
    fdl.value(f"{key}_hi", hi)
    if v.winner is None:
        word = "no clear difference from"
    else:
        word = "clearly ahead of" if v.winner == a else "clearly behind"
    fdl.value(f"{key}_verdict", word)
fdl.value(
    "method",
    method_sentence(len(tested)).replace("this page's", "this answer's"),
)
best = max(
    ("3 by 3 median", "plus-shaped median"), key=lambda f: acc[f, "noisy"]
)
gap = acc["CNN", "noisy"] - acc[best, "noisy"]
fdl.value(
    "best_sentence",
    (
        f"The {best}, the better of the two filters here, leaves the rules "
        f"{abs(gap) * 100:.1f} percentage points "
        f"{'below' if gap > 0 else 'above'} the CNN"
        if gap
        else f"With the {best} the rules equal the CNN"
    ),
)
fdl.value("ci_level", 0.95)

# %%
# why: the first noisy test square the rules accept without a filter,
# its ink before and after each filter
accepted = np.flatnonzero((y == 0) & right["no filter", "noisy"])
fdl.check(
    "example_accepted",
    len(accepted) > 0,
    detail=f"{len(accepted)} noisy squares accepted",
)
i = int(accepted[0])
kept = [
    name for name, f in list(FILTERS.items())[1:] if judge(f(X[i, 0])).square
]
fdl.value(
    "example_sentence",
    (
        "the rules still accept it after " + " and ".join(kept)
        if kept
        else "after either filter the rules reject it"
    ),
)
fig, axes = plt.subplots(1, 4, figsize=(7, 2.2))
axes[0].imshow(X[i, 0], cmap="gray_r", vmin=0, vmax=1)
axes[0].set_title("noisy square", fontsize=9)
for ax, (name, f) in zip(axes[1:], FILTERS.items(), strict=True):
    img = f(X[i, 0])
    ax.imshow(ink_mask(img), cmap="gray_r", vmin=0, vmax=1)
    verdict = "square" if judge(img).square else "not square"
    ax.set_title(f"ink, {name}", fontsize=9)
    ax.set_xlabel(f"rules: {verdict}", fontsize=8, color=fdl.PALETTE[0])
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
fig.tight_layout(w_pad=0.5)
fdl.show(fig, "denoise")
