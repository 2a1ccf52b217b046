"""Exercise 4: softmax of the shape CNN's logits for the least sure right
answer (and the largest loss) of ``softmax.py``, shifted by a constant and
multiplied by 10 and by 0.1."""

# %%
import numpy as np
import torch

import fdl
from dl_is_ml._cnn import load_shape_cnn, train_shape_cnn
from dl_is_ml._shapes import LABELS, make_dataset
from neurons._nn import cross_entropy, softmax

N_TEST = 600  # the drawings of softmax.py
net = load_shape_cnn(fdl.cached(train_shape_cnn))
X, y, _ = make_dataset(N_TEST, 500, background_share=0.15)
with torch.no_grad():
    logits = net(torch.from_numpy(X)).double().numpy()
p = softmax(logits)
loss = cross_entropy(logits, y)
right = np.flatnonzero(p.argmax(1) == y)
picks = {"least": right[np.argmax(loss[right])], "largest": np.argmax(loss)}

# %%
SHIFT = 100.0
SCALES = {"1": 1.0, "10": 10.0, "01": 0.1}
for tag, i in picks.items():
    z, k = logits[i], y[i]
    fdl.value(f"{tag}_label", LABELS[k])
    fdl.value(f"{tag}_logits", ", ".join(f"{v:.2f}" for v in z))
    for name, s in SCALES.items():
        q = softmax(s * z)
        fdl.value(f"{tag}_p_{name}", float(q[k]))
        fdl.value(f"{tag}_top_{name}", float(q.max()))
        fdl.value(f"{tag}_loss_{name}", float(cross_entropy(s * z, k)[0]))
        fdl.value(f"{tag}_said_{name}", LABELS[q.argmax()])
    fdl.value(
        f"{tag}_loss_ratio_10",
        float(cross_entropy(10 * z, k)[0] / cross_entropy(z, k)[0]),
    )
fdl.value("shift", SHIFT)
fdl.value("uniform", 1 / len(LABELS))

# %%
i = picks["least"]
z, k = logits[i], y[i]
orders = [np.argsort(-softmax(s * z)) for s in SCALES.values()]
tops = [softmax(s * z).max() for s in SCALES.values()]


def naive(z):
    """Softmax straight from the formula, with no shift inside."""
    e = np.exp(z)
    return e / e.sum()


shift_gap = max(
    float(np.abs(naive(logits[j] + SHIFT) - naive(logits[j])).max())
    for j in picks.values()
)
fdl.value("shift_gap", shift_gap)
fdl.check(
    "shift_changes_nothing",
    shift_gap < 1e-12,
    detail=f"largest gap {shift_gap:.1e}",
)
fdl.check(
    "scale_keeps_order",
    all((o == orders[0]).all() for o in orders)
    and tops[1] > tops[0] > tops[2],
    detail=f"tops at 1, 10, 0.1: {np.round(tops, 4).tolist()}",
)
j = picks["largest"]
fdl.check(
    "scale_sharpens_mistake",
    cross_entropy(10 * logits[j], y[j])[0]
    > 5 * cross_entropy(logits[j], y[j])[0]
    > 5 * cross_entropy(0.1 * logits[j], y[j])[0]
    and cross_entropy(0.1 * z, k)[0] > cross_entropy(z, k)[0]
    and cross_entropy(10 * z, k)[0] < cross_entropy(z, k)[0],
    detail=f"least sure right: loss {cross_entropy(z, k)[0]:.3f} -> "
    f"{cross_entropy(10 * z, k)[0]:.3g}; largest: "
    f"{cross_entropy(logits[j], y[j])[0]:.3f} -> "
    f"{cross_entropy(10 * logits[j], y[j])[0]:.3f}",
)
