"""Exercise 1: the chapter's steering CNN trained with a share of its
training roads replaced by rainy ones, against the same CNN trained on
clear roads only (half the chapter's training set), on the chapter's
clear and rainy test roads."""

# %%
import numpy as np
import torch
from torch import nn

import fdl
from dl_is_ml._stats import method_sentence, paired_bootstrap, verdicts

SIZE = 32
RAIN_SHARE = 0.25
SCALE = 0.5  # of the chapter's 3,000 training images, to save time
device = torch.device(fdl.device())


def roads(
    n: int,
    contrast: float = 1.0,
    noise: float = 0.15,
    rng: np.random.Generator | None = None,
):
    """The chapter's road images (``automobile.py``), bend as target."""
    rng = rng or np.random.default_rng(0)
    curve = rng.uniform(-1, 1, n)
    offset = rng.uniform(-3, 3, n)
    depth = np.linspace(0, 1, SIZE)[::-1]
    cols = np.arange(SIZE)
    centre = SIZE / 2 + offset[:, None] + 12 * curve[:, None] * depth**2
    half = 13 * (1 - 0.75 * depth)
    img = np.zeros((n, SIZE, SIZE))
    for side in (-1, 1):
        x = centre + side * half
        img += np.exp(-((cols[None, None, :] - x[:, :, None]) ** 2) / 1.5)
    img = contrast * img + noise * rng.standard_normal(img.shape)
    return (
        torch.tensor(img, dtype=torch.float32)[:, None],
        torch.tensor(curve, dtype=torch.float32),
    )


def train(X, y):
    """The chapter's CNN and training loop, from the same seed."""
    fdl.seed()
    net = nn.Sequential(
        nn.Conv2d(1, 8, 5, stride=2, padding=2),
        nn.ReLU(),
        nn.Conv2d(8, 16, 3, stride=2, padding=1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(16 * 8 * 8, 32),
        nn.ReLU(),
        nn.Linear(32, 1),
    ).to(device)
    optimiser = torch.optim.Adam(net.parameters(), lr=3e-3)
    for _ in range(4):
        order = torch.randperm(len(X))
        for i in range(0, len(order), 64):
            idx = order[i : i + 64]
            loss = nn.functional.mse_loss(
                net(X[idx].to(device)).squeeze(1), y[idx].to(device)
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return net


# the chapter's draws, in its order; the rainy training roads come after
rng = np.random.default_rng(fdl.SEED)
X_train, y_train = roads(3000, rng=rng)
X_test, y_test = roads(500, rng=rng)
X_rain, y_rain = roads(500, contrast=0.5, noise=0.3, rng=rng)
n_train = int(SCALE * len(X_train))
X_train, y_train = X_train[:n_train], y_train[:n_train]
n_rain = int(RAIN_SHARE * n_train)
X_wet, y_wet = roads(n_rain, contrast=0.5, noise=0.3, rng=rng)
X_mix = torch.cat([X_train[n_rain:], X_wet])
y_mix = torch.cat([y_train[n_rain:], y_wet])

# %%
errors = {}
for name, (X, y) in {
    "chapter": (X_train, y_train),
    "mixed": (X_mix, y_mix),
}.items():
    net = train(X, y)
    with torch.no_grad():
        for kind, (Xt, yt) in {
            "clear": (X_test, y_test),
            "rain": (X_rain, y_rain),
        }.items():
            pred = net(Xt.to(device)).squeeze(1).cpu().numpy()
            errors[name, kind] = np.abs(pred - yt.numpy())
mae = {k: float(v.mean()) for k, v in errors.items()}
fdl.value("n_train", n_train)
fdl.value("scale", SCALE)
fdl.value("n_rain", n_rain)
fdl.value("rain_share", RAIN_SHARE)
fdl.value("level", 0.95)
for (name, kind), v in mae.items():
    fdl.value(f"mae_{name}_{kind}", v)
gone = (mae["chapter", "rain"] - mae["mixed", "rain"]) / (
    mae["chapter", "rain"] - mae["chapter", "clear"]
)
fdl.value("share_gone", gone)

# %% paired bootstrap over the test roads, Holm over the two comparisons
# (scores are minus the absolute error: higher is better)
tests = verdicts(
    [
        paired_bootstrap(
            "mixed",
            "chapter",
            -errors["mixed", kind],
            -errors["chapter", kind],
        )
        for kind in ("rain", "clear")
    ]
)
for kind, t in zip(("rain", "clear"), tests, strict=True):
    lo, hi = t.interval()
    fdl.value(f"gain_{kind}", t.comparison.diff)
    fdl.value(f"gain_{kind}_lo", lo)
    fdl.value(f"gain_{kind}_hi", hi)
    fdl.value(
        f"verdict_{kind}",
        (
            "the mixed training is clearly better"
            if t.winner == "mixed"
            else "the clear-only training is clearly better"
            if t.winner
            else "there is no clear difference"
        ),
    )
fdl.value(
    "method",
    method_sentence(
        len(tests), over="test roads", of="the difference in mean error"
    ).replace("this page's", "this answer's"),
)
d = tests[0].comparison.diff
fdl.value("rain_change", f"{'falls' if d > 0 else 'rises'} by {abs(d):.3f}")
if tests[1].winner == "chapter":
    clear_cost = (
        "the clear roads pay for the rainy ones, since the mixed training "
        f"saw {n_rain} fewer of them and the same network now spends part "
        "of its training on rain"
    )
elif tests[1].winner:
    clear_cost = "the rainy roads even helped on the clear ones"
else:
    clear_cost = "the rainy roads have no clear cost on the clear ones"
fdl.value("clear_cost", clear_cost)
