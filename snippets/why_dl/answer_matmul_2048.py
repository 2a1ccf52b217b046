"""Exercise 3: the 32-bit matrix products of the chapter with the size
2048 added, on the roofline of the machine that built this page (one
thread); the 2048 product is the marked point."""

# snippet: measures, threads=1

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl

SIZES = [64, 128, 256, 512, 1024, 2048]
RUNS_2048 = 2  # best of two runs: 2 n^3 is 17 GFLOP at n = 2048


def best_seconds(fn, runs: int = 0, budget: float = 0.02) -> float:
    """Best time of ``fn()``: ``runs`` runs, or repeats filling
    ``budget`` seconds after a warm-up."""
    if not runs:
        fn()
    times: list[float] = []
    while len(times) < (runs or 3) or (not runs and sum(times) < budget):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def matmul_flops(n: int) -> float:
    a, b = torch.randn(n, n), torch.randn(n, n)
    runs = RUNS_2048 if n == 2048 else 0
    return 2 * n**3 / best_seconds(lambda: a @ b, runs)


rates = [matmul_flops(n) for n in SIZES]
x = torch.ones(2**24)
y, z = torch.ones_like(x), torch.empty_like(x)
bw = 12 * x.numel() / best_seconds(lambda: torch.add(x, y, out=z))

# %%
peak = max(rates)
ridge = peak / bw
intensity = [n / 6 for n in SIZES]  # 2 n^3 operations on 3 n^2 floats
r2048, r1024 = rates[-1], rates[-2]
fdl.value("threads", torch.get_num_threads())
fdl.value("runs_2048", RUNS_2048)
fdl.value("gflops_2048", r2048 / 1e9)
fdl.value("gflops_1024", r1024 / 1e9)
fdl.value("chapter_max_n", 1024)
fdl.value("intensity_2048", intensity[-1])
fdl.value("ridge", ridge)
fdl.value("ridge_n", 6 * ridge)  # intensity n / 6 reaches the ridge
fdl.value("bandwidth_gbs", bw / 1e9)
fdl.value("right_of_ridge", intensity[-1] / ridge)
side = (
    "far right of the ridge"
    if intensity[-1] > 2 * ridge
    else "near the ridge"
    if intensity[-1] > ridge / 2
    else "left of the ridge, under the sloped part of the roof"
)
best_n = SIZES[int(np.argmax(rates))]
f2048, f1024 = r2048 / peak, r1024 / peak
if best_n == 2048:
    height = "on the roof: it is the fastest product measured, so it sets it"
elif f2048 >= 0.8:
    height = f"just under the roof, at {f2048:.0%} of the rate of n = {best_n}"
else:
    height = (
        f"well below the roof, at {f2048:.0%} of the rate of n = {best_n}, "
        "the product that sets it"
    )
fdl.value("where", f"{side}, {height}")
gain = r2048 / r1024
step = "doubling n from 1024 to 2048"
cache_note = (
    "the intensity n / 6 counts each matrix crossing the memory bus once, "
    "but matrices larger than the CPU's caches are read block by block, "
    "several times, and other programs on the build machine share its "
    "cores and caches"
)
if 0.85 < gain < 1.15 and min(f1024, f2048) >= 0.7:
    gain_sentence = (
        f"{step} changed the rate only by a factor of {gain:.2f}: past the "
        "ridge, more operations per byte no longer buy speed, because the "
        "arithmetic units, not memory, are the limit"
    )
elif 0.85 < gain < 1.15:
    gain_sentence = (
        f"{step} changed the rate only by a factor of {gain:.2f}, so the "
        f"measured curve is flat there too, but at {f1024:.0%} and "
        f"{f2048:.0%} of the roof, not on it. The roof is only a ceiling; "
        "what keeps these products below it lies outside the model: "
        + cache_note
    )
elif gain >= 1.15:
    gain_sentence = (
        f"{step} still raised the rate by a factor of {gain:.2f}: the "
        f"product at n = 1024 ran at only {f1024:.0%} of the roof, "
        "so the measured curve had not flattened there yet (the roof is a "
        "ceiling: caches, fixed costs per call and other programs on the "
        "build machine keep measurements below it)"
    )
else:
    gain_sentence = (
        f"{step} lowered the rate by a factor of {1 / gain:.2f}: past the "
        "ridge, more operations per byte buy no speed, and the 2048 product "
        "lost to effects the roofline leaves out: " + cache_note
    )
fdl.value("gain_sentence", gain_sentence)
small, x64 = rates[0] / peak, intensity[0]
if x64 < ridge and rates[0] > x64 * bw:
    small_sentence = (
        "The smallest product (n = 64) lies left of the ridge, yet ran "
        f"above the sloped roof, at {small:.0%} of the flat one: its three "
        "matrices fit in the core's caches, so main memory's bandwidth, "
        "which the slope stands for, does not limit it"
    )
elif small >= 0.5:
    small_sentence = (
        f"The smallest product (n = 64) already ran at {small:.0%} of the "
        "roof: its three matrices fit in the core's caches"
    )
else:
    small_sentence = (
        f"The smallest product (n = 64) ran at {small:.0%} of the roof"
        + (
            ", although it too lies right of the ridge"
            if x64 > ridge
            else ", under the sloped part of the roof"
        )
        + ": besides memory, fixed costs per call and blocks too small to "
        "keep the core's vector units busy hold it back"
    )
fdl.value("small_sentence", small_sentence)

# %%
fig, ax = plt.subplots(figsize=(6.0, 3.6))
ai = np.logspace(-2, 3.5, 200)
ax.plot(
    ai,
    np.minimum(peak, ai * bw),
    color=fdl.PALETTE[0],
    lw=1.6,
    label="roof of this CPU, fp32 (measured)",
)
ax.plot(
    intensity[:-1],
    rates[:-1],
    "o",
    color=fdl.PALETTE[0],
    ms=4,
    label="fp32 matmul, n = " + ", ".join(map(str, SIZES[:-1])),
)
ax.plot(
    intensity[-1],
    r2048,
    "*",
    color=fdl.PALETTE[1],
    ms=11,
    label="fp32 matmul, n = 2048",
)
ax.plot(1 / 12, bw / 12, "s", color=fdl.PALETTE[2], ms=5, label="x + y (fp32)")
ax.axvline(ridge, color=fdl.LIGHT["muted"], lw=1, ls=":")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("arithmetic intensity (operations per byte moved)")
ax.set_ylabel("operations per second")
ax.legend(fontsize=7.5, loc="lower right")
fig.tight_layout()
fdl.show(fig, "roofline_2048")
