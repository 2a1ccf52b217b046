"""Exercise 5: the horizontal-edge filter applied to the photograph and to
the blurred photograph. The blur removes fine detail, so thin lines such
as the whiskers fade more than the broad outlines."""

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import fdl
from convolutions._conv import FILTERS, convolve, load_photo

photo = load_photo()
S, B = FILTERS["horizontal edges"], FILTERS["blur"]
edges = convolve(photo, S)  # photograph pixel (i + 1, j + 1) at [i, j]
after = convolve(convolve(photo, B), S)  # pixel (i + 3, j + 3)
fdl.value("edges_shape", f"{edges.shape[0]} by {edges.shape[1]}")
fdl.value("after_shape", f"{after.shape[0]} by {after.shape[1]}")
a0, a1 = np.abs(edges[2:-2, 2:-2]), np.abs(after)  # the same positions
fdl.value("mean_before", float(a0.mean()))
fdl.value("mean_after", float(a1.mean()))
fdl.value("max_before", float(a0.max()))
fdl.value("max_after", float(a1.max()))
fdl.check(
    "weaker_after_blur",
    bool(a1.mean() < a0.mean() and a1.max() < a0.max()),
    detail=f"mean {a0.mean():.3f} to {a1.mean():.3f}, max {a0.max():.3f} "
    f"to {a1.max():.3f}",
)

# %%
# two filters in a row are one filter: blur then edges is one 7 x 7
# kernel, the blur's weights spread by the Sobel filter's
# (the blur convolved with the Sobel filter: zeros around the blur, the
# Sobel filter turned half a turn)
C = convolve(np.pad(B, 2), S[::-1, ::-1])
one = convolve(photo, C)
fdl.value("combined_side", C.shape[0])
# two rows of positive weights, three of zeros, two of negative ones
shape_ok = bool(
    (C[:2] > 0).all() and (C[2:5] == 0).all() and (C[5:] < 0).all()
)
fdl.check(
    "one_combined_filter",
    bool(np.abs(one - after).max() < 1e-5 and shape_ok),
    detail=f"largest difference {np.abs(one - after).max():.2e}",
)

# %%
# a thin line and a broad step of the same contrast, before and after
n = 21
line = np.zeros((n, n), np.float32)
line[n // 2] = 1  # one pixel wide
step = np.zeros((n, n), np.float32)
step[n // 2 :] = 1


def kept(img):
    """Peak edge response after the blur, as a share of before."""
    before = np.abs(convolve(img, S)).max()
    return float(np.abs(convolve(convolve(img, B), S)).max() / before)


fdl.value("kept_line", kept(line))
fdl.value("kept_step", kept(step))
fdl.check(
    "thin_lines_fade_more",
    kept(line) < kept(step),
    detail=f"line keeps {kept(line):.3f}, step {kept(step):.3f}",
)

# %%
# on the photograph: the whiskers (thin lines) and the eyes (broad
# outlines), boxes in photograph pixels (row from, row to, col from, to)
BOXES = {
    "whiskers": (223, 297, 3, 153),
    "left eye": (83, 173, 113, 223),
    "right eye": (103, 183, 273, 353),
}
ratios = {}
for name, (r0, r1, c0, c1) in BOXES.items():
    box = (slice(r0 - 3, r1 - 3), slice(c0 - 3, c1 - 3))
    ratios[name] = float(a1[box].mean() / a0[box].mean())
fdl.value("kept_whiskers", ratios["whiskers"])
fdl.value(
    "kept_eyes",
    ", ".join(f"{ratios[k]:.0%}" for k in ("left eye", "right eye")),
)
fdl.check(
    "whiskers_fade_more",
    ratios["whiskers"] < min(ratios["left eye"], ratios["right eye"]),
    detail=str({k: round(v, 3) for k, v in ratios.items()}),
)

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), dpi=45)
top = float(np.percentile(a0, 99.5))
for ax, img, title in (
    (axes[0], a0, "|horizontal edges| of the photograph"),
    (axes[1], a1, "|horizontal edges| after the 5 x 5 blur"),
):
    ax.imshow(
        img,
        cmap="magma",
        vmin=0,
        vmax=top,
        rasterized=True,
        extent=(3, 3 + img.shape[1], 3 + img.shape[0], 3),
    )
    for r0, r1, c0, c1 in BOXES.values():
        ax.add_patch(
            Rectangle(
                (c0, r0),
                c1 - c0,
                r1 - r0,
                fill=False,
                edgecolor=fdl.PALETTE[2],
                linewidth=1.2,
            )
        )
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.tight_layout()
fdl.show(fig, "blur_edges")
