"""A small CNN learns to steer from synthetic road images.

Left: road images as the car's camera would see them, in good conditions
and at dusk in rain (dimmer lines, more noise), with the true and the
predicted steering. Right: predicted against true steering on test roads
of both kinds.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import fdl

SIZE = 32
device = torch.device(fdl.device())


def roads(n: int, contrast: float = 1.0, noise: float = 0.15,
          rng: np.random.Generator | None = None):
    """Images of a road bending by ``curve`` in [-1, 1] (the target)."""
    rng = rng or np.random.default_rng(0)
    curve = rng.uniform(-1, 1, n)
    offset = rng.uniform(-3, 3, n)
    depth = np.linspace(0, 1, SIZE)[::-1]  # 0 at the bottom row
    cols = np.arange(SIZE)
    centre = (SIZE / 2 + offset[:, None] + 12 * curve[:, None] * depth**2)
    half = 13 * (1 - 0.75 * depth)
    img = np.zeros((n, SIZE, SIZE))
    for side in (-1, 1):
        x = centre + side * half
        img += np.exp(-((cols[None, None, :] - x[:, :, None]) ** 2) / 1.5)
    img = contrast * img + noise * rng.standard_normal(img.shape)
    return (torch.tensor(img, dtype=torch.float32)[:, None],
            torch.tensor(curve, dtype=torch.float32))


rng = np.random.default_rng(fdl.SEED)
x_train, y_train = roads(3000, rng=rng)
x_test, y_test = roads(500, rng=rng)
x_rain, y_rain = roads(500, contrast=0.5, noise=0.3, rng=rng)

# %%
net = nn.Sequential(
    nn.Conv2d(1, 8, 5, stride=2, padding=2), nn.ReLU(),
    nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
    nn.Flatten(), nn.Linear(16 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 1),
).to(device)
optimiser = torch.optim.Adam(net.parameters(), lr=3e-3)
for _ in range(4):
    order = torch.randperm(len(x_train))
    for i in range(0, len(order), 64):
        idx = order[i:i + 64]
        pred = net(x_train[idx].to(device)).squeeze(1)
        loss = nn.functional.mse_loss(pred, y_train[idx].to(device))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()


def predict(x: torch.Tensor) -> np.ndarray:
    with torch.no_grad():
        return net(x.to(device)).squeeze(1).cpu().numpy()


p_test, p_rain = predict(x_test), predict(x_rain)
mae_test = float(np.abs(p_test - y_test.numpy()).mean())
mae_rain = float(np.abs(p_rain - y_rain.numpy()).mean())
fdl.value("n_train", len(x_train))
fdl.value("n_params", sum(p.numel() for p in net.parameters()))
fdl.value("mae_clear", mae_test)
fdl.value("mae_rain", mae_rain)
factor = mae_rain / mae_test
fdl.value("rain_error_factor", factor)
fdl.value("rain_sentence", (
    f"{factor:.0f} times its error in clear weather" if factor >= 1.5 else
    "about its error in clear weather" if factor > 1 / 1.5 else
    f"{1 / factor:.0f} times smaller than in clear weather"))
# how far the predictions follow the truth: the slope of prediction on
# truth (1 on the diagonal, 0 for a network that ignores the road)
slope_clear = float(np.polyfit(y_test.numpy(), p_test, 1)[0])
slope_rain = float(np.polyfit(y_rain.numpy(), p_rain, 1)[0])
fdl.value("slope_clear", slope_clear)
fdl.value("slope_rain", slope_rain)
fdl.value("shrink_sentence", (
    "in rain its steering falls short of what the bend calls for"
    if slope_rain < 0.8 * slope_clear else
    "in rain its steering is as strong as in clear weather, but less "
    "accurate"))

# %%
fig = plt.figure(figsize=(8.0, 4.0))
grid = fig.add_gridspec(2, 4, width_ratios=[1, 1, 0.1, 2.0])
bent = [int(i) for i in np.flatnonzero(y_rain.abs().numpy() > 0.6)[:2]]
samples = [(x_test, y_test, p_test, 0, "clear"),
           (x_test, y_test, p_test, 1, "clear"),
           (x_rain, y_rain, p_rain, bent[0], "rain"),
           (x_rain, y_rain, p_rain, bent[1], "rain")]
for k, (x, y, p, i, kind) in enumerate(samples):
    ax = fig.add_subplot(grid[k // 2, k % 2])
    ax.imshow(x[i, 0].numpy(), cmap="gray", vmin=-0.5, vmax=1.2)
    ax.set_title(f"{kind}\ntrue {y[i]:+.2f}, net {p[i]:+.2f}", fontsize=7.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
ax = fig.add_subplot(grid[:, 3])
for (y, p, label), colour in zip(
        [(y_test, p_test, f"clear (mean error {mae_test:.2f})"),
         (y_rain, p_rain, f"rain (mean error {mae_rain:.2f})")],
        fdl.PALETTE, strict=False):
    ax.plot(y.numpy(), p, "o", ms=2.5, alpha=0.6, color=colour, label=label,
            rasterized=True)
ax.plot([-1, 1], [-1, 1], color=fdl.LIGHT["muted"], lw=1)
ax.set_xlabel("true steering (road curvature)")
ax.set_ylabel("predicted steering")
ax.legend(fontsize=7.5, loc="upper left")
fig.tight_layout()
fdl.show(fig, "automobile")
