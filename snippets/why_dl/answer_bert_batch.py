"""Exercise 4: the memory of fine-tuning BERT-Base against the batch size,
by the chapter's estimate (fp32 with Adam, 128 tokens), and the largest
batch that fits in 8 GB."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from why_dl._memory import (
    training_memory,
    transformer_activation_bytes,
    transformer_params,
)

GB = 1e9
BUDGET = 8 * GB
params = transformer_params(12, 768, 30522)


SEQ = 128  # tokens per example, as in the chapter


def total(batch: int, seq: int = SEQ) -> float:
    act = transformer_activation_bytes(12, 768, 12, seq=seq, batch=batch)
    return training_memory(params, act).total


def largest_batch(seq: int = SEQ) -> int:
    """The largest batch whose estimate fits in ``BUDGET`` bytes."""
    batch = 0
    while total(batch + 1, seq) <= BUDGET:
        batch += 1
    return batch


static = training_memory(params, 0).static
per_example = total(1) - static
batch = largest_batch()
fdl.value("static_gb", static / GB)
fdl.value("per_example_mb", per_example / 1e6)
fdl.value("batch", batch)
fdl.value("total_at_batch_gb", total(batch) / GB)
fdl.value("total_next_gb", total(batch + 1) / GB)
fdl.check(
    "batch_is_largest",
    total(batch) <= BUDGET < total(batch + 1),
    detail=f"{total(batch) / GB:.3f} GB at batch {batch}, "
    f"{total(batch + 1) / GB:.3f} GB at batch {batch + 1}",
)
formula = int((BUDGET - static) // per_example)
fdl.check(
    "formula_agrees",
    formula == batch,
    detail=f"formula {formula}, search {batch}",
)
fdl.value("seq", SEQ)
fdl.value("seq_long", 512)
fdl.value("batch_long", largest_batch(512))

# %%
fig, ax = plt.subplots(figsize=(5.6, 3.2))
batches = np.arange(1, 2 * batch)
ax.plot(
    batches,
    [total(int(b)) / GB for b in batches],
    color=fdl.PALETTE[0],
    label=f"estimate, {SEQ} tokens",
)
ax.axhline(BUDGET / GB, color=fdl.LIGHT["muted"], ls="--", lw=1, label="8 GB")
ax.axhline(
    static / GB,
    color=fdl.PALETTE[2],
    ls=":",
    lw=1,
    label="weights, gradients, Adam state",
)
ax.plot(
    batch,
    total(batch) / GB,
    "o",
    color=fdl.PALETTE[1],
    label=f"largest batch that fits: {batch}",
)
ax.set_xlabel("batch size")
ax.set_ylabel("memory to fine-tune (GB)")
ax.set_ylim(0, None)
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
fdl.show(fig, "bert_batch")
