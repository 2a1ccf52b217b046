"""Gradient descent on the hard-disk line's loss from one start, for
learning rates set as shares of 2 / (the steepest curvature): the path
over the loss's contours and the loss after each step."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    STEPS,
    TOL,
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
lam_max = float(np.linalg.eigvalsh(hessian(x))[-1])
edge = 2 / lam_max
SHARES = (0.02, 0.2, 0.5, 0.9, 0.99, 0.999, 1.01)
fdl.value("edge", edge)
fdl.value("steps", STEPS)
fdl.value("tol", TOL)



def and_list(items):
    """'a', 'a and b', 'a, b and c'."""
    return (", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1
            else items[0])


runs = {}
for share in SHARES:
    path = descend(lambda t: grad(t, x, y), START, share * edge)
    losses = loss(path, x, y)
    runs[share] = (path, losses, arrival(losses, best_loss))


def outcome(share):
    """What the descent at ``share`` of the edge did, in words (the page
    says how many steps each descent had)."""
    path, losses, arrived = runs[share]
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        if len(path) - 1 < STEPS:
            return (f"diverges: after {len(path) - 1} steps a parameter "
                    f"passes a million and the descent stops")
        return (f"diverges: the loss ends at {losses[-1]:.3g}, up from "
                f"{losses[0]:.3g}")
    zig = (" zigzags across the valley and" if zigzags(share) else "")
    if arrived is None:
        left = (losses[-1] - best_loss) / (losses[0] - best_loss)
        return (f"{zig} has not arrived ({left:.1%} of the start's excess "
                f"loss is left)").lstrip()
    return f"{zig} arrives in {arrived} steps".lstrip()


def headline(share):
    """A short title for the loss panel of the descent at ``share``."""
    _path, losses, arrived = runs[share]
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    done = ("not arrived" if arrived is None
            else f"arrives in {arrived} steps")
    return f"zigzags, {done}" if zigzags(share) else done


def zigzags(share):
    """Whether each step overshoots the bottom across the valley: when
    eta lam_max = 2 share passes 1."""
    return share > 0.5


for k, share in enumerate(SHARES):
    fdl.value(f"lr_{k}", share * edge)
    fdl.value(f"share_{k}", share)
    fdl.value(f"outcome_{k}", outcome(share))
arrived = {s: r[2] for s, r in runs.items() if r[2] is not None}
fastest = min(arrived, key=lambda s: arrived[s])
fdl.value("fastest_lr", fastest * edge)
fdl.value("fastest_share", fastest)
fdl.value("fastest_steps", arrived[fastest])
# the smallest rates, those that never overshoot, and whether any arrives
small = [s for s in SHARES if not zigzags(s)]
words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
fdl.value("small_rates",
          (f"The {words[len(small)]} smallest learning rates, "
           f"{and_list([f'{s * edge:.4g}' for s in small])} "
           f"({and_list([f'{s:g}' for s in small])} of the limit), are"
           if len(small) > 1 else
           f"The smallest learning rate, {small[0] * edge:.4g} "
           f"({small[0]:g} of the limit), is"))
fdl.value("small_none", {1: "it does not arrive", 2: "neither arrives"}.get(
    len(small), "none arrives"))
fdl.check("small_slow", len(small) >= 1
          and small == list(SHARES[:len(small)])
          and all(runs[s][2] is None for s in small),
          detail=f"no zigzag below share {max(small)}; "
                 f"arrivals {[runs[s][2] for s in SHARES]}")
fdl.check("beyond_edge_diverges",
          runs[SHARES[-1]][1][-1] > runs[SHARES[-1]][1][0]
          and all(runs[s][1][-1] < runs[s][1][0] for s in SHARES[:-1]),
          detail=f"final losses {[f'{runs[s][1][-1]:.3g}' for s in SHARES]}")
late = runs[SHARES[-2]][2]  # just below the limit
fdl.check("fastest_near_edge",
          0.5 < fastest < 1 and fastest != SHARES[-2]
          and (late is None or late > arrived[fastest]),
          detail=f"fastest share {fastest}, arrivals {arrived}")


# %%
def draw(share):
    """The path and the loss curve at one learning rate."""
    path, losses, _ = runs[share]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4),
                             gridspec_kw={"width_ratios": [1.2, 1]})
    draw_bowl(axes[0], x, y, best)
    axes[0].plot(*path.T, "-o", color=fdl.PALETTE[1], markersize=2,
                 linewidth=1)
    axes[0].plot(*START, "o", color=fdl.PALETTE[2])
    axes[0].set_title(f"learning rate {share * edge:.4g} "
                      f"= {share:g} x 2/curvature", fontsize=10)
    gap = losses - best_loss
    axes[1].semilogy(np.arange(len(gap)), np.maximum(gap, 1e-16),
                     color=fdl.PALETTE[1])
    axes[1].axhline(TOL * gap[0], color=fdl.LIGHT["muted"], linewidth=1,
                    linestyle="--")
    axes[1].text(STEPS, TOL * gap[0], "arrived", ha="right", va="bottom",
                 fontsize=8, color=fdl.LIGHT["muted"])
    axes[1].set_xlim(0, STEPS)
    axes[1].set_ylim(1e-5, 1e4)
    axes[1].set_xlabel("step")
    axes[1].set_ylabel("loss above the minimum")
    axes[1].set_title(headline(share), fontsize=9, pad=12)
    fig.tight_layout()
    return fig


fdl.frames("descent", draw, list(SHARES), label="Learning rate",
           default=4, fmt="{:g} x 2/curvature")
