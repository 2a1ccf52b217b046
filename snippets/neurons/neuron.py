"""One neuron: a weighted sum of its inputs plus a bias, passed through an
activation. The four activations drawn here, with one worked neuron's sum
marked on each, and the parameter counts of the course's networks."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from torch import nn

import fdl
from dl_is_ml._cnn import ShapeNet
from dl_vs_ml._digits import MLP
from neurons._nn import ACTIVATIONS, neuron

x = np.array([0.9, 0.2, 0.6])
w = np.array([1.5, -2.0, 0.5])
b = -0.8
z = float(w @ x + b)
fdl.value("z", z)
terms = [f"{t:.2f}" for t in (*(w * x), b)]
fdl.value("z_sum", " ".join([terms[0]] + [
    f"- {t[1:]}" if t.startswith("-") else f"+ {t}" for t in terms[1:]]))
for name in ACTIVATIONS:
    fdl.value(f"out_{name.lower()}", neuron(x, w, b, name))


# %%
def count(net):
    """The number of weights and biases of a torch network."""
    return sum(p.numel() for p in net.parameters())


# chapter 2's linear model maps the MLP's inputs straight to its outputs
mlp = MLP()
linears = [m for m in mlp if isinstance(m, nn.Linear)]
fdl.value("params_linear",
          count(nn.Linear(linears[0].in_features, linears[-1].out_features)))
fdl.value("params_mlp", count(mlp))
fdl.value("params_cnn", count(ShapeNet()))

# %%
fig, axes = plt.subplots(1, 4, figsize=(8, 2.4), sharey=True)
zz = np.linspace(-3, 3, 601)
for ax, (name, f) in zip(axes, ACTIVATIONS.items(), strict=True):
    if name == "step":  # no vertical line at the jump
        ax.plot(zz[zz < 0], f(zz[zz < 0]), color=fdl.PALETTE[0])
        ax.plot(zz[zz > 0], f(zz[zz > 0]), color=fdl.PALETTE[0])
    else:
        ax.plot(zz, f(zz), color=fdl.PALETTE[0])
    ax.plot([z], [f(np.array(z))], "o", color=fdl.PALETTE[1], markersize=6)
    ax.set_title(name, fontsize=10)
    ax.set_xlabel("weighted sum z", fontsize=9)
    ax.set_ylim(-1.2, 3.1)
    ax.tick_params(labelsize=8)
axes[0].set_ylabel("output", fontsize=9)
fig.tight_layout()
fdl.show(fig, "activations")
