"""Chapter 6's two-parameter model and its optimisers.

The model is a straight line through chapter 3's hard-disk prices: the
log10 of the price per terabyte (constant 2020 US$) against the decades
since the first price, ``y = w x + b``, scored by the mean squared error.
Its loss is a bowl in (w, b); the optimisers walk down it from one start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fdl
from why_dl._data import load_storage

START = (1.0, 2.0)
"""Where every descent starts, (w, b)."""
STEPS = 300
"""How many steps every descent takes."""
TOL = 1e-3
"""A descent has arrived once its loss is within this share of the
start's distance (in loss) from the minimum."""


def load_disk(path: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """``x`` (decades since the first year), ``y`` (log10 US$ per TB) of
    the hard-disk prices, and the first year."""
    years, price = load_storage(path)["disk_hdd"]
    first = int(years.min())
    return (years - first) / 10.0, np.log10(price), first


def loss(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean squared error of the line(s) ``theta = (w, b)`` (last axis)."""
    theta = np.asarray(theta, dtype=float)
    w, b = theta[..., :1], theta[..., 1:]
    return ((w * x + b - y) ** 2).mean(axis=-1)


def grad(theta: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of ``loss``, worked out by hand: 2 mean(r x), 2 mean(r)
    with the residuals r = w x + b - y."""
    r = theta[0] * x + theta[1] - y
    return np.array([2 * (r * x).mean(), 2 * r.mean()])


def hessian(x: np.ndarray) -> np.ndarray:
    """The loss's curvature, the same everywhere (it is a quadratic)."""
    return 2 * np.array([[(x * x).mean(), x.mean()], [x.mean(), 1.0]])


def minimum(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The least-squares line (w, b), where the gradient is zero."""
    return np.linalg.solve(hessian(x), 2 * np.array([(x * y).mean(),
                                                     y.mean()]))


def descend(g, start, lr: float, steps: int = STEPS) -> np.ndarray:
    """Plain gradient descent: ``theta -= lr * g(theta)``; the path."""
    path = [np.array(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * g(path[-1]))
        if not np.isfinite(path[-1]).all() or np.abs(path[-1]).max() > 1e6:
            break
    return np.array(path)


def momentum(g, start, lr: float, beta: float,
             steps: int = STEPS) -> np.ndarray:
    """Gradient descent with momentum: the step is a running sum of past
    gradients, ``v = beta v - lr g``, ``theta += v``; the path."""
    path, v = [np.array(start, dtype=float)], np.zeros(2)
    for _ in range(steps):
        v = beta * v - lr * g(path[-1])
        path.append(path[-1] + v)
    return np.array(path)


def adam(g, start, lr: float, beta1: float = 0.9, beta2: float = 0.999,
         eps: float = 1e-8, steps: int = STEPS) -> np.ndarray:
    """Adam: a momentum of the gradient divided, per parameter, by a running
    root mean square of the gradient (both corrected for starting at 0)."""
    path = [np.array(start, dtype=float)]
    m, s = np.zeros(2), np.zeros(2)
    for t in range(1, steps + 1):
        gt = g(path[-1])
        m = beta1 * m + (1 - beta1) * gt
        s = beta2 * s + (1 - beta2) * gt * gt
        m_hat, s_hat = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
        path.append(path[-1] - lr * m_hat / (np.sqrt(s_hat) + eps))
    return np.array(path)


def arrival(losses: np.ndarray, best: float, tol: float = TOL) -> int | None:
    """The first step whose loss is within ``tol`` of the start's gap from
    the minimum and stays there; None if it never does."""
    gap = (losses - best) / (losses[0] - best)
    inside = np.isfinite(gap) & (gap <= tol)
    if not inside[-1]:
        return None
    outside = np.flatnonzero(~inside)
    return int(outside[-1] + 1) if len(outside) else 0


def loss_grid(x: np.ndarray, y: np.ndarray, w_range=(-4.0, 2.5),
              b_range=(0.0, 17.0), n: int = 161):
    """``(W, B, L)``: the loss on an ``n`` by ``n`` grid of lines."""
    W, B = np.meshgrid(np.linspace(*w_range, n), np.linspace(*b_range, n))
    return W, B, loss(np.stack([W, B], -1), x, y)


def draw_bowl(ax, x, y, best):
    """Contours of the loss around its minimum (log-spaced levels)."""
    W, B, L = loss_grid(x, y)
    Lb = float(loss(best, x, y))
    levels = Lb + np.geomspace(0.01, 300, 12)
    ax.contour(W, B, L, levels=levels, colors=[fdl.LIGHT["muted"]],
               linewidths=0.8)
    ax.plot(*best, marker="*", markersize=12, color=fdl.LIGHT["ink"],
            linestyle="none", label="minimum")
    ax.set_xlim(W.min(), W.max())
    ax.set_ylim(B.min(), B.max())
    ax.set_xlabel("slope w (change of log10 price per decade)")
    ax.set_ylabel("intercept b")
