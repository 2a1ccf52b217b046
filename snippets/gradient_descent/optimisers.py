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
fdl.value("beta", BETA)


def g(theta):
    return grad(theta, x, y)


def steps(path):
    """Steps to arrive, or one past the budget when it never does."""
    arrived = arrival(loss(path, x, y), best_loss)
    return STEPS + 1 if arrived is None else arrived


grids = {
    "gradient descent": ([s * edge for s in (0.5, 0.9, 0.99)],
                         lambda lr: descend(g, START, lr)),
    "momentum": ([s * edge for s in (0.1, 0.2, 0.5, 1.0)],
                 lambda lr: momentum(g, START, lr, BETA)),
    "Adam": ([0.01, 0.03, 0.1, 0.3, 1.0], lambda lr: adam(g, START, lr)),
}
chosen = {}
for name, (lrs, run) in grids.items():
    tried = [(steps(run(lr)), lr) for lr in lrs]
    n, lr = min(tried)
    chosen[name] = (lr, run(lr), n)
    key = {"gradient descent": "gd"}.get(name, name.lower())
    fdl.value(f"{key}_lr", lr)
    fdl.value(f"{key}_steps", n)
    fdl.value(f"{key}_grid", ", ".join(f"{v:.3g}" for v in lrs))
    fdl.value(f"{key}_arrived", n <= STEPS)

n_gd = chosen["gradient descent"][2]
n_mom, n_adam = chosen["momentum"][2], chosen["Adam"][2]
fdl.value("speedup_momentum", n_gd / n_mom)
fdl.value("speedup_adam", n_gd / n_adam)
fdl.check("both_ahead", n_mom < n_gd and n_adam < n_gd and n_gd <= STEPS,
          detail=f"steps: GD {n_gd}, momentum {n_mom}, Adam {n_adam}")

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
