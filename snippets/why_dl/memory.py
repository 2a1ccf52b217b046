"""Memory needed to train a network, against the memory of three GPUs.

Left: weights, gradients and Adam state take 16 bytes per parameter;
dots add the activations for three example training runs. Right: what
that memory holds in each run.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._data import (
    load_hardware,
    load_models,
    load_multi_package,
    load_snapshots,
)
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
llama_flash = training_memory(
    llama_params, transformer_activation_bytes(
        32, 4096, 32, seq=4096, batch=1, attention_scores=False))
fdl.value("mlp_params", mlp_params(mlp))
fdl.value("mlp_total_mb", mlp_run.total / 1e6)
fdl.value("bert_params", transformer_params(12, 768, 30522))
fdl.value("bert_static_gb", bert_run.static / GB)
fdl.value("bert_total_gb", bert_run.total / GB)
fdl.value("bert_activation_share", bert_run.activations / bert_run.total)
fdl.value("llama_params", llama_params)
fdl.value("llama_static_gb", llama_run.static / GB)
fdl.value("llama_total_gb", llama_run.total / GB)
fdl.value("llama_scores_gb", (llama_run.total - llama_flash.total) / GB)
fdl.value("llama_flash_total_gb", llama_flash.total / GB)

chips = {c.name: c for c in load_hardware(
    fdl.data_path("epoch_ml_hardware.csv"))}
snapshot = load_snapshots(fdl.data_path("snapshots.csv"))
fdl.value("hardware_snapshot", snapshot["epoch_ml_hardware.csv"].snapshot)

# the largest single accelerator: one GPU or TPU package; a board that
# carries two (a Tesla K80, a GB200 NVL2) is not one
boards = load_multi_package(fdl.data_path("multi_package_boards.csv"))
single = [c for c in chips.values()
          if c.memory_bytes and c.name not in boards]
largest = max(single, key=lambda c: (c.memory_bytes or 0, c.date))
largest_board = max((c for c in chips.values() if c.memory_bytes),
                    key=lambda c: c.memory_bytes or 0)
assert largest.memory_bytes and largest_board.memory_bytes
fdl.value("largest_name", largest.name)
fdl.value("largest_gb", largest.memory_bytes / GB)
fdl.value("largest_year", largest.date.year)
fdl.value("largest_board_name", largest_board.name)
fdl.value("largest_board_gb", largest_board.memory_bytes / GB)
fdl.value("largest_board_packages", boards.get(largest_board.name, 1))
fdl.value("n_multi_package", len(boards))


def fits(total: float) -> str:
    """Whether ``total`` bytes fit the largest single accelerator."""
    return "fits" if total <= largest.memory_bytes else "does not fit"


where = (f"the memory of the largest single accelerator in Epoch AI's "
         f"table, the {largest.name} ({largest.memory_bytes / GB:.0f} GB, "
         f"{largest.date.year})")
a, b = fits(llama_run.total), fits(llama_flash.total)
fdl.value("llama_fit_sentence", (
    f"either way it {a} in {where}" if a == b else
    f"with the attention scores stored it {a} in {where}, without them "
    f"it {b}"))
h100_gb = chips["NVIDIA H100 SXM5 80GB"].memory_bytes
assert h100_gb
fdl.value("llama_h100s", f"{llama_flash.total / h100_gb:.1f}")
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
ram = limit * 12 / GB
fdl.value("ram_for_gtx1080_limit_gb", ram)
fdl.value("ram_sentence", (
    f"{ram:.0f} GB for the largest model such a card trains, close to 8 GB "
    "before the data being prepared is counted, so 16 GB is a more "
    "comfortable minimum than 8" if 4 < ram <= 8 else
    f"{ram:.0f} GB for the largest model such a card trains, plus the data "
    "being prepared"))
bert_fits = bert_run.total < gpus["GTX 1080"].memory_bytes
fdl.value("bert_fits_gtx1080", "yes" if bert_fits else "no")
fdl.value("gtx1080_covers", (
    "which covers this course and, by the estimate above, fine-tuning "
    "BERT-Base at batch 32" if bert_fits else
    "which covers this course, but by the estimate above not fine-tuning "
    "BERT-Base at batch 32"))

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
