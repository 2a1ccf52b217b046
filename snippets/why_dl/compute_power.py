"""The slide's two compute claims checked against three metrics.

Left: LINPACK Rmax of the fastest TOP500 system. Right: spec-sheet peak
of the fastest GPU or TPU released so far, at 32-bit and at 16-bit on
tensor units (Epoch AI). The training compute of the largest model is
the third metric (chapter figure "compute_trend").
"""

# %%
import datetime as dt

import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import (
    load_hardware,
    load_models,
    load_multi_package,
    load_snapshots,
    load_top500,
)

top = load_top500(fdl.data_path("top500_fastest_supercomputer.csv"))
chips = load_hardware(fdl.data_path("epoch_ml_hardware.csv"))
models = load_models(fdl.data_path("epoch_notable_models.csv"))
snapshot = load_snapshots(fdl.data_path("snapshots.csv"))
fdl.value("hardware_snapshot", snapshot["epoch_ml_hardware.csv"].snapshot)
fdl.value("models_snapshot", snapshot["epoch_notable_models.csv"].snapshot)
# one chip is one GPU or TPU package; boards that carry two (a Tesla
# K80, a GB200 NVL2) are not one chip and are left out
boards = load_multi_package(fdl.data_path("multi_package_boards.csv"))
chips = [c for c in chips if c.name not in boards]

# %% claim 1: x100,000 since 2000, TOP500 #1
base, latest = top[0], top[-1]
fdl.value("top500_base_system", base.system)
fdl.value("top500_base_list", f"{base.year}-{base.month:02d}")
fdl.value("top500_latest_system", latest.system)
fdl.value("top500_latest_list", f"{latest.year}-{latest.month:02d}")
fdl.value("top500_base_tflops", base.rmax_flops / 1e12)
fdl.value("top500_latest_eflops", latest.rmax_flops / 1e18)
fdl.value("top500_ratio_latest", latest.rmax_flops / base.rmax_flops)
first = next((t for t in top if t.rmax_flops / base.rmax_flops >= 1e5),
             latest)
fdl.value("top500_first_1e5_system", first.system)
fdl.value("top500_first_1e5_year", first.year)
fdl.value("top500_first_1e5_ratio", first.rmax_flops / base.rmax_flops)
passed = first.rmax_flops / base.rmax_flops >= 1e5
fdl.value("claim1_verdict", (
    f"True for supercomputers, but only since {first.year}." if passed
    and first.year > 2001 else "True for supercomputers." if passed else
    "Not true even for supercomputers."))
in2018 = [t for t in top if t.year <= 2018][-1]
fdl.value("top500_2018_system", in2018.system)
fdl.value("top500_ratio_2018", in2018.rmax_flops / base.rmax_flops)

# %% claim 2: x1000 since 2015, three metrics
lead2015 = [t for t in top if t.year <= 2015][-1]
fdl.value("top500_2015_system", lead2015.system)
fdl.value("top500_2015_list", f"{lead2015.year}-{lead2015.month:02d}")
fdl.value("top500_ratio_since_2015", latest.rmax_flops / lead2015.rmax_flops)

end2015 = dt.date(2015, 12, 31)
old = [c for c in chips if c.date <= end2015 and c.fp32]
best_old = max(old, key=lambda c: c.fp32 or 0)
tensor = [c for c in chips if c.tensor16]
best_new = max(tensor, key=lambda c: c.tensor16 or 0)
old_peak, new_peak = best_old.fp32, best_new.tensor16
assert old_peak and new_peak
chip_ratio = new_peak / old_peak
fdl.value("chip_2015_name", best_old.name)
fdl.value("chip_2015_year", best_old.date.year)
fdl.value("chip_2015_tflops", old_peak / 1e12)
fdl.value("chip_best_name", best_new.name)
fdl.value("chip_best_year", best_new.date.year)
fdl.value("chip_best_tflops", new_peak / 1e12)
fdl.value("chip_ratio_since_2015", chip_ratio)
fdl.value("n_multi_package", len(boards))
# the K80 is a board of two GPUs: one of them is half of it
k80 = next(c for c in load_hardware(fdl.data_path("epoch_ml_hardware.csv"))
           if c.name == "NVIDIA Tesla K80")
