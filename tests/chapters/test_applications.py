"""Chapter 4: the data its demonstrations read exist offline and parse."""

from __future__ import annotations

import fdl
from why_dl import _data


def _models() -> dict[str, _data.Model]:
    path = fdl.data_path("epoch_notable_models.csv")
    return {m.name: m for m in _data.load_models(path)}


def test_language_models_marked_in_the_chart_have_compute() -> None:
    models = _models()
    for name in [
        "GPT-2 (1.5B)",
        "GPT-3 175B (davinci)",
        "GPT-3.5",
        "GPT-4",
        "Llama 2-70B",
        "Llama 3.1-405B",
    ]:
        m = models[name]
        assert m.notable and "Language" in m.domain
        assert m.compute_flop is not None and m.compute_flop > 1e20


def test_every_system_has_a_year_and_most_a_domain() -> None:
    models = list(_models().values())
    # an empty domain stays an empty string (counted as "other")
    assert sum(not m.domain for m in models) < 0.05 * len(models)
    years = [m.date.year for m in models]
    assert min(years) >= 1950 and max(years) <= 2026


def test_breast_cancer_data_ships_with_scikit_learn() -> None:
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    assert data.data.shape == (569, 30)
    assert set(data.target) == {0, 1}
    assert list(data.target_names) == ["malignant", "benign"]
