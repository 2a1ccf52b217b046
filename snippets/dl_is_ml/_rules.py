"""The slide's rules for "is it a square?", written as code.

1. Four lines. 2. They are connected, closed and perpendicular to each
other. 3. All lines are equal in length. The drawing is the ink (pixels
darker than half); the lines are the sides of its outline, found by
simplifying the convex hull of the ink to its corners.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.spatial import ConvexHull

INK = 0.5
"""Pixels with more ink than this are part of the drawing."""
SPECK = 4
"""Blobs of ink of at most this many pixels are specks, not drawing."""
CORNER_TOL = 0.2
"""Douglas-Peucker tolerance, as a share of the outline's mean radius."""
BLUNT = 0.3
"""A side shorter than this share of the median side is a blunt corner."""
ANGLE_TOL = 12.0
"""How far (degrees) from 90 a corner may be and still be perpendicular."""
LENGTH_TOL = 1.2
"""Longest side over shortest side that still counts as equal."""


@dataclass
class Verdict:
    """The rules' findings about one drawing."""

    n_lines: int
    connected: bool
    closed: bool
    perpendicular: bool
    equal: bool

    @property
    def square(self) -> bool:
        """All three rules hold."""
        return (
            self.n_lines == 4
            and self.connected
            and self.closed
            and self.perpendicular
            and self.equal
        )


def ink_mask(img: np.ndarray) -> np.ndarray:
    """The drawing's pixels, without specks of ink."""
    mask = img > INK
    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    sizes = ndimage.sum(mask, labels, range(1, n + 1))
    keep = np.flatnonzero(sizes > SPECK) + 1
    return np.isin(labels, keep)


def is_connected(mask: np.ndarray) -> bool:
    """The ink forms one piece (8-connected)."""
    _, n = ndimage.label(mask, structure=np.ones((3, 3)))
    return n == 1


def is_closed(mask: np.ndarray) -> bool:
    """The ink encloses paper that cannot be reached from the border."""
    paper, n = ndimage.label(~mask)
    border = set(np.unique(np.concatenate(
        [paper[0], paper[-1], paper[:, 0], paper[:, -1]])))
    return any(i not in border for i in range(1, n + 1))


def simplify(points: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker simplification of an open polyline (k, 2)."""
    if len(points) < 3:
        return points
    a, b = points[0], points[-1]
    ab = b - a
    norm = np.hypot(*ab)
    rel = points - a
    cross = ab[0] * rel[:, 1] - ab[1] * rel[:, 0]
    d = np.abs(cross) / norm if norm > 0 else (
        np.hypot(*(points - a).T))
    i = int(np.argmax(d))
    if d[i] <= tol:
        return np.stack([a, b])
    left = simplify(points[: i + 1], tol)
    return np.concatenate([left[:-1], simplify(points[i:], tol)])


def corners(mask: np.ndarray) -> np.ndarray:
    """Corner points (k, 2) of the convex outline of the ink."""
    pts = np.argwhere(mask)[:, ::-1].astype(float)
    if len(pts) < 3 or np.linalg.matrix_rank(pts - pts.mean(0)) < 2:
        return pts[:2]
    # pixel squares' corners, so a one-pixel line still has an area
    offsets = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])
    pts = (pts[:, None] + offsets).reshape(-1, 2)
    hull = pts[ConvexHull(pts).vertices]
    radius = np.hypot(*(hull - hull.mean(0)).T).mean()
    tol = CORNER_TOL * radius
    start = int(np.argmax(np.hypot(*(hull - hull.mean(0)).T)))
    ring = np.roll(hull, -start, axis=0)
    ring = np.concatenate([ring, ring[:1]])
    c = simplify(ring, tol)[:-1]
    # a side much shorter than the others is a blunt corner: merge it
    while len(c) > 3:
        lengths = np.hypot(*(np.roll(c, -1, axis=0) - c).T)
        i = int(np.argmin(lengths))
        if lengths[i] >= BLUNT * np.median(lengths):
            break
        j = (i + 1) % len(c)
        c[i] = (c[i] + c[j]) / 2
        c = np.delete(c, j, axis=0)
    return c


def judge(img: np.ndarray) -> Verdict:
    """Apply the three rules to one drawing (H, W)."""
    mask = ink_mask(img)
    c = corners(mask)
    n = len(c)
    sides = np.roll(c, -1, axis=0) - c
    lengths = np.hypot(*sides.T)
    perpendicular = equal = False
    if n >= 3 and lengths.min() > 0:
        prev = np.roll(sides, 1, axis=0)
        cos = -(prev * sides).sum(1) / (lengths * np.roll(lengths, 1))
        angles = np.degrees(np.arccos(np.clip(cos, -1, 1)))
        perpendicular = bool(np.all(np.abs(angles - 90) <= ANGLE_TOL))
        equal = bool(lengths.max() / lengths.min() <= LENGTH_TOL)
    return Verdict(
        n_lines=n,
        connected=is_connected(mask),
        closed=is_closed(mask),
        perpendicular=perpendicular,
        equal=equal,
    )


def is_square(img: np.ndarray) -> bool:
    """True when the drawing passes all three rules."""
    return judge(img).square
