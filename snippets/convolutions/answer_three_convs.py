"""Exercise 3: the receptive field of three 3 by 3 convolutions with
stride 1 and no pooling, by the formula of ``_conv.py`` and by the gradient
of a unit through three such layers."""

# %%
import torch
from torch import nn

import fdl
from convolutions._conv import receptive_fields

LAYERS = [(3, 1)] * 3  # (kernel, stride)
fields = [f for f, _ in receptive_fields(LAYERS)]
fdl.value("fields", ", ".join(str(f) for f in fields))
fdl.value("last", fields[-1])

# the input pixels that reach the middle unit of the last layer: every
# weight 1, so no path is cut
net = nn.Sequential(*[nn.Conv2d(1, 1, k, s, bias=False) for k, s in LAYERS])
for conv in net:
    nn.init.ones_(conv.weight)
x = torch.ones(1, 1, 15, 15, requires_grad=True)
out = net(x)
m = out.shape[-1] // 2
out[0, 0, m, m].backward()
rows = int(x.grad[0, 0].abs().sum(1).gt(0).sum())
cols = int(x.grad[0, 0].abs().sum(0).gt(0).sum())
fdl.value("by_gradient", rows)
fdl.check(
    "formula_matches_gradient",
    rows == cols == fields[-1] == 7,
    detail=f"formula {fields}, gradient {rows} x {cols}",
)
