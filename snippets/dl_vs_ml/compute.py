"""What the four pipelines of the data-scaling experiment cost on the
machine that built this page (training on the same images, whole
procedure; classifying one image, with its FLOPs), and how a CNN's cost
grows with its depth, its width and the amount of data (log axes)."""
# snippet: measures, threads=1

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_vs_ml._cost import (
    HOG_OPS_PER_PIXEL,
    best_time,
    conv_stack,
    forward_flops,
    hog_ops,
    linear_predict_ops,
    n_params,
    slope,
    svm_predict_ops,
    time_per_image,
    train_flops,
)
from dl_vs_ml._digits import (
    CNN,
    MLP,
    draw,
    features,
    fit_classical,
    fit_net,
    images,
    load_mnist,
    predict_net,
    split,
)

X_img, y_all = load_mnist()
pool, test = split(y_all)
N = 1600
fit, val = draw(pool, N, seed=0)
fdl.value("n_timed", N)
fdl.value("hog_ops_per_pixel", HOG_OPS_PER_PIXEL)

# %%
# training, whole procedure as in the experiment (one size, one seed),
# and classifying the test images, features included
names = ["HOG + logistic regression", "HOG + SVM (RBF)", "MLP", "CNN"]
train_s, predict_us, predict_ops, params = {}, {}, {}, {}
X_test = X_img[test]
for warm in (MLP(), CNN()):  # the first run of each kind pays set-up costs
    fit_net(warm, X_img[fit][:64], y_all[fit][:64], X_img[val][:16],
            y_all[val][:16])
for name in names:
    fdl.seed(0)
    start = time.perf_counter()
    if name.startswith("HOG"):
        F = features(X_img[fit])
        F_val = features(X_img[val])
        clf, _ = fit_classical(name, F, y_all[fit], F_val, y_all[val])
        train_s[name] = time.perf_counter() - start
        predict_us[name] = best_time(
            lambda clf=clf: clf.predict(features(X_test))) / len(test) * 1e6
        d = F.shape[1]
        if name.endswith("regression"):
            model_ops = linear_predict_ops(d, 10)
            params[name] = clf.coef_.size + clf.intercept_.size
        else:
            model_ops = svm_predict_ops(len(clf.support_), d, 10)
            params[name] = clf.support_vectors_.size + clf.dual_coef_.size
            fdl.value("n_support", len(clf.support_))
        predict_ops[name] = hog_ops(28, 28) + model_ops
    else:
        net = MLP() if name == "MLP" else CNN()
        fdl.value(f"epochs_{name.lower()}",
                  fit_net(net, X_img[fit], y_all[fit], X_img[val],
                          y_all[val]))
        train_s[name] = time.perf_counter() - start
        predict_us[name] = best_time(
            lambda net=net: predict_net(net, X_test)) / len(test) * 1e6
        predict_ops[name] = forward_flops(net, images(X_test[:1]))
        params[name] = n_params(net)
key = {"HOG + logistic regression": "lr", "HOG + SVM (RBF)": "svm",
       "MLP": "mlp", "CNN": "cnn"}
for name in names:
    fdl.value(f"train_s_{key[name]}", train_s[name])
    fdl.value(f"predict_us_{key[name]}", predict_us[name])
    fdl.value(f"predict_ops_{key[name]}", predict_ops[name])
    fdl.value(f"params_{key[name]}", params[name])
fdl.value("hog_ops", hog_ops(28, 28))
cheapest = min(names, key=lambda n: train_s[n])
dearest = max(names, key=lambda n: train_s[n])
fdl.value("train_cheapest", cheapest)
fdl.value("train_dearest", dearest)
fdl.value("train_ratio", train_s[dearest] / train_s[cheapest])
fdl.value("cnn_vs_svm_train", train_s["CNN"] / train_s["HOG + SVM (RBF)"])
ratio = train_s["CNN"] / train_s["HOG + SVM (RBF)"]
fdl.value("train_sentence", (
    f"training the CNN took {ratio:.0f} times as long as HOG + SVM"
    if ratio >= 1.5 else
    f"training the CNN took {1 / ratio:.0f} times less time than HOG + SVM"
    if ratio <= 1 / 1.5 else
    "training the CNN took about as long as HOG + SVM"))
tr = predict_us["HOG + SVM (RBF)"] / predict_us["CNN"]
fdl.value("predict_time_sentence", (
    f"HOG + SVM took {tr:.1f} times as long as the CNN per image" if tr >= 1.2
    else f"the CNN took {1 / tr:.1f} times as long as HOG + SVM per image"
    if tr <= 1 / 1.2 else "HOG + SVM and the CNN took about as long"))
ops_ratio = predict_ops["CNN"] / predict_ops["HOG + SVM (RBF)"]
fdl.value("predict_ops_ratio_cnn_svm", ops_ratio)
fdl.value("predict_sentence", (
    f"the CNN needs {ops_ratio:.1f} times the arithmetic of HOG + SVM to "
    "classify an image" if ops_ratio >= 1 else
    f"the CNN needs {1 / ops_ratio:.1f} times less arithmetic than "
    "HOG + SVM to classify an image"))

# %%
# one training step of a network, per image: counted FLOPs and time
X = torch.from_numpy(X_img[:256, None])
y = torch.from_numpy(y_all[:256])
step = {}
for name, net in (("MLP", MLP()), ("CNN", CNN())):
    step[name] = (train_flops(net, X[:1], y[:1]), time_per_image(net, X, y))
    fdl.value(f"step_flops_{name.lower()}", step[name][0])
    fdl.value(f"step_us_{name.lower()}", step[name][1] * 1e6)
