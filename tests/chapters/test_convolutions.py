"""Unit tests of chapter 8's helper code: the photograph, output sizes,
receptive fields, convolution and pooling."""

import socket

import numpy as np
import pytest
import torch
from torch import nn

from convolutions._conv import (
    FILTERS,
    convolve,
    convolve_by_hand,
    load_photo,
    output_size,
    pool,
    receptive_fields,
)


def test_photo_loads_offline_as_grey_levels(monkeypatch):
    def blocked(*args, **kwargs):
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket, "socket", blocked)
    monkeypatch.setattr(socket, "create_connection", blocked)
    photo = load_photo()
    assert photo.shape == (300, 451) and photo.dtype == np.float32
    assert 0.0 <= photo.min() < photo.max() <= 1.0
    from skimage import data

    r, g, b = data.chelsea()[10, 20] / 255.0
    assert photo[10, 20] == pytest.approx(
        0.2125 * r + 0.7154 * g + 0.0721 * b, abs=1e-6)


@pytest.mark.parametrize(("n", "k", "s", "p", "out"), [
    (28, 5, 1, 2, 28),   # "same" padding
    (28, 5, 2, 0, 12),   # floor((28 - 5) / 2) + 1 = 12
    (7, 3, 2, 1, 4),     # floor((7 + 2 - 3) / 2) + 1 = 4
    (300, 3, 1, 0, 298),
    (32, 2, 2, 0, 16),   # 2 x 2 pooling
])
def test_output_size_by_hand(n, k, s, p, out):
    assert output_size(n, k, s, p) == out
    x = torch.zeros(1, 1, n, n)
    assert nn.Conv2d(1, 1, k, s, p)(x).shape[-1] == out


def test_output_size_rejects_a_kernel_larger_than_the_input():
    with pytest.raises(ValueError):
        output_size(2, 5)


def test_receptive_field_of_three_layers_by_hand():
    # 3x3 conv (field 3, jump 1); 2x2 pool stride 2 (3 + 1*1 = 4, jump
    # 2); 3x3 conv (4 + 2*2 = 8, jump 2)
    assert receptive_fields([(3, 1), (2, 2), (3, 1)]) == [
        (3, 1), (4, 2), (8, 2)]
    # three 3x3 convs, stride 1: 3, 5, 7
    assert [f for f, _ in receptive_fields([(3, 1)] * 3)] == [3, 5, 7]


def test_convolution_by_hand():
    image = np.arange(16, dtype=np.float32).reshape(4, 4)
    kernel = np.array([[1, 0], [0, -1]], dtype=np.float32)
    # each output: top-left minus bottom-right of its 2 x 2 patch = -5
    np.testing.assert_allclose(convolve(image, kernel), np.full((3, 3), -5))
    np.testing.assert_allclose(convolve_by_hand(image, kernel, 2, 1),
                               convolve(image, kernel, 2, 1), atol=1e-6)
    # the library does not flip the kernel
    assert convolve(image, kernel)[0, 0] == image[0, 0] - image[1, 1]


def test_filters_are_what_they_say():
    flat = np.ones((6, 6), dtype=np.float32)
    assert np.allclose(convolve(flat, FILTERS["vertical edges"]), 0)
    assert np.allclose(convolve(flat, FILTERS["blur"]), 1)
    assert np.allclose(convolve(flat, FILTERS["sharpen"]), 1)
    step = np.zeros((5, 5), dtype=np.float32)
    step[:, 3:] = 1  # a vertical edge
    assert np.abs(convolve(step, FILTERS["vertical edges"])).max() == 4
    assert np.allclose(convolve(step, FILTERS["horizontal edges"]), 0)


def test_pooling_by_hand():
    x = np.array([[1, 2, 0, 0], [3, 4, 0, 8], [0, 0, 1, 1], [0, 4, 1, 1]],
                 dtype=np.float32)
    assert pool(x, 2, "max").tolist() == [[4, 8], [4, 1]]
    assert pool(x, 2, "average").tolist() == [[2.5, 2], [1, 1]]
