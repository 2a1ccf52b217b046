"""Exponential trends: doubling times fitted by least squares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Doubling:
    """A fitted doubling time in years, with its confidence interval.

    ``ci`` is ``None`` when the fit has fewer than three points (no
    residual degrees of freedom, so no interval).
    """

    years: float
    ci: tuple[float, float] | None
    n: int
    slope: float  # log2 units per year
    intercept: float

    @property
    def months(self) -> float:
        return 12 * self.years

    def predict(self, t: np.ndarray) -> np.ndarray:
        """The fitted trend at fractional years ``t``."""
        return np.asarray(2.0 ** (self.intercept + self.slope * t))


def fit_doubling(
    t: np.ndarray, y: np.ndarray, level: float = 0.95
) -> Doubling:
    """Fit ``log2(y) = a + b t`` by ordinary least squares.

    ``t`` is in years and ``y`` positive; the doubling time is ``1 / b``.
    The interval is the t-interval of ``b`` mapped through ``1 / b``.
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if t.shape != y.shape or t.size < 2:
        raise ValueError("need at least two (t, y) pairs of equal length")
    if not (np.all(np.isfinite(t)) and np.all(y > 0)):
        raise ValueError("t must be finite and y positive")
    z = np.log2(y)
    t0 = t.mean()
    sxx = float(np.sum((t - t0) ** 2))
    if sxx == 0:
        raise ValueError("all points at the same time")
    slope = float(np.sum((t - t0) * (z - z.mean())) / sxx)
    intercept = float(z.mean() - slope * t0)
    if slope <= 0:
        raise ValueError("no growth: the fitted slope is not positive")
    n = t.size
    ci = None
    if n > 2:
        from scipy.special import stdtrit

        resid = z - (intercept + slope * t)
        se = float(np.sqrt(np.sum(resid**2) / (n - 2) / sxx))
        q = float(stdtrit(n - 2, 0.5 + level / 2))
        lo, hi = slope - q * se, slope + q * se
        ci = (1 / hi, 1 / lo if lo > 0 else float("inf"))
    return Doubling(1 / slope, ci, n, slope, intercept)
