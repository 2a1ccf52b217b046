"""Chapter 3: data loaders, the doubling-time fit, the memory estimate."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

import fdl
from why_dl import _data, _memory, _trend

# %% loaders on the shipped files: schema and units


def test_storage_prices_are_positive_2020_dollars_per_tb() -> None:
    prices = _data.load_storage(
        fdl.data_path("storage_cost_2020usd_per_tb.csv")
    )
    assert set(prices) == {"memory_dram", "flash", "disk_hdd", "ssd"}
    for years, usd in prices.values():
        assert years.dtype.kind == "i" and usd.dtype.kind == "f"
        assert len(years) == len(usd) > 0
        assert np.all(np.isfinite(usd)) and np.all(usd > 0)
        assert years.min() >= 1956 and years.max() <= 2030
    years, usd = prices["disk_hdd"]
    # a terabyte of disk cost tens of dollars, not cents or millions, lately
    assert 1 < usd[list(years).index(2020)] < 100


def test_top500_rmax_is_in_flop_per_second() -> None:
    top = _data.load_top500(fdl.data_path("top500_fastest_supercomputer.csv"))
    assert [t.when for t in top] == sorted(t.when for t in top)
    first = top[0]
    assert (first.system, first.year, first.month) == ("ASCI White", 2000, 11)
    assert 1e12 < first.rmax_flops < 1e13  # 4.9 TFLOP/s
    assert all(math.isfinite(t.rmax_flops) for t in top)


def test_datasphere_rows_are_tagged() -> None:
    points = _data.load_datasphere(
        fdl.data_path("global_datasphere_zettabytes.csv")
    )
    assert points and all(0.1 < p.zettabytes < 1000 for p in points)
    assert {p.forecast for p in points} == {True, False}
    assert all(p.edition for p in points)


def test_models_schema_and_units() -> None:
    models = _data.load_models(fdl.data_path("epoch_notable_models.csv"))
    assert len(models) > 1000
    for m in models:
        assert isinstance(m.date, dt.date) and 1940 < m.year < 2030
        for v in (m.parameters, m.compute_flop):
            assert v is None or (math.isfinite(v) and v > 0)
    by_name = {m.name: m for m in models}
    gpt3 = by_name["GPT-3 175B (davinci)"]
    assert gpt3.parameters == pytest.approx(175e9)
    assert gpt3.compute_flop is not None
    assert 1e23 < gpt3.compute_flop < 1e24  # FLOP, not PF-days
    assert gpt3.notable


def test_hardware_schema_and_units() -> None:
    chips = {
        c.name: c
        for c in _data.load_hardware(fdl.data_path("epoch_ml_hardware.csv"))
    }
    h100 = chips["NVIDIA H100 SXM5 80GB"]
    assert h100.memory_bytes == pytest.approx(80e9)
    assert h100.tensor16 is not None and 1e14 < h100.tensor16 < 1e16
    assert h100.bandwidth is not None and 1e12 < h100.bandwidth < 1e13
    for c in chips.values():
        for v in (c.fp32, c.tensor16, c.int8, c.memory_bytes, c.bandwidth):
            assert v is None or (math.isfinite(v) and v > 0)


def test_course_tables() -> None:
    events = _data.load_milestones(fdl.data_path("nn_milestones.csv"))
    assert events[0].year == 1943 and all(e.reference for e in events)
    landmarks = _data.load_landmarks(fdl.data_path("landmark_depth.csv"))
    names = {
        m.name
        for m in _data.load_models(fdl.data_path("epoch_notable_models.csv"))
    }
    assert all(lm.model in names for lm in landmarks)
    peaks = _data.load_spec_peaks(fdl.data_path("jouppi2017_table2.csv"))
    assert {p.kind for p in peaks} == {"CPU", "GPU", "TPU"}


# %% loaders on broken files: never a silent NaN


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text)
    return path


def test_nan_is_an_error_not_a_value(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "year,memory_dram,flash,disk_hdd,ssd\n2000,nan,,5,\n"
    )
    with pytest.raises(ValueError, match="non-finite"):
        _data.load_storage(path)


def test_missing_cell_is_none_and_missing_column_an_error(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "year,memory_dram,flash,disk_hdd,ssd\n2000,,,5,\n")
    prices = _data.load_storage(path)
    assert prices["flash"][0].size == 0
    assert list(prices["disk_hdd"][1]) == [5.0]
    with pytest.raises(ValueError, match="missing columns"):
        _data.load_storage(_write(tmp_path, "year,memory_dram\n2000,1\n"))


def test_required_value_missing_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "list,system,rmax_flops\n2000-11,X,\n")
    with pytest.raises(ValueError, match="missing Rmax"):
        _data.load_top500(path)


def test_decimal_year() -> None:
    assert _data.decimal_year(dt.date(2000, 1, 1)) == 2000.0
    assert _data.decimal_year(dt.date(2001, 7, 2)) == pytest.approx(
        2001 + 182 / 365
    )


# %% the doubling time against a hand computation


def test_doubling_time_two_points() -> None:
    # 1e18 FLOP in 2010, 4e18 in 2012: two doublings in two years.
    fit = _trend.fit_doubling(
        np.array([2010.0, 2012.0]), np.array([1e18, 4e18])
    )
    assert fit.years == pytest.approx(1.0)
    assert fit.months == pytest.approx(12.0)
    assert fit.n == 2 and fit.ci is None  # no degrees of freedom left
    # 3 -> 6 in half a year: doubling every 6 months.
    half = _trend.fit_doubling(
        np.array([2000.0, 2000.5]), np.array([3.0, 6.0])
    )
    assert half.months == pytest.approx(6.0)


def test_doubling_interval_brackets_estimate() -> None:
    t = np.array([2010.0, 2011.0, 2012.0, 2013.0])
    y = 2.0 ** (t - 2010) * np.array([1.0, 1.3, 0.8, 1.1])
    fit = _trend.fit_doubling(t, y)
    assert fit.ci is not None
    assert fit.ci[0] < fit.years < fit.ci[1]
    exact = _trend.fit_doubling(t, 2.0 ** (t - 2010))
    assert exact.ci == pytest.approx((1.0, 1.0))


def test_doubling_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        _trend.fit_doubling(np.array([2010.0]), np.array([1.0]))
    with pytest.raises(ValueError):
        _trend.fit_doubling(np.array([2010.0, 2011.0]), np.array([1.0, -1.0]))


# %% the memory estimate against a hand computation


def test_memory_of_a_small_mlp() -> None:
    widths, batch = [4, 3, 2], 5
    # weights 4*3 + 3 and 3*2 + 2
    assert _memory.mlp_params(widths) == 23
    # every layer's output and the input, 4 bytes each: 5 * 9 * 4
    assert _memory.mlp_activation_bytes(widths, batch) == 180
    mem = _memory.training_memory(23, 180)
    assert (mem.weights, mem.gradients, mem.optimizer) == (92, 92, 184)
    assert mem.static == 368 and mem.total == 548
    sgd = _memory.training_memory(23, 180, optimizer="sgd")
    assert sgd.total == 92 + 92 + 0 + 180


def test_transformer_activation_formula() -> None:
    # s b h (34 + 5 a s / h) with s=8, b=1, h=4, a=2: 32 * (34 + 20)
    assert _memory.transformer_activation_bytes(1, 4, 2, 8, 1) == 1728
    assert _memory.transformer_params(1, 4, 10) == 12 * 16 + 40


def test_snapshot_dates_are_stored_with_the_data() -> None:
    snaps = _data.load_snapshots(fdl.data_path("snapshots.csv"))
    for name in ("epoch_notable_models.csv", "epoch_ml_hardware.csv"):
        assert fdl.data_path(name).is_file()
        year, month = (int(p) for p in snaps[name].snapshot.split("-"))
        assert 2020 <= year <= 2030 and 1 <= month <= 12


def test_multi_package_boards_exist_in_the_hardware_table() -> None:
    boards = _data.load_multi_package(
        fdl.data_path("multi_package_boards.csv"))
    names = {c.name for c in _data.load_hardware(
        fdl.data_path("epoch_ml_hardware.csv"))}
    assert set(boards) <= names
    assert boards["NVIDIA Tesla K80"] == 2


def test_activations_without_attention_scores_by_hand() -> None:
    # one block, s = 4, b = 1, h = 8, a = 2: s b h (34 + 5 a s / h)
    full = _memory.transformer_activation_bytes(1, 8, 2, seq=4, batch=1)
    assert full == 4 * 8 * (34 + 5 * 2 * 4 / 8)
    flash = _memory.transformer_activation_bytes(
        1, 8, 2, seq=4, batch=1, attention_scores=False)
    assert flash == 4 * 8 * 34
