"""Unit tests of chapter 5's helpers against hand computations: the
neuron, softmax, cross-entropy, the collapse of linear layers, and the
points inside a turned square."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from neurons import _nn


def test_neuron_by_hand():
    x, w, b = np.array([0.9, 0.2, 0.6]), np.array([1.5, -2.0, 0.5]), -0.8
    z = 1.35 - 0.4 + 0.3 - 0.8
    assert _nn.neuron(x, w, b, "step") == 1.0
    assert _nn.neuron(x, w, b, "ReLU") == pytest.approx(z)
    assert _nn.neuron(x, w, b, "sigmoid") == pytest.approx(
        1 / (1 + math.exp(-z)))
    assert _nn.neuron(x, w, b, "tanh") == pytest.approx(math.tanh(z))
    assert _nn.neuron(x, w, -2.0, "ReLU") == 0.0
    assert _nn.neuron(x, w, -2.0, "step") == 0.0


def test_softmax_by_hand():
    # e^0 : e^ln2 : e^ln3 = 1 : 2 : 3
    p = _nn.softmax(np.array([0.0, math.log(2), math.log(3)]))
    assert p == pytest.approx([1 / 6, 2 / 6, 3 / 6])
    # shifting every score changes nothing; huge scores do not overflow
    assert _nn.softmax(np.array([1000.0, 1000 + math.log(2),
                                 1000 + math.log(3)])) == pytest.approx(p)
    rows = _nn.softmax(np.array([[0.0, 0.0], [0.0, math.log(3)]]))
    assert rows == pytest.approx(np.array([[0.5, 0.5], [0.25, 0.75]]))


def test_cross_entropy_by_hand():
    z = np.array([[0.0, math.log(2), math.log(3)],
                  [0.0, math.log(2), math.log(3)]])
    # -ln(3/6) and -ln(1/6)
    assert _nn.cross_entropy(z, np.array([2, 0])) == pytest.approx(
        [math.log(2), math.log(6)])
    # a single example, and an even guess over K classes costs ln K
    assert _nn.cross_entropy(np.zeros(4), 1) == pytest.approx([math.log(4)])
    # no overflow for confident scores: -ln(1 - tiny) is about 0
    assert _nn.cross_entropy(np.array([800.0, 0.0]), 0)[0] == \
        pytest.approx(0.0, abs=1e-12)


def test_softmax_and_cross_entropy_match_torch():
    z = np.random.default_rng(0).normal(0, 3, (20, 6))
    y = np.arange(20) % 6
    t = torch.from_numpy(z)
    assert np.allclose(_nn.softmax(z), torch.softmax(t, 1).numpy(),
                       atol=1e-14)
    ce = F.cross_entropy(t, torch.from_numpy(y), reduction="none")
    assert np.allclose(_nn.cross_entropy(z, y), ce.numpy(), atol=1e-12)


def test_two_linear_layers_collapse_by_hand():
    W1, b1 = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, -1.0])
    W2, b2 = np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([0.5, 0.0])
    W, b = _nn.collapse([W1, W2], [b1, b2])
    # W2 W1 and W2 b1 + b2, multiplied out by hand
    assert W == pytest.approx(np.array([[2.0, 4.0], [1.0, 3.0]]))
    assert b == pytest.approx(np.array([2.5, 0.0]))
    x = np.array([0.3, -0.7])
    assert W @ x + b == pytest.approx(W2 @ (W1 @ x + b1) + b2)


def test_a_trained_linear_stack_is_one_layer():
    torch.manual_seed(0)
    net = _nn.mlp(4, 8, relu=False).double()
    X, _ = _nn.square_points(50, 3)
    W, b = _nn.collapse(*_nn.linear_layers(net))
    with torch.no_grad():
        out = net(torch.from_numpy(X)).numpy()
    assert W.shape == (2, 2) and b.shape == (2,)
    assert np.abs(out - (X @ W.T + b)).max() < 1e-12


def test_relu_stack_is_not_linear():
    net = _nn.mlp(3, 8, relu=True)
    relus = [m for m in net if isinstance(m, torch.nn.ReLU)]
    assert len(relus) == 2  # after each hidden layer, not after the output
    assert len(_nn.linear_layers(net)[0]) == 3


def test_square_points_by_hand():
    # the square has half-side 0.5 and is turned by 25 degrees
    a = math.radians(_nn.ANGLE)
    corner_dir = np.array([math.cos(a + math.pi / 4),
                           math.sin(a + math.pi / 4)])
    half_diag = _nn.HALF_SIDE * math.sqrt(2)
    pts = np.array([[0.0, 0.0], [0.49, 0.0], [0.0, -0.49],
                    *(corner_dir * half_diag * np.array([[0.99], [1.01]])),
                    [0.6, 0.0], [-0.9, 0.9]])
    # within the inscribed circle (radius 0.5) is inside whatever the turn;
    # along the x axis the edge lies at 0.5 / cos(25 degrees) = 0.552
    assert _nn.inside_square(pts).tolist() == [
        True, True, True, True, False, False, False]
    X, y = _nn.square_points(2000, 0)
    assert X.shape == (2000, 2) and np.abs(X).max() <= 1
    assert np.array_equal(y, _nn.inside_square(X))
    # the square covers (2 * 0.5)^2 = 1 of the 4 units of area
    assert y.mean() == pytest.approx(0.25, abs=0.03)
    assert np.array_equal(X, _nn.square_points(2000, 0)[0])
