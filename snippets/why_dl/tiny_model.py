"""A tiny network written and trained in PyTorch: two interleaved moons.

Left: the training loss per step. Right: the points and the class the
trained network gives each region of the plane.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import fdl

device = torch.device(fdl.device())


def moons(n: int, noise: float = 0.15) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved half circles, ``n`` points each, labels 0 and 1."""
    angle = torch.rand(2, n) * torch.pi
    upper = torch.stack([angle[0].cos(), angle[0].sin()], 1)
    lower = torch.stack([1 - angle[1].cos(), 0.5 - angle[1].sin()], 1)
    x = torch.cat([upper, lower]) + noise * torch.randn(2 * n, 2)
    y = torch.cat([torch.zeros(n), torch.ones(n)]).long()
    return x, y


x_train, y_train = moons(200)
x_test, y_test = moons(200)

# %% the model, the loss and the optimiser: the whole framework API used
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(),
                      nn.Linear(16, 16), nn.ReLU(),
                      nn.Linear(16, 2)).to(device)
loss_fn = nn.CrossEntropyLoss()
optimiser = torch.optim.Adam(model.parameters(), lr=0.02)

losses = []
for _ in range(300):
    optimiser.zero_grad()
    loss = loss_fn(model(x_train.to(device)), y_train.to(device))
    loss.backward()
    optimiser.step()
    losses.append(loss.item())

with torch.no_grad():
    pred = model(x_test.to(device)).argmax(1).cpu()
fdl.value("n_params", sum(p.numel() for p in model.parameters()))
fdl.value("steps", len(losses))
fdl.value("test_accuracy", (pred == y_test).float().mean().item())
fdl.value("torch_version", torch.__version__)

# %%
fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.4), dpi=60)  # raster parts
steps = np.arange(len(losses))
axes[0].plot(steps[::4], np.asarray(losses)[::4], color=fdl.PALETTE[0])
axes[0].set_xlabel("training step")
axes[0].set_ylabel("cross-entropy loss")
axes[0].set_yscale("log")
axes[0].set_title("training loss")
g = np.linspace(-1.7, 2.7, 200)
gx, gy = np.meshgrid(g, np.linspace(-1.2, 1.7, 150))
grid = torch.tensor(np.c_[gx.ravel(), gy.ravel()], dtype=torch.float32)
with torch.no_grad():
    region = model(grid.to(device)).argmax(1).cpu().numpy()
axes[1].contourf(gx, gy, region.reshape(gx.shape), levels=[-0.5, 0.5, 1.5],
                 colors=[fdl.PALETTE[0], fdl.PALETTE[1]], alpha=0.18,
                 rasterized=True)
for label, colour in enumerate(fdl.PALETTE[:2]):
    pts = x_test[y_test == label].numpy()
    axes[1].plot(pts[:, 0], pts[:, 1], "o", ms=3, color=colour,
                 label=f"class {label}", rasterized=True)
axes[1].set_title("test points and learned regions")
axes[1].legend(fontsize=8, loc="lower left")
for ax in axes:
    ax.set_box_aspect(0.75)
fig.tight_layout()
fdl.show(fig, "tiny_model")
