"""Memory needed to train a network, against the memory of three GPUs.

Left: weights, gradients and Adam state take 16 bytes per parameter;
dots add the activations for three example training runs. Right: what
that memory holds in each run.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import load_hardware, load_models
from why_dl._memory import (
    mlp_activation_bytes,
    mlp_params,
    training_memory,
    transformer_activation_bytes,
    transformer_params,
)

GB = 1e9
mlp = [784, 512, 512, 10]
epoch = {m.name: m for m in load_models(
    fdl.data_path("epoch_notable_models.csv"))}
llama_params = epoch["Llama 2-7B"].parameters
assert llama_params
runs = {
    "MLP on MNIST\n(batch 128)": training_memory(
        mlp_params(mlp), mlp_activation_bytes(mlp, batch=128)),
    "BERT-Base fine-tuning\n(batch 32, 128 tokens)": training_memory(
        transformer_params(12, 768, 30522),
        transformer_activation_bytes(12, 768, 12, seq=128, batch=32)),
    "Llama 2-7B training\n(batch 1, 4096 tokens)": training_memory(
        llama_params,
        transformer_activation_bytes(32, 4096, 32, seq=4096, batch=1)),
}
mlp_run, bert_run, llama_run = runs.values()
fdl.value("mlp_params", mlp_params(mlp))
fdl.value("mlp_total_mb", mlp_run.total / 1e6)
fdl.value("bert_params", transformer_params(12, 768, 30522))
fdl.value("bert_static_gb", bert_run.static / GB)
fdl.value("bert_total_gb", bert_run.total / GB)
fdl.value("bert_activation_share", bert_run.activations / bert_run.total)
fdl.value("llama_params", llama_params)
fdl.value("llama_static_gb", llama_run.static / GB)
fdl.value("llama_total_gb", llama_run.total / GB)

chips = {c.name: c for c in load_hardware(
    fdl.data_path("epoch_ml_hardware.csv"))}
gpus = {"GTX 1080": chips["NVIDIA GeForce GTX 1080"],
        "RTX 4090": chips["NVIDIA GeForce RTX 4090"],
        "H100": chips["NVIDIA H100 SXM5 80GB"]}
per_param = training_memory(1, 0).static
fdl.value("bytes_per_param", per_param)
for key, chip in gpus.items():
    assert chip.memory_bytes
    slug = key.lower().replace(" ", "")
    fdl.value(f"{slug}_gb", chip.memory_bytes / GB)
    fdl.value(f"{slug}_max_params", chip.memory_bytes / per_param)
limit = gpus["GTX 1080"].memory_bytes / per_param
fdl.value("ram_for_gtx1080_limit_gb", limit * 12 / GB)
fdl.value("bert_fits_gtx1080",
          "yes" if bert_run.total < gpus["GTX 1080"].memory_bytes
          else "no")

# %%
fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.8),
                         gridspec_kw={"width_ratios": [1, 1.1]})
ax = axes[0]
n = np.logspace(5, 11, 50)
ax.plot(n, n * per_param / GB, color=fdl.PALETTE[0],
        label=f"{per_param:.0f} bytes per parameter")
for key, chip in gpus.items():
    assert chip.memory_bytes
    ax.axhline(chip.memory_bytes / GB, color=fdl.LIGHT["muted"], lw=1,
               ls="--")
    ax.text(1.3e5, chip.memory_bytes / GB * 1.15, key, fontsize=7.5,
            color=fdl.LIGHT["ink"])
for name, run in runs.items():
    params = run.weights / 4
    ax.plot(params, run.total / GB, "o", color=fdl.PALETTE[1], ms=6)
    ax.annotate(name.split(" ")[0].replace("Llama", "Llama 2-7B"),
                (params, run.total / GB), xytext=(-6, 4), ha="right",
                textcoords="offset points", fontsize=7.5,
                color=fdl.LIGHT["ink"])
ax.plot([], [], "o", color=fdl.PALETTE[1], label="with activations")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("parameters")
ax.set_ylabel("memory to train (GB)")
ax.legend(fontsize=7.5, loc="upper left")

ax = axes[1]
labels = list(runs)
for y, run in enumerate(runs.values()):
    left = 0.0
    for colour, (part, size) in zip(fdl.PALETTE, run.parts().items(),
                                    strict=False):
        share = size / run.total
        ax.barh(y, share, left=left, color=colour, height=0.6,
                label=part if y == 0 else None)
        left += share
    ax.text(1.02, y, f"{run.total / GB:.3g} GB", va="center",
            fontsize=8, color=fdl.LIGHT["ink"])
ax.set_yticks(range(len(labels)), labels, fontsize=7.5)
ax.invert_yaxis()
ax.set_xlim(0, 1.25)
ax.set_xticks([0, 0.5, 1], ["0%", "50%", "100%"])
ax.grid(axis="y", visible=False)
ax.legend(fontsize=7, ncols=2, loc="upper center",
          bbox_to_anchor=(0.45, -0.12))
fig.tight_layout()
fdl.show(fig, "memory")