v100 = next(c for c in chips if c.name == "NVIDIA V100")
assert k80.fp32 and v100.tensor16
fdl.value("k80_year", k80.date.year)
fdl.value("v100_year", v100.date.year)
fdl.value("k80_gpus", boards[k80.name])
fdl.value("k80_to_v100", v100.tensor16 / (k80.fp32 / boards[k80.name]))

known = [m for m in models if m.notable and m.compute_flop]
big2015 = max((m for m in known if m.date <= end2015),
              key=lambda m: m.compute_flop or 0)
big_now = max(known, key=lambda m: m.compute_flop or 0)
assert big2015.compute_flop and big_now.compute_flop
fdl.value("model_2015_name", big2015.name)
fdl.value("model_best_name", big_now.name)
fdl.value("model_ratio_since_2015", big_now.compute_flop
          / big2015.compute_flop)
passed = min((m for m in known
              if (m.compute_flop or 0) >= 1000 * big2015.compute_flop),
             key=lambda m: m.date)
fdl.value("model_first_1000x_name", passed.name)
fdl.value("model_first_1000x_year", passed.date.year)
model_ratio = big_now.compute_flop / big2015.compute_flop
top_ratio = latest.rmax_flops / lead2015.rmax_flops
machines = top_ratio >= 1000 or chip_ratio >= 1000
training = model_ratio >= 1000
fdl.value("claim2_verdict", {
    (False, True): "False for machines, true for what is spent on "
                   "training.",
    (True, True): "True for machines and for what is spent on training.",
    (False, False): "False for machines and for what is spent on "
                    "training.",
    (True, False): "True for machines, false for what is spent on "
                   "training."}[machines, training])
share = np.log(chip_ratio) / np.log(model_ratio)
fdl.value("chip_share_of_growth", float(share))
fdl.value("growth_sentence", (
    f"Faster chips account for a factor of at most {chip_ratio:,.0f} of "
    f"it, {share:.0%} of the growth on a log scale; the rest comes from "
    "using more chips, for longer" if share < 0.5 else
    f"Faster chips account for a factor of up to {chip_ratio:,.0f} of it, "
    f"{share:.0%} of the growth on a log scale"))

# %%
fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.8), sharey=True)
ax = axes[0]
ax.plot([t.when for t in top], [t.rmax_flops for t in top], "o-",
        color=fdl.PALETTE[0], ms=5)
for t in (base, lead2015, first, latest):
    above = t is latest
    ax.annotate(t.system, (t.when, t.rmax_flops),
                xytext=(-6, 6) if above else (6, -11),
                ha="right" if above else "left",
                textcoords="offset points", fontsize=7.5,
                color=fdl.LIGHT["ink"])
ax.set_title("fastest supercomputer (Rmax)")

ax = axes[1]
series = [("fp32", "32-bit", fdl.PALETTE[2]),
          ("tensor16", "16-bit tensor", fdl.PALETTE[1])]
for field, label, colour in series:
    rated = sorted((c for c in chips if getattr(c, field)),
                   key=lambda c: c.date)
    t = np.array([c.year for c in rated])
    peak = np.maximum.accumulate([getattr(c, field) for c in rated])
    ax.step(t, peak, where="post", color=colour, label=f"best {label}")
ax.set_title("fastest single GPU/TPU so far\n(peak)")
ax.legend(loc="lower right", fontsize=8)
for ax in axes:
    ax.set_yscale("log")
    ax.axvline(2015, color=fdl.LIGHT["muted"], lw=1, ls=":")
    ax.set_xlim(1999, 2026)
    ax.set_xlabel("year")
axes[0].set_ylabel("FLOP/s")
fig.tight_layout()
fdl.show(fig, "compute_power")
