"""Exercise 3: the stacks of ``depth.py`` with tanh in place of the ReLU,
and the two-layer stack with only 2 hidden units: whatever it learns, its
"inside" region is never closed, because from any point it calls inside a
whole ray is called inside too."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import fdl
from neurons._nn import ANGLE, HALF_SIDE, fit, scores, square_points

DEPTHS = (2, 5)  # the shallowest and deepest with a hidden layer
WIDTH, STEPS, LR = 16, 500, 0.02  # as in depth.py
X, y = square_points(600, 1)
X_test, y_test = square_points(4000, 2)
majority = float(max(y_test.mean(), 1 - y_test.mean()))
fdl.value("majority", majority)


def mlp(layers, width, act):
    """``depth.py``'s stack with the activation ``act`` after each hidden
    layer."""
    sizes = [2] + [width] * (layers - 1) + [2]
    mods = []
    for i in range(layers):
        mods.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < layers - 1:
            mods.append(act())
    return nn.Sequential(*mods)


def accuracy(net):
    return float((scores(net, X_test).argmax(1) == y_test).mean())


acc = {}
for layers in DEPTHS:
    torch.manual_seed(fdl.SEED + layers)  # the seeds depth.py uses
    net = mlp(layers, WIDTH, nn.Tanh)
    fit(net, X, y, STEPS, LR)
    acc[layers] = accuracy(net)
    fdl.value(f"acc_tanh_{layers}", acc[layers])
fdl.check(
    "tanh_learns",
    min(acc.values()) > majority + 0.1,
    detail=f"tanh stacks {acc}, always 'outside' {majority:.3f}",
)

# %%
# two layers, 2 hidden units: walk from each point called inside along
# the line on which the first unit's sum stays fixed, in the direction in
# which the second unit does not lower the "inside" score
g = np.linspace(-1, 1, 121)
grid = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
narrow, rays = {}, {}
for name, act in (("relu", nn.ReLU), ("tanh", nn.Tanh)):
    torch.manual_seed(fdl.SEED + 2)
    net = mlp(2, 2, act)
    fit(net, X, y, STEPS, LR)
    narrow[name] = net
    fdl.value(f"acc_narrow_{name}", accuracy(net))
    W1 = net[0].weight.detach().double().numpy()
    W2 = net[2].weight.detach().double().numpy()
    d = np.array([-W1[0, 1], W1[0, 0]]) / np.linalg.norm(W1[0])
    d *= np.sign((W2[1, 1] - W2[0, 1]) * (W1[1] @ d)) or 1.0
    inside = grid[scores(net, grid).argmax(1) == 1]
    far = inside + 1000 * d
    rays[name] = (len(inside), int((scores(net, far).argmax(1) == 1).sum()))
    fdl.value(f"inside_share_{name}", len(inside) / len(grid))
fdl.value("grid_points", len(grid))
gains = [accuracy(n) - majority for n in narrow.values()]
low, high = min(gains), max(gains)
fdl.value(
    "narrow_verdict",
    "no better than"
    if high <= 0
    else "at most barely above"
    if low <= 0 and high < 0.03
    else "barely above"
    if high < 0.03
    else f"at most {high:.1%} above",
)
fdl.check(
    "never_closed",
    all(n == m for n, m in rays.values()),
    detail=f"(points called inside, of them still inside 1000 "
    f"further along the ray): {rays}",
)

# %%
a = np.deg2rad(ANGLE)
corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]])
turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
outline = HALF_SIDE * corners @ turn.T
R = 4.0
gw = np.linspace(-R, R, 201)
wide = np.stack(np.meshgrid(gw, gw), -1).reshape(-1, 2)
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
for ax, (name, net) in zip(axes, narrow.items(), strict=True):
    called = scores(net, wide).argmax(1).reshape(len(gw), len(gw))
    ax.imshow(
        called,
        extent=(-R, R, -R, R),
        origin="lower",
        cmap="Blues",
        vmin=0,
        vmax=2.5,
        alpha=0.9,
    )
    W1 = net[0].weight.detach().double().numpy()
    b1 = net[0].bias.detach().double().numpy()
    for k in range(2):  # where each hidden unit's sum is zero
        t = np.linspace(-2 * R, 2 * R, 2)
        n = W1[k] / np.linalg.norm(W1[k])
        p0 = -b1[k] * n / np.linalg.norm(W1[k])
        ax.plot(
            *(p0[:, None] + np.outer([-n[1], n[0]], t)),
            color=fdl.LIGHT["muted"],
            linestyle="--",
            linewidth=1,
            label="a hidden unit's sum is 0" if k == 0 else None,
        )
    ax.plot(*outline.T, color=fdl.PALETTE[1], linewidth=2, label="the square")
    ax.plot(
        *np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]).T,
        color=fdl.LIGHT["ink"],
        linewidth=0.8,
        label="the data's window",
    )
    ax.set_xlim(-R, R)
    ax.set_ylim(-R, R)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.tick_params(labelsize=8)
    kind = "ReLU" if name == "relu" else "tanh"
    ax.set_title(
        f"2 {kind} units: test accuracy {accuracy(net):.1%}", fontsize=10
    )
axes[0].legend(loc="lower left", fontsize=7, framealpha=0.9)
fig.tight_layout()
fdl.show(fig, "narrow")
