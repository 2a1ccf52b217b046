"""How much memory training a network takes: a back-of-envelope model.

Training keeps four things in memory: the weights, one gradient per
weight, the optimiser's state (Adam keeps two numbers per weight) and
the activations of the forward pass that backpropagation needs.
"""

from __future__ import annotations

from dataclasses import dataclass

OPTIMIZER_STATES = {"sgd": 0, "momentum": 1, "adam": 2}
"""Numbers the optimiser keeps per weight."""


@dataclass(frozen=True)
class TrainingMemory:
    """Bytes needed to train, by what they hold."""

    weights: float
    gradients: float
    optimizer: float
    activations: float

    @property
    def static(self) -> float:
        """Everything but the activations (independent of the batch)."""
        return self.weights + self.gradients + self.optimizer

    @property
    def total(self) -> float:
        return self.static + self.activations

    def parts(self) -> dict[str, float]:
        return {
            "weights": self.weights,
            "gradients": self.gradients,
            "optimizer state": self.optimizer,
            "activations": self.activations,
        }


def training_memory(
    n_params: float,
    activation_bytes: float,
    *,
    bytes_per_value: int = 4,
    optimizer: str = "adam",
) -> TrainingMemory:
    """Memory to train ``n_params`` weights, all in one number format.

    With fp32 (4 bytes) and Adam this is 16 bytes per weight plus the
    activations.
    """
    states = OPTIMIZER_STATES[optimizer]
    per = float(bytes_per_value)
    return TrainingMemory(
        weights=n_params * per,
        gradients=n_params * per,
        optimizer=n_params * per * states,
        activations=float(activation_bytes),
    )


def mlp_params(widths: list[int]) -> int:
    """Weights and biases of a fully connected network."""
    return sum(a * b + b for a, b in zip(widths, widths[1:], strict=False))


def mlp_activation_bytes(
    widths: list[int], batch: int, bytes_per_value: int = 4
) -> int:
    """Each layer's output (and the input) kept for the backward pass."""
    return batch * sum(widths) * bytes_per_value


def transformer_params(layers: int, hidden: int, vocab: int) -> int:
    """About 12 h^2 per block (attention 4 h^2, MLP 8 h^2) + embeddings."""
    return 12 * layers * hidden**2 + vocab * hidden


def transformer_activation_bytes(
    layers: int,
    hidden: int,
    heads: int,
    seq: int,
    batch: int,
    attention_scores: bool = True,
) -> float:
    """Korthikanti et al. (2022), eq. 1: s b h (34 + 5 a s / h) per block.

    Bytes with 16-bit activations, no recomputation and no parallelism
    ("Reducing activation recomputation in large transformer models",
    arXiv:2205.05198). The term 5 a s / h is what the attention scores,
    their softmax and its dropout mask take (5 a s^2 b bytes per block);
    with ``attention_scores=False`` they are not stored, as with
    FlashAttention or selective recomputation, and s b h 34 remains.
    """
    per_token = 34 + (5 * heads * seq / hidden if attention_scores else 0)
    return layers * seq * batch * hidden * per_token
