"""Exercise 5: what IDC's datasphere figures allow for a growth rate: one
edition alone gives a rate without an interval; pooling editions gives an
interval that ignores how each edition rescales the others."""

# %%
import numpy as np

import fdl
from why_dl._data import load_datasphere
from why_dl._trend import fit_doubling

points = load_datasphere(fdl.data_path("global_datasphere_zettabytes.csv"))
estimates = sorted((p for p in points if not p.forecast), key=lambda p: p.year)


def fit(ps):
    return fit_doubling(
        np.array([p.year for p in ps], float),
        np.array([p.zettabytes for p in ps]),
    )


def rate(slope: float) -> float:
    """Yearly growth from a slope in log2 units per year."""
    return 2.0**slope - 1


# %% one edition: at most two estimates
by_edition: dict[str, list] = {}
for p in estimates:
    by_edition.setdefault(p.edition, []).append(p)
edition, most = max(by_edition.items(), key=lambda kv: len(kv[1]))
single = fit(most)
fdl.value("edition", edition)
fdl.value("edition_n", len(most))
fdl.value("edition_first", most[0].year)
fdl.value("edition_last", most[-1].year)
fdl.value("edition_rate", rate(single.slope))
fdl.check(
    "no_interval_from_one_edition",
    single.ci is None,
    detail=f"{len(most)} estimates, interval {single.ci}",
)

# %% all editions pooled
pooled = fit(estimates)
assert pooled.ci is not None
lo, hi = rate(1 / pooled.ci[1]), rate(1 / pooled.ci[0])
fdl.value("n_estimates", len(estimates))
fdl.value("n_editions", len(by_edition))
fdl.value("pooled_rate", rate(pooled.slope))
fdl.value("pooled_lo", lo)
fdl.value("pooled_hi", hi)
fdl.value("level", 0.95)
steps = [
    (
        (b.zettabytes / a.zettabytes) ** (1 / (b.year - a.year)) - 1,
        a.year,
        b.year,
    )
    for a, b in zip(estimates, estimates[1:], strict=False)
]
low, high = min(steps), max(steps)
fdl.value("step_low", low[0])
fdl.value("step_low_years", f"{low[1]}\u2013{low[2]}")
fdl.value("step_high", high[0])
fdl.value("step_high_years", f"{high[1]}\u2013{high[2]}")
outside = [s for s in steps if not lo <= s[0] <= hi]
if outside:
    steps_sentence = (
        f"{len(outside)} of the {len(steps)} average yearly rates between "
        "consecutive estimates fall outside that interval"
    )
else:
    steps_sentence = (
        f"all {len(steps)} average yearly rates between consecutive "
        "estimates fall inside that interval"
    )
fdl.value("steps_sentence", steps_sentence)

# %% the rates the forecasts imply, edition by edition
implied = {}
for p in points:
    if p.forecast:
        base = max(
            (e for e in estimates if e.edition == p.edition),
            key=lambda e: e.year,
        )
        implied[p.edition] = (p.zettabytes / base.zettabytes) ** (
            1 / (p.year - base.year)
        ) - 1
made = {
    e: e.split(",")[-1].strip().replace("Nov ", "November ") for e in implied
}
fdl.value(
    "forecast_rates",
    " and ".join(
        f"{r:.0%} a year ({made[e]} edition)" for e, r in implied.items()
    ),
)
