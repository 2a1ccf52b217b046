"""Synthetic line drawings of shapes: clean ones and the ones people draw.

Every image is a 32 x 32 grey-level drawing of one outline (ink 1, paper
0), drawn from its corner points with anti-aliased strokes. ``make_dataset``
draws a labelled set in one of six styles (``KINDS``); the label is the
shape the drawer meant, so a slightly open square is still a square.
"""

from __future__ import annotations

import numpy as np

SIZE = 32
CLASSES = ("square", "rectangle", "rhombus", "triangle", "circle")
BACKGROUND = len(CLASSES)
"""Label of windows that hold no centred shape (used by the detector)."""
LABELS = (*CLASSES, "nothing")
KINDS = ("clean", "rotated", "noisy", "thick", "open", "scaled")
MAX_SHIFT = 1.0
"""How far (pixels) a drawing's centre may lie from the image's centre, in
each direction; three times as far in the "scaled" style."""

_YY, _XX = np.mgrid[0:SIZE, 0:SIZE] + 0.5


def draw_segments(
    segments: np.ndarray, thickness: float, size: int = SIZE
) -> np.ndarray:
    """Rasterise line segments ``(k, 2, 2)`` of (x, y) points, anti-aliased.

    A pixel's ink is 1 within ``thickness / 2`` of a segment, falling to 0
    over one pixel.
    """
    if size == SIZE:
        yy, xx = _YY, _XX
    else:
        yy, xx = np.mgrid[0:size, 0:size] + 0.5
    px, py = xx.ravel()[None], yy.ravel()[None]  # (1, P)
    ax, ay = segments[:, 0, :1], segments[:, 0, 1:]  # (k, 1)
    abx, aby = segments[:, 1, :1] - ax, segments[:, 1, 1:] - ay
    t = ((px - ax) * abx + (py - ay) * aby) / np.maximum(
        abx * abx + aby * aby, 1e-9)
    np.clip(t, 0, 1, out=t)
    dx, dy = px - (ax + t * abx), py - (ay + t * aby)
    dist = np.sqrt((dx * dx + dy * dy).min(axis=0))
    img = np.clip(thickness / 2 + 0.5 - dist, 0.0, 1.0)
    return img.reshape(size, size)


def outline(
    vertices: np.ndarray, gap: float = 0.0, gap_side: int = 0
) -> np.ndarray:
    """Return the closed outline's segments, with a gap in one side."""
    a = vertices
    b = np.roll(vertices, -1, axis=0)
    seg_len = np.linalg.norm(b[gap_side] - a[gap_side])
    if 0 < seg_len < gap:  # a many-sided outline (circle): drop sides
        drop = {(gap_side + i) % len(a) for i in range(int(gap / seg_len))}
        keep = [i for i in range(len(a)) if i not in drop]
        return np.stack([np.stack([a[i], b[i]]) for i in keep])
    segs = [np.stack([a[i], b[i]]) for i in range(len(a)) if i != gap_side]
    if gap > 0:
        pa, pb = a[gap_side], b[gap_side]
        length = np.linalg.norm(pb - pa)
        f = min(gap / max(length, 1e-9), 0.9)
        mid = (pa + pb) / 2
        segs.append(np.stack([pa, mid - (pb - pa) * f / 2]))
        segs.append(np.stack([mid + (pb - pa) * f / 2, pb]))
    else:
        segs.append(np.stack([a[gap_side], b[gap_side]]))
    return np.stack(segs)


def vertices(cls: str, side: float, rng: np.random.Generator) -> np.ndarray:
    """Corner points of an upright shape of about ``side`` pixels, centred."""
    h = side / 2
    if cls == "square":
        v = [(-h, -h), (h, -h), (h, h), (-h, h)]
    elif cls == "rectangle":
        r = rng.uniform(1.45, 2.0)
        w, t = h, h / r
        v = [(-w, -t), (w, -t), (w, t), (-w, t)]
        if rng.random() < 0.5:
            v = [(y, x) for x, y in v]
    elif cls == "rhombus":
        ang = np.deg2rad(rng.uniform(55, 68))
        s = side * 0.85
        dx, dy = s * np.cos(ang), s * np.sin(ang)
        v = [(0, 0), (s, 0), (s + dx, dy), (dx, dy)]
        v = [(x - (s + dx) / 2, y - dy / 2) for x, y in v]
    elif cls == "triangle":
        r = side * 0.62
        a = np.deg2rad([90, 210, 330]) + np.pi
        v = list(zip(r * np.cos(a), r * np.sin(a) + r * 0.2, strict=True))
    elif cls == "circle":
        a = np.linspace(0, 2 * np.pi, 24, endpoint=False)
        v = list(zip(h * np.cos(a), h * np.sin(a), strict=True))
    else:
        raise ValueError(f"unknown shape {cls!r}")
    return np.asarray(v, dtype=float)


