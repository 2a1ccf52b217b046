"""The comparisons of chapter 4, run once per build and shared: a small
neural network against logistic regression on the breast-cancer data, and
a learned recommender against each hotel's mean rating.

``page_comparisons`` runs both and corrects their tests together (Holm),
since the page makes all of them; the snippets draw from its plain-data
result.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import fdl
from dl_is_ml._stats import (
    Comparison,
    paired_bootstrap,
    resample_weights,
    verdicts,
    weighted_auc,
)

TEST_SHARE = 0.3


def healthcare_experiment() -> dict[str, Any]:
    """Both models on one stratified split: their scores on the test
    patients, and the test labels (True = malignant)."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = load_breast_cancer()
    x, malignant = data.data, data.target == 0  # sklearn: 0 is malignant
    x_train, x_test, y_train, y_test = train_test_split(
        x, malignant, test_size=TEST_SHARE, stratify=malignant,
        random_state=fdl.SEED)
    models = {
        "neural network": make_pipeline(
            StandardScaler(),
            MLPClassifier(hidden_layer_sizes=(16, 8), alpha=1e-3,
                          max_iter=2000, random_state=fdl.SEED)),
        "logistic regression": make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=1000)),
    }
    scores = {name: m.fit(x_train, y_train).predict_proba(x_test)[:, 1]
              for name, m in models.items()}
    w = resample_weights(len(y_test))
    auc = {name: weighted_auc(s, y_test, w) for name, s in scores.items()}
    auc_ci = {name: tuple(float(v) for v in np.quantile(a, [0.025, 0.975]))
              for name, a in auc.items()}
    return {"scores": scores, "y_test": y_test, "auc_ci": auc_ci,
            "auc_resampled_diff": auc["neural network"]
            - auc["logistic regression"],
            "n_patients": len(x), "n_features": x.shape[1]}


KINDS = ("beach", "city", "mountain")


def tourism_experiment() -> dict[str, Any]:
    """Synthetic ratings of hotels by travellers, a matrix factorisation
    trained on most of them, and each hotel's mean rating as baseline;
    errors on the held-out ratings."""
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
    train = (users[~held], items[~held],
             ratings[users[~held], items[~held]])
    test = (users[held], items[held], ratings[users[held], items[held]])

    # baseline: each hotel's mean training rating
    sums = np.bincount(train[1], train[2], n_items)
    counts = np.bincount(train[1], minlength=n_items)
    item_mean = np.where(counts > 0, sums / np.maximum(counts, 1),
                         train[2].mean())

    # matrix factorisation, trained by full-batch gradient descent
    mu = train[2].mean()
    p = rng.normal(0, 0.1, (n_users, dim))
    q = rng.normal(0, 0.1, (n_items, dim))
    b = np.zeros(n_items)
    lr, lam, curve = 0.05, 0.02, []
    tu, ti, tr = test
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
        pred = mu + b[ti] + np.sum(p[tu] * q[ti], 1)
        curve.append(float(np.sqrt(np.mean((pred - tr) ** 2))))
    return {"curve": curve, "q": q, "item_kind": item_kind,
            "err_model": pred - tr, "err_baseline": item_mean[ti] - tr,
            "n_users": n_users, "n_items": n_items,
            "n_train": len(train[0]), "n_test": len(tr),
            "share_rated": float(observed.mean())}


def page_comparisons() -> dict[str, Any]:
    """Both experiments and the page's three paired tests, Holm-corrected
    together: accuracy at the 0.5 threshold and AUC (network against
    logistic regression, over the test patients), and squared error
    (recommender against the hotels' means, over the held-out ratings)."""
    health = healthcare_experiment()
    tour = tourism_experiment()
    y = health["y_test"]
    right = {name: (s >= 0.5) == y for name, s in health["scores"].items()}
    observed_auc = float(
        weighted_auc(health["scores"]["neural network"], y, np.ones((1,
                     len(y))))[0]
        - weighted_auc(health["scores"]["logistic regression"], y,
                       np.ones((1, len(y))))[0])
    tests = verdicts([
        paired_bootstrap("neural network", "logistic regression",
                         right["neural network"],
                         right["logistic regression"]),
        Comparison("neural network", "logistic regression", observed_auc,
                   health.pop("auc_resampled_diff")),
        # scores are minus the squared error: higher is better
        paired_bootstrap("recommender", "hotel's mean",
                         -tour["err_model"] ** 2,
                         -tour["err_baseline"] ** 2),
    ])
    plain = [{"a": v.comparison.a, "b": v.comparison.b,
              "diff": v.comparison.diff,
              "interval": tuple(float(x) for x in v.interval()),
              "p_adjusted": v.p_adjusted, "winner": v.winner}
             for v in tests]
    return {"healthcare": health, "tourism": tour, "tests": plain,
            "n_comparisons": len(tests)}
