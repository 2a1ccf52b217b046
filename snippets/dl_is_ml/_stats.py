"""Small statistics for turning results into honest sentences.

Two models are compared with a paired bootstrap: the test items (and the
seeds, where seeds vary) are resampled together for both models, so each
resample asks "on this many items like these, which model does better?".
A page that makes several comparisons corrects for their number with
Holm's method; a difference counts as clear only when its Holm-adjusted
p-value is below ``ALPHA``, which is when its bootstrap interval, widened
for the number of comparisons, excludes 0.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

ALPHA = 0.05
"""One minus the confidence level of the page's intervals (95%)."""
N_RESAMPLES = 2000
"""Bootstrap resamples per comparison."""
BOOT_SEED = 2005
"""The bootstrap's own seed: the same resamples on every build."""


def wilson(correct: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of an accuracy of ``correct`` out of ``n``."""
    if n == 0:
        return 0.0, 1.0
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two closed intervals overlap."""
    return a[0] <= b[1] and b[0] <= a[1]


def join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@functools.cache
def resample_weights(
    n: int, n_resamples: int = N_RESAMPLES, seed: int = BOOT_SEED
) -> np.ndarray:
    """How often each of ``n`` items is drawn in each resample, (B, n).

    Drawing ``n`` items with replacement is the same as a multinomial
    count of each item; rows sum to ``n``. The array is shared between
    calls (the same draws for every comparison), so it is read-only.
    """
    rng = np.random.default_rng(seed)
    w = rng.multinomial(n, np.full(n, 1 / n), size=n_resamples)
    w.flags.writeable = False
    return w


def weighted_mean_difference(
    diff: np.ndarray, w_seeds: np.ndarray, w_items: np.ndarray
) -> np.ndarray:
    """Mean of ``diff`` (seeds, items) under each resample's weights.

    ``w_seeds`` (B, seeds) and ``w_items`` (B, items) count how often each
    seed and each item was drawn; resample ``b`` is the mean over the
    drawn seeds and items, repeats counted.
    """
    per_item = w_seeds @ diff  # (B, items): drawn seeds summed per item
    total = np.einsum("bi,bi->b", per_item, w_items)
    return total / (w_seeds.sum(1) * w_items.sum(1))


@dataclass(frozen=True)
class Comparison:
    """A paired comparison of model ``a`` with model ``b``.

    ``diff`` is the observed mean score of ``a`` minus that of ``b``;
    ``resampled`` holds the same difference in each bootstrap resample.
    """

    a: str
    b: str
    diff: float
    resampled: np.ndarray

    @property
    def p_value(self) -> float:
        """Two-sided bootstrap p-value of "no difference"."""
        n = len(self.resampled)
        below = (np.sum(self.resampled <= 0) + 1) / (n + 1)
        above = (np.sum(self.resampled >= 0) + 1) / (n + 1)
        return float(min(1.0, 2 * min(below, above)))

    def interval(self, alpha: float = ALPHA) -> tuple[float, float]:
        """Percentile interval at level ``1 - alpha``."""
        lo, hi = np.quantile(self.resampled, [alpha / 2, 1 - alpha / 2])
        return float(lo), float(hi)


def paired_bootstrap(
    a: str,
    b: str,
    scores_a: np.ndarray,
    scores_b: np.ndarray,
    n_resamples: int = N_RESAMPLES,
    seed: int = BOOT_SEED,
) -> Comparison:
    """Compare per-item scores (1 = right, 0 = wrong) of two models.

    The arrays are (items,) for one run of each model, or (seeds, items)
    when every seed trained both models; then seeds and items are both
    resampled, independently, with the same draws for both models.
    """
    diff = np.atleast_2d(np.asarray(scores_a, float)) - np.atleast_2d(
        np.asarray(scores_b, float)
    )
    n_seeds, n_items = diff.shape
    w_items = resample_weights(n_items, n_resamples, seed)
    if n_seeds == 1:
        w_seeds = np.ones((n_resamples, 1))
    else:
        w_seeds = resample_weights(n_seeds, n_resamples, seed + 1)
    resampled = weighted_mean_difference(diff, w_seeds, w_items)
    return Comparison(a, b, float(diff.mean()), resampled)


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


@dataclass(frozen=True)
class Verdict:
    """A comparison with its Holm-adjusted p-value among ``m`` others."""

    comparison: Comparison
    p_adjusted: float
    m: int

    @property
    def clear(self) -> bool:
        """The difference is clear after Holm's correction."""
        return self.p_adjusted < ALPHA

    @property
    def winner(self) -> str | None:
        """The model that is clearly ahead, or ``None``."""
        if not self.clear:
            return None
        c = self.comparison
        return c.a if c.diff > 0 else c.b

    def interval(self) -> tuple[float, float]:
        """The 95% interval of the difference (not widened)."""
        return self.comparison.interval(ALPHA)


def verdicts(comparisons: list[Comparison]) -> list[Verdict]:
    """Holm-correct a page's comparisons; one verdict per comparison."""
    adjusted = holm([c.p_value for c in comparisons])
    m = len(comparisons)
    return [Verdict(c, p, m) for c, p in zip(comparisons, adjusted,
                                             strict=True)]


def weighted_auc(
    scores: np.ndarray, positive: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Area under the ROC curve under each row of item ``weights`` (B, n).

    The AUC is the chance that a positive item scores above a negative
    one (ties count half); a resample weights each pair by how often both
    items were drawn.
    """
    scores, positive = np.asarray(scores), np.asarray(positive, bool)
    s_pos, s_neg = scores[positive], scores[~positive]
    above = (s_pos[:, None] > s_neg[None]) + 0.5 * (
        s_pos[:, None] == s_neg[None])
    w_pos, w_neg = weights[:, positive], weights[:, ~positive]
    pairs = np.einsum("bp,pq,bq->b", w_pos, above, w_neg)
    return pairs / (w_pos.sum(1) * w_neg.sum(1))


def method_sentence(
    n_comparisons: int,
    seeds: bool = False,
    over: str | None = None,
    of: str = "the accuracy difference",
) -> str:
    """The sentence that names the test, for a page's prose."""
    what = over or ("test images and seeds" if seeds else "test images")
    return (
        f"A difference counts as clear only if a paired bootstrap says so: "
        f"the {what} are resampled together for both models "
        f"({N_RESAMPLES:,d} resamples, fixed seed), and the 95% interval of "
        f"{of}, widened by Holm's correction for this page's "
        f"{n_comparisons} comparisons, must exclude 0 (equivalently, the "
        f"Holm-adjusted p-value is below {ALPHA:g})."
    )
