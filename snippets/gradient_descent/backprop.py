"""Backpropagation on a computational graph: the squared error of the
hard-disk line at one data point, computed forward node by node, then its
gradient passed backward by the chain rule (``_autograd.py``); and the
gradient of the whole loss checked against PyTorch, the hand-derived
formula and finite differences."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import fdl
from gradient_descent._autograd import Value
from gradient_descent._surface import START, grad, load_disk, loss

x, y, first = load_disk(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
i = int(np.argmin(np.abs(x - 2.4)))  # the price nearest 1980
w = Value(START[0], label="w")
b = Value(START[1], label="b")
xi = Value(x[i], label="x")
yi = Value(y[i], label="y")
u = w * xi
u.label = "u = w x"
v = u + b
v.label = "v = u + b"
r = v - yi
r.label = "r = v - y"
L = r ** 2
L.label = "L = r^2"
L.backward()
fdl.value("year", int(round(first + 10 * x[i])))
for node in (w, b, xi, yi, u, v, r, L):
    key = node.label.split()[0]
    fdl.value(f"{key}_value", node.data)
    fdl.value(f"{key}_grad", node.grad)
fdl.value("w_grad_formula", float(2 * r.data * x[i]))

# %%
# the whole loss (the mean over all points), three other ways
wv, bv = Value(START[0]), Value(START[1])
total = sum(((wv * float(xk) + bv - float(yk)) ** 2 for xk, yk in
             zip(x, y, strict=True)), Value(0.0)) / len(x)
total.backward()
ours = np.array([wv.grad, bv.grad])
theta = torch.tensor(START, dtype=torch.float64, requires_grad=True)
xt, yt = torch.from_numpy(x), torch.from_numpy(y)
((theta[0] * xt + theta[1] - yt) ** 2).mean().backward()
h = 1e-6
fd = np.array([(loss(np.array(START) + h * e, x, y)
                - loss(np.array(START) - h * e, x, y)) / (2 * h)
               for e in np.eye(2)])
diff_torch = float(np.abs(ours - theta.grad.numpy()).max())
diff_formula = float(np.abs(ours - grad(np.array(START), x, y)).max())
diff_fd = float(np.abs(ours - fd).max())


def count(node, seen=None):
    """The number of nodes in the graph that ends at ``node``."""
    seen = set() if seen is None else seen
    if id(node) not in seen:
        seen.add(id(node))
        for parent in node.parents:
            count(parent, seen)
    return len(seen)


fdl.value("n_points", len(x))
fdl.value("n_nodes", count(total))
fdl.value("grad_w", float(ours[0]))
fdl.value("grad_b", float(ours[1]))
fdl.value("grad_ratio", float(ours[0] / ours[1]))
fdl.value("diff_torch", diff_torch)
fdl.value("diff_formula", diff_formula)
fdl.value("diff_fd", diff_fd)
fdl.check("agrees", max(diff_torch, diff_formula) < 1e-10
          and diff_fd < 1e-5,
          detail=f"torch {diff_torch:.1e}, formula {diff_formula:.1e}, "
                 f"finite differences {diff_fd:.1e}")

# %%
place = {"w": (0, 3), "x": (0, 2), "b": (1, 1), "y": (2, 0),
         "u": (1, 2.5), "v": (2, 1.75), "r": (3, 1), "L": (4, 1)}
nodes = {n.label.split()[0]: n for n in (w, xi, b, yi, u, v, r, L)}
fig, ax = plt.subplots(figsize=(8, 3.6))
ink, muted = fdl.LIGHT["ink"], fdl.LIGHT["muted"]
BW, BH = 0.78, 0.62
for key, node in nodes.items():
    cx, cy = place[key]
    for parent in node.parents:
        pk = parent.label.split()[0]
        px, py = place[pk]
        ax.add_artist(FancyArrowPatch(
            (px + BW / 2, py), (cx - BW / 2, cy), arrowstyle="-|>",
            mutation_scale=10, color=muted, linewidth=1.2))
for key, node in nodes.items():
    cx, cy = place[key]
    ax.add_patch(FancyBboxPatch(
        (cx - BW / 2, cy - BH / 2), BW, BH,
        boxstyle="round,pad=0,rounding_size=0.08", facecolor="none",
        edgecolor=ink if node.parents else muted, linewidth=1.2))
    ax.text(cx, cy + 0.17, node.label, ha="center", va="center",
            fontsize=8, color=ink, fontweight="bold")
    ax.text(cx, cy - 0.02, f"value {node.data:.3f}", ha="center",
            va="center", fontsize=7.5, color=fdl.PALETTE[0])
    ax.text(cx, cy - 0.19, f"dL/d{key} {node.grad:.3f}", ha="center",
            va="center", fontsize=7.5, color=fdl.PALETTE[1])
ax.text(0, -0.55, "forward: values (blue), left to right", fontsize=8,
        color=fdl.PALETTE[0])
ax.text(2.2, -0.55, "backward: gradients (orange), right to left",
        fontsize=8, color=fdl.PALETTE[1])
ax.set_xlim(-0.5, 4.5)
ax.set_ylim(-0.7, 3.4)
ax.axis("off")
fig.tight_layout()
fdl.show(fig, "graph")
