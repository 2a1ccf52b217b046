"""Unit tests of chapter 1's helper code: drawings, square rules, HOG."""

import numpy as np
import pytest

from dl_is_ml import _rules, _shapes
from dl_is_ml._features import hog, orientation_bins, sobel
from dl_is_ml._stats import join, overlap, wilson


def square(kind="clean", seed=0):
    return _shapes.draw_shape("square", kind, np.random.default_rng(seed))


def test_drawing_is_in_range_and_has_ink():
    img = square()
    assert img.shape == (32, 32)
    assert img.min() >= 0 and img.max() <= 1
    assert (img > 0.5).sum() > 40


def test_dataset_shapes_and_labels():
    X, y, kind = _shapes.make_dataset(30, 0, background_share=0.2)
    assert X.shape == (30, 1, 32, 32)
    assert set(y) <= set(range(len(_shapes.LABELS)))
    assert set(kind) <= set(range(len(_shapes.KINDS)))


@pytest.mark.parametrize("seed", range(5))
def test_rules_accept_clean_squares(seed):
    v = _rules.judge(square(seed=seed))
    assert v.n_lines == 4 and v.connected and v.closed
    assert v.perpendicular and v.equal and v.square


@pytest.mark.parametrize(
    ("cls", "failing"),
    [("rectangle", "equal"), ("rhombus", "perpendicular")],
)
def test_rules_reject_by_the_right_rule(cls, failing):
    img = _shapes.draw_shape(cls, "clean", np.random.default_rng(1))
    v = _rules.judge(img)
    assert v.n_lines == 4
    assert not getattr(v, failing)
    assert not v.square


def test_rules_count_three_lines_in_a_triangle():
    img = _shapes.draw_shape("triangle", "clean", np.random.default_rng(2))
    assert _rules.judge(img).n_lines == 3


def test_open_square_is_not_closed():
    v = _rules.judge(square("open", seed=3))
    assert not v.closed and not v.square


def test_closed_and_connected_on_masks():
    mask = np.zeros((10, 10), bool)
    mask[2, 2:8] = mask[7, 2:8] = mask[2:8, 2] = mask[2:8, 7] = True
    assert _rules.is_closed(mask) and _rules.is_connected(mask)
    mask[4:6, 7] = False
    assert not _rules.is_closed(mask)
    mask[0, 0] = True
    assert not _rules.is_connected(mask)


def test_simplify_keeps_corners_of_a_polyline():
    pts = np.array([[0, 0], [1, 0.05], [2, 0], [2, 1], [2, 2.0]])
    out = _rules.simplify(pts, 0.2)
    np.testing.assert_allclose(out, [[0, 0], [2, 0], [2, 2]])


def test_sobel_on_a_vertical_step():
    x = np.zeros((5, 5))
    x[:, 3:] = 1
    gx, gy = sobel(x)
    assert np.all(gx[:, 2:4] == 0.5) and np.all(gx[:, [0, 1, 4]] == 0)
    assert np.all(gy == 0)


def test_orientation_bins():
    gx, gy = np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])
    assert orientation_bins(gx, gy, 4).tolist() == [0, 2, 1]


def test_hog_shape_normalisation_and_direction():
    x = np.zeros((8, 8))
    x[:, 4:] = 1  # a vertical edge: horizontal gradient, bin 0
    h = hog(x, cells=1, bins=9)
    assert h.shape == (1, 9)
    np.testing.assert_allclose(np.linalg.norm(h), 1, rtol=1e-4)
    assert h[0].argmax() == 0
    assert hog(np.zeros((3, 28, 28)), cells=4, bins=9).shape == (3, 144)


def test_stats_helpers():
    lo, hi = wilson(50, 100)
    assert lo < 0.5 < hi and hi - lo < 0.25
    assert overlap((0, 1), (1, 2)) and not overlap((0, 1), (1.1, 2))
    assert join(["a", "b", "c"]) == "a, b and c"


def test_direction_coherence_by_hand():
    from dl_is_ml._inspect import direction_coherence

    stroke = np.zeros((10, 10))
    stroke[:, 4:6] = 1  # one vertical stroke: every edge runs one way
    assert direction_coherence(stroke) == pytest.approx(1.0)
    corner = np.zeros((12, 12))
    corner[2:10, 2:4] = 1  # an L of two equal strokes at a right angle
    corner[8:10, 2:10] = 1
    assert direction_coherence(corner) < 0.35
    assert direction_coherence(np.zeros((5, 5))) == 0.0


def test_line_probe_and_regions():
    from dl_is_ml._inspect import correlation, line, regions

    horizontal = line(0)
    assert horizontal[15].sum() > 25 and horizontal[:, 15].sum() < 4
    vertical = line(90)
    assert vertical[:, 15].sum() > 25
    img = np.zeros((20, 20))
    img[5, 5:15] = img[14, 5:15] = img[5:15, 5] = img[5:15, 14] = 1
    masks = regions(img, near=1)
    total = sum(m.astype(int) for m in masks.values())
    assert np.all(total == 1)  # the regions split the image
    assert masks["inside"][10, 10] and masks["outside"][0, 0]
    assert correlation(img, img) == pytest.approx(1.0)
    assert correlation(img, np.ones_like(img)) == 0.0
