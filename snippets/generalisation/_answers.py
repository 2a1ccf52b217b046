"""The trainings of the chapter's worked answers, run once per build in one
job (the data is read once) and shared by the answer snippets.

Every network is the chapter's recipe (``_experiments.py``) with one
change, trained for every seed from the baseline's initial weights on the
baseline's images in the baseline's order, so it pairs with the chapter's
baseline seed by seed and image by image.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from generalisation import _experiments as E
from generalisation._experiments import (
    BATCH_SIZE,
    DROPOUT,
    EPOCHS,
    HIDDEN,
    SEEDS,
    SIDE,
    WEIGHT_DECAY,
    Spec,
    train_batch,
)

STRONG_DECAY = 1e-2
"""Exercise 2: the weight decay compared instead of ``WEIGHT_DECAY``."""
N_TRAIN_BIG = 1000
"""Exercise 1: training images per seed instead of ``N_TRAIN``."""


def answer_runs() -> dict[str, Any]:
    """Test answers (seeds, test images) and accuracies of the answers'
    networks, keyed by exercise."""
    S = len(SEEDS)
    # exercises 2 and 5 side by side: only the last epoch is evaluated
    both = train_batch(
        tuple(Spec(s, weight_decay=STRONG_DECAY) for s in SEEDS)
        + tuple(
            Spec(s, weight_decay=WEIGHT_DECAY, dropout=DROPOUT) for s in SEEDS
        ),
        every_epoch=False,
    )
    last = {k: v[:, 0, -1] for k, v in both["curves"].items()}
    longer = train_batch(
        tuple(Spec(s, augment=True) for s in SEEDS), epochs=2 * EPOCHS
    )
    return {
        "train_size": _bigger_training_set(),
        "strong_decay": {
            "correct": both["correct"][:S, 0],
            "train_acc": last["train_acc"][:S],
            "val_acc": last["val_acc"][:S],
        },
        "augment_longer": {
            "correct": longer["correct"][:, 0],
            "train_acc": longer["curves"]["train_acc"][:, 0],
        },
        "every_epoch": baseline_every_epoch(),
        "dropout_and_decay": {"correct": both["correct"][S:, 0]},
    }


def _bigger_training_set() -> dict[str, np.ndarray]:
    """Exercise 1: the baseline with ``N_TRAIN_BIG`` training images per
    seed (the same validation size), its curves (seeds, epochs)."""
    n_train = E.N_TRAIN
    E.N_TRAIN = N_TRAIN_BIG
    try:
        run = train_batch(tuple(Spec(s) for s in SEEDS))
    finally:
        E.N_TRAIN = n_train
    return {k: v[:, 0] for k, v in run["curves"].items()}


def baseline_every_epoch() -> dict[str, np.ndarray]:
    """Exercise 4: the chapter's baseline (``train_batch`` without a
    regulariser), with its validation accuracy (seeds, epochs) and which
    test images it gets right (seeds, epochs, images) after every epoch."""
    X_all, y_all = E.load_digits14()
    pool, test = E.split(y_all)
    X_t = torch.from_numpy(X_all.reshape(len(X_all), -1))
    y_t = torch.from_numpy(y_all)
    M, D = len(SEEDS), SIDE * SIDE
    fit = np.stack([E.draw(pool, s)[0] for s in SEEDS])
    val = np.stack([E.draw(pool, s)[1] for s in SEEDS])
    X_fit, y_fit, X_val, y_val = X_t[fit], y_t[fit], X_t[val], y_t[val]
    X_test, y_test = X_t[test].expand(M, -1, -1), y_t[test].expand(M, -1)
    inits = [E._init(s, D, (HIDDEN,)) for s in SEEDS]
    params = [
        torch.stack([p[k] for p in inits]).requires_grad_() for k in range(4)
    ]
    mask = E._block_mask((HIDDEN,))
    moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    orders = [torch.Generator().manual_seed(1000 + s) for s in SEEDS]
    rows = torch.arange(M)[:, None]
    val_acc = np.zeros((M, EPOCHS))
    correct = np.zeros((M, EPOCHS, len(test)), dtype=bool)
    step = 0
    for epoch in range(EPOCHS):
        perm = torch.stack(
            [torch.randperm(E.N_TRAIN, generator=g) for g in orders]
        )
        for i in range(0, E.N_TRAIN, BATCH_SIZE):
            idx = perm[:, i : i + BATCH_SIZE]
            logits = E._forward(params, mask, X_fit[rows, idx])
            loss = E._loss(logits, y_fit[rows, idx])
            grads = torch.autograd.grad(loss.sum(), params)
            step += 1
            with torch.no_grad():
                E.adam_step(params, grads, moments, step)
        val_acc[:, epoch] = E._evaluate(params, mask, X_val, y_val)[1][:, 0]
        pred = E._evaluate(params, mask, X_test, y_test)[2][:, :, 0]
        correct[:, epoch] = pred == y_test.numpy()
    return {"val_acc": val_acc, "correct": correct}
