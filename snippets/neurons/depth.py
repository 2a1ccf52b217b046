"""Points inside or outside a turned square, learned by stacks of 1 to 5
layers: without an activation every stack is one linear layer in disguise
(its boundary is a straight line, or none); with a ReLU after each hidden
layer the boundary bends around the square."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from neurons._nn import (
    ANGLE,
    HALF_SIDE,
    collapse,
    fit,
    linear_layers,
    mlp,
    scores,
    square_points,
)

DEPTHS = (1, 2, 3, 4, 5)
WIDTH, STEPS, LR = 16, 500, 0.02
X, y = square_points(600, 1)
X_test, y_test = square_points(4000, 2)
fdl.value("n_train", len(X))
fdl.value("n_test", len(X_test))
fdl.value("width", WIDTH)
fdl.value("steps", STEPS)
fdl.value("share_inside", float(y.mean()))  # of the training points
N_DRAWN = 150  # the figure draws the inside points among the first 150
fdl.value("n_drawn", N_DRAWN)

nets, acc = {}, {}
for layers in DEPTHS:
    for relu in (False, True):
        if layers == 1 and relu:  # one layer has no hidden layer to bend
            nets[1, True], acc[1, True] = nets[1, False], acc[1, False]
            continue
        torch.manual_seed(fdl.SEED + layers)
        net = mlp(layers, WIDTH, relu)
        fit(net, X, y, STEPS, LR)
        nets[layers, relu] = net
        acc[layers, relu] = float(
            (scores(net, X_test).argmax(1) == y_test).mean())
        fdl.value(f"acc_{'relu' if relu else 'linear'}_{layers}",
                  acc[layers, relu])

# %%
# every linear stack is one linear layer: multiply it out and compare
diffs, n_params = [], {}
for layers in DEPTHS:
    Ws, bs = linear_layers(nets[layers, False])
    W, b = collapse(Ws, bs)
    diffs.append(np.abs(scores(nets[layers, False], X_test)
                        - (X_test @ W.T + b)).max())
    n_params[layers] = sum(w.size + v.size for w, v in zip(Ws, bs,
                                                            strict=True))
max_diff = float(max(diffs))
fdl.value("max_diff", max_diff)
fdl.value("params_linear_5", n_params[5])
fdl.value("params_collapsed", W.size + b.size)
fdl.check("stacks_collapse", max_diff < 1e-4,
          detail=f"largest |stack - collapsed| score gap {max_diff:.2e}")

lin = [acc[d, False] for d in DEPTHS]
relu_deep = [acc[d, True] for d in DEPTHS if d > 1]
majority = float(max(y_test.mean(), 1 - y_test.mean()))
fdl.value("majority", majority)
fdl.value("linear_min", min(lin))
fdl.value("linear_max", max(lin))
fdl.value("relu_min", min(relu_deep))
fdl.value("relu_max", max(relu_deep))
g = np.linspace(-1, 1, 121)
grid = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
all_outside = all(
    (scores(nets[d, False], pts).argmax(1) == 0).all()
    for d in DEPTHS for pts in (grid, X_test))
fdl.value("linear_summary",
          f'Every linear stack answers "outside" everywhere in the square '
          f'from -1 to 1, so each scores {majority:.1%} on the test points, '
          f'the same as always answering "outside"' if all_outside else
          f'The linear stacks score {min(lin):.1%} to {max(lin):.1%} on the '
          f'test points at every depth, no better than always answering '
          f'"outside" ({majority:.1%})')
fdl.check("linear_near_majority", max(lin) <= majority,
          detail=f"linear stacks {min(lin):.3f}-{max(lin):.3f}, "
                 f"always 'outside' {majority:.3f}, all answer 'outside' "
                 f"on the grid and test points: {all_outside}")
fdl.check("relu_ahead", min(relu_deep) > max(lin) + 0.1,
          detail=f"ReLU stacks (2-5 layers) {min(relu_deep):.3f}-"
                 f"{max(relu_deep):.3f}, linear {max(lin):.3f} at most")

# %%
a = np.deg2rad(ANGLE)
corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]])
turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
outline = HALF_SIDE * corners @ turn.T


def draw(layers):
    """The regions each kind of stack of ``layers`` layers calls inside."""
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.5))
    for ax, relu in zip(axes, (False, True), strict=True):
        inside = scores(nets[layers, relu], grid).argmax(1).reshape(
            len(g), len(g))
        ax.imshow(inside, extent=(-1, 1, -1, 1), origin="lower",
                  cmap="Blues", vmin=0, vmax=2.5, alpha=0.9)
        ax.plot(*outline.T, color=fdl.PALETTE[1], linewidth=2,
                label="the square")
        shown = X[:N_DRAWN][y[:N_DRAWN] == 1]
        ax.scatter(*shown.T, s=6, color=fdl.LIGHT["ink"],
                   label=f"inside, of the first {N_DRAWN} training points",
                   rasterized=True)
        kind = "ReLU after each hidden layer" if relu else "no activation"
        if layers == 1:
            kind = "one linear layer"
        ax.set_title(f"{kind}\ntest accuracy {acc[layers, relu]:.1%}",
                     fontsize=10)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        ax.set_aspect("equal")
        ax.grid(False)
        ax.tick_params(labelsize=8)
    axes[0].legend(loc="lower left", fontsize=7, framealpha=0.9)
    shape = (f"{layers} layers, {WIDTH} units in each hidden layer"
             if layers > 1 else "1 layer: 2 inputs to 2 scores")
    fig.suptitle(f"{shape} (shaded: where the network says \"inside\")",
                 fontsize=10)
    fig.tight_layout()
    return fig


fdl.frames("depth", draw, list(DEPTHS), label="Layers", default=2)
