"""Exercise 3: the CNN-width panel of `compute.py` with widths 64 and 128
added: FLOPs of a training step (the formula PyTorch's counter follows) and
its time, measured on the machine that built this page (one thread, fewer
images than the chapter)."""
# snippet: measures, threads=1

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from dl_vs_ml._cost import conv_stack, slope, time_per_image

N_IMAGES, REPEATS = 16, 2  # the chapter times 64 images, 3 epochs
# random images: the time of a step does not depend on the pixel values
X = torch.rand(N_IMAGES, 1, 28, 28)
y = torch.randint(0, 10, (N_IMAGES,))
old = [4, 8, 16, 32]  # the chapter's widths
widths = old + [64, 128]
fdl.value("n_images", N_IMAGES)
fdl.value("repeats", REPEATS)
fdl.value("widths_old", f"{old[0]} to {old[-1]}")
fdl.value("width_min", old[0])
fdl.value("width_old_max", old[-1])


# %%
def step_flops(width, size=28, k=3, classes=10):
    """FLOPs of one training step of ``conv_stack(2, width)`` on one image,
    as ``train_flops`` counts them (a test checks): forward and weight
    gradient of the first layer, whose input needs no gradient; forward,
    input and weight gradients of the second layer and the classifier."""
    conv1 = 2 * size * size * k * k * 1 * width
    conv2 = 2 * size * size * k * k * width * width
    linear = 2 * width * classes
    return 2 * conv1 + 3 * conv2 + 3 * linear


flops = np.array([step_flops(w) for w in widths])
secs = np.array(
    [time_per_image(conv_stack(2, w), X, y, repeats=REPEATS) for w in widths]
)
widths = np.array(widths)
n = len(old)
slopes = {
    "old": (slope(widths[:n], flops[:n]), slope(widths[:n], secs[:n])),
    "all": (slope(widths, flops), slope(widths, secs)),
    "wide": (slope(widths[-2:], flops[-2:]), slope(widths[-2:], secs[-2:])),
}
for k, (f, t) in slopes.items():
    fdl.value(f"slope_flops_{k}", f)
    fdl.value(f"slope_time_{k}", t)
    fdl.value(f"gap_{k}", f - t)
ns = secs / flops * 1e9
fdl.value("ns_per_flop_32", float(ns[n - 1]))
fdl.value("ns_per_flop_128", float(ns[-1]))
fdl.value("us_128", float(secs[-1] * 1e6))

gap_old = abs(slopes["old"][0] - slopes["old"][1])
gap_wide = abs(slopes["wide"][0] - slopes["wide"][1])
fdl.value(
    "verdict",
    (
        "Yes: between widths 64 and 128 the time slope is closer to the FLOP "
        "slope than over the chapter's widths"
        if gap_wide < gap_old
        else "No: between widths 64 and 128 the time slope is not closer "
        "to the FLOP slope than over the chapter's widths"
    ),
)
fdl.value(
    "ns_sentence",
    (
        "wide layers use the processor better: fewer nanoseconds per FLOP"
        if ns[-1] < ns[n - 1]
        else "wide layers do not use the processor better: no fewer "
        "nanoseconds per FLOP"
    ),
)
fdl.value("ns_per_flop_4", float(ns[0]))
gap_all = abs(slopes["all"][0] - slopes["all"][1])
if gap_all <= gap_wide:
    all_sentence = (
        "the slope over all six widths is no further from the FLOP slope "
        "than between widths 64 and 128"
    )
elif ns[0] > ns[-1]:
    all_sentence = (
        "the slope over all six widths is further from the FLOP slope than "
        "between widths 64 and 128, because the narrow widths, where each "
        "FLOP takes more time, are in the fit"
    )
else:
    all_sentence = (
        "the slope over all six widths is further from the FLOP slope than "
        "between widths 64 and 128"
    )
fdl.value("all_sentence", all_sentence)

# %%
fig, ax = plt.subplots(figsize=(5, 3.4))
ax.plot(
    widths,
    flops / flops[0],
    marker="o",
    color=fdl.PALETTE[1],
    label=f"FLOPs (slope {slopes['all'][0]:.2f})",
)
ax.plot(
    widths,
    secs / secs[0],
    marker="s",
    linestyle="--",
    color=fdl.PALETTE[2],
    label=f"time, measured (slope {slopes['all'][1]:.2f})",
)
ax.axvspan(48, 180, color=fdl.LIGHT["grid"], linewidth=0, zorder=0)
ax.text(90, 1.3, "added", ha="center", fontsize=8, color=fdl.LIGHT["muted"])
ax.set_xscale("log", base=2)
ax.set_yscale("log", base=2)
ax.set_xticks(widths, [str(w) for w in widths])
ax.minorticks_off()
ax.set_xlabel("channels")
ax.set_ylabel(f"cost, relative to width {widths[0]}")
ax.set_title("CNN width (2 layers), one training step", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
fig.tight_layout()
fdl.show(fig, "widths")
