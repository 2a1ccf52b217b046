"""Exercise 1: the worked neuron with its bias set to -1.5, through each of
the four activations, computed with ``_nn.neuron`` and checked against
PyTorch's own activations."""

# %%
import numpy as np
import torch

import fdl
from neurons._nn import ACTIVATIONS, neuron

x = np.array([0.9, 0.2, 0.6])
w = np.array([1.5, -2.0, 0.5])
b = -1.5
z = float(w @ x + b)
terms = [f"{t:.2f}" for t in (*(w * x), b)]
fdl.value(
    "z_sum",
    " ".join(
        [terms[0]]
        + [f"- {t[1:]}" if t.startswith("-") else f"+ {t}" for t in terms[1:]]
    ),
)
fdl.value("z", z)
fdl.value("z_sign", "negative" if z < 0 else "positive")
out = {name: neuron(x, w, b, name) for name in ACTIVATIONS}
for name, a in out.items():
    fdl.value(f"out_{name.lower()}", a)

# %%
# the same outputs from PyTorch's activations
zt = torch.tensor(z, dtype=torch.float64)
by_torch = {
    "step": float(torch.heaviside(zt, torch.tensor(0.0, dtype=zt.dtype))),
    "sigmoid": float(torch.sigmoid(zt)),
    "tanh": float(torch.tanh(zt)),
    "ReLU": float(torch.relu(zt)),
}
gap = max(abs(out[k] - by_torch[k]) for k in out)
fdl.check("matches_torch", gap < 1e-12, detail=f"largest gap {gap:.1e}")
fdl.check(
    "off_below_zero",
    z < 0
    and out["step"] == 0
    and out["ReLU"] == 0
    and out["sigmoid"] < 0.5
    and out["tanh"] < 0
    and abs(out["tanh"] - z) < 0.01,
    detail=f"z {z:.3f}, outputs {out}",
)