fdl.value("step_flops_ratio", step["CNN"][0] / step["MLP"][0])
fdl.value("step_time_ratio", step["CNN"][1] / step["MLP"][1])
fewer = params["CNN"] < params["MLP"]
more = step["CNN"][0] > step["MLP"][0]
fdl.value("params_sentence", (
    f"The CNN has {'fewer' if fewer else 'more'} parameters than the MLP "
    f"({params['CNN']:,d} against {params['MLP']:,d}) "
    f"{'but' if fewer == more else 'and'} needs "
    f"{step['CNN'][0] / step['MLP'][0]:.1f} times its FLOPs per training "
    "step" + (", because each of its filters is applied at every position "
              "of the image" if fewer and more else "")))
t = step["CNN"][1] / step["MLP"][1]
fdl.value("step_time_sentence", (
    f"in time, one training step per image cost the CNN {t:.1f} times as "
    "much as the MLP"))

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
# FLOPs per epoch are the FLOPs per image times the images: a formula
grow["data"] = [(per_image * n, t) for n, t in
                zip(sizes, epoch_time, strict=True)]
xs = {"depth": depths, "width": widths, "data": sizes}
slopes = {}
for k in grow:
    f, t = np.array(grow[k]).T
    slopes["flops", k] = slope(np.array(xs[k]), f)
    slopes["time", k] = slope(np.array(xs[k]), t)
    fdl.value(f"slope_flops_{k}", slopes["flops", k])
    fdl.value(f"slope_time_{k}", slopes["time", k])


f = np.array(grow["depth"])[:, 0]
per_layer = (f[-1] - f[-2]) / (depths[-1] - depths[-2])
first = f[0] - (depths[0] - 1) * per_layer  # first layer and classifier
fdl.value("flops_per_layer", int(per_layer))
fdl.value("flops_first_layer", int(first))
fdl.value("depth_reason", (
    f"each layer after the first adds {per_layer:,.0f} FLOPs per image, "
    f"while the first, which reads a single channel, costs {first:,.0f} "
    "with the classifier, so doubling the depth more than doubles the "
    "FLOPs" if first < per_layer else
    f"each layer after the first adds {per_layer:,.0f} FLOPs per image, "
    f"and the first costs {first:,.0f} with the classifier"))


def growth(s):
    """How a cost grows with a slope ``s`` on log-log axes, in words."""
    if abs(s - 1) <= 0.1:
        return "in proportion"
    if abs(s - 2) <= 0.15:
        return "with the square"
    return "faster than in proportion" if s > 1 else (
        "more slowly than in proportion")


for k in ("depth", "width", "data"):
    fdl.value(f"time_growth_{k}", growth(slopes["time", k]))
    fdl.value(f"flops_growth_{k}", growth(slopes["flops", k]))
tw, fw = slopes["time", "width"], slopes["flops", "width"]
fdl.value("width_reason", (
    "because each layer connects every input channel to every output "
    "channel" if growth(fw) == "with the square" else
    "although each layer connects every input channel to every output "
    "channel"))
fdl.value("width_time_vs_flops", (
    "more slowly than its FLOPs: wider layers use the processor better "
    "(fewer seconds per FLOP)" if tw < fw - 0.15 else
    "faster than its FLOPs: wider layers use the processor worse" if
    tw > fw + 0.15 else "about as fast as its FLOPs"))
width_ns = [t / f * 1e9 for f, t in grow["width"]]
fdl.value("ns_per_flop_narrow", width_ns[0])
fdl.value("ns_per_flop_wide", width_ns[-1])

# %%
fig, axes = plt.subplots(1, 4, figsize=(11, 3.5),
                         gridspec_kw={"width_ratios": [1.5, 1, 1, 1]})
ax = axes[0]
bars = [("training, whole (s)", train_s, 1),
        ("classifying, \u00b5s / image", predict_us, 1),
        ("classifying, kFLOP / image", predict_ops, 1e-3)]
x = np.arange(len(names))
for b, (label, values, scale) in enumerate(bars):
    ax.bar(x + (b - 1) * 0.27, [values[n] * scale for n in names], 0.27,
           color=fdl.PALETTE[b], label=label)
ax.set_yscale("log")
ax.set_xticks(x, ["HOG +\nlog. reg.", "HOG +\nSVM", "MLP", "CNN"],
              fontsize=8)
ax.set_title(f"per pipeline ({N:,d} training images)", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
ax.grid(axis="x", visible=False)
titles = {"depth": "CNN depth (8 channels)",
          "width": "CNN width (2 layers)",
          "data": "training-set size (CNN)"}
xlabels = {"depth": "conv layers", "width": "channels",
           "data": "images per epoch"}
for ax, k in zip(axes[1:], grow, strict=True):
    f, t = np.array(grow[k]).T
    xk = np.array(xs[k])
    how = "formula" if k == "data" else "counted"
    ax.plot(xk, f / f[0], marker="o", color=fdl.PALETTE[1],
            label=f"FLOPs, {how} (slope {slopes['flops', k]:.2f})")
    ax.plot(xk, t / t[0], marker="s", color=fdl.PALETTE[2],
            linestyle="--",
            label=f"time, measured (slope {slopes['time', k]:.2f})")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xticks(xk, [str(v) for v in xk])
    ax.minorticks_off()
    ax.set_xlabel(xlabels[k])
    ax.set_title(titles[k], fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
axes[1].set_ylabel("cost, relative to the first")
fig.tight_layout()
fdl.show(fig, "compute")
