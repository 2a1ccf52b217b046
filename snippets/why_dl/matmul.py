"""Matrix-multiply throughput measured on the machine that built this page.

First figure: FLOP/s of an n-by-n matrix product for several sizes and
number types, beside spec-sheet peaks, one bar per precision. Second: a
roofline per precision, with the measured products of that precision.
"""

# snippet: measures, threads=1

# %%
import platform
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch

import fdl
from why_dl._data import load_hardware, load_spec_peaks


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def seconds(fn, device: torch.device, budget: float = 0.05) -> float:
    """Best time of ``fn()`` over repeats filling about ``budget`` s."""
    fn()
    sync(device)
    times: list[float] = []
    while sum(times) < budget or len(times) < 3:
        start = time.perf_counter()
        fn()
        sync(device)
        times.append(time.perf_counter() - start)
    return min(times)


def matmul_flops(n: int, dtype: torch.dtype, device: torch.device) -> float:
    a = torch.randn(n, n, device=device).to(dtype)
    b = torch.randn(n, n, device=device).to(dtype)
    return 2 * n**3 / seconds(lambda: a @ b, device)


def bandwidth(device: torch.device, n: int = 2**24) -> float:
    """Bytes per second of ``z = x + y`` on float32 (12 bytes moved)."""
    x = torch.ones(n, device=device)
    y, z = torch.ones_like(x), torch.empty_like(x)
    return 12 * n / seconds(lambda: torch.add(x, y, out=z), device)


def bf16_instructions() -> list[str]:
    """The CPU's bfloat16 instruction sets, as it reports them."""
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.is_file():
        return []
    flags: set[str] = set()
    for line in cpuinfo.read_text().splitlines():
        if line.startswith(("flags", "Features")):
            flags |= set(line.split(":", 1)[1].split())
    known = ("avx512_bf16", "amx_bf16", "bf16")  # x86 and Arm names
    return [f for f in known if f in flags]


cpu = torch.device("cpu")
SIZES = [64, 128, 256, 512, 1024]
BYTES = {torch.float32: 4, torch.float64: 8, torch.bfloat16: 2}
targets = [(cpu, cpu_model(), [torch.float32, torch.float64,
                               torch.bfloat16], SIZES)]
build = torch.device(fdl.device())
if build.type == "cuda":
    targets.append((build, torch.cuda.get_device_name(build),
                    [torch.float32, torch.bfloat16, torch.float16],
                    [256, 1024, 4096, 8192]))

fdl.value("device", fdl.device())
fdl.value("cpu_model", cpu_model())
fdl.value("threads", torch.get_num_threads())
fdl.value("torch_version", torch.__version__)

# %%
results: dict[tuple[str, torch.dtype], list[float]] = {}
bandwidths: dict[str, float] = {}
best: dict[tuple[str, torch.dtype], float] = {}
for device, name, dtypes, sizes in targets:
    for dtype in dtypes:
        results[device.type, dtype] = [matmul_flops(n, dtype, device)
                                       for n in sizes]
        best[device.type, dtype] = max(results[device.type, dtype])
    bandwidths[device.type] = bw = bandwidth(device)
    fdl.value(f"{device.type}_name", name)
    fdl.value(f"{device.type}_bandwidth_gbs", bw / 1e9)
    fdl.value(f"{device.type}_fp32_gflops", best[device.type,
                                                 torch.float32] / 1e9)
if build.type == "cuda":
    gpu = max((v, d) for (k, d), v in best.items() if k == "cuda")
    fdl.value("accelerator", f"{targets[1][1]}: best "
              f"{gpu[0] / 1e12:.1f} TFLOP/s measured "
              f"({str(gpu[1]).removeprefix('torch.')}), "
              f"{bandwidths['cuda'] / 1e9:.0f} GB/s")
else:
    fdl.value("accelerator", "none (this build ran on the CPU only)")

fp32, fp64 = best["cpu", torch.float32], best["cpu", torch.float64]
bf16 = best["cpu", torch.bfloat16]
fdl.value("cpu_bf16_gflops", bf16 / 1e9)
fdl.value("cpu_fp64_gflops", fp64 / 1e9)
fdl.value("cpu_fp32_n_best", SIZES[int(np.argmax(results["cpu",
                                                         torch.float32]))])


def speed(a: float, b: float, what: str) -> str:
    """'X times as fast as' / 'about as fast as' / 'X times slower than'."""
    r = a / b
    if r >= 1.15:
        return f"{r:.1f} times as fast as {what}"
    if r <= 1 / 1.15:
        return f"{1 / r:.1f} times slower than {what}"
    return f"about as fast as {what}"


flags = bf16_instructions()
fdl.value("cpu_bf16_flags", ", ".join(flags) if flags else "none")
fdl.value("precision_sentence", (
    f"32-bit floats ran {speed(fp32, fp64, '64-bit ones')}, and bfloat16 "
    f"ran {speed(bf16, fp32, '32-bit floats')} "
    + (f"(this CPU reports bfloat16 instructions: {', '.join(flags)})"
       if flags else "(this CPU reports no bfloat16 instructions)")))
fdl.value("cpu_add_gflops", bandwidths["cpu"] / 12 / 1e9)

