"""Exercise 1: the output sizes of a 5 by 5 kernel over a 28 by 28 digit,
from the formula and from PyTorch's own convolution."""

# %%
import torch
from torch import nn

import fdl
from convolutions._conv import output_size

N, K = 28, 5
details = []
for name, stride, padding in (("same", 1, 2), ("strided", 2, 0)):
    by_formula = output_size(N, K, stride=stride, padding=padding)
    conv = nn.Conv2d(1, 1, K, stride=stride, padding=padding)
    by_torch = conv(torch.zeros(1, 1, N, N)).shape[-1]
    details.append((name, by_formula, by_torch))
    fdl.value(f"{name}_size", by_formula)
fdl.check(
    "torch_agrees",
    all(formula == torch_size for _, formula, torch_size in details),
    detail="; ".join(f"{n}: formula {f}, PyTorch {t}" for n, f, t in details),
)
