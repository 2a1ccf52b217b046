"""Matrix-multiply throughput measured on the machine that built this page.

Left: FLOP/s of an n-by-n matrix product for several sizes and number
types. Right: those measurements on a roofline drawn from the measured
memory bandwidth and peak, beside the rooflines of two accelerators'
spec sheets.
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


cpu = torch.device("cpu")
targets = [(cpu, cpu_model(), [torch.float32, torch.float64,
                               torch.bfloat16], [64, 128, 256, 512, 1024])]
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
peaks: dict[str, float] = {}
for device, name, dtypes, sizes in targets:
    for dtype in dtypes:
        results[device.type, dtype] = [matmul_flops(n, dtype, device)
                                       for n in sizes]
    bandwidths[device.type] = bw = bandwidth(device)
    peaks[device.type] = peak = max(max(results[device.type, d])
                                    for d in dtypes)
    fdl.value(f"{device.type}_name", name)
    fdl.value(f"{device.type}_bandwidth_gbs", bw / 1e9)
    fdl.value(f"{device.type}_peak_gflops", peak / 1e9)
    fdl.value(f"{device.type}_fp32_gflops",
              max(results[device.type, torch.float32]) / 1e9)
    fdl.value(f"{device.type}_ridge", peak / bw)
if "cuda" in peaks:
    fdl.value("accelerator", f"{targets[1][1]}: best "
              f"{peaks['cuda'] / 1e12:.1f} TFLOP/s measured, "
              f"{bandwidths['cuda'] / 1e9:.0f} GB/s")
else:
    fdl.value("accelerator", "none (this build ran on the CPU only)")
cpu_fp32 = results["cpu", torch.float32]
fdl.value("cpu_fp32_n64_gflops", cpu_fp32[0] / 1e9)
fdl.value("cpu_fp32_vs_bf16", max(cpu_fp32)
          / max(results["cpu", torch.bfloat16]))
fdl.value("cpu_fp32_vs_fp64", max(cpu_fp32)
          / max(results["cpu", torch.float64]))
fdl.value("cpu_add_gflops", bandwidths["cpu"] / 12 / 1e9)

jouppi = load_spec_peaks(fdl.data_path("jouppi2017_table2.csv"))
haswell = next(p for p in jouppi if p.kind == "CPU")
fdl.value("haswell_over_measured", haswell.peak_ops / max(cpu_fp32))
chips = {c.name: c for c in load_hardware(
    fdl.data_path("epoch_ml_hardware.csv"))}
h100 = chips["NVIDIA H100 SXM5 80GB"]
tpu = chips["Google TPU v1"]
specs = [tpu, h100]
assert h100.tensor16 and h100.bandwidth and tpu.int8 and tpu.bandwidth
fdl.value("h100_ridge", h100.tensor16 / h100.bandwidth)
fdl.value("tpu1_ridge", tpu.int8 / tpu.bandwidth)
fdl.value("h100_over_measured", h100.tensor16 / max(cpu_fp32))

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
bars = [(f"this {k.replace('cuda', 'GPU').upper()}\n(measured here)", v, 0)
        for k, v in peaks.items()]
bars += [(f"{p.chip}\n({p.precision}, 2017 paper)", p.peak_ops, 1)
         for p in jouppi]
bars += [("H100 SXM\n(16-bit tensor, spec)", h100.tensor16, 2)]
ys = np.arange(len(bars))[::-1]
for y, (_, v, c) in zip(ys, bars, strict=True):
    ax.barh(y, v, color=fdl.PALETTE[c], height=0.6)
    ax.text(v * 1.3, y, f"{v:.1e}", va="center", fontsize=7.5,
            color=fdl.LIGHT["ink"])
ax.set_yticks(ys, [b[0] for b in bars], fontsize=7.5)
ax.set_xscale("log")
ax.set_xlim(1e10, 3e16)
ax.set_xlabel("peak operations per second")
ax.set_title("spec-sheet peaks")
ax.grid(axis="y", visible=False)
fig.tight_layout()
fdl.show(fig, "matmul")

# %%
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ai = np.logspace(-2, 4, 200)
lines = [(f"{kind} (measured here)", peaks[kind], bandwidths[kind], "-")
         for kind in peaks]
for chip in specs:
    peak = chip.tensor16 or chip.int8
    assert peak and chip.bandwidth
    lines.append((f"{chip.name} (spec)", peak, chip.bandwidth, "--"))
for colour, (label, peak, bw, style) in zip(fdl.PALETTE[1:], lines,
                                            strict=False):
    ax.plot(ai, np.minimum(peak, ai * bw), style, color=colour,
            label=label, lw=1.6)
sizes = targets[0][3]
ax.plot([n / 6 for n in sizes], cpu_fp32, "o", color=fdl.PALETTE[0],
        ms=4, label="fp32 matmul, n = " + ", ".join(map(str, sizes)))
ax.plot(1 / 12, bandwidths["cpu"] / 12, "s", color=fdl.PALETTE[0], ms=5,
        label="x + y (fp32)")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("arithmetic intensity (FLOP per byte moved)")
ax.set_ylabel("attainable FLOP/s")
ax.legend(fontsize=7.5, loc="upper left")
fig.tight_layout()
fdl.show(fig, "roofline")
