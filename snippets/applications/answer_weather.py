"""Exercise 4, one field worked through: weather forecasting, on which
wind and solar power planning depend. The Earth-science models of Epoch
AI's table, with their training compute, among all notable models."""

# %%
import matplotlib.pyplot as plt

import fdl
from why_dl._data import load_models

models = load_models(fdl.data_path("epoch_notable_models.csv"))
earth = sorted(
    (m for m in models if "Earth science" in m.domain), key=lambda m: m.date
)
known = [m for m in earth if m.compute_flop]
by_name = {m.name: m for m in models}
graphcast, gpt4 = by_name["GraphCast"], by_name["GPT-4"]
pangu = by_name["Pangu-Weather"]
assert graphcast.compute_flop and gpt4.compute_flop
assert pangu.compute_flop and pangu.parameters
fdl.value("n_earth", len(earth))
fdl.value("n_systems", len(models))
fdl.value("first_earth_year", earth[0].date.year)
fdl.value("graphcast_year", graphcast.date.year)
fdl.value("llm_name", gpt4.name)
mantissa, exponent = f"{graphcast.compute_flop:.1e}".split("e")
sup = str.maketrans(
    "0123456789-",
    "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b",
)
fdl.value(
    "graphcast_flop",
    f"{mantissa} \u00d7 10{str(int(exponent)).translate(sup)}",
)
fdl.value("gpt4_over_graphcast", gpt4.compute_flop / graphcast.compute_flop)
fdl.value("pangu_params_m", pangu.parameters / 1e6)
fdl.value("earth_names", ", ".join(m.name for m in earth))

# %%
notable = [
    m for m in models if m.notable and m.compute_flop and m.date.year >= 2015
]
fig, ax = plt.subplots(figsize=(6.4, 3.4), dpi=60)  # raster points only
ax.scatter(
    [m.year for m in notable],
    [m.compute_flop for m in notable],
    s=8,
    color=fdl.PALETTE[4],
    alpha=0.5,
    rasterized=True,
    label="notable models, all fields",
)
ax.scatter(
    [m.year for m in known],
    [m.compute_flop for m in known],
    s=30,
    color=fdl.PALETTE[2],
    zorder=3,
    label="Earth science (weather, climate, Earth observation)",
)
ax.plot(gpt4.year, gpt4.compute_flop, "o", ms=6, color=fdl.PALETTE[1])
for m, (dx, dy) in ((graphcast, (8, -10)), (pangu, (-8, 6)), (gpt4, (-8, 4))):
    ax.annotate(
        m.name,
        (m.year, m.compute_flop),
        xytext=(dx, dy),
        textcoords="offset points",
        ha="left" if dx > 0 else "right",
        fontsize=7.5,
        color=fdl.LIGHT["ink"],
        bbox={
            "boxstyle": "round,pad=0.15",
            "ec": "none",
            "fc": fdl.LIGHT["background"],
            "alpha": 0.8,
        },
    )
ax.set_yscale("log")
ax.set_xlabel("publication date")
ax.set_ylabel("training compute (FLOP)")
ax.legend(fontsize=7.5, loc="lower right")
fig.tight_layout()
fdl.show(fig, "weather")
