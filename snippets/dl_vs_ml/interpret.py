"""Reading models trained on MNIST digits: a linear model's weights are one
picture per digit; a CNN's first-layer weights are small filters;
gradient-times-input maps of the trained CNN beside the same maps from a
CNN with random weights (the sanity check)."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from scipy import ndimage
from sklearn.linear_model import LogisticRegression

import fdl
from dl_vs_ml._digits import (
    CNN,
    load_mnist,
    predict_net,
    scaling_experiment,
    split,
)

X, y = load_mnist()
pool, test = split(y)
record = fdl.cached(scaling_experiment)
idx = record["cnn_fit_idx"]  # the CNN's own training images
linear = LogisticRegression(C=0.05, max_iter=300)
linear.fit(X[idx].reshape(len(idx), -1), y[idx])
fdl.value("linear_acc", linear.score(X[test].reshape(len(test), -1),
                                     y[test]))
net = CNN()
net.load_state_dict(record["cnn_state"])
fdl.value("cnn_acc", float((predict_net(net, X[test]) == y[test]).mean()))
fdl.value("n_train", len(idx))

# the weights for 0: on the ring where zeros have ink, and in its hole
w0 = linear.coef_[0].reshape(28, 28)
ring = X[idx][y[idx] == 0].mean(0) > 0.3
hole = ndimage.binary_fill_holes(ring) & ~ring
fdl.value("w0_ring", float(w0[ring].mean()))
fdl.value("w0_hole", float(w0[hole].mean()))
sign = {True: "positive", False: "negative"}
fdl.value("ring_sentence", (
    f"its weights for 0 are on average {sign[w0[ring].mean() > 0]} on the "
    f"ring where zeros have ink and {sign[w0[hole].mean() > 0]} in the "
    "hole inside it"))


# %%
def grad_x_input(model, images):
    """Gradient of the predicted class's score times the input."""
    x = torch.from_numpy(images[:, None]).requires_grad_(True)
    out = model(x)
    out.gather(1, out.argmax(1, keepdim=True)).sum().backward()
    return (x.grad * x).detach()[:, 0].numpy()


def median_corr(a, b):
    """Median over images of the correlation of two maps of each."""
    return float(np.median([np.corrcoef(u, v)[0, 1]
                            for u, v in zip(a, b, strict=True)]))


fdl.seed(1)
random_net = CNN()
examples = X[test][::100][:5]  # the first test image of each of 5 digits
maps = grad_x_input(net, examples)
random_maps = grad_x_input(random_net, examples)
sample = X[test][::10]
a = np.abs(grad_x_input(net, sample)).reshape(len(sample), -1)
b = np.abs(grad_x_input(random_net, sample)).reshape(len(sample), -1)
ink = sample.reshape(len(sample), -1)
r, r_trained_ink, r_random_ink = (median_corr(a, b), median_corr(a, ink),
                                  median_corr(b, ink))
fdl.value("sanity_corr", r)
fdl.value("trained_ink_corr", r_trained_ink)
fdl.value("random_ink_corr", r_random_ink)
fdl.value("n_sanity", len(sample))
fdl.value("ink_sentence", (
    "much of what gradient times input shows is the digit's own ink, which "
    "any network highlights (it is zero wherever the input is zero)"
    if min(r_trained_ink, r_random_ink) > 0.5 else
    "the maps follow the digit's ink only in part"))

# %%
fig, axes = plt.subplots(4, 10, figsize=(9.5, 4.6))
for d in range(10):
    w = linear.coef_[d].reshape(28, 28)
    lim = np.abs(w).max()
    axes[0, d].imshow(w, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[0, d].set_title(f"{d}", fontsize=9)
w1 = net[0].weight.detach()[:, 0].contiguous().numpy()
for c in range(8):
    lim = np.abs(w1[c]).max()
    axes[1, c].imshow(w1[c], cmap="RdBu_r", vmin=-lim, vmax=lim)
for k in range(5):
    axes[2, 2 * k].imshow(examples[k], cmap="gray_r")
    for row, m in ((2, maps[k]), (3, random_maps[k])):
        lim = np.abs(m).max()
        axes[row, 2 * k + 1].imshow(m, cmap="RdBu_r", vmin=-lim, vmax=lim)
    axes[3, 2 * k].imshow(examples[k], cmap="gray_r")
labels = ["linear model:\nweights of\neach digit", "CNN: first-layer\n"
          "weights (5 x 5)", "trained CNN:\ndigit, grad x input",
          "random CNN:\ndigit, grad x input"]
for row, label in enumerate(labels):
    axes[row, 0].set_ylabel(label, fontsize=8, rotation=0, ha="right",
                            va="center")
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
for ax in axes[1, 8:]:
    ax.set_visible(False)
fig.tight_layout(h_pad=0.4, w_pad=0.2)
fdl.show(fig, "interpret")
