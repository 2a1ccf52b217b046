"""Exercise 5: the computational graph of L = tanh^2(w x + b), its values
forward and its gradients backward, walked by hand with the chain rule and
checked with ``Value`` and with PyTorch."""

# %%
import math

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

import fdl
from gradient_descent._autograd import Value

W, X, B = 0.8, 1.5, -0.4  # any numbers do
for name, v in (("w", W), ("x", X), ("b", B)):
    fdl.value(name, v)

# by hand: forward, then backward with each node's local derivative
u = W * X
v = u + B
t = math.tanh(v)
L = t**2
dL_dt = 2 * t
local_tanh = 1 - t**2
dL_dv = dL_dt * local_tanh
dL_dw, dL_dx, dL_db = dL_dv * X, dL_dv * W, dL_dv
hand = {
    "u": u,
    "v": v,
    "t": t,
    "L": L,
    "dL_dt": dL_dt,
    "local_tanh": local_tanh,
    "dL_dv": dL_dv,
    "dL_dw": dL_dw,
}
for name, val in hand.items():
    fdl.value(name, val)

# %%
w, x, b = Value(W, label="w"), Value(X, label="x"), Value(B, label="b")
nu = w * x
nu.label = "u = w x"
nv = nu + b
nv.label = "v = u + b"
nt = nv.tanh()
nt.label = "t = tanh v"
nL = nt**2
nL.label = "L = t^2"
nL.backward()
wt, xt, bt = (
    torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (W, X, B)
)
(torch.tanh(wt * xt + bt) ** 2).backward()
ours = [w.grad, x.grad, b.grad]
gap_hand = max(
    abs(a - c) for a, c in zip(ours, (dL_dw, dL_dx, dL_db), strict=True)
)
gap_torch = max(
    abs(a - float(c.grad)) for a, c in zip(ours, (wt, xt, bt), strict=True)
)
fdl.value("gap_torch", gap_torch)
fdl.check(
    "walk_matches",
    gap_hand < 1e-12 and gap_torch < 1e-12,
    detail=f"dL/dw by hand {dL_dw:.6f}, Value {w.grad:.6f}; gaps: "
    f"hand {gap_hand:.1e}, torch {gap_torch:.1e}",
)

# %%
place = {
    "w": (0, 2.5),
    "x": (0, 1.5),
    "b": (1, 0.5),
    "u": (1, 2),
    "v": (2, 1.25),
    "t": (3, 1.25),
    "L": (4, 1.25),
}
nodes = {n.label.split()[0]: n for n in (w, x, b, nu, nv, nt, nL)}
fig, ax = plt.subplots(figsize=(8, 3))
ink, muted = fdl.LIGHT["ink"], fdl.LIGHT["muted"]
BW, BH = 0.8, 0.62
for key, node in nodes.items():
    cx, cy = place[key]
    for parent in node.parents:
        px, py = place[parent.label.split()[0]]
        ax.add_artist(
            FancyArrowPatch(
                (px + BW / 2, py),
                (cx - BW / 2, cy),
                arrowstyle="-|>",
                mutation_scale=10,
                color=muted,
                linewidth=1.2,
            )
        )
    ax.add_patch(
        FancyBboxPatch(
            (cx - BW / 2, cy - BH / 2),
            BW,
            BH,
            boxstyle="round,pad=0,rounding_size=0.08",
            facecolor="none",
            edgecolor=ink if node.parents else muted,
            linewidth=1.2,
        )
    )
    ax.text(
        cx,
        cy + 0.17,
        node.label,
        ha="center",
        va="center",
        fontsize=8,
        color=ink,
        fontweight="bold",
    )
    ax.text(
        cx,
        cy - 0.02,
        f"value {node.data:.3f}",
        ha="center",
        va="center",
        fontsize=7.5,
        color=fdl.PALETTE[0],
    )
    ax.text(
        cx,
        cy - 0.19,
        f"dL/d{key} {node.grad:.3f}",
        ha="center",
        va="center",
        fontsize=7.5,
        color=fdl.PALETTE[1],
    )
ax.text(
    0,
    -0.15,
    "forward: values (blue), left to right",
    fontsize=8,
    color=fdl.PALETTE[0],
)
ax.text(
    2.2,
    -0.15,
    "backward: gradients (orange), right to left",
    fontsize=8,
    color=fdl.PALETTE[1],
)
ax.set_xlim(-0.5, 4.5)
ax.set_ylim(-0.3, 2.9)
ax.axis("off")
fig.tight_layout()
fdl.show(fig, "graph")
