"""Exercise 2: a Sobel filter turned by 45 degrees, slid over the cat,
beside the same filter turned the other way: each answers to edges that
run along its own diagonal."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from convolutions._conv import FILTERS, convolve, load_photo

# pixels above-left minus pixels below-right: edges that run at 45
# degrees ("/"); mirrored left to right, the other diagonal ("\")
K45 = np.array([[2, 1, 0], [1, 0, -1], [0, -1, -2]], dtype=np.float32)
K135 = K45[:, ::-1].copy()
photo = load_photo()
out45, out135 = convolve(photo, K45), convolve(photo, K135)
fdl.value("kernel", "; ".join(" ".join(f"{v:g}" for v in row) for row in K45))

# %%
# which edge direction it prefers: a ramp whose brightness changes across
# an edge at angle theta (degrees, counter-clockwise from horizontal)
ANGLES = np.arange(0, 180, 15)
y, x = np.mgrid[1:-2:-1, -1:2]  # y up, x right, over one 3 x 3 patch
ramp = [
    np.cos(np.radians(t + 90)) * x + np.sin(np.radians(t + 90)) * y
    for t in ANGLES
]
tuning = np.array([abs((K45 * r).sum()) for r in ramp])
fdl.value("best_angle", int(ANGLES[tuning.argmax()]))
fdl.value("zero_angle", int(ANGLES[tuning.argmin()]))
fdl.check(
    "prefers_45_degrees",
    bool(ANGLES[tuning.argmax()] == 45 and tuning.min() < 1e-6),
    detail=f"response to ramps at {ANGLES.tolist()} degrees: "
    f"{np.round(tuning, 2).tolist()}",
)

# %%
# on the photograph: the edge direction at each pixel from the two Sobel
# filters, at the pixels where the 45-degree filter answers most strongly
gx = convolve(photo, FILTERS["vertical edges"])  # left minus right
gy = convolve(photo, FILTERS["horizontal edges"])  # top minus bottom
rising = np.degrees(np.arctan2(gy, -gx))  # direction of brightening
edge_angle = (rising + 90) % 180
near45 = np.abs((edge_angle - 45 + 90) % 180 - 90) < 45
TOP = 0.05
strong45 = np.abs(out45) >= np.quantile(np.abs(out45), 1 - TOP)
strong = np.hypot(gx, gy) >= np.quantile(np.hypot(gx, gy), 1 - TOP)
fdl.value("top", TOP)
fdl.value("share45", float(near45[strong45].mean()))
fdl.value("share_all", float(near45[strong].mean()))
fdl.check(
    "strong_responses_on_45_degree_edges",
    bool(near45[strong45].mean() > near45[strong].mean() + 0.2),
    detail=f"{near45[strong45].mean():.3f} of its strongest "
    f"responses vs {near45[strong].mean():.3f} of the strongest edges",
)
fdl.value("mean45", float(np.abs(out45).mean()))
fdl.value("mean135", float(np.abs(out135).mean()))

# %%
fig = plt.figure(figsize=(10, 3.2), dpi=45)
grid = fig.add_gridspec(1, 3, width_ratios=[0.5, 1, 1])
ax = fig.add_subplot(grid[0])
ax.imshow(K45, cmap="RdBu_r", vmin=-2.5, vmax=2.5)
for (i, j), v in np.ndenumerate(K45):
    ax.text(
        j,
        i,
        f"{v:g}",
        ha="center",
        va="center",
        fontsize=9,
        color="white" if abs(v) >= 2 else fdl.LIGHT["ink"],
    )
ax.set_title("45-degree filter", fontsize=9)
lim = float(np.percentile(np.abs(out45), 99.5))
for g, o, title in (
    (grid[1], out45, "|45-degree filter| (/ edges)"),
    (grid[2], out135, "|mirrored filter| (\\ edges)"),
):
    ax = fig.add_subplot(g)
    ax.imshow(np.abs(o), cmap="magma", vmin=0, vmax=lim, rasterized=True)
    ax.set_title(title, fontsize=9)
for ax in fig.axes:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.tight_layout()
fdl.show(fig, "diagonal")
