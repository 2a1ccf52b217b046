"""Chapter 5's helpers: activations, softmax and cross-entropy written out
in NumPy, the collapse of stacked linear layers into one, the "inside a
square" points, and small networks on them.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {
    "step": lambda z: (z > 0).astype(float),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "ReLU": lambda z: np.maximum(z, 0.0),
}
"""The activations the chapter draws, on NumPy arrays."""

HALF_SIDE = 0.5
"""Half the side of the square the points fall inside or outside of."""
ANGLE = 25.0
"""The square's rotation, in degrees."""


def neuron(x: np.ndarray, w: np.ndarray, b: float, activation: str) -> float:
    """One neuron: the weighted sum ``w . x + b`` through an activation."""
    return float(ACTIVATIONS[activation](np.dot(w, x) + b))


def softmax(z: np.ndarray) -> np.ndarray:
    """Probabilities from scores along the last axis (shifted by the
    largest score first, which changes nothing but avoids overflow)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per example, minus the log of the probability softmax gives the
    true class ``y``: ``log(sum(exp(z))) - z[y]``."""
    z = np.atleast_2d(z)
    top = z.max(axis=-1)
    log_sum = top + np.log(np.exp(z - top[:, None]).sum(axis=-1))
    return log_sum - z[np.arange(len(z)), np.atleast_1d(y)]


def collapse(
    weights: list[np.ndarray], biases: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The one linear layer ``(W, b)`` that equals a stack of linear
    layers ``x -> W_k x + b_k`` applied in order."""
    W = np.eye(weights[0].shape[1])
    b = np.zeros(weights[0].shape[1])
    for Wk, bk in zip(weights, biases, strict=True):
        W, b = Wk @ W, Wk @ b + bk
    return W, b


def square_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniform in [-1, 1]^2 and their labels: 1 inside the
    square of half-side ``HALF_SIDE`` turned by ``ANGLE`` degrees, else 0."""
    X = np.random.default_rng(seed).uniform(-1, 1, (n, 2))
    return X, inside_square(X).astype(np.int64)


def inside_square(X: np.ndarray) -> np.ndarray:
    """Whether each point (rows of ``X``) lies inside the turned square."""
    a = np.deg2rad(ANGLE)
    rot = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    return np.abs(X @ rot.T).max(axis=1) < HALF_SIDE


def mlp(layers: int, width: int, relu: bool) -> nn.Sequential:
    """``layers`` linear layers from 2 inputs to 2 scores, ``width`` units
    between them, with a ReLU after each hidden layer when ``relu``."""
    sizes = [2] + [width] * (layers - 1) + [2]
    mods: list[nn.Module] = []
    for i in range(layers):
        mods.append(nn.Linear(sizes[i], sizes[i + 1]))
        if relu and i < layers - 1:
            mods.append(nn.ReLU())
    return nn.Sequential(*mods)


def fit(
    net: nn.Module, X: np.ndarray, y: np.ndarray, steps: int, lr: float
) -> float:
    """Full-batch Adam on the mean cross-entropy; return the final loss."""
    X_t, y_t = torch.from_numpy(X).float(), torch.from_numpy(y)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(steps):
        loss = loss_fn(net(X_t), y_t)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return float(loss.detach())


def scores(net: nn.Module, X: np.ndarray) -> np.ndarray:
    """The network's two scores for each point, as a NumPy array."""
    with torch.no_grad():
        return net(torch.from_numpy(X).float()).double().numpy()


def linear_layers(
    net: nn.Sequential,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The weights and biases of a stack's linear layers, in float64."""
    lin = [m for m in net if isinstance(m, nn.Linear)]
    return ([m.weight.detach().double().numpy() for m in lin],
            [m.bias.detach().double().numpy() for m in lin])
