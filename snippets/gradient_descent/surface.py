"""A real two-parameter model: a straight line through the log10 of
hard-disk prices per terabyte (chapter 3's data) against time, and its
loss, the mean squared error, over every slope and intercept: a long,
narrow bowl."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    draw_bowl,
    hessian,
    load_disk,
    loss,
    minimum,
)

x, y, first = load_disk(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
best = minimum(x, y)
lam = np.linalg.eigvalsh(hessian(x))
fdl.value("n_points", len(x))
fdl.value("first_year", first)
fdl.value("last_year", int(round(first + 10 * x.max())))
fdl.value("w_best", float(best[0]))
fdl.value("b_best", float(best[1]))
fdl.value("fall_per_decade", float(10 ** -best[0]))
fdl.value("loss_best", float(loss(best, x, y)))
fdl.value("loss_start", float(loss(np.array(START), x, y)))
fdl.value("w_start", START[0])
fdl.value("b_start", START[1])
fdl.value("lam_min", float(lam[0]))
fdl.value("lam_max", float(lam[1]))
fdl.value("condition", float(lam[1] / lam[0]))
fdl.check("bowl_narrow", lam[1] / lam[0] > 10,
          detail=f"curvatures {lam[0]:.3f} and {lam[1]:.2f}")

# what makes it narrow: the two parameters' own curvatures (the diagonal)
# differ far less than the condition number; measuring x from its mean
# removes their coupling (the off-diagonal mean of x) and most of it
H = hessian(x)
diag_ratio = float(H[0, 0] / H[1, 1])
lam_c = np.linalg.eigvalsh(hessian(x - x.mean()))
condition_centred = float(lam_c[1] / lam_c[0])
fdl.value("x_mean", float(x.mean()))
fdl.value("diag_ratio", diag_ratio)
fdl.value("condition_centred", condition_centred)
fdl.check("narrow_from_coupling",
          condition_centred < lam[1] / lam[0] / 10
          and diag_ratio < lam[1] / lam[0] / 5,
          detail=f"condition {lam[1] / lam[0]:.1f}, diagonal ratio "
                 f"{diag_ratio:.2f}, centred condition "
                 f"{condition_centred:.2f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
axes[0].plot(first + 10 * x, y, "o", markersize=3, color=fdl.PALETTE[0],
             label="hard disks")
xx = np.linspace(0, x.max(), 2)
axes[0].plot(first + 10 * xx, best[0] * xx + best[1],
             color=fdl.PALETTE[1], label="least-squares line")
axes[0].set_xlabel("year")
axes[0].set_ylabel("log10 of US\\$ per TB (2020 \\$)")
axes[0].legend(fontsize=8)
draw_bowl(axes[1], x, y, best)
axes[1].plot(*START, "o", color=fdl.PALETTE[2], label="start")
axes[1].legend(fontsize=8, loc="upper right")
axes[1].set_title("loss: contours of the mean squared error", fontsize=10)
fig.tight_layout()
fdl.show(fig, "surface")
