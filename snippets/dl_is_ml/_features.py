"""Hand-made image features: edges and histograms of edge orientations.

``hog`` is a simplified histogram of oriented gradients (Dalal & Triggs,
2005): Sobel gradients, unsigned orientations in ``bins`` bins weighted by
gradient magnitude, summed over a grid of cells, each cell L2-normalised.
"""

from __future__ import annotations

import numpy as np


def sobel(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return horizontal and vertical Sobel gradients of images (..., H, W).

    ``gx`` is positive where the image gets brighter to the right, ``gy``
    where it gets brighter downwards; borders are padded by repetition.
    """
    P = np.pad(X, [(0, 0)] * (X.ndim - 2) + [(1, 1), (1, 1)], mode="edge")
    c, r = P[..., 1:-1, :], P[..., :, 1:-1]
    gx = (
        (c[..., :, 2:] - c[..., :, :-2]) * 2
        + P[..., :-2, 2:] - P[..., :-2, :-2]
        + P[..., 2:, 2:] - P[..., 2:, :-2]
    ) / 8
    gy = (
        (r[..., 2:, :] - r[..., :-2, :]) * 2
        + P[..., 2:, :-2] - P[..., :-2, :-2]
        + P[..., 2:, 2:] - P[..., :-2, 2:]
    ) / 8
    return gx, gy


def orientation_bins(gx: np.ndarray, gy: np.ndarray, bins: int) -> np.ndarray:
    """Bin index of each pixel's unsigned gradient orientation (0-180 deg)."""
    theta = np.mod(np.arctan2(gy, gx), np.pi)
    return np.minimum((theta / np.pi * bins).astype(np.int64), bins - 1)


def hog(X: np.ndarray, cells: int = 4, bins: int = 9) -> np.ndarray:
    """Histograms of oriented gradients of images ``X`` (N, H, W).

    Returns (N, cells * cells * bins) features: for each of the
    ``cells x cells`` regions, the gradient magnitude per orientation bin,
    L2-normalised per cell.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 2:
        X = X[None]
    n, h, w = X.shape
    gx, gy = sobel(X)
    mag = np.hypot(gx, gy)
    idx = orientation_bins(gx, gy, bins)
    onehot = np.zeros((n, h, w, bins))
    np.put_along_axis(onehot, idx[..., None], mag[..., None], axis=-1)
    ch, cw = h // cells, w // cells
    cut = onehot[:, : ch * cells, : cw * cells]
    hist = cut.reshape(n, cells, ch, cells, cw, bins).sum(axis=(2, 4))
    norm = np.sqrt((hist**2).sum(-1, keepdims=True) + 1e-6)
    return (hist / norm).reshape(n, cells * cells * bins)
