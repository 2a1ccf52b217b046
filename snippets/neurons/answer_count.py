"""Exercise 2: the weights and biases of a 784-256-64-10 network, layer by
layer from n m + m, and the total checked with PyTorch's count."""

# %%
from itertools import pairwise

from torch import nn

import fdl

SIZES = (784, 256, 64, 10)
net = nn.Sequential(
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
by_hand = [n * m + m for n, m in pairwise(SIZES)]
for k, count in enumerate(by_hand, 1):
    fdl.value(f"layer_{k}", count)
fdl.value("total", sum(by_hand))
fdl.value("weights", sum(n * m for n, m in pairwise(SIZES)))
fdl.value("biases", sum(SIZES[1:]))
by_torch = sum(p.numel() for p in net.parameters())
fdl.check(
    "matches_torch",
    by_torch == sum(by_hand),
    detail=f"by hand {sum(by_hand)}, PyTorch {by_torch}",
)
