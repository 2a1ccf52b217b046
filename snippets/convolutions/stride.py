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
fdl.value("kernel", k.shape[0])
# the padding's own edges: the first and last columns of the stride-1 map
# see zeros beside the photograph, which the filter takes for an edge
inner = np.abs(convolve(photo, k))  # no padding: every patch on the photo
border = np.abs(maps[1][:, [0, -1]]).mean(0)
fdl.value("border_left", float(border[0]))
fdl.value("border_right", float(border[1]))
fdl.value("inner_mean", float(inner.mean()))
strong = bool(border.min() > 5 * inner.mean())
fdl.value("border_sentence", (
    f"With padding, the first and last columns are far stronger than the "
    f"rest (mean absolute value {border[0]:.2f} and {border[1]:.2f}, "
    f"against {inner.mean():.3f} where the whole {k.shape[0]} by "
    f"{k.shape[0]} patch lies on the photograph): the filter takes the "
    "step from the photograph to the padding's zeros for an edge. The "
    "colour scale is set by the values inside"
    if strong else
    f"The padded first and last columns (mean absolute value "
    f"{border[0]:.2f} and {border[1]:.2f}) are not far from the rest "
    f"({inner.mean():.3f} where the whole patch lies on the photograph)"))
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
# pooled without padding, so that the padding's edges (above) do not
# dominate the map
edges = inner
POOL = 4
pooled = {kind: pool(edges, POOL, kind) for kind in ("max", "average")}
fdl.value("pool", POOL)
fdl.value("pool_h", pooled["max"].shape[0])
fdl.value("pool_w", pooled["max"].shape[1])
fdl.value("edges_mean", float(edges.mean()))
fdl.value("max_mean", float(pooled["max"].mean()))
fdl.value("avg_mean", float(pooled["average"].mean()))
fdl.value("edge_h", edges.shape[0])
fdl.value("edge_w", edges.shape[1])
fdl.value("peak", float(edges.max()))
# average pooling keeps the mean of what it covers; the rows and columns
# that do not fill a block are dropped
ph, pw = pooled["average"].shape
covered = edges[: ph * POOL, : pw * POOL]
left = [f"{n} {word}{'s' * (n != 1)}" for n, word in
        ((edges.shape[0] - ph * POOL, "row"),
         (edges.shape[1] - pw * POOL, "column")) if n]
avg_keeps = bool(np.isclose(pooled["average"].mean(), covered.mean(),
                            rtol=1e-5))
max_raises = bool(pooled["max"].mean() > edges.mean())
fdl.check("pooled_means", avg_keeps and max_raises,
          detail=f"edge map {edges.mean():.4f}, covered part "
          f"{covered.mean():.4f}, average-pooled "
          f"{pooled['average'].mean():.4f}, max-pooled "
          f"{pooled['max'].mean():.4f}")
fdl.value("dropped", " and ".join(left) if left else "nothing")
fdl.check("max_pool_keeps_peaks",
          bool(np.isclose(pooled["max"].max(), edges.max())
               and pooled["average"].max() < pooled["max"].max()),
          detail=f"max of max-pooled {pooled['max'].max():.3f}, of "
          f"average-pooled {pooled['average'].max():.3f}, of the edge map "
          f"{edges.max():.3f}")
# dpi sets only the rasterized maps' resolution in the SVG (text and lines
# stay vector): 60 keeps the page light
fig, axes = plt.subplots(1, 3, figsize=(10, 2.9), dpi=60)
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
# the colour scale of the values whose patch lies on the photograph (the
# padded border columns are stronger and saturate)
lim = float(inner.max())


def draw(stride):
    o = maps[stride]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    # drawn on the photograph's own scale: each output covers stride
    # pixels
    ax.imshow(o, cmap="RdBu_r", vmin=-lim, vmax=lim,
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
