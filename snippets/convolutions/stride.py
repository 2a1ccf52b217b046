"""The vertical-edge filter slid over the photograph with a growing
stride (move the slider), and the edge map pooled by taking the maximum
or the average of each block."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from convolutions._conv import (
    FILTERS,
    convolve,
    load_photo,
    output_size,
    pool,
)

photo = load_photo()
h, w = photo.shape
k = FILTERS["vertical edges"]
STRIDES = (1, 2, 3, 4, 6, 8)
PADDING = 1
maps = {s: convolve(photo, k, stride=s, padding=PADDING) for s in STRIDES}
fdl.value("strides", ", ".join(str(s) for s in STRIDES))
fdl.value("padding", PADDING)
for s in (1, 2, 8):
    fdl.value(f"h_s{s}", maps[s].shape[0])
    fdl.value(f"w_s{s}", maps[s].shape[1])
fdl.value("outputs_s1", maps[1].size)
fdl.value("outputs_s2", maps[2].size)

# the formula against the library, for every kernel, stride and padding
# of a grid of cases
cases = [(n, kk, s, p) for n in (7, 8, 28, 300) for kk in (1, 3, 5)
         for s in (1, 2, 3) for p in (0, 1, 2)]
mismatch = []
for n, kk, s, p in cases:
    got = convolve(np.zeros((n, 1)), np.ones((kk, 1)), s, p).shape[0]
    if got != output_size(n, kk, s, p):
        mismatch.append((n, kk, s, p))
fdl.value("n_cases", len(cases))
fdl.check("formula_matches_library", not mismatch,
          detail=f"{len(cases)} cases, mismatches: {mismatch}")

# %%
edges = np.abs(maps[1])
POOL = 4
pooled = {kind: pool(edges, POOL, kind) for kind in ("max", "average")}
fdl.value("pool", POOL)
fdl.value("pool_h", pooled["max"].shape[0])
fdl.value("pool_w", pooled["max"].shape[1])
fdl.value("edges_mean", float(edges.mean()))
fdl.value("max_mean", float(pooled["max"].mean()))
fdl.value("avg_mean", float(pooled["average"].mean()))
fdl.check("max_pool_keeps_peaks",
          bool(np.isclose(pooled["max"].max(), edges.max())
               and pooled["average"].max() < pooled["max"].max()),
          detail=f"max of max-pooled {pooled['max'].max():.3f}, of "
          f"average-pooled {pooled['average'].max():.3f}, of the edge map "
          f"{edges.max():.3f}")
fig, axes = plt.subplots(1, 3, figsize=(10, 2.9))
for ax, img, title in (
        (axes[0], edges, f"|vertical edges| {edges.shape[0]} x "
         f"{edges.shape[1]}"),
        (axes[1], pooled["max"], f"max pooling {POOL} x {POOL}: "
         f"{pooled['max'].shape[0]} x {pooled['max'].shape[1]}"),
        (axes[2], pooled["average"], f"average pooling {POOL} x {POOL}: "
         f"{pooled['average'].shape[0]} x {pooled['average'].shape[1]}")):
    ax.imshow(img, cmap="magma", vmin=0, vmax=float(edges.max()),
              rasterized=True)
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
fig.tight_layout()
fdl.show(fig, "pooling")

# %%
lim = float(np.abs(maps[1]).max())


def draw(stride):
    o = maps[stride]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    # drawn on the photograph's own scale: each output covers stride
    # pixels
    ax.imshow(o, cmap="RdBu_r", vmin=-lim, vmax=lim, rasterized=True,
              extent=(0, o.shape[1] * stride, o.shape[0] * stride, 0))
    ax.set_title(f"stride {stride}, padding {PADDING}: output "
                 f"{o.shape[0]} x {o.shape[1]} = {o.size:,d} values",
                 fontsize=10)
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_xlabel("photograph pixels")
    ax.grid(False)
    fig.tight_layout()
    return fig


fdl.frames("stride", draw, list(STRIDES), label="Stride", default=1)
