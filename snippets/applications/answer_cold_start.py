"""Exercise 3: the chapter's recommender trained again with new hotels
that have no ratings: what it predicts for them, and what knowing only
each new hotel's kind would predict instead."""

# %%
import numpy as np

import fdl
from applications._experiments import KINDS, page_comparisons
from dl_is_ml._stats import paired_bootstrap, verdicts

N_NEW = 30  # new hotels without ratings, ten of each kind

# the chapter's ratings, drawn in its order (tourism_experiment)
rng = np.random.default_rng(fdl.SEED)
n_users, n_items, dim = 400, 60, 2
item_kind = rng.integers(0, 3, n_items)
user_taste = rng.dirichlet(np.full(3, 0.4), n_users)
quality = rng.normal(0, 0.4, n_items)
true = 2.5 + 2.5 * user_taste[:, item_kind] + quality
observed = rng.random((n_users, n_items)) < 0.15
ratings = np.clip(true + rng.normal(0, 0.5, true.shape), 1, 5)
users, items = np.nonzero(observed)
held = rng.random(users.size) < 0.2
u, i, r = users[~held], items[~held], ratings[users[~held], items[~held]]
p = rng.normal(0, 0.1, (n_users, dim))
q = rng.normal(0, 0.1, (n_items, dim))

# the new hotels: drawn like the others, from a generator of their own
new_rng = np.random.default_rng(fdl.SEED + 1)
new_kind = np.repeat(np.arange(3), N_NEW // 3)
new_quality = new_rng.normal(0, 0.4, N_NEW)
new_true = np.clip(
    2.5
    + 2.5 * user_taste[:, new_kind]
    + new_quality
    + new_rng.normal(0, 0.5, (n_users, N_NEW)),
    1,
    5,
)
q = np.vstack([q, new_rng.normal(0, 0.1, (N_NEW, dim))])
q_start = q[n_items:].copy()
n_all = n_items + N_NEW

# %% the chapter's training; the new hotels appear in no rating
mu = r.mean()
b = np.zeros(n_all)
lr, lam = 0.05, 0.02
for _ in range(300):
    err = mu + b[i] + np.sum(p[u] * q[i], 1) - r
    gp, gq = np.zeros_like(p), np.zeros_like(q)
    np.add.at(gp, u, err[:, None] * q[i])
    np.add.at(gq, i, err[:, None] * p[u])
    gb = np.bincount(i, err, n_all)
    scale = lr * n_items / len(r) * 10
    p -= scale * (gp + lam * p)
    q -= scale * (gq + lam * q)
    b -= scale * gb

new = np.arange(n_items, n_all)
cold = mu + b[new] + p @ q[new].T  # (travellers, new hotels)
fdl.value("n_new", N_NEW)
fdl.value("level", 0.95)
fdl.value("mu", float(mu))
fdl.value("cold_mean", float(cold.mean()))
fdl.value("cold_sd", float((cold - mu).std()))
fdl.value("cold_max", float(np.abs(cold - mu).max()))
fdl.value("q_kept", float(np.linalg.norm(q[new]) / np.linalg.norm(q_start)))
chapter = fdl.cached(page_comparisons)["tourism"]
fdl.check(
    "old_hotels_as_in_chapter",
    np.allclose(q[:n_items], chapter["q"]),
    detail=f"largest embedding difference "
    f"{np.abs(q[:n_items] - chapter['q']).max():.2e}",
)
fdl.check(
    "new_bias_untouched",
    np.all(b[new] == 0),
    detail=f"largest |b| of a new hotel {np.abs(b[new]).max():g}",
)

# %% what knowing the kind gives: the mean bias and embedding of the
# trained hotels of the same kind
by_kind = mu + np.stack(
    [
        b[:n_items][item_kind == k].mean()
        + p @ q[:n_items][item_kind == k].mean(0)
        for k in range(3)
    ],
    1,
)
content = by_kind[:, new_kind]
se_cold = ((cold - new_true) ** 2).mean(0)  # per new hotel
se_content = ((content - new_true) ** 2).mean(0)
fdl.value("rmse_cold", float(np.sqrt(se_cold.mean())))
fdl.value("rmse_content", float(np.sqrt(se_content.mean())))
(test,) = verdicts([paired_bootstrap("kind", "cold", -se_content, -se_cold)])
lo, hi = test.interval()
fdl.value("gain", test.comparison.diff)
fdl.value("gain_lo", lo)
fdl.value("gain_hi", hi)
fdl.value(
    "verdict",
    (
        "predicting from the hotel's kind is clearly better"
        if test.winner == "kind"
        else "the cold-start prediction is clearly better"
        if test.winner
        else "there is no clear difference between the two"
    ),
)
fdl.value("kinds", ", ".join(KINDS))
