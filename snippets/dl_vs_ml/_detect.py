"""A sliding-window detector built from a window classifier.

The classifier (the shared shape CNN) says, for each 32 x 32 window, which
shape is centred in it or "nothing". Sliding it over a scene gives a score
map; windows whose score clears a threshold become boxes, and non-maximum
suppression keeps the best box of each cluster. Reusable with any network
that maps (n, 1, 32, 32) windows to logits whose last class is "nothing".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from dl_is_ml._shapes import SIZE, draw_shape


@dataclass
class Box:
    """A box (pixel corners), its class index and its score."""

    x0: float
    y0: float
    x1: float
    y1: float
    label: int
    score: float


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    w = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    h = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    inter = w * h
    area = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0)
    return inter / (area - inter) if inter > 0 else 0.0


def make_scene(
    rng: np.random.Generator,
    classes: list[int],
    height: int = 96,
    width: int = 192,
    kind: str = "clean",
    noise: float = 0.0,
) -> tuple[np.ndarray, list[Box]]:
    """A scene with one shape per entry of ``classes``, not overlapping.

    Returns the image and the true boxes (the shape's 32 x 32 window).
    """
    from dl_is_ml._shapes import CLASSES

    scene = np.zeros((height, width), dtype=np.float32)
    boxes: list[Box] = []
    for c in classes:
        for _ in range(100):
            x0 = int(rng.integers(0, width - SIZE))
            y0 = int(rng.integers(0, height - SIZE))
            box = Box(x0, y0, x0 + SIZE, y0 + SIZE, c, 1.0)
            if all(iou(box, b) == 0 for b in boxes):
                break
        patch = draw_shape(CLASSES[c], kind, rng)
        view = scene[y0 : y0 + SIZE, x0 : x0 + SIZE]
        np.maximum(view, patch, out=view)
        boxes.append(box)
    if noise:
        scene = np.clip(scene + rng.normal(0, noise, scene.shape), 0, 1)
    return scene.astype(np.float32), boxes


def score_map(net: nn.Module, scene: np.ndarray, stride: int = 4):
    """Class probabilities of every window, shape (rows, cols, classes)."""
    t = torch.from_numpy(scene)[None, None]
    windows = t.unfold(2, SIZE, stride).unfold(3, SIZE, stride)
    rows, cols = windows.shape[2:4]
    batch = windows.reshape(rows * cols, 1, SIZE, SIZE)
    with torch.no_grad():
        probs = torch.softmax(net(batch), dim=1)
    return probs.reshape(rows, cols, -1).numpy()


def nms(boxes: list[Box], overlap: float = 0.3) -> list[Box]:
    """Keep the best-scoring boxes; drop any that overlaps a kept one."""
    kept: list[Box] = []
    for b in sorted(boxes, key=lambda b: -b.score):
        if all(iou(b, k) <= overlap for k in kept):
            kept.append(b)
    return kept


def detect(
    net: nn.Module,
    scene: np.ndarray,
    threshold: float = 0.9,
    stride: int = 4,
) -> tuple[list[Box], np.ndarray]:
    """Boxes where "something" has probability at least ``threshold``,
    labelled with the most likely shape; also the window probabilities."""
    probs = score_map(net, scene, stride)
    objectness = 1 - probs[..., -1]
    boxes = []
    for r, c in zip(*np.nonzero(objectness >= threshold), strict=True):
        label = int(probs[r, c, :-1].argmax())
        x0, y0 = c * stride, r * stride
        boxes.append(Box(x0, y0, x0 + SIZE, y0 + SIZE, label,
                         float(objectness[r, c])))
    return nms(boxes), probs


def match(
    found: list[Box], truth: list[Box], min_iou: float = 0.5
) -> tuple[int, int]:
    """(boxes that hit a true box, of those, how many with the right
    label); each true box can be hit once."""
    used: set[int] = set()
    hits = right = 0
    for b in found:
        best = max(range(len(truth)), key=lambda i: iou(b, truth[i]),
                   default=None)
        if best is None or best in used or iou(b, truth[best]) < min_iou:
            continue
        used.add(best)
        hits += 1
        right += int(b.label == truth[best].label)
    return hits, right


def offsets(
    found: list[Box], truth: list[Box], min_iou: float = 0.5
) -> list[tuple[float, bool]]:
    """For each box that hits a true box (matched as in ``match``): how
    many pixels it lies off the true box (the larger of the two
    directions) and whether its label is right."""
    used: set[int] = set()
    out = []
    for b in found:
        best = max(range(len(truth)), key=lambda i: iou(b, truth[i]),
                   default=None)
        if best is None or best in used or iou(b, truth[best]) < min_iou:
            continue
        used.add(best)
        t = truth[best]
        off = max(abs(b.x0 - t.x0), abs(b.y0 - t.y0))
        out.append((off, b.label == t.label))
    return out