jouppi = load_spec_peaks(fdl.data_path("jouppi2017_table2.csv"))
haswell = next(p for p in jouppi if p.kind == "CPU")
fdl.value("haswell_over_measured", haswell.peak_ops / fp32)
chips = {c.name: c for c in load_hardware(
    fdl.data_path("epoch_ml_hardware.csv"))}
h100 = chips["NVIDIA H100 SXM5 80GB"]
tpu = chips["Google TPU v1"]
assert h100.tensor16 and h100.fp32 and h100.bandwidth
assert tpu.int8 and tpu.bandwidth
fdl.value("h100_year", h100.date.year)
fdl.value("h100_tensor16_over_bf16", h100.tensor16 / bf16)
fdl.value("h100_fp32_over_fp32", h100.fp32 / fp32)

# one roof per precision: its peak, and the bandwidth of its memory
roofs = [("this CPU, fp32 (measured)", fp32, bandwidths["cpu"], "-"),
         ("this CPU, bfloat16 (measured)", bf16, bandwidths["cpu"], "-"),
         ("H100 SXM, 16-bit tensor (spec)", h100.tensor16, h100.bandwidth,
          "--"),
         ("TPU v1, int8 (spec)", tpu.int8, tpu.bandwidth, "--")]
ridges = {label: peak / bw for label, peak, bw, _ in roofs}
fdl.value("cpu_fp32_ridge", ridges[roofs[0][0]])
fdl.value("cpu_bf16_ridge", ridges[roofs[1][0]])
fdl.value("h100_ridge", ridges[roofs[2][0]])
fdl.value("tpu1_ridge", ridges[roofs[3][0]])
r16 = ridges[roofs[2][0]] / ridges[roofs[1][0]]
fdl.value("ridge_sentence", (
    f"the H100's ridge lies {r16:,.0f} times further right than this "
    "CPU's bfloat16 ridge: an accelerator has so much arithmetic per byte "
    "of memory that only work with a lot of reuse per byte keeps it busy"
    if r16 > 2 else
    f"the H100's ridge lies only {r16:.1f} times as far right as this "
    "CPU's bfloat16 ridge"))

# %%
fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.9),
                         gridspec_kw={"width_ratios": [1.1, 1]})
ax = axes[0]
styles = {"cpu": "-", "cuda": "--"}
for colour, ((kind, dtype), flops) in zip(fdl.PALETTE, results.items(),
                                          strict=False):
    sizes = next(t[3] for t in targets if t[0].type == kind)
    label = f"{kind} {str(dtype).removeprefix('torch.')}"
    ax.plot(sizes, flops, styles[kind], marker="o", ms=4, color=colour,
            label=label)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("matrix size n (n \u00d7 n times n \u00d7 n)")
ax.set_ylabel("measured FLOP/s")
threads = torch.get_num_threads()
ax.set_title(f"measured here, {threads} thread{'s' * (threads > 1)}")
ax.legend(fontsize=8)

ax = axes[1]
bars = [(f"this {k.replace('cuda', 'GPU').upper()}\n"
         f"({str(d).removeprefix('torch.')}, measured here)", v, 0)
        for (k, d), v in best.items() if d != torch.float64]
bars += [(f"{p.chip}\n({p.precision}, 2017 paper)", p.peak_ops, 1)
         for p in jouppi]
bars += [("H100 SXM\n(fp32, spec)", h100.fp32, 2),
         ("H100 SXM\n(16-bit tensor, spec)", h100.tensor16, 2)]
ys = np.arange(len(bars))[::-1]
for y, (_, v, c) in zip(ys, bars, strict=True):
    ax.barh(y, v, color=fdl.PALETTE[c], height=0.6)
    ax.text(v * 1.3, y, f"{v:.1e}", va="center", fontsize=7.5,
            color=fdl.LIGHT["ink"])
ax.set_yticks(ys, [b[0] for b in bars], fontsize=7)
ax.set_xscale("log")
ax.set_xlim(1e10, 3e16)
ax.set_xlabel("peak operations per second")
ax.set_title("peaks, one bar per precision")
ax.grid(axis="y", visible=False)
fig.tight_layout()
fdl.show(fig, "matmul")

# %%
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ai = np.logspace(-2, 4, 200)
colours = [fdl.PALETTE[0], fdl.PALETTE[3], fdl.PALETTE[1], fdl.PALETTE[2]]
for colour, (label, peak, bw, style) in zip(colours, roofs, strict=True):
    ax.plot(ai, np.minimum(peak, ai * bw), style, color=colour,
            label=label, lw=1.6)
for colour, dtype, marker in ((colours[0], torch.float32, "o"),
                              (colours[1], torch.bfloat16, "^")):
    # an n x n product: 2 n^3 operations on three n x n matrices
    intensity = [2 * n**3 / (3 * n * n * BYTES[dtype]) for n in SIZES]
    ax.plot(intensity, results["cpu", dtype], marker, color=colour, ms=4,
            label=f"{str(dtype).removeprefix('torch.')} matmul, n = "
            + ", ".join(map(str, SIZES)))
ax.plot(1 / 12, bandwidths["cpu"] / 12, "s", color=colours[0], ms=5,
        label="x + y (fp32)")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("arithmetic intensity (operations per byte moved)")
ax.set_ylabel("attainable operations per second")
ax.legend(fontsize=7, loc="upper left")
fig.tight_layout()
fdl.show(fig, "roofline")
