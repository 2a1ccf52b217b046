"""Unit tests of chapter 6's helpers: the scalar autograd against
torch.autograd and central finite differences, and the two-parameter
model, its loader and its optimisers against hand computations."""

import math

import numpy as np
import pytest
import torch

import fdl
from gradient_descent import _surface
from gradient_descent._autograd import Value

# Each expression is written once over "numbers" that may be Values,
# torch tensors or floats, with its own exp/log/tanh/relu.
OPS = {
    Value: {"exp": Value.exp, "log": Value.log, "tanh": Value.tanh,
            "relu": Value.relu},
    torch.Tensor: {"exp": torch.exp, "log": torch.log, "tanh": torch.tanh,
                   "relu": torch.relu},
    float: {"exp": math.exp, "log": math.log, "tanh": math.tanh,
            "relu": lambda v: max(v, 0.0)},
}


def mlp(a, b, c, o):
    """A 2-2-1 network with tanh and ReLU hidden units and a squared
    error, its inputs and weights taken from a, b, c."""
    h1 = o["tanh"](a * 0.5 + b * -1.5 + c)
    h2 = o["relu"](a * -0.7 + b * 0.3 + 0.9)
    out = h1 * c + h2 * a - 0.2
    return (out - 1.0) ** 2


EXPRESSIONS = {
    "add": lambda a, b, c, o: a + b + c + 2.0,
    "mul": lambda a, b, c, o: a * b * c * 3.0,
    "sub and div": lambda a, b, c, o: (a - b) / c - 1.0 / a + 2.0 - b,
    "pow": lambda a, b, c, o: a ** 3 + b ** 2 * c ** -1 + a ** 0.5,
    "neg and reuse": lambda a, b, c, o: -a * a + a * b - (-c),
    "tanh": lambda a, b, c, o: o["tanh"](a * b - c),
    "relu": lambda a, b, c, o: o["relu"](a - b) + o["relu"](c - a) * b,
    "exp": lambda a, b, c, o: o["exp"](a * c) / (1.0 + o["exp"](-b)),
    "log": lambda a, b, c, o: o["log"](a) * b + o["log"](a * c + b * b),
    "softmax loss": lambda a, b, c, o: o["log"](
        o["exp"](a) + o["exp"](b) + o["exp"](c)) - b,
    "small mlp": mlp,
}
POINTS = [(1.3, 0.4, 2.1), (0.7, -1.1, 0.6), (2.0, 1.5, 0.3)]


def ours(expr, point):
    xs = [Value(v) for v in point]
    out = expr(*xs, OPS[Value])
    out.backward()
    return out.data, [v.grad for v in xs]


def with_torch(expr, point):
    xs = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
          for v in point]
    out = expr(*xs, OPS[torch.Tensor])
    out.backward()
    return float(out.detach()), [float(v.grad) for v in xs]


def finite_differences(expr, point, h=1e-6):
    grads = []
    for k in range(3):
        up, down = list(point), list(point)
        up[k] += h
        down[k] -= h
        grads.append((expr(*up, OPS[float]) - expr(*down, OPS[float]))
                     / (2 * h))
    return grads


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("name", EXPRESSIONS)
def test_autograd_matches_torch_and_finite_differences(name, point):
    expr = EXPRESSIONS[name]
    value, grads = ours(expr, point)
    t_value, t_grads = with_torch(expr, point)
    assert value == pytest.approx(t_value, rel=1e-12, abs=1e-12)
    assert grads == pytest.approx(t_grads, rel=1e-10, abs=1e-12)
    assert grads == pytest.approx(finite_differences(expr, point),
                                  rel=1e-5, abs=1e-6)


def test_chain_rule_by_hand():
    # L = (w x + b - y)^2 at w=1, x=2.4, b=2, y=8: r = -3.6
    w, x, b, y = Value(1.0), Value(2.4), Value(2.0), Value(8.0)
    r = w * x + b - y
    L = r ** 2
    L.backward()
    assert L.data == pytest.approx(3.6 ** 2)
    assert r.grad == pytest.approx(2 * -3.6)
    assert w.grad == pytest.approx(2 * -3.6 * 2.4)
    assert b.grad == pytest.approx(2 * -3.6)
    assert x.grad == pytest.approx(2 * -3.6 * 1.0)
    assert y.grad == pytest.approx(-2 * -3.6)


