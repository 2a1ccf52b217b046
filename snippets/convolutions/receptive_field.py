"""The receptive field of chapter 1's CNN growing layer by layer (move the
slider): the input pixels that can reach one unit in the middle of each
layer, by the formula and by the gradient of the trained network."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Rectangle
from torch import nn

import fdl
from convolutions._conv import output_size, receptive_fields
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import CLASSES, draw_shape

net = load_shape_cnn(fdl.cached(train_shape_cnn))
# chapter 1's CNN, layer by layer: (name, kernel, stride, padding)
LAYERS = [("conv1", 5, 1, 2), ("pool1", 2, 2, 0), ("conv2", 3, 1, 1),
          ("pool2", 2, 2, 0), ("conv3", 3, 1, 1), ("pool3", 2, 2, 0)]
fields = receptive_fields([(k, s) for _, k, s, _ in LAYERS])
SIDE = 32
sizes, n = [], SIDE
for _, k, s, p in LAYERS:
    n = output_size(n, k, s, p)
    sizes.append(n)
table = [f"{name} {f} x {f} (jump {j}, output {m} x {m})"
         for (name, *_), (f, j), m in zip(LAYERS, fields, sizes,
                                          strict=True)]
fdl.value("rf_table", "; ".join(table))
for (name, *_), (f, j) in zip(LAYERS, fields, strict=True):
    fdl.value(f"rf_{name}", f)
    fdl.value(f"jump_{name}", j)
fdl.value("side", SIDE)
fdl.value("last_size", sizes[-1])
fdl.value("last_units", sizes[-1] ** 2)

# %%
# how much of the drawing the last layer's units see: the part of each
# unit's field that lies on the drawing (the rest is padding), and the
# share of drawings whose ink lies wholly inside one unit's field
f_last, j_last = fields[-1]
starts = [i * j_last - (f_last - j_last) // 2 for i in range(sizes[-1])]
spans = [(max(a, 0), min(a + f_last, SIDE)) for a in starts]
seen = [b - a for a, b in spans]
whole = [i for i, v in enumerate(seen) if v == f_last]
edge = min(seen)
if len(whole) == len(seen):
    seen_words = "and every one of them lies wholly on the drawing"
else:
    others = sorted({v for v in seen if v != edge}, reverse=True)
    seen_words = (
        f"but only the middle {len(whole)} by {len(whole)} units' fields lie "
        f"wholly on the {SIDE}-pixel drawing; the corner units see {edge} "
        f"by {edge} "
        "pixels of it" + (f" and the others along the sides {edge} by "
                          f"{others[0]}" if others else "")
        if whole else
        f"but none of them lies wholly on the {SIDE}-pixel drawing; the "
        f"corner units see {edge} by {edge} pixels of it")
N_PER_STYLE = 400
STYLES = ("clean", "rotated", "scaled")
draw_rng = np.random.default_rng(0)
fits, extent = {}, []
for style in STYLES:
    inside = []
    for i in range(N_PER_STYLE):
        ink = draw_shape(CLASSES[i % len(CLASSES)], style, draw_rng) > 0
        rows, cols = np.nonzero(ink)
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
        if style == "clean":
            extent.append(max(r1 - r0, c1 - c0))
        inside.append(any(a <= r0 and r1 <= b for a, b in spans)
                      and any(a <= c0 and c1 <= b for a, b in spans))
    fits[style] = float(np.mean(inside))
typical = float(np.median(extent))
fdl.value("fit_share_clean", fits["clean"])
fdl.value("typical_extent", typical)
size_words = (
    "wider than" if f_last > typical else
    "as wide as" if f_last == typical else "narrower than")
fdl.value("field_sentence", (
    f"Each of the last layer's {sizes[-1]} by {sizes[-1]} units has a field "
    f"of {f_last} by {f_last} pixels, {seen_words}. The field is "
    f"{size_words} a typical clean drawing (its ink spans a median of "
    f"{typical:.0f} pixels along its longer side), "
    f"{'yet only' if max(fits['clean'], fits['rotated']) < 0.5 else 'and'}"
    f" {fits['clean']:.0%} of clean drawings and {fits['rotated']:.0%} of "
    f"rotated ones lie wholly inside one unit's field, against "
    f"{fits['scaled']:.0%} of scaled ones ({N_PER_STYLE} drawings of each "
    "style, every shape). A shape need not fit one unit's field: the "
    f"linear classifier after this layer weighs all {sizes[-1] ** 2} "
    "units together"))

# %%
# the pixels that can reach a unit, found by the gradient: the same
# layers with every weight 1 and average instead of max pooling (the same
# kernel and stride, and every input pixel's path is open)
probe_layers: list[nn.Module] = []
for name, k, s, p in LAYERS:
    if name.startswith("conv"):
        conv = nn.Conv2d(1, 1, k, s, p, bias=False)
        nn.init.ones_(conv.weight)
        probe_layers.append(conv)
    else:
        probe_layers.append(nn.AvgPool2d(k, s))


def support(layers, x, depth):
    """Height and width of the input region whose gradient is non-zero for
    the unit nearest the middle of layer ``depth``."""
    x = x.clone().requires_grad_()
    h = x
    for layer in layers[: depth + 1]:
        h = layer(h)
    m = h.shape[-1] // 2
    h[0, :, m, m].sum().backward()
    g = x.grad[0].abs().sum(0).numpy()
    rows, cols = np.nonzero(g)
    return (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1,
            rows.min(), cols.min(), g)


big = torch.ones(1, 1, 64, 64)  # room for the whole field, no padding
measured = [support(probe_layers, big, d)[:2] for d in range(len(LAYERS))]
fdl.check("formula_matches_gradient",
          all(a == b == f for (a, b), (f, _) in zip(measured, fields,
                                                    strict=True)),
          detail=f"gradient {measured}, formula {[f for f, _ in fields]}")

# the trained network: which pixels its gradient actually reaches, for
# one drawing
rng = np.random.default_rng(3)
X = draw_shape("triangle", "clean", rng)
x = torch.from_numpy(X)[None, None]
# the trained layers grouped as LAYERS (a conv with its ReLU)
groups = [nn.Sequential(net.conv1, net.relu), net.pool,
          nn.Sequential(net.conv2, net.relu), net.pool,
          nn.Sequential(net.conv3, net.relu), net.pool]
maps, shares = [], []
for d in range(len(LAYERS)):
    xx = x.clone().requires_grad_()
    h = xx
    for g in groups[: d + 1]:
        h = g(h)
    m = h.shape[-1] // 2
    c = int(h[0, :, m, m].argmax())  # the most active channel there
    h[0, c, m, m].backward()
    grad = xx.grad[0, 0].abs().numpy()
    maps.append((grad, h[0, c].detach().numpy(), c, m))
    f = fields[d][0]
    lo = m * fields[d][1] - (f - fields[d][1]) // 2  # top-left of field
    inside = np.zeros_like(grad, dtype=bool)
    inside[max(lo, 0) : lo + f, max(lo, 0) : lo + f] = True
    shares.append(float(grad[inside].sum() / max(grad.sum(), 1e-12)))
fdl.check("trained_gradient_inside_field", all(s > 0.999 for s in shares),
          detail=f"share of the gradient inside the field: {shares}")


# %%
def draw(name):
    depth = [layer[0] for layer in LAYERS].index(name)
    grad, fmap, c, m = maps[depth]
    f, j = fields[depth]
    lo = m * j - (f - j) // 2
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.7))
    fig.subplots_adjust(top=0.84, bottom=0.03, left=0.02, right=0.98,
                        wspace=0.08)
    axes[0].imshow(X, cmap="gray_r", vmin=0, vmax=1)
    axes[0].add_patch(Rectangle((lo - 0.5, lo - 0.5), f, f, fill=False,
                                edgecolor=fdl.PALETTE[1], linewidth=2))
    axes[0].set_title(f"input {SIDE} x {SIDE}: field of one {name} "
                      f"unit\n{f} x {f} pixels", fontsize=9)
    axes[1].imshow(grad / max(grad.max(), 1e-12), cmap="magma",
                   vmin=0, vmax=1)
    axes[1].add_patch(Rectangle((lo - 0.5, lo - 0.5), f, f, fill=False,
                                edgecolor=fdl.PALETTE[2], linewidth=1.5))
    axes[1].set_title("|gradient| of that unit\n(trained network)",
                      fontsize=9)
    axes[2].imshow(fmap, cmap="viridis")
    axes[2].plot(m, m, "s", markersize=7, mfc="none",
                 color=fdl.PALETTE[1], markeredgewidth=2)
    axes[2].set_title(f"{name}, channel {c + 1}: {fmap.shape[0]} x "
                      f"{fmap.shape[1]}\n(the unit boxed)", fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


fdl.frames("field", draw, [layer[0] for layer in LAYERS], label="Layer",
           default=len(LAYERS) - 2)
