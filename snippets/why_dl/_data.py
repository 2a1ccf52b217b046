"""Typed loaders for the tables behind chapters 3 and 4.

Each loader takes the path that a snippet got from ``fdl.data_path`` and
returns plain Python or NumPy values in the units named by the field.
A missing value becomes ``None`` (never a silent NaN); a malformed one
raises ``ValueError`` with the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "Chip",
    "DataspherePoint",
    "Landmark",
    "Milestone",
    "Model",
    "Snapshot",
    "SpecPeak",
    "Top500",
    "decimal_year",
    "load_datasphere",
    "load_hardware",
    "load_landmarks",
    "load_milestones",
    "load_models",
    "load_multi_package",
    "load_snapshots",
    "load_spec_peaks",
    "load_storage",
    "load_top500",
]


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV file, check its header and number its data lines."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        missing = [c for c in columns if c not in header]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        return [(i + 2, row) for i, row in enumerate(reader)]


def _number(text: str, where: str) -> float:
    """Parse a finite number; empty or non-finite text is an error."""
    value = float(text.replace("$", "").replace(",", ""))
    if not np.isfinite(value):
        raise ValueError(f"{where}: non-finite number {text!r}")
    return value


def _optional(text: str, where: str) -> float | None:
    """Parse an optional positive number: empty text gives ``None``."""
    text = text.strip()
    if not text:
        return None
    value = _number(text, where)
    if value <= 0:
        raise ValueError(f"{where}: expected a positive number, got {text!r}")
    return value


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as err:
        raise ValueError(f"{where}: bad date {text!r}") from err


def decimal_year(date: dt.date) -> float:
    """Return the date as a fractional year (2000-07-02 is about 2000.5)."""
    start = dt.date(date.year, 1, 1)
    length = (dt.date(date.year + 1, 1, 1) - start).days
    return date.year + (date - start).days / length


# %% storage prices


def load_storage(path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Price per terabyte in constant 2020 US$, by medium.

    Returns ``{medium: (years, usd_per_tb)}`` with only the years that
    have a price for that medium.
    """
    media = ["memory_dram", "flash", "disk_hdd", "ssd"]
    rows = _rows(path, ["year", *media])
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for medium in media:
        years, prices = [], []
        for line, row in rows:
            price = _optional(row[medium], f"{path.name}:{line}")
            if price is not None:
                years.append(int(row["year"]))
                prices.append(price)
        out[medium] = (np.array(years), np.array(prices))
    return out


# %% global datasphere


@dataclass(frozen=True)
class DataspherePoint:
    """One IDC figure: zettabytes in ``year``, estimated or forecast."""

    year: int
    zettabytes: float
    forecast: bool
    edition: str


def load_datasphere(path: Path) -> list[DataspherePoint]:
    """IDC's global datasphere figures, each tagged with its edition."""
    points = []
    for line, row in _rows(path, ["year", "zettabytes", "kind", "source"]):
        where = f"{path.name}:{line}"
        kind = row["kind"].strip()
        if kind != "estimate" and not kind.startswith("forecast"):
            raise ValueError(f"{where}: unknown kind {kind!r}")
        size = _optional(row["zettabytes"], where)
        if size is None:
            raise ValueError(f"{where}: missing zettabytes")
        points.append(
            DataspherePoint(
                int(row["year"]), size, kind != "estimate", row["source"]
            )
        )
    return points


# %% TOP500


@dataclass(frozen=True)
class Top500:
    """The #1 system of one TOP500 list and its LINPACK Rmax in FLOP/s."""

    year: int
    month: int
    system: str
    rmax_flops: float

    @property
    def when(self) -> float:
        return self.year + (self.month - 0.5) / 12


def load_top500(path: Path) -> list[Top500]:
    """The #1 systems of selected TOP500 lists, oldest first."""
    out = []
    for line, row in _rows(path, ["list", "system", "rmax_flops"]):
        where = f"{path.name}:{line}"
        year, month = (int(p) for p in row["list"].split("-"))
        rmax = _optional(row["rmax_flops"], where)
        if rmax is None:
            raise ValueError(f"{where}: missing Rmax")
        out.append(Top500(year, month, row["system"].strip(), rmax))
    return sorted(out, key=lambda t: t.when)


# %% Epoch AI: models


@dataclass(frozen=True)
class Model:
    """One ML system of Epoch AI's database (compute in FLOP)."""

    name: str
    domain: str
    date: dt.date
    parameters: float | None
    compute_flop: float | None
    criteria: tuple[str, ...]

    @property
    def notable(self) -> bool:
        """Epoch marks notable systems with at least one criterion."""
        return bool(self.criteria)

    @property
    def year(self) -> float:
        return decimal_year(self.date)


