"""Measurements that turn pictures of a CNN's insides into numbers.

``line_tuning`` probes first-layer filters with straight lines of every
direction; ``direction_coherence`` says whether a patch's edges run one
way or several; ``grad_cam`` computes the evidence map of the third layer;
``evidence_shares`` splits such a map by regions of the drawing.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy import ndimage
from torch import nn

from dl_is_ml._features import sobel
from dl_is_ml._shapes import draw_segments

PROBE = 31
"""Side of the probe images (pixels)."""


def line(angle: float, thickness: float = 1.5, size: int = PROBE):
    """A straight line through the centre of the image, at ``angle``
    degrees from horizontal, drawn like the course's drawings."""
    t = np.deg2rad(angle)
    d = np.array([np.cos(t), -np.sin(t)]) * size
    c = np.array([size / 2, size / 2])
    return draw_segments(np.stack([c - d, c + d])[None], thickness, size)


def line_tuning(conv: nn.Conv2d, angles: np.ndarray) -> np.ndarray:
    """Response (filters, angles) of a single-channel conv layer with ReLU
    to lines at ``angles``: the largest response within 3 pixels of the
    line's centre."""
    X = torch.from_numpy(np.stack([line(a) for a in angles]))[:, None]
    with torch.no_grad():
        h = torch.relu(conv(X.float())).numpy()
    mid = PROBE // 2
    return h[:, :, mid - 3 : mid + 4, mid - 3 : mid + 4].max((2, 3)).T


def direction_coherence(patch: np.ndarray) -> float:
    """1 when all of a patch's edges run one way (one straight stroke or
    parallel strokes), 0 when they run equally in two perpendicular ways
    (a right-angled corner): the length of the mean of the doubled edge
    angles, weighted by edge strength."""
    gx, gy = sobel(np.asarray(patch, float))
    strength = np.hypot(gx, gy)
    if strength.sum() == 0:
        return 0.0
    doubled = np.exp(2j * np.arctan2(gy, gx))
    return float(abs((strength * doubled).sum()) / strength.sum())


def grad_cam(net: nn.Module, X: np.ndarray, cls: int | None = None):
    """Grad-CAM of the third conv layer for class ``cls`` (default: the
    predicted class): the map at image size, scaled to a maximum of 1 (all
    zeros when no unit adds to the class), the class probabilities and the
    per-unit contributions (activation times gradient, summed)."""
    x = torch.from_numpy(np.asarray(X, np.float32))[None, None]
    feats = net.features(x)
    feats[2].retain_grad()
    logits = net.fc(net.pool(feats[2]).flatten(1))
    probs = torch.softmax(logits, 1)[0].detach().numpy()
    cls = int(logits.argmax()) if cls is None else cls
    logits[0, cls].backward()
    act, grad = feats[2].detach()[0], feats[2].grad[0]
    contrib = (act * grad).sum(dim=(1, 2)).numpy()
    cam = torch.relu((grad.mean(dim=(1, 2))[:, None, None] * act).sum(0))
    cam = torch.nn.functional.interpolate(
        cam[None, None], size=X.shape, mode="bilinear")[0, 0].numpy()
    if cam.max() > 0:
        cam = cam / cam.max()
    return cam, cls, probs, contrib


def regions(X: np.ndarray, near: int = 2) -> dict[str, np.ndarray]:
    """Masks of a line drawing: the ink, the paper within ``near`` pixels
    of it, the rest of the paper it encloses, and the paper outside."""
    ink = X > 0.5
    grown = ndimage.binary_dilation(ink, iterations=near)
    filled = ndimage.binary_fill_holes(grown)
    return {
        "ink": ink,
        "near": grown & ~ink,
        "inside": filled & ~grown,
        "outside": ~filled,
    }


def evidence_shares(cam: np.ndarray, masks: dict[str, np.ndarray]):
    """Share of the map's total and of the image's area in each region."""
    total = cam.sum()
    return {k: (float(cam[m].sum() / total) if total else 0.0,
                float(m.mean())) for k, m in masks.items()}


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two maps; 0 when either is constant."""
    a, b = np.ravel(a), np.ravel(b)
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])
