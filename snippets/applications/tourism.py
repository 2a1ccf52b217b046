"""A recommender learns what travellers like from their ratings alone.

Synthetic ratings of 60 hotels by 400 travellers, who each prefer beach,
city or mountain stays. Left: held-out rating error of the learned model
against a popularity baseline while training. Right: the two learned
numbers per hotel, coloured by the hotel's (hidden) kind.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl

rng = np.random.default_rng(fdl.SEED)
KINDS = ["beach", "city", "mountain"]
n_users, n_items, dim = 400, 60, 2
item_kind = rng.integers(0, 3, n_items)
user_taste = rng.dirichlet(np.full(3, 0.4), n_users)
quality = rng.normal(0, 0.4, n_items)
true = 2.5 + 2.5 * user_taste[:, item_kind] + quality
observed = rng.random((n_users, n_items)) < 0.15
ratings = np.clip(true + rng.normal(0, 0.5, true.shape), 1, 5)
users, items = np.nonzero(observed)
held = rng.random(users.size) < 0.2
train = (users[~held], items[~held], ratings[users[~held], items[~held]])
test = (users[held], items[held], ratings[users[held], items[held]])

# %% baseline: each hotel's mean training rating
sums = np.bincount(train[1], train[2], n_items)
counts = np.bincount(train[1], minlength=n_items)
item_mean = np.where(counts > 0, sums / np.maximum(counts, 1),
                     train[2].mean())
baseline = float(np.sqrt(np.mean((item_mean[test[1]] - test[2]) ** 2)))

# %% matrix factorisation, trained by full-batch gradient descent
mu = train[2].mean()
p = rng.normal(0, 0.1, (n_users, dim))
q = rng.normal(0, 0.1, (n_items, dim))
b = np.zeros(n_items)
lr, lam, curve = 0.05, 0.02, []
for _ in range(300):
    u, i, r = train
    err = mu + b[i] + np.sum(p[u] * q[i], 1) - r
    gp = np.zeros_like(p)
    gq = np.zeros_like(q)
    np.add.at(gp, u, err[:, None] * q[i])
    np.add.at(gq, i, err[:, None] * p[u])
    gb = np.bincount(i, err, n_items)
    scale = lr * n_items / len(r) * 10
    p -= scale * (gp + lam * p)
    q -= scale * (gq + lam * q)
    b -= scale * gb
    tu, ti, tr = test
    pred = mu + b[ti] + np.sum(p[tu] * q[ti], 1)
    curve.append(float(np.sqrt(np.mean((pred - tr) ** 2))))

fdl.value("n_travellers", n_users)
fdl.value("n_hotels", n_items)
fdl.value("n_ratings", int(observed.sum()))
fdl.value("share_rated", float(observed.mean()))
fdl.value("rmse_baseline", baseline)
fdl.value("rmse_model", curve[-1])

# %%
fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.5))
axes[0].plot(curve, color=fdl.PALETTE[0], label="learned embeddings")
axes[0].axhline(baseline, color=fdl.PALETTE[1], ls="--",
                label="hotel's mean rating")
axes[0].set_xlabel("training epoch")
axes[0].set_ylabel("error on held-out ratings (RMSE)")
axes[0].legend(fontsize=8)
for k, (kind, colour) in enumerate(zip(KINDS, fdl.PALETTE, strict=False)):
    pts = q[item_kind == k]
    axes[1].plot(pts[:, 0], pts[:, 1], "o", color=colour, ms=5,
                 label=kind)
axes[1].set_xlabel("hotel embedding 1")
axes[1].set_ylabel("hotel embedding 2")
axes[1].legend(fontsize=8)
fig.tight_layout()
fdl.show(fig, "tourism")
