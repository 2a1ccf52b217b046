"""Training compute of the language models behind AI assistants.

Dots are Epoch AI's notable language models with a known training
compute; the labelled ones are the model families behind ChatGPT and
Meta's Llama assistants.
"""

# %%
import matplotlib.pyplot as plt

import fdl
from why_dl._data import load_models

models = load_models(fdl.data_path("epoch_notable_models.csv"))
language = [m for m in models if m.notable and m.compute_flop
            and "Language" in m.domain.split(",")]
by_name = {m.name: m for m in language}
marked = {"GPT-2 (1.5B)": (-6, 4), "GPT-3 175B (davinci)": (-6, 4),
          "GPT-3.5": (-6, 6), "GPT-4": (-8, 8), "Llama 2-70B": (6, -10),
          "Llama 3.1-405B": (6, -10)}
gpt2, gpt4 = by_name["GPT-2 (1.5B)"], by_name["GPT-4"]
assert gpt2.compute_flop and gpt4.compute_flop
fdl.value("n_language", len(language))
fdl.value("gpt2_year", gpt2.date.year)
fdl.value("gpt4_year", gpt4.date.year)
fdl.value("gpt4_over_gpt2", gpt4.compute_flop / gpt2.compute_flop)
fdl.value("gpt4_flop", gpt4.compute_flop)

# %%
fig, ax = plt.subplots(figsize=(7.0, 3.8))
ax.scatter([m.year for m in language], [m.compute_flop for m in language],
           s=9, color=fdl.PALETTE[0], alpha=0.5, rasterized=True,
           label=f"notable language models (n = {len(language)})")
for name, offset in marked.items():
    m = by_name[name]
    ax.plot(m.year, m.compute_flop, "o", ms=6, color=fdl.PALETTE[1])
    ax.annotate(name.split(" (")[0], (m.year, m.compute_flop),
                xytext=offset, textcoords="offset points",
                ha="right" if offset[0] < 0 else "left",
                bbox={"boxstyle": "round,pad=0.15", "ec": "none",
                      "fc": fdl.LIGHT["background"], "alpha": 0.8},
                fontsize=7.5, color=fdl.LIGHT["ink"])
ax.set_yscale("log")
ax.set_xlim(2010, 2026)
ax.set_xlabel("publication date")
ax.set_ylabel("training compute (FLOP)")
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
fdl.show(fig, "assistants")
