"""The course's small shape CNN, trained once per build and shared.

``train_shape_cnn`` trains it on drawings from ``_shapes`` in all six styles
(plus "nothing" windows for the detector) and returns plain data; snippets
get it through ``fdl.cached(train_shape_cnn)`` and rebuild the network
with ``load_shape_cnn``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

import fdl
from dl_is_ml._shapes import LABELS, make_dataset

N_TRAIN = 6000
NUM_EPOCHS = 6
BATCH_SIZE = 64
LR = 3e-3
BACKGROUND_SHARE = 0.15
TRAIN_SEED = 1


class ShapeNet(nn.Module):
    """Three conv layers (8, 16, 32 channels) and a linear classifier."""

    def __init__(self, num_classes: int = len(LABELS)) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(32 * 4 * 4, num_classes)

    def features(self, X: torch.Tensor) -> list[torch.Tensor]:
        """Activations after each conv layer's ReLU (before pooling)."""
        h1 = self.relu(self.conv1(X))
        h2 = self.relu(self.conv2(self.pool(h1)))
        h3 = self.relu(self.conv3(self.pool(h2)))
        return [h1, h2, h3]

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        h3 = self.features(X)[-1]
        return self.fc(self.pool(h3).flatten(1))


def train(
    net: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    num_epochs: int,
    lr: float,
    batch_size: int = BATCH_SIZE,
) -> list[float]:
    """Train ``net`` with Adam and cross-entropy; return the epoch losses."""
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    n = len(X)
    for _ in range(num_epochs):
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, batch_size):
            idx = perm[i : i + batch_size]
            loss = loss_fn(net(X[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        losses.append(total / n)
    return losses


def train_shape_cnn() -> dict[str, Any]:
    """Train the shared shape CNN; return its weights and training record."""
    fdl.seed(TRAIN_SEED)
    dev = torch.device(fdl.device())
    X, y, _ = make_dataset(
        N_TRAIN, TRAIN_SEED, background_share=BACKGROUND_SHARE
    )
    # channels last: the same numbers, faster convolutions on a CPU
    cl = torch.channels_last
    X_t = torch.from_numpy(X).to(dev).contiguous(memory_format=cl)
    y_t = torch.from_numpy(y).to(dev)
    net = ShapeNet().to(dev).to(memory_format=cl)
    losses = train(net, X_t, y_t, NUM_EPOCHS, LR)
    state = {k: v.detach().cpu().contiguous()
             for k, v in net.state_dict().items()}
    return {
        "state": state,
        "losses": losses,
        "n_train": N_TRAIN,
        "num_epochs": NUM_EPOCHS,
        "class_counts": np.bincount(y, minlength=len(LABELS)).tolist(),
    }


def load_shape_cnn(record: dict[str, Any]) -> ShapeNet:
    """Rebuild the trained network from ``train_shape_cnn``'s record."""
    net = ShapeNet()
    net.load_state_dict(record["state"])
    net.to(torch.device(fdl.device()))
    return net.eval()


def predict(net: nn.Module, X: np.ndarray) -> np.ndarray:
    """Class probabilities (n, classes) for images ``X`` (n, 1, H, W)."""
    with torch.no_grad():
        dev = next(net.parameters()).device
        logits = net(torch.as_tensor(X, device=dev))
        return torch.softmax(logits, dim=1).cpu().numpy()
