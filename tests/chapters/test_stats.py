"""The paired bootstrap and Holm's correction, against hand computations."""

import numpy as np
import pytest

from dl_is_ml._stats import (
    Comparison,
    holm,
    paired_bootstrap,
    resample_weights,
    verdicts,
    weighted_mean_difference,
)


def test_holm_by_hand():
    # sorted: 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; 0.04 * 1 = 0.04, raised to
    # 0.06 so that adjusted p-values keep the order of the raw ones
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert holm([0.002]) == pytest.approx([0.002])


def test_weighted_mean_difference_by_hand():
    diff = np.array([[1.0, 0.0, -1.0], [1.0, 1.0, 0.0]])
    # seed 0 drawn twice, every item once: (1 + 0 - 1) / 3
    got = weighted_mean_difference(
        diff, np.array([[2, 0]]), np.array([[1, 1, 1]])
    )
    assert got == pytest.approx([0.0])
    # both seeds once, item 1 three times: (0 + 1) / 2
    got = weighted_mean_difference(
        diff, np.array([[1, 1]]), np.array([[0, 3, 0]])
    )
    assert got == pytest.approx([0.5])


def test_resample_weights_are_draws_with_replacement():
    w = resample_weights(7, n_resamples=50, seed=3)
    assert w.shape == (50, 7) and np.all(w.sum(1) == 7) and w.min() >= 0
    np.testing.assert_array_equal(w, resample_weights(7, 50, seed=3))


def test_p_value_and_interval_by_hand():
    c = Comparison("a", "b", 1.0, np.array([-1.0, 1.0, 2.0, 3.0]))
    # below: (1 + 1) / 5; above: (3 + 1) / 5; two-sided: 2 * 0.4
    assert c.p_value == pytest.approx(0.8)
    lo, hi = c.interval(0.5)  # quartiles of -1, 1, 2, 3
    assert (lo, hi) == pytest.approx((0.5, 2.25))


def test_two_items_match_the_exact_bootstrap():
    # scores differ on item 0 only: resampling 2 items gives a mean
    # difference of 1, 0.5 or 0 with probabilities 1/4, 1/2, 1/4
    c = paired_bootstrap("a", "b", np.array([1, 1]), np.array([0, 1]),
                         n_resamples=4000)
    assert c.diff == 0.5
    for value, prob in ((1.0, 0.25), (0.5, 0.5), (0.0, 0.25)):
        assert np.mean(c.resampled == value) == pytest.approx(prob, abs=0.03)


def test_identical_and_opposite_models():
    same = paired_bootstrap("a", "b", np.ones((3, 10)), np.ones((3, 10)))
    assert same.diff == 0 and same.p_value == 1.0
    better = paired_bootstrap("a", "b", np.ones(50), np.zeros(50))
    assert better.interval() == (1.0, 1.0)
    assert better.p_value == pytest.approx(2 / 2001)
    v_better, v_same = verdicts([better, same])
    assert v_better.clear and v_better.winner == "a"
    assert not v_same.clear and v_same.winner is None
    assert v_better.p_adjusted == pytest.approx(2 * 2 / 2001)


def test_seeds_are_resampled_too():
    # the models tie on average, but each seed favours one of them: a
    # bootstrap over items alone would call every seed's difference clear
    a = np.array([[1] * 20, [0] * 20])
    b = np.array([[0] * 20, [1] * 20])
    c = paired_bootstrap("a", "b", a, b)
    assert c.diff == 0 and c.p_value > 0.5
    assert set(np.round(c.resampled, 6)) <= {-1.0, 0.0, 1.0}


def test_weighted_auc_by_hand():
    from sklearn.metrics import roc_auc_score

    from dl_is_ml._stats import weighted_auc

    scores = np.array([0.9, 0.4, 0.4, 0.2, 0.8])
    positive = np.array([True, True, False, False, False])
    ones = np.ones((1, 5))
    # pairs (pos, neg): 0.9 beats all 3; 0.4 ties one, beats one, loses one
    assert weighted_auc(scores, positive, ones)[0] == pytest.approx(4.5 / 6)
    assert weighted_auc(scores, positive, ones)[0] == pytest.approx(
        roc_auc_score(positive, scores))
    # drawing the first positive twice and the 0.8 negative not at all
    w = np.array([[2, 1, 1, 1, 0]])
    assert weighted_auc(scores, positive, w)[0] == pytest.approx(
        (2 * 2 + 1 * 1.5) / (3 * 2))
