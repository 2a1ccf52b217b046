"""A recommender learns what travellers like from their ratings alone.

Synthetic ratings of hotels by travellers, who each prefer beach, city or
mountain stays. Left: held-out rating error of the learned model
against a popularity baseline while training. Right: the two learned
numbers per hotel, coloured by the hotel's (hidden) kind.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from applications._experiments import KINDS, page_comparisons

record = fdl.cached(page_comparisons)
tour = record["tourism"]
curve, q, item_kind = tour["curve"], tour["q"], tour["item_kind"]
baseline = float(np.sqrt(np.mean(tour["err_baseline"] ** 2)))
fdl.value("n_travellers", tour["n_users"])
fdl.value("n_hotels", tour["n_items"])
fdl.value("n_train_ratings", tour["n_train"])
fdl.value("n_test_ratings", tour["n_test"])
fdl.value("share_rated", tour["share_rated"])
fdl.value("rmse_baseline", baseline)
fdl.value("rmse_model", curve[-1])
test = record["tests"][2]
lo, hi = test["interval"]  # of the baseline's minus the model's MSE
fdl.value("mse_gain", test["diff"])
fdl.value("mse_gain_lo", lo)
fdl.value("mse_gain_hi", hi)
fdl.value("comparison_sentence", (
    "the recommender is clearly ahead of the hotels' means" if
    test["winner"] == "recommender" else
    "the hotels' means are clearly ahead of the recommender" if
    test["winner"] else
    "there is no clear difference between the recommender and the "
    "hotels' means"))

# do the embeddings group the hotels by their hidden kind? For each hotel,
# is the nearest other hotel in the embedding of the same kind?
dist = np.linalg.norm(q[:, None] - q[None], axis=-1)
np.fill_diagonal(dist, np.inf)
same = item_kind[dist.argmin(1)] == item_kind
sizes = np.bincount(item_kind)
chance = float((sizes * (sizes - 1)).sum() / (len(q) * (len(q) - 1)))
fdl.value("neighbour_same_kind", float(same.mean()))
fdl.value("neighbour_chance", chance)
fdl.value("grouping_sentence", (
    "yet its embeddings group them that way" if same.mean() > 2 * chance
    else "and its embeddings do not clearly group them that way"))

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