def test_backward_twice_gives_the_same_gradients():
    a = Value(0.8)
    out = a * a * a  # a used three times: gradients add up (3 a^2)
    out.backward()
    out.backward()
    assert a.grad == pytest.approx(3 * 0.8 ** 2)


def test_relu_gradient_is_zero_below_zero():
    a = Value(-0.5)
    out = a.relu() + a * 0.0
    out.backward()
    assert out.data == 0.0 and a.grad == 0.0


def test_disk_loader_by_hand():
    x, y, first = _surface.load_disk(
        fdl.data_path("storage_cost_2020usd_per_tb.csv"))
    assert first == 1956 and x[0] == 0.0
    # 1956: 87,592,750,000 US$ per TB; 1959: 67,477,360,000
    assert y[0] == pytest.approx(math.log10(87592750000))
    assert x[1] == pytest.approx(0.3)
    assert y[1] == pytest.approx(math.log10(67477360000))
    assert len(x) == len(y) and np.all(np.diff(x) > 0)


X3, Y3 = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 2.0])


def test_loss_gradient_and_minimum_by_hand():
    # the line w=1, b=0 misses by -1, -2, 0: loss (1 + 4 + 0) / 3
    theta = np.array([1.0, 0.0])
    assert _surface.loss(theta, X3, Y3) == pytest.approx(5 / 3)
    # 2 mean(r x) = 2 (0 - 2 + 0) / 3, 2 mean(r) = 2 (-3) / 3
    assert _surface.grad(theta, X3, Y3) == pytest.approx([-4 / 3, -2.0])
    # the least-squares line through (0,1), (1,3), (2,2): w 0.5, b 1.5
    assert _surface.minimum(X3, Y3) == pytest.approx([0.5, 1.5])
    # mean x^2 = 5/3, mean x = 1
    assert _surface.hessian(X3) == pytest.approx(
        np.array([[10 / 3, 2.0], [2.0, 2.0]]))
    # the loss on a grid agrees with the loss of each line
    W, B, L = _surface.loss_grid(X3, Y3, n=5)
    assert L[2, 3] == pytest.approx(
        _surface.loss(np.array([W[2, 3], B[2, 3]]), X3, Y3))


def test_one_step_of_each_optimiser_by_hand():
    def g(_theta):
        return np.array([2.0, -4.0])
    path = _surface.descend(g, (0.0, 0.0), 0.1, steps=2)
    assert path[1] == pytest.approx([-0.2, 0.4])
    assert path[2] == pytest.approx([-0.4, 0.8])
    mom = _surface.momentum(g, (0.0, 0.0), 0.1, 0.5, steps=2)
    # v1 = -0.1 g, v2 = 0.5 v1 - 0.1 g = -0.15 g
    assert mom[2] == pytest.approx([-0.5, 1.0])
    # Adam's first step is lr times the sign of the gradient
    ad = _surface.adam(g, (0.0, 0.0), 0.1, steps=1)
    assert ad[1] == pytest.approx([-0.1, 0.1], rel=1e-6)


def test_descent_converges_and_diverges_at_the_predicted_edge():
    def g(t):
        return _surface.grad(t, X3, Y3)
    best = _surface.minimum(X3, Y3)
    edge = 2 / np.linalg.eigvalsh(_surface.hessian(X3))[-1]
    inside = _surface.descend(g, (0.0, 0.0), 0.9 * edge, steps=500)
    assert inside[-1] == pytest.approx(best, abs=1e-6)
    beyond = _surface.descend(g, (0.0, 0.0), 1.05 * edge, steps=500)
    assert np.abs(beyond[-1] - best).max() > 1e3


def test_arrival_by_hand():
    # best 0, start 1: arrived when within 1e-3 and staying there
    assert _surface.arrival(np.array([1.0, 0.1, 1e-4, 1e-5]), 0.0) == 2
    assert _surface.arrival(np.array([1.0, 1e-4, 0.1, 1e-5]), 0.0) == 3
    assert _surface.arrival(np.array([1.0, 1e-4, 0.1]), 0.0) is None
    assert _surface.arrival(np.array([1.0, np.inf]), 0.0) is None
