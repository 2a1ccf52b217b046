"""Plain gradient descent, momentum and Adam on the same loss from the
same start, each with the learning rate of a small grid that arrives in
the fewest steps: their paths and their losses step by step."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    STEPS,
    TOL,
    adam,
    arrival,
    descend,
    draw_bowl,
    grad,
    hessian,
    load_disk,
    loss,
    minimum,
    momentum,
)

x, y, _ = load_disk(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
best = minimum(x, y)
best_loss = float(loss(best, x, y))
edge = 2 / float(np.linalg.eigvalsh(hessian(x))[-1])
BETA = 0.9
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8  # Adam's usual settings
GD_SHARES = (0.5, 0.9, 0.99)  # of the limit 2 / lam_max, as on the slider
fdl.value("beta", BETA)
fdl.value("beta1", BETA1)
fdl.value("beta2", BETA2)
fdl.value("eps", "10" + str(round(np.log10(EPS))).translate(
    str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")))


def g(theta):
    return grad(theta, x, y)


def steps(path):
    """Steps to arrive, or one past the budget when it never does."""
    arrived = arrival(loss(path, x, y), best_loss)
    return STEPS + 1 if arrived is None else arrived


grids = {
    "gradient descent": ([s * edge for s in GD_SHARES],
                         lambda lr: descend(g, START, lr)),
    "momentum": ([s * edge for s in (0.1, 0.2, 0.5, 1.0)],
                 lambda lr: momentum(g, START, lr, BETA)),
    "Adam": ([0.01, 0.03, 0.1, 0.3, 1.0],
             lambda lr: adam(g, START, lr, BETA1, BETA2, EPS)),
}
chosen = {}
for name, (lrs, run) in grids.items():
    tried = [(steps(run(lr)), lr) for lr in lrs]
    n, lr = min(tried)
    chosen[name] = (lr, run(lr), n)
    key = {"gradient descent": "gd"}.get(name, name.lower())
    fdl.value(f"{key}_lr", lr)
    fdl.value(f"{key}_steps", n)
    fdl.value(f"{key}_grid", ", ".join(f"{v:.4g}" for v in lrs))
    fdl.value(f"{key}_arrived", n <= STEPS)

n_gd = chosen["gradient descent"][2]
n_mom, n_adam = chosen["momentum"][2], chosen["Adam"][2]
fdl.value("speedup_momentum", n_gd / n_mom)
fdl.value("speedup_adam", n_gd / n_adam)
fdl.check("both_ahead", n_mom < n_gd and n_adam < n_gd and n_gd <= STEPS,
          detail=f"steps: GD {n_gd}, momentum {n_mom}, Adam {n_adam}")
fdl.value("gd_shares", ", ".join(f"{s:g}" for s in GD_SHARES[:-1])
          + f" and {GD_SHARES[-1]:g}")

# %%
# momentum before it arrives: does it cross the valley floor (the line
# through the minimum along the flattest direction) and does its loss rise?
lam, vec = np.linalg.eigh(hessian(x))
path = chosen["momentum"][1][:n_mom + 1]
across = (path - best) @ vec[:, 1]  # signed distance across the valley
side = np.sign(across[np.abs(across) > 1e-9])
crossings = int((side[1:] != side[:-1]).sum())
rises = int((np.diff(loss(path, x, y)) > 0).sum())
fdl.value("momentum_crossings", crossings)
fdl.value("momentum_rises", rises)
fdl.check("momentum_waves", crossings >= 2 and rises >= 2,
          detail=f"before arriving in {n_mom} steps: {crossings} crossings "
                 f"of the valley floor, loss rises at {rises} steps")

# Adam: how far each parameter moves at a few steps, how often each
# gradient changes sign before it arrives, and the direction it travels
# after its first step, against the valley floor's
lr_adam, path = chosen["Adam"][0], chosen["Adam"][1][:n_adam + 1]
moves = np.abs(np.diff(path, axis=0))  # moves[t - 1]: the move at step t
grads = np.array([g(t) for t in path[:-1]])
flips = (np.sign(grads[2:]) != np.sign(grads[1:-1])).sum(0)  # from step 2
AT = (5, 20, 50)
for k, name in enumerate(("w", "b")):
    for t in AT:
        fdl.value(f"adam_move_{name}_{t}", float(moves[t - 1, k]))
    fdl.value(f"adam_flips_{name}", int(flips[k]))
fdl.value("adam_at", ", ".join(str(t) for t in AT[:-1]) + f" and {AT[-1]}")
fdl.value("adam_max_move", float(moves.max()))
travel = path[-1] - path[1]
cos = abs(travel @ vec[:, 0]) / np.linalg.norm(travel)
angle = float(np.degrees(np.arccos(min(cos, 1.0))))
fdl.value("adam_travel_w", float(abs(travel[0])))
fdl.value("adam_travel_b", float(abs(travel[1])))
fdl.value("adam_angle", angle)
fdl.value("floor_angle_b", float(np.degrees(np.arccos(abs(vec[1, 0])))))
fdl.check("adam_steps",
          moves.max() <= 1.001 * lr_adam
          and flips[1] == 0 and flips[0] >= 3
          and all(moves[t - 1, 1] > 3 * moves[t - 1, 0] for t in AT)
          and all(moves[t - 1, 1] > 0.75 * lr_adam for t in AT[:2]),
          detail=f"lr {lr_adam:g}, largest move {moves.max():.4f}, "
                 f"sign flips (w, b) {flips.tolist()}, moves at {AT}: "
                 f"{moves[[t - 1 for t in AT]].round(3).tolist()}")
fdl.check("adam_along_floor",
          angle < 5 and abs(travel[1]) > 3 * abs(travel[0]),
          detail=f"after step 1 it travels {travel.round(3).tolist()}, "
                 f"{angle:.1f} degrees from the valley floor")

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4),
                         gridspec_kw={"width_ratios": [1.2, 1]})
draw_bowl(axes[0], x, y, best)
for color, (name, (_lr, path, n)) in zip(fdl.PALETTE, chosen.items(),
                                         strict=False):
    axes[0].plot(*path.T, "-o", color=color, markersize=1.5,
                 linewidth=1, label=name)
    gap = loss(path, x, y) - best_loss
    axes[1].semilogy(np.arange(len(gap)), np.maximum(gap, 1e-16),
                     color=color, label=f"{name} ({n} steps)")
axes[0].legend(fontsize=8, loc="upper right")
gap0 = float(loss(np.array(START), x, y)) - best_loss
axes[1].axhline(TOL * gap0, color=fdl.LIGHT["muted"], linewidth=1,
                linestyle="--")
axes[1].set_xlim(0, STEPS)
axes[1].set_ylim(1e-8, 1e2)
axes[1].set_xlabel("step")
axes[1].set_ylabel("loss above the minimum")
axes[1].legend(fontsize=8, title="steps to arrive", title_fontsize=8)
fig.tight_layout()
fdl.show(fig, "optimisers")
