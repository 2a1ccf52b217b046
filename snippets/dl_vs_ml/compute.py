"""What training costs on the machine that built this page: parameters,
counted training FLOPs and measured time per image for a linear model on
HOG features, an MLP and a CNN, and how a CNN's cost grows with its depth,
its width and the amount of data (log axes)."""
# snippet: measures, threads=1

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

import fdl
from dl_vs_ml._cost import (
    conv_stack,
    n_params,
    slope,
    time_per_image,
    train_flops,
)
from dl_vs_ml._digits import CNN, MLP, features, load_mnist

X_img, y_all = load_mnist()
N = 256
X = torch.from_numpy(X_img[:N, None])
y = torch.from_numpy(y_all[:N])
F = torch.from_numpy(features(X_img[:N]).astype(np.float32))
fdl.value("n_timed", N)

# %%
families = {"HOG + linear": (nn.Linear(F.shape[1], 10), F),
            "MLP": (MLP(), X), "CNN": (CNN(), X)}
cost = {}
for name, (net, inputs) in families.items():
    cost[name] = (n_params(net), train_flops(net, inputs[:1], y[:1]),
                  time_per_image(net, inputs, y))
for name, key in (("HOG + linear", "linear"), ("MLP", "mlp"),
                  ("CNN", "cnn")):
    fdl.value(f"params_{key}", cost[name][0])
    fdl.value(f"flops_{key}", cost[name][1])
    fdl.value(f"us_{key}", cost[name][2] * 1e6)
fdl.value("flops_ratio_cnn_linear",
          cost["CNN"][1] / cost["HOG + linear"][1])
fdl.value("time_ratio_cnn_linear",
          cost["CNN"][2] / cost["HOG + linear"][2])

# %%
depths, widths, sizes = [2, 4, 8, 16], [4, 8, 16, 32], [64, 128, 256, 512]
grow = {}
grow["depth"] = [(train_flops(conv_stack(d, 8), X[:1], y[:1]),
                  time_per_image(conv_stack(d, 8), X[:64], y[:64]))
                 for d in depths]
grow["width"] = [(train_flops(conv_stack(2, w), X[:1], y[:1]),
                  time_per_image(conv_stack(2, w), X[:64], y[:64]))
                 for w in widths]
X_big = torch.from_numpy(X_img[: max(sizes), None])
y_big = torch.from_numpy(y_all[: max(sizes)])
per_image = train_flops(CNN(), X[:1], y[:1])
epoch_time = [time_per_image(CNN(), X_big[:n], y_big[:n], repeats=1) * n
              for n in sizes]
grow["data"] = [(per_image * n, t) for n, t in
                zip(sizes, epoch_time, strict=True)]
xs = {"depth": depths, "width": widths, "data": sizes}
for key in grow:
    f, t = np.array(grow[key]).T
    fdl.value(f"slope_flops_{key}", slope(np.array(xs[key]), f))
    fdl.value(f"slope_time_{key}", slope(np.array(xs[key]), t))

# %%
fig, axes = plt.subplots(1, 4, figsize=(10, 3.3),
                         gridspec_kw={"width_ratios": [1.3, 1, 1, 1]})
names = list(cost)
ax = axes[0]
bars = [("parameters", 0), ("FLOPs / image", 1), ("ns / image", 2)]
for b, (label, i) in enumerate(bars):
    vals = [cost[n][i] * (1e9 if i == 2 else 1) for n in names]
    ax.bar(np.arange(3) + (b - 1) * 0.27, vals, 0.27,
           color=fdl.PALETTE[b], label=label)
ax.set_yscale("log")
ax.set_xticks(np.arange(3), ["HOG +\nlinear", "MLP", "CNN"])
ax.set_title("per model family", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
ax.grid(axis="x", visible=False)
titles = {"depth": "CNN depth (8 channels)",
          "width": "CNN width (2 layers)",
          "data": "training-set size (CNN)"}
xlabels = {"depth": "conv layers", "width": "channels",
           "data": "images per epoch"}
for ax, key in zip(axes[1:], grow, strict=True):
    f, t = np.array(grow[key]).T
    x = np.array(xs[key])
    ax.plot(x, f / f[0], marker="o", color=fdl.PALETTE[1],
            label=f"FLOPs (slope {slope(x, f):.2f})")
    ax.plot(x, t / t[0], marker="s", color=fdl.PALETTE[2],
            linestyle="--", label=f"time (slope {slope(x, t):.2f})")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xticks(x, [str(v) for v in x])
    ax.minorticks_off()
    ax.set_xlabel(xlabels[key])
    ax.set_title(titles[key], fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
axes[1].set_ylabel("cost, relative to the first")
fig.tight_layout()
fdl.show(fig, "compute")
