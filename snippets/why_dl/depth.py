"""Depth and parameter count of landmark networks, 1957 to 2024.

Depth is counted as each paper counts it (layers with weights, or
Transformer blocks); parameter counts come from Epoch AI's table.
"""

# %%
import matplotlib.pyplot as plt

import fdl
from why_dl._data import load_landmarks, load_models

landmarks = load_landmarks(fdl.data_path("landmark_depth.csv"))
models = {m.name: m for m in load_models(
    fdl.data_path("epoch_notable_models.csv"))}
rows = []
for lm in landmarks:
    m = models[lm.model]
    if m.parameters is None:
        raise ValueError(f"Epoch AI lists no parameters for {lm.model}")
    rows.append((m.year, lm.depth, m.parameters, lm.model))

by_name = {r[3]: r for r in rows}
alexnet, resnet = by_name["AlexNet"], by_name["ResNet-152 (ImageNet)"]
largest = max(rows, key=lambda r: r[2])
fdl.value("alexnet_depth", alexnet[1])
fdl.value("alexnet_year", int(alexnet[0]))
fdl.value("resnet_year", int(resnet[0]))
fdl.value("resnet_depth", resnet[1])
fdl.value("lenet_depth", by_name["LeNet-5"][1])
fdl.value("largest_name", largest[3])
fdl.value("largest_depth", largest[1])
fdl.value("largest_params", largest[2])
fdl.value("params_vs_alexnet", largest[2] / alexnet[2])

# %%
def human(v: float) -> str:
    """60000000 -> '60M'."""
    for size, unit in [(1e9, "B"), (1e6, "M"), (1e3, "k")]:
        if v >= size:
            return f"{v / size:.3g}{unit}"
    return f"{v:.0f}"


fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.0), sharey=True)
labels = [f"{int(r[0])}  {r[3].split(' (')[0].split(' / ')[0]}"
          for r in rows]
ys = range(len(rows))[::-1]
panels = [(1, "depth (layers or blocks)", "deeper"),
          (2, "parameters", "bigger")]
for ax, (col, label, title) in zip(axes, panels, strict=True):
    values = [r[col] for r in rows]
    ax.barh(list(ys), values, color=fdl.PALETTE[col - 1], height=0.65)
    for y, v in zip(ys, values, strict=True):
        text = f"{v:,.0f}" if col == 1 else human(v)
        ax.text(v * 1.15, y, text, va="center", fontsize=7.5,
                color=fdl.LIGHT["ink"])
    ax.set_xscale("log")
    ax.set_xlim(0.8 if col == 1 else 3e2, max(values) * 12)
    ax.set_xlabel(label)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
axes[0].set_yticks(list(ys), labels, fontsize=8.5)
fig.tight_layout()
fdl.show(fig, "depth")
