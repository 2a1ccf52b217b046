"""Exercise 1: the hard-disk line with x measured from its mean: the
curvature matrix turns diagonal, the condition number drops to the one
``surface.py`` quotes, and plain gradient descent runs at 0.99 of the new
limit and at the best rate for the new curvatures."""

# %%
import numpy as np

import fdl
from gradient_descent._surface import (
    START,
    arrival,
    descend,
    grad,
    hessian,
    load_disk,
    loss,
    minimum,
)

x, y, first = load_disk(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
xc = x - x.mean()
H = hessian(xc)
lam = np.linalg.eigvalsh(H)
fdl.value("x_mean", float(x.mean()))
fdl.value("var_x", float(xc.var()))
fdl.value("h_ww", float(H[0, 0]))
fdl.value("h_bb", float(H[1, 1]))
fdl.value("h_wb", float(H[0, 1]))
fdl.value("lam_max", float(lam[1]))
fdl.value("lam_min", float(lam[0]))
condition = float(lam[1] / lam[0])
fdl.value("condition", condition)
by_diagonal = max(H[0, 0], H[1, 1]) / min(H[0, 0], H[1, 1])
# surface.py's quoted number, computed its way
lam_s = np.linalg.eigvalsh(hessian(x - x.mean()))
fdl.check(
    "diagonal",
    abs(H[0, 1]) < 1e-12
    and abs(condition - by_diagonal) < 1e-9
    and condition == float(lam_s[1] / lam_s[0]),
    detail=f"H {H.round(4).tolist()}, condition {condition:.4f}",
)

# %%
# the same parameters (w, b) are now the line y = w (x - mean) + b
best, best_c = minimum(x, y), minimum(xc, y)
fdl.value("b_start_orig", START[1] - START[0] * float(x.mean()))
fdl.value("loss_start", float(loss(np.array(START), xc, y)))
fdl.value("loss_start_orig", float(loss(np.array(START), x, y)))
fdl.value("b_best", float(best_c[1]))
fdl.value("y_mean", float(y.mean()))
fdl.check(
    "same_slope_new_intercept",
    abs(best_c[0] - best[0]) < 1e-9 and abs(best_c[1] - y.mean()) < 1e-9,
    detail=f"original {best.round(4)}, centred {best_c.round(4)}",
)

# %%
best_loss = float(loss(best_c, xc, y))
edge = 2 / lam[1]
runs = {}
for name, lr in (("edge", 0.99 * edge), ("best", 2 / (lam[0] + lam[1]))):
    path = descend(lambda t: grad(t, xc, y), START, lr)
    runs[name] = arrival(loss(path, xc, y), best_loss)
    fdl.value(f"lr_{name}", float(lr))
    fdl.value(
        f"steps_{name}",
        runs[name] if runs[name] is not None else "more than the budget",
    )
    # each step multiplies the distance along each curvature by these
    fdl.value(f"factor_{name}_max", float(abs(1 - lr * lam[1])))
    fdl.value(f"factor_{name}_min", float(abs(1 - lr * lam[0])))
fdl.value("share_best", float(2 / (lam[0] + lam[1]) / edge))
fdl.value("edge", float(edge))
fdl.check(
    "held_back_at_edge",
    runs["edge"] is not None
    and runs["best"] is not None
    and runs["best"] < runs["edge"] / 5,
    detail=f"arrivals {runs}",
)
