"""Exercise 3: momentum with BETA set to 0.5 and to 0.99 next to the
chapter's 0.9, each with the best learning rate of ``optimisers.py``'s
grid: how many steps it needs, how often its path crosses the valley floor
and how often its loss rises on the way."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    STEPS,
    TOL,
    arrival,
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
lam, vec = np.linalg.eigh(hessian(x))
edge = 2 / float(lam[1])
SHARES = (0.1, 0.2, 0.5, 1.0)  # optimisers.py's grid for momentum
BETAS = (0.5, 0.9, 0.99)


def g(theta):
    return grad(theta, x, y)


def steps(path):
    """Steps to arrive, or one past the budget when it never does."""
    arrived = arrival(loss(path, x, y), best_loss)
    return STEPS + 1 if arrived is None else arrived


chosen, tried, zigzag = {}, {}, {}
for beta in BETAS:
    tried[beta] = [
        (steps(momentum(g, START, s * edge, beta)), s * edge) for s in SHARES
    ]
    n, lr = min(tried[beta])
    path = momentum(g, START, lr, beta)
    # how far past the minimum it runs along the valley floor, as a share
    # of the start's distance along it; how often its loss rises before
    # it arrives (in all its steps if it never does)
    along = (path - best) @ vec[:, 0]
    across = (path - best) @ vec[:, 1]
    overshoot = max(0.0, float((-along / along[0]).max()))
    rises = int((np.diff(loss(path[: min(n, STEPS) + 1], x, y)) > 0).sum())
    chosen[beta] = (lr, path, n, overshoot, rises)
    # across the valley: sign flips in its first 5 steps, and how much of
    # the start's distance across is left after 10
    zigzag[beta] = (
        int((np.diff(np.sign(across[:6])) != 0).sum()),
        float(np.abs(across[10:]).max() / abs(across[0])),
    )
    key = str(beta).replace(".", "")
    fdl.value(f"lr_{key}", lr)
    fdl.value(f"share_{key}", lr / edge)
    fdl.value(f"steps_{key}", n)
    fdl.value(f"overshoot_{key}", overshoot)
    fdl.value(f"rises_{key}", rises)
fdl.value("grid", ", ".join(f"{s:g}" for s in SHARES))
n = {b: chosen[b][2] for b in BETAS}
over = {b: chosen[b][3] for b in BETAS}
fdl.value(
    "verdict_05",
    "more steps than"
    if n[0.5] > n[0.9]
    else "fewer steps than"
    if n[0.5] < n[0.9]
    else "as many steps as",
)
fdl.check(
    "half_is_calm",
    chosen[0.5][4] <= 2
    and n[0.5] <= STEPS
    and over[0.5] == 0
    and abs(chosen[0.5][0] - edge) < 1e-12
    and zigzag[0.5][0] >= 3
    and zigzag[0.5][1] < 0.1,
    detail=f"beta 0.5: lr {chosen[0.5][0]:.4g} (edge {edge:.4g}), "
    f"{n[0.5]} steps, loss rises at {chosen[0.5][4]}, overshoot "
    f"{over[0.5]:.3f}, across: sign flips in 5 steps, share left after "
    f"10 {zigzag[0.5]}",
)
# the two roots of each direction's step multiply to beta, so the
# distance shrinks at best by sqrt(beta) a step and the loss by beta
fdl.value("bound", 0.99**STEPS)
fdl.value("steps", STEPS)
fdl.check(
    "heavy_never_arrives",
    all(k > STEPS for k, _ in tried[0.99])
    and 0.99**STEPS > TOL
    and over[0.99] > 2 * over[0.9] > 0,
    detail=f"beta 0.99: steps on the grid {tried[0.99]}, bound "
    f"{0.99**STEPS:.3g}, overshoot {over}",
)

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.4), gridspec_kw={"width_ratios": [1.2, 1]}
)
draw_bowl(axes[0], x, y, best)
for color, beta in zip(fdl.PALETTE, BETAS, strict=False):
    lr, path, n, _, _ = chosen[beta]
    axes[0].plot(
        *path.T, "-", color=color, linewidth=1, label=f"beta {beta:g}"
    )
    gap = loss(path, x, y) - best_loss
    done = f"{n} steps" if n <= STEPS else "not arrived"

    axes[1].semilogy(
        np.arange(len(gap)),
        np.maximum(gap, 1e-16),
        color=color,
        linewidth=1,
        label=f"beta {beta:g}, lr {lr:.3g}: {done}",
    )
axes[0].plot(*START, "o", color=fdl.PALETTE[2])
axes[0].legend(fontsize=8, loc="upper right")
gap0 = float(loss(np.array(START), x, y)) - best_loss
axes[1].axhline(
    TOL * gap0, color=fdl.LIGHT["muted"], linewidth=1, linestyle="--"
)
axes[1].set_xlim(0, STEPS)
axes[1].set_ylim(1e-8, 1e2)
axes[1].set_xlabel("step")
axes[1].set_ylabel("loss above the minimum")
axes[1].legend(fontsize=7)
fig.tight_layout()
fdl.show(fig, "beta")
