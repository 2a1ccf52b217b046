"""Exercise 4: chapter 1's CNN with each 2 by 2 pooling replaced by a
convolution of kernel 3, stride 2 and padding 1: receptive fields, jumps
and output sizes layer by layer, by the formula and by the gradient."""

# %%
import torch
from torch import nn

import fdl
from convolutions._conv import output_size, receptive_fields

SIDE = 32
# (name, kernel, stride, padding), as receptive_field.py
POOLED = [
    ("conv1", 5, 1, 2),
    ("pool1", 2, 2, 0),
    ("conv2", 3, 1, 1),
    ("pool2", 2, 2, 0),
    ("conv3", 3, 1, 1),
    ("pool3", 2, 2, 0),
]
STRIDED = [
    (n.replace("pool", "down"), 3, 2, 1)
    if n.startswith("pool")
    else (n, k, s, p)
    for n, k, s, p in POOLED
]


def table(layers):
    """(name, field, jump, output side) after each layer."""
    rows, n = [], SIDE
    fields = receptive_fields([(k, s) for _, k, s, _ in layers])
    for (name, k, s, p), (f, j) in zip(layers, fields, strict=True):
        n = output_size(n, k, s, p)
        rows.append((name, f, j, n))
    return rows


old, new = table(POOLED), table(STRIDED)
fdl.value(
    "new_table",
    "; ".join(
        f"{name} {f} x {f} (jump {j}, output {n} x {n})"
        for name, f, j, n in new
    ),
)
fdl.value("old_last", old[-1][1])
fdl.value("new_last", new[-1][1])
fdl.value("gain", new[-1][1] - old[-1][1])
same_sizes = [o[2:] == n[2:] for o, n in zip(old, new, strict=True)]
fdl.value(
    "sizes_sentence",
    (
        "The jumps and output sizes stay the same (padding 1 keeps a "
        "stride-2 convolution's output at half the side, like the pooling)"
        if all(same_sizes)
        else "The jumps or output sizes change"
    ),
)
# from the first downsampling layer on, every field is wider
wider = all(n[1] > o[1] for o, n in zip(old[1:], new[1:], strict=True))
fdl.value(
    "verdict",
    "grows at every downsampling layer and after it"
    if wider
    else "does not grow at every layer",
)

# %%
# the gradient of the middle unit of each layer, every weight 1
layers = [nn.Conv2d(1, 1, k, s, p, bias=False) for _, k, s, p in STRIDED]
for conv in layers:
    nn.init.ones_(conv.weight)
measured = []
for depth in range(len(layers)):
    x = torch.ones(1, 1, 96, 96, requires_grad=True)
    h = x
    for layer in layers[: depth + 1]:
        h = layer(h)
    m = h.shape[-1] // 2
    h[0, 0, m, m].backward()
    measured.append(int(x.grad[0, 0].abs().sum(1).gt(0).sum()))
fdl.check(
    "formula_matches_gradient",
    measured == [f for _, f, _, _ in new],
    detail=f"gradient {measured}, formula {[r[1] for r in new]}",
)
