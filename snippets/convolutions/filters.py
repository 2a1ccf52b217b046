"""A photograph of a cat convolved with four hand-made filters: Sobel
filters for vertical and horizontal edges, a 5 x 5 blur and a sharpening
filter, each shown beside its output."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from convolutions._conv import (
    FILTERS,
    convolve,
    convolve_by_hand,
    load_photo,
    output_size,
)

photo = load_photo()
h, w = photo.shape
fdl.value("photo_h", h)
fdl.value("photo_w", w)
fdl.value("n_pixels", h * w)
k3 = FILTERS["vertical edges"]
out = {name: convolve(photo, k) for name, k in FILTERS.items()}
fdl.value("edge_h", out["vertical edges"].shape[0])
fdl.value("edge_w", out["vertical edges"].shape[1])
fdl.value("blur_h", out["blur"].shape[0])
fdl.value("blur_w", out["blur"].shape[1])
fdl.value("weights_per_filter", k3.size)
fdl.value("weights_blur", FILTERS["blur"].size)

# one output value by hand: the patch at the top left times the kernel
patch = photo[:3, :3]
fdl.value("patch", "; ".join(" ".join(f"{v:.2f}" for v in row)
                             for row in patch))
fdl.value("hand_value", float((patch * k3).sum()))
fdl.value("library_value", float(out["vertical edges"][0, 0]))
fdl.check("hand_value_matches_library",
          bool(abs((patch * k3).sum() - out["vertical edges"][0, 0]) < 1e-5),
          detail=f"by hand {(patch * k3).sum():.6f}, PyTorch "
          f"{out['vertical edges'][0, 0]:.6f}")
crop = photo[100:140, 150:200]
diff = np.abs(convolve(crop, k3, 2, 1) - convolve_by_hand(crop, k3, 2, 1))
fdl.check("library_matches_hand_loops", bool(diff.max() < 1e-5),
          detail=f"largest difference {diff.max():.2e} on a 40 x 50 crop "
          "(stride 2, padding 1)")
fdl.check("valid_sizes_follow_formula", all(
    out[name].shape == (output_size(h, k.shape[0]),
                        output_size(w, k.shape[1]))
    for name, k in FILTERS.items()), detail=str(
        {name: o.shape for name, o in out.items()}))
edges = np.abs(out["vertical edges"])
fdl.value("edge_share", float((edges > 0.25).mean()))

# %%
# dpi sets only the resolution of the rasterized photographs in the SVG
# (text and lines stay vector): 60 keeps the page light
fig, axes = plt.subplots(2, 5, figsize=(11, 4.4), dpi=60,
                         gridspec_kw={"height_ratios": [1, 2.2]})
axes[1, 0].imshow(photo, cmap="gray", vmin=0, vmax=1, rasterized=True)
axes[1, 0].set_title(f"photograph\n{h} x {w}", fontsize=9)
axes[0, 0].axis("off")
for col, (name, k) in enumerate(FILTERS.items(), start=1):
    lim = np.abs(k).max()
    axes[0, col].imshow(k, cmap="RdBu_r", vmin=-lim, vmax=lim)
    if k.shape[0] <= 3:
        for (i, j), v in np.ndenumerate(k):
            axes[0, col].text(j, i, f"{v:g}", ha="center", va="center",
                              fontsize=8, color="white" if abs(v) >= 2
                              else fdl.LIGHT["ink"])
    axes[0, col].set_title(f"{name}\n{k.shape[0]} x {k.shape[1]} filter",
                           fontsize=9)
    o = out[name]
    if "edges" in name:
        lim = float(np.percentile(np.abs(o), 99))
        axes[1, col].imshow(o, cmap="RdBu_r", vmin=-lim, vmax=lim,
                            rasterized=True)
    else:
        axes[1, col].imshow(o, cmap="gray", vmin=0, vmax=1,
                            rasterized=True)
    axes[1, col].set_title(f"output {o.shape[0]} x {o.shape[1]}",
                           fontsize=9)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.tight_layout()
fdl.show(fig, "filters")
