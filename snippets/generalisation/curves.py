"""Learning curves of one network (seed 0) as weight decay grows: loss and
accuracy on its 300 training images and on 300 validation images after
each epoch. Move the slider to change the weight decay."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import fdl
from generalisation._experiments import (
    DECAYS,
    EPOCHS,
    HIDDEN,
    N_TRAIN,
    N_VAL,
    SEEDS,
    SIDE,
    TEST_PER_CLASS,
    experiments,
)

run = fdl.cached(experiments)["decay"]
c = run["curves"]  # each (decays, epochs)
fdl.value("n_train", N_TRAIN)
fdl.value("n_val", N_VAL)
fdl.value("n_test", 10 * TEST_PER_CLASS)
fdl.value("n_pool", 5000 - 10 * TEST_PER_CLASS)
fdl.value("side", SIDE)
fdl.value("hidden", HIDDEN)
fdl.value("epochs", EPOCHS)
fdl.value("n_seeds", len(SEEDS))
fdl.value("decays", ", ".join(f"{d:g}" for d in DECAYS))

# %%
# no weight decay: where the validation loss bottoms out, and the gap
k0 = DECAYS.index(0.0)
val0, train0 = c["val_loss"][k0], c["train_loss"][k0]
best = int(np.argmin(val0))
fdl.value("best_epoch0", best + 1)
fdl.value("val_loss_min0", float(val0[best]))
fdl.value("val_loss_end0", float(val0[-1]))
fdl.value("train_loss_end0", float(train0[-1]))
fdl.value("train_acc_end0", float(c["train_acc"][k0, -1]))
fdl.value("val_acc_end0", float(c["val_acc"][k0, -1]))
after = train0[best:]
if np.all(np.diff(after) <= 0):
    train_words = f"the training loss keeps falling, to {train0[-1]:.3f}"
elif train0[-1] < train0[best]:
    train_words = (f"the training loss, with ups and downs, ends lower, at "
                   f"{train0[-1]:.3f}")
else:
    train_words = (f"the training loss ends no lower than there "
                   f"({train0[-1]:.3f})")
fdl.value("rise_sentence", (
    f"after epoch {best + 1} the validation loss rises again, from "
    f"{val0[best]:.3f} to {val0[-1]:.3f}, while {train_words}"
    if val0[-1] > val0[best] + 0.005 else
    f"the validation loss stays near its minimum ({val0[best]:.3f}, "
    f"epoch {best + 1}) to the end, while {train_words}"))
kb = len(DECAYS) - 1
fdl.value("big_decay", DECAYS[kb])
fdl.value("train_loss_end_big", float(c["train_loss"][kb, -1]))
fdl.value("val_loss_end_big", float(c["val_loss"][kb, -1]))
fdl.value("train_acc_end_big", float(c["train_acc"][kb, -1]))
fdl.check("big_decay_underfits",
          bool(c["train_loss"][kb, -1] > 10 * c["train_loss"][k0, -1]
               and c["train_acc"][kb, -1] < c["train_acc"][k0, -1]),
          detail=f"training loss {c['train_loss'][kb, -1]:.3f} at "
          f"decay {DECAYS[kb]:g} vs {c['train_loss'][k0, -1]:.3f} at 0")
ta, va = c["train_acc"][:, -1], c["val_acc"][:, -1]
gap = ta - va
fdl.value("gap0", float(gap[k0]))
fdl.value("gap_big", float(gap[kb]))
fdl.value("val_acc_end_big", float(va[kb]))
# the gap shrinks because training accuracy falls further than validation
fdl.check("gap_shrinks",
          bool(gap[kb] < gap[k0] and va[kb] < va[k0]
               and ta[k0] - ta[kb] > va[k0] - va[kb]),
          detail=f"decay 0: training {ta[k0]:.3f}, validation {va[k0]:.3f}; "
          f"decay {DECAYS[kb]:g}: training {ta[kb]:.3f}, validation "
          f"{va[kb]:.3f}")

# %%
epochs = np.arange(1, EPOCHS + 1)
loss_top = float(max(c["val_loss"].max(), c["train_loss"].max())) * 1.05


def draw(decay):
    k = DECAYS.index(decay)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for ax, key, label in ((axes[0], "loss", "cross-entropy loss"),
                           (axes[1], "acc", "accuracy")):
        ax.plot(epochs, c[f"train_{key}"][k], color=fdl.PALETTE[0],
                label=f"training ({N_TRAIN} images)")
        ax.plot(epochs, c[f"val_{key}"][k], color=fdl.PALETTE[1],
                label=f"validation ({N_VAL} images)")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
    b = int(np.argmin(c["val_loss"][k]))
    axes[0].axvline(b + 1, color=fdl.LIGHT["muted"], linestyle=":",
                    linewidth=1.2)
    axes[0].annotate(f"validation minimum\n(epoch {b + 1})",
                     (b + 1, c["val_loss"][k, b]), xytext=(-6, 28),
                     textcoords="offset points", ha="right", fontsize=8,
                     color=fdl.LIGHT["muted"])
    axes[0].set_ylim(0, loss_top)
    axes[1].set_ylim(0, 1.02)
    axes[1].legend(fontsize=8, loc="lower right")
    fig.suptitle(f"weight decay \u03bb = {decay:g}: validation accuracy "
                 f"{c['val_acc'][k, -1]:.1%} after {EPOCHS} epochs",
                 fontsize=10)
    fig.tight_layout()
    return fig


fdl.frames("curves", draw, list(DECAYS), label="Weight decay",
           default=0, fmt="{:g}")
