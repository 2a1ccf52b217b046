"""Price of one terabyte of DRAM, flash, hard disk and SSD since 1956.

Prices are in constant 2020 US dollars on a log axis (Our World in Data,
from John C. McCallum's tables).
"""

# %%
import matplotlib.pyplot as plt

import fdl
from why_dl._data import load_storage

prices = load_storage(fdl.data_path("storage_cost_2020usd_per_tb.csv"))
names = {"memory_dram": "DRAM", "flash": "flash", "disk_hdd": "hard disk",
         "ssd": "SSD"}


def price(medium: str, year: int) -> float:
    years, usd = prices[medium]
    return float(usd[list(years).index(year)])


last = int(max(prices["disk_hdd"][0]))
fdl.value("last_year", last)
for medium, since in [("disk_hdd", 2000), ("memory_dram", 2000),
                      ("disk_hdd", 2013), ("memory_dram", 2013),
                      ("ssd", 2013)]:
    short = medium.split("_")[-1]
    fdl.value(f"{short}_fall_since_{since}",
              price(medium, since) / price(medium, last))
first = int(min(min(y) for y, _ in prices.values()))
fdl.value("first_year", first)
fdl.value("years_of_data", last - first)


def yearly(medium: str, start: int, end: int) -> float:
    """Average yearly fall in price (0.3 = 30% cheaper a year)."""
    return 1 - (price(medium, end) / price(medium, start)) ** (
        1 / (end - start))


slowed = []
for medium in ("disk_hdd", "memory_dram"):
    before, after = yearly(medium, 2000, 2013), yearly(medium, 2013, last)
    fdl.value(f"{medium.split('_')[-1]}_yearly_2000_2013", before)
    fdl.value(f"{medium.split('_')[-1]}_yearly_since_2013", after)
    slowed.append(after < before)
fdl.value("since_2013", (
    "the fall has slowed for both" if all(slowed) else
    "the fall has sped up for both" if not any(slowed) else
    "the fall has slowed for one of them"))
fdl.value("hdd_usd_per_tb_last", price("disk_hdd", last))
fdl.value("ssd_usd_per_tb_last", price("ssd", last))
fdl.value("flash_last_year", int(max(prices["flash"][0])))

# %%
fig, ax = plt.subplots(figsize=(7.0, 4.0))
for colour, (medium, label) in zip(fdl.PALETTE, names.items(),
                                   strict=False):
    years, usd = prices[medium]
    ax.plot(years, usd, "-", marker="o", ms=2.5, color=colour, label=label)
for year in (2000, 2013):
    ax.axvline(year, color=fdl.LIGHT["muted"], lw=1, ls=":")
    ax.text(year + 0.5, 3e15, str(year), fontsize=8,
            color=fdl.LIGHT["muted"])
ax.set_yscale("log")
ax.set_xlabel("year")
ax.set_ylabel("US$ per terabyte (2020 dollars)")
ax.legend(loc="lower left", fontsize=8.5)
fig.tight_layout()
fdl.show(fig, "storage_cost")
