"""The course's shape CNN on new drawings: its six raw scores (logits) for
three of them, the probabilities softmax makes of them, and the
cross-entropy loss each one costs: the most confident right answer, the
least sure right answer, and the largest loss."""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import LABELS, make_dataset
from neurons._nn import cross_entropy, softmax

N_TEST = 600
net = load_shape_cnn(fdl.cached(train_shape_cnn))
X, y, _ = make_dataset(N_TEST, 500, background_share=0.15)
with torch.no_grad():
    logits = net(torch.from_numpy(X)).double().numpy()
p = softmax(logits)
loss = cross_entropy(logits, y)
fdl.value("n_test", N_TEST)
fdl.value("n_classes", len(LABELS))
fdl.value("accuracy", float((p.argmax(1) == y).mean()))
fdl.value("mean_loss", float(loss.mean()))
fdl.value("uniform_loss", float(np.log(len(LABELS))))
fdl.value("n_wrong", int((p.argmax(1) != y).sum()))

# the same numbers from torch's own softmax and cross-entropy
t_logits = torch.from_numpy(logits)
diff = max(
    float(np.abs(torch.softmax(t_logits, 1).numpy() - p).max()),
    float(np.abs(F.cross_entropy(t_logits, torch.from_numpy(y),
                                 reduction="none").numpy() - loss).max()))
fdl.value("torch_diff", diff)
fdl.check("matches_torch", diff < 1e-12, detail=f"largest gap {diff:.1e}")
geo_p = float(np.exp(-loss.mean()))  # the geometric mean of p_true
fdl.value("geo_p", geo_p)
fdl.check("loss_below_guess", geo_p > 3 / len(LABELS),
          detail=f"mean loss {loss.mean():.3f}, uniform guess "
                 f"{np.log(len(LABELS)):.3f}, geometric mean p {geo_p:.3f}")

# %%
order = np.argsort(loss)
right = np.flatnonzero(p.argmax(1) == y)
picks = {"most confident": order[0],
         "least sure right answer": right[np.argmax(loss[right])],
         "largest loss": order[-1]}
for key, i in picks.items():
    tag = key.split()[0]
    fdl.value(f"{tag}_label", LABELS[y[i]])
    fdl.value(f"{tag}_said", LABELS[p[i].argmax()])
    fdl.value(f"{tag}_p", float(p[i, y[i]]))
    # 1 - p, summed from the other classes (exact even when p rounds to 1)
    fdl.value(f"{tag}_rest", float(np.delete(p[i], y[i]).sum()))
    fdl.value(f"{tag}_loss", float(loss[i]))
    fdl.value(f"{tag}_logit_max", float(logits[i].max()))
i, j = picks["largest loss"], picks["least sure right answer"]
fdl.value("largest_right", "right" if p[i].argmax() == y[i] else "wrong")
ratio = float(loss[i] / loss[j])
fdl.value("loss_ratio", ratio)
fdl.check("mistake_costs_many",
          p[i].argmax() != y[i] and p[i].max() > 0.9 and ratio > 5,
          detail=f"largest loss {loss[i]:.3f} ({LABELS[p[i].argmax()]} "
                 f"for {LABELS[y[i]]}, top probability {p[i].max():.3f}), "
                 f"least sure right {loss[j]:.3f}")
k = order[0]
fdl.value("largest_top_p", float(p[i].max()))
fdl.check("most_is_right", p[k].argmax() == y[k],
          detail=f"least loss {loss[k]:.2e}: {LABELS[p[k].argmax()]} "
                 f"for {LABELS[y[k]]}")

# %%
fig, axes = plt.subplots(3, 3, figsize=(7.6, 5.6),
                         gridspec_kw={"width_ratios": [0.6, 1, 1]})
pos = np.arange(len(LABELS))
for row, (key, i) in zip(axes, picks.items(), strict=True):
    row[0].imshow(X[i, 0], cmap="gray_r", vmin=0, vmax=1)
    row[0].set_xticks([])
    row[0].set_yticks([])
    row[0].grid(False)
    for spine in row[0].spines.values():
        spine.set_visible(False)
    row[0].set_title(f"{key}\nis: {LABELS[y[i]]}", fontsize=9)
    colors = [fdl.PALETTE[1] if k == y[i] else fdl.PALETTE[0] for k in pos]
    row[1].barh(pos, logits[i], color=colors)
    row[1].axvline(0, color=fdl.LIGHT["muted"], linewidth=1)
    row[2].barh(pos, p[i], color=colors)
    row[2].set_xlim(0, 1)
    row[2].set_title(f"true class p = {p[i, y[i]]:.3g}, "
                     f"loss -ln p = {loss[i]:.2g}", fontsize=9)
    for ax in row[1:]:
        ax.set_yticks(pos, LABELS, fontsize=8)
        ax.invert_yaxis()
        ax.tick_params(axis="x", labelsize=8)
axes[0, 1].set_title("scores (logits)\norange: the true class", fontsize=9)
axes[0, 2].set_title("softmax probabilities\n"
                     + axes[0, 2].get_title(), fontsize=9)
fig.tight_layout()
fdl.show(fig, "softmax")