def draw_shape(
    cls: str, kind: str, rng: np.random.Generator, size: int = SIZE
) -> np.ndarray:
    """Draw one shape of class ``cls`` in style ``kind`` (see ``KINDS``)."""
    side = rng.uniform(14, 20)
    angle, thickness, gap, noise, wobble = 0.0, 1.5, 0.0, 0.0, 0.0
    shift = rng.uniform(-MAX_SHIFT, MAX_SHIFT, size=2)
    if kind == "rotated":
        angle = rng.uniform(12, 78)
    elif kind == "noisy":
        noise, wobble = 0.25, 0.8
    elif kind == "thick":
        thickness = rng.uniform(3.0, 4.5)
    elif kind == "open":
        gap = rng.uniform(3.0, 5.0)
    elif kind == "scaled":
        side *= rng.choice([rng.uniform(0.5, 0.7), rng.uniform(1.25, 1.4)])
        shift = rng.uniform(-3 * MAX_SHIFT, 3 * MAX_SHIFT, size=2)
    elif kind != "clean":
        raise ValueError(f"unknown kind {kind!r}")
    v = vertices(cls, side, rng)
    th = np.deg2rad(angle)
    rot = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    v = v @ rot.T + size / 2 + shift
    v = v + rng.normal(0, wobble, size=v.shape) if wobble else v
    gap_side = int(rng.integers(len(v))) if cls != "circle" else 0
    img = draw_segments(outline(v, gap, gap_side), thickness, size)
    if noise:
        img = np.clip(img + rng.normal(0, noise, img.shape), 0, 1)
    return img.astype(np.float32)


def draw_background(rng: np.random.Generator) -> np.ndarray:
    """A window with no centred shape: empty, a stray stroke or part of one.

    A shape whose centre lies 10 or more pixels from the window's centre
    counts as "nothing" here, so that a classifier slid over a scene fires
    only where a shape is centred.
    """
    choice = rng.integers(3)
    if choice == 0:
        img = np.zeros((SIZE, SIZE))
    elif choice == 1:
        p = rng.uniform(0, SIZE, size=(1, 2, 2))
        img = draw_segments(p, rng.uniform(1.5, 3))
    else:
        big = draw_shape(
            CLASSES[rng.integers(len(CLASSES))], "clean", rng, 2 * SIZE
        )
        r = rng.uniform(10, 16)
        a = rng.uniform(0, 2 * np.pi)
        x0 = int(round(SIZE / 2 + r * np.cos(a)))
        y0 = int(round(SIZE / 2 + r * np.sin(a)))
        img = big[y0 : y0 + SIZE, x0 : x0 + SIZE]
    if rng.random() < 0.3:
        img = img + rng.normal(0, 0.25, img.shape)
    return np.clip(img, 0, 1).astype(np.float32)


def make_dataset(
    n: int,
    seed: int,
    kinds: tuple[str, ...] = KINDS,
    classes: tuple[str, ...] = CLASSES,
    square_share: float | None = None,
    background_share: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return images ``X`` (n, 1, 32, 32), labels ``y`` and kind indices.

    Each image takes a kind at random from ``kinds`` and a class at random
    from ``classes`` (squares with probability ``square_share`` when
    given); a ``background_share`` of the images are "nothing" windows.
    """
    rng = np.random.default_rng(seed)
    X = np.empty((n, 1, SIZE, SIZE), dtype=np.float32)
    y = np.empty(n, dtype=np.int64)
    kind = np.empty(n, dtype=np.int64)
    others = [c for c in classes if c != "square"]
    for i in range(n):
        k = KINDS.index(kinds[rng.integers(len(kinds))])
        kind[i] = k
        if rng.random() < background_share:
            X[i, 0], y[i] = draw_background(rng), BACKGROUND
            continue
        if square_share is None:
            cls = classes[rng.integers(len(classes))]
        elif rng.random() < square_share:
            cls = "square"
        else:
            cls = others[rng.integers(len(others))]
        X[i, 0] = draw_shape(cls, KINDS[k], rng)
        y[i] = CLASSES.index(cls)
    return X, y, kind