def load_models(path: Path) -> list[Model]:
    """Epoch AI's ML systems, with their notability criteria."""
    columns = [
        "Model",
        "Domain",
        "Publication date",
        "Parameters",
        "Training compute (FLOP)",
        "Notability criteria",
    ]
    out = []
    for line, row in _rows(path, columns):
        where = f"{path.name}:{line}"
        criteria = tuple(
            c.strip() for c in row["Notability criteria"].split(",")
            if c.strip()
        )
        out.append(
            Model(
                name=row["Model"].strip(),
                domain=row["Domain"].strip(),
                date=_date(row["Publication date"], where),
                parameters=_optional(row["Parameters"], where),
                compute_flop=_optional(row["Training compute (FLOP)"], where),
                criteria=criteria,
            )
        )
    return out


# %% Epoch AI: hardware


@dataclass(frozen=True)
class Chip:
    """One accelerator of Epoch AI's hardware table (peaks in FLOP/s)."""

    name: str
    manufacturer: str
    kind: str
    date: dt.date
    fp32: float | None
    tensor16: float | None
    int8: float | None
    memory_bytes: float | None
    bandwidth: float | None  # bytes per second

    @property
    def year(self) -> float:
        return decimal_year(self.date)


def load_hardware(path: Path) -> list[Chip]:
    """Epoch AI's GPUs and TPUs with their spec-sheet peaks."""
    fields = {
        "fp32": "FP32 (single precision) performance (FLOP/s)",
        "tensor16": "Tensor-FP16/BF16 performance (FLOP/s)",
        "int8": "INT8 performance (OP/s)",
        "memory_bytes": "Memory size per board (Byte)",
        "bandwidth": "Memory bandwidth (byte/s)",
    }
    base = ["Hardware name", "Manufacturer", "Type", "Release date"]
    out = []
    for line, row in _rows(path, base + list(fields.values())):
        where = f"{path.name}:{line}"
        numbers = {k: _optional(row[c], where) for k, c in fields.items()}
        out.append(
            Chip(
                name=row["Hardware name"].strip(),
                manufacturer=row["Manufacturer"].strip(),
                kind=row["Type"].strip(),
                date=_date(row["Release date"], where),
                **numbers,
            )
        )
    return out


# %% small cited tables written for the course


@dataclass(frozen=True)
class Milestone:
    year: int
    event: str
    reference: str


def load_milestones(path: Path) -> list[Milestone]:
    """Neural-network milestones with the publication that made each."""
    out = []
    for line, row in _rows(path, ["year", "event", "reference"]):
        if not row["reference"].strip():
            raise ValueError(f"{path.name}:{line}: no reference")
        out.append(
            Milestone(int(row["year"]), row["event"], row["reference"])
        )
    return sorted(out, key=lambda m: m.year)


@dataclass(frozen=True)
class Landmark:
    """A landmark network's depth as its paper counts it."""

    model: str  # the name in Epoch AI's table
    depth: int
    counted: str
    reference: str


def load_landmarks(path: Path) -> list[Landmark]:
    out = []
    for line, row in _rows(path, ["model", "depth", "counted", "reference"]):
        depth = int(row["depth"])
        if depth < 1:
            raise ValueError(f"{path.name}:{line}: depth {depth}")
        out.append(
            Landmark(row["model"], depth, row["counted"], row["reference"])
        )
    return out


@dataclass(frozen=True)
class SpecPeak:
    """A chip's spec-sheet peak (operations per second) at a precision."""

    chip: str
    kind: str
    peak_ops: float
    precision: str
    tdp_w: float


def load_spec_peaks(path: Path) -> list[SpecPeak]:
    """Jouppi et al. (2017), Table 2: CPU, GPU and TPU of one datacenter."""
    columns = ["chip", "kind", "peak_ops_per_s", "precision", "tdp_w"]
    out = []
    for line, row in _rows(path, columns):
        where = f"{path.name}:{line}"
        peak = _optional(row["peak_ops_per_s"], where)
        tdp = _optional(row["tdp_w"], where)
        if peak is None or tdp is None:
            raise ValueError(f"{where}: missing peak or TDP")
        out.append(
            SpecPeak(row["chip"], row["kind"], peak, row["precision"], tdp)
        )
    return out


@dataclass(frozen=True)
class Snapshot:
    """When a data file was taken from its source (``YYYY-MM``)."""

    file: str
    snapshot: str
    source: str


def load_snapshots(path: Path) -> dict[str, Snapshot]:
    """The date of each data file's snapshot, by file name."""
    out = {}
    for line, row in _rows(path, ["file", "snapshot", "source"]):
        when = row["snapshot"].strip()
        _date(when + "-01", f"{path.name}:{line}")  # YYYY-MM
        out[row["file"].strip()] = Snapshot(
            row["file"].strip(), when, row["source"].strip())
    return out


def load_multi_package(path: Path) -> dict[str, int]:
    """Boards of Epoch AI's hardware table that carry more than one GPU or
    TPU package, with how many they carry."""
    out = {}
    for line, row in _rows(path, ["hardware_name", "packages", "source"]):
        packages = int(row["packages"])
        if packages < 2 or not row["source"].strip():
            raise ValueError(f"{path.name}:{line}: not a multi-package "
                             "board with a source")
        out[row["hardware_name"].strip()] = packages
    return out
