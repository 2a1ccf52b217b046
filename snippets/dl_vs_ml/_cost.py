"""Counting and timing what a model costs: a network's FLOPs, counted by
PyTorch; a classical pipeline's arithmetic, counted by hand from its code;
and wall-clock times, measured."""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode


def n_params(net: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def train_flops(net: nn.Module, X: torch.Tensor, y: torch.Tensor) -> int:
    """FLOPs of one training step (forward and backward) on batch ``X``.

    Counted by ``torch.utils.flop_counter`` (matrix products and
    convolutions; element-wise work such as ReLU is not counted). The
    optimiser's update is not included.
    """
    loss_fn = nn.CrossEntropyLoss()
    counter = FlopCounterMode(display=False)
    with counter:
        loss = loss_fn(net(X), y)
        loss.backward()
    net.zero_grad(set_to_none=True)
    return int(counter.get_total_flops())


def forward_flops(net: nn.Module, X: torch.Tensor) -> int:
    """FLOPs of one forward pass (prediction) on batch ``X``, counted by
    ``torch.utils.flop_counter``."""
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        net(X)
    return int(counter.get_total_flops())


HOG_OPS_PER_PIXEL = 18
"""Arithmetic per pixel of ``hog`` in ``dl_is_ml/_features.py``, counted
by hand: each Sobel gradient 7 (one subtraction and one doubling of the
centre pair, four additions or subtractions of the corners, one division),
their length 4 (two squares, a sum, a square root). The angle, its bin and
the sums per cell are not counted."""


def hog_ops(height: int, width: int) -> int:
    """Arithmetic of the HOG features of one image (see
    ``HOG_OPS_PER_PIXEL``)."""
    return HOG_OPS_PER_PIXEL * height * width


def svm_predict_ops(n_support: int, n_features: int, n_classes: int) -> int:
    """Arithmetic to classify one feature vector with an RBF SVM, one
    against one: for each support vector, the squared distance (3 per
    feature) and its exponential (1), then one multiply-add for each of the
    ``n_classes - 1`` pairwise classifiers it takes part in."""
    return n_support * (3 * n_features + 1 + 2 * (n_classes - 1))


def linear_predict_ops(n_features: int, n_classes: int) -> int:
    """A linear model's scores: one multiply-add per feature and class."""
    return 2 * n_features * n_classes


def best_time(fn, repeats: int = 3) -> float:
    """Best wall-clock seconds of ``fn()`` over ``repeats`` runs, after one
    run to warm up."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def time_per_image(
    net: nn.Module, X: torch.Tensor, y: torch.Tensor, repeats: int = 3,
    batch_size: int = 32,
) -> float:
    """Median wall-clock seconds per image of a training epoch (SGD)."""
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for r in range(repeats + 1):
        start = time.perf_counter()
        for i in range(0, len(X), batch_size):
            loss = loss_fn(net(X[i : i + batch_size]), y[i : i + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if r:  # the first epoch warms up
            times.append((time.perf_counter() - start) / len(X))
    return float(np.median(times))


def slope(x: np.ndarray, y: np.ndarray) -> float:
    """Slope of the least-squares line through (log x, log y)."""
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def conv_stack(depth: int, width: int, size: int = 28) -> nn.Sequential:
    """``depth`` 3 x 3 conv layers of ``width`` channels at full
    resolution, then global average pooling and a linear classifier."""
    layers: list[nn.Module] = []
    c_in = 1
    for _ in range(depth):
        layers += [nn.Conv2d(c_in, width, 3, padding=1), nn.ReLU()]
        c_in = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, 10)]
    return nn.Sequential(*layers)
