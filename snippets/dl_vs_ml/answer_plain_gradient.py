"""Exercise 5: the sanity check of `interpret.py` with the plain gradient
instead of gradient times input: how much the trained and the random CNN's
maps agree, for each kind of map, on the same test digits."""

# %%
import numpy as np
import torch

import fdl
from dl_is_ml._stats import ALPHA, BOOT_SEED, N_RESAMPLES, Comparison
from dl_vs_ml._digits import CNN, load_mnist, scaling_experiment, split

X, y = load_mnist()
pool, test = split(y)
record = fdl.cached(scaling_experiment)
net = CNN()
net.load_state_dict(record["cnn_state"])
fdl.seed(1)  # the random network of interpret.py
random_net = CNN()
sample = X[test][::10]
fdl.value("n_sanity", len(sample))


# %%
def saliency(model, images, times_input):
    """Gradient of the predicted class's score, times the input or not."""
    x = torch.from_numpy(images[:, None]).requires_grad_(True)
    out = model(x)
    out.gather(1, out.argmax(1, keepdim=True)).sum().backward()
    g = x.grad * x if times_input else x.grad
    return np.abs(g.detach()[:, 0].numpy()).reshape(len(images), -1)


def corr(a, b):
    """Correlation of two maps, for each image."""
    return np.array(
        [np.corrcoef(u, v)[0, 1] for u, v in zip(a, b, strict=True)]
    )


ink = sample.reshape(len(sample), -1)
r, ink_r = {}, {}
for kind, times_input in (("gxi", True), ("grad", False)):
    a = saliency(net, sample, times_input)
    b = saliency(random_net, sample, times_input)
    r[kind] = corr(a, b)
    fdl.value(f"sanity_corr_{kind}", float(np.median(r[kind])))
    ink_r[kind] = [float(np.median(corr(m, ink))) for m in (a, b)]
    fdl.value(f"trained_ink_corr_{kind}", ink_r[kind][0])
    fdl.value(f"random_ink_corr_{kind}", ink_r[kind][1])

# %%
# paired bootstrap of the difference of the medians, digits resampled
idx = np.random.default_rng(BOOT_SEED).integers(
    0, len(sample), (N_RESAMPLES, len(sample))
)
c = Comparison(
    "plain gradient",
    "gradient times input",
    float(np.median(r["grad"]) - np.median(r["gxi"])),
    np.median(r["grad"][idx], 1) - np.median(r["gxi"][idx], 1),
)
lo, hi = c.interval()
fdl.value("diff", c.diff)
fdl.value("diff_lo", lo)
fdl.value("diff_hi", hi)
fdl.value(
    "method",
    (
        f"the {len(sample)} digits are resampled together for both kinds of "
        f"map ({N_RESAMPLES:,d} resamples, fixed seed; intervals: 95%); one "
        "comparison, so no Holm correction"
    ),
)
if c.p_value >= ALPHA:
    verdict = "does not clearly change"
else:
    verdict = "goes down clearly" if c.diff < 0 else "goes up clearly"
fdl.value("verdict", verdict)
# per network: does its gradient-times-input map follow the ink more than
# its plain gradient does?
inky = [g > p for g, p in zip(ink_r["gxi"], ink_r["grad"], strict=True)]
if c.diff >= 0:
    why = "Here multiplying by the input does not make the maps agree more"
elif all(inky):
    why = (
        "Multiplying by the input makes every map zero off the ink, for "
        "any network: for both networks, gradient-times-input maps follow "
        "the ink more than the plain gradients do, so they share that "
        "pattern whatever the network learned"
    )
else:
    why = (
        "The ink does not explain the change here: for at least one of "
        "the networks the plain gradient follows the ink at least as much "
        "as gradient times input"
    )
fdl.value("why", why)
