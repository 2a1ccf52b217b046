"""Exercise 2: gradient descent at exactly the limit, a learning rate of
2 / (the steepest curvature): across the valley each step lands at the
same distance on the other side, so the path bounces between two lines for
ever while it slides along the floor."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    STEPS,
    arrival,
    descend,
    draw_bowl,
    grad,
    hessian,
    load_disk,
    loss,
    minimum,
)

x, y, _ = load_disk(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
best = minimum(x, y)
best_loss = float(loss(best, x, y))
lam, vec = np.linalg.eigh(hessian(x))
lr = 2 / lam[1]  # a share of 1.0 of the limit
path = descend(lambda t: grad(t, x, y), START, lr)
losses = loss(path, x, y)
across = (path - best) @ vec[:, 1]  # along the steepest direction
along = (path - best) @ vec[:, 0]  # along the valley floor
fdl.value("lr", float(lr))
fdl.value("factor_max", float(1 - lr * lam[1]))
fdl.value("factor_min", float(1 - lr * lam[0]))
fdl.value("across_0", float(abs(across[0])))
fdl.value("across_end", float(abs(across[-1])))
fdl.value("along_0", float(abs(along[0])))
fdl.value("along_end", float(abs(along[-1])))
left = float((losses[-1] - best_loss) / (losses[0] - best_loss))
fdl.value("left", left)
# what is left is the bounce: curvature lam_max times across^2 / 2
fdl.value("bounce_loss", float(lam[1] * across[0] ** 2 / 2))
fdl.value("gap_end", float(losses[-1] - best_loss))
bounce_share = float(lam[1] * across[-1] ** 2 / 2 / (losses[-1] - best_loss))
fdl.value("bounce_share", bounce_share)
ratio = np.abs(across[1:] / across[:-1])
flips = bool((np.sign(across[1:]) != np.sign(across[:-1])).all())
fdl.check(
    "bounces",
    flips
    and np.abs(ratio - 1).max() < 1e-9
    and len(path) == STEPS + 1
    and arrival(losses, best_loss) is None
    and abs(along[-1]) < 0.01 * abs(along[0])
    and bounce_share > 0.99,
    detail=f"|across| ratio per step {ratio.min():.12f}-"
    f"{ratio.max():.12f}, sign flips every step {flips}, "
    f"along {along[0]:.3g} -> {along[-1]:.3g}, loss gap "
    f"{losses[-1] - best_loss:.4g}",
)

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.4), gridspec_kw={"width_ratios": [1.2, 1]}
)
draw_bowl(axes[0], x, y, best)
axes[0].plot(*path.T, "-o", color=fdl.PALETTE[1], markersize=2, linewidth=0.6)
axes[0].plot(*START, "o", color=fdl.PALETTE[2])
axes[0].set_title(f"learning rate {lr:.4g} = 1 x 2/curvature", fontsize=10)
steps = np.arange(len(path))
axes[1].semilogy(
    steps, np.abs(across), color=fdl.PALETTE[1], label="across the valley"
)
axes[1].semilogy(
    steps,
    np.maximum(np.abs(along), 1e-16),
    color=fdl.PALETTE[0],
    label="along the floor",
)
axes[1].set_xlim(0, STEPS)
axes[1].set_xlabel("step")
axes[1].set_ylabel("distance to the minimum")
axes[1].legend(fontsize=8)
fig.tight_layout()
fdl.show(fig, "edge")
