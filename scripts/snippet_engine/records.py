"""The run record: what a worker hands back, typed and versioned.

A worker runs one job and returns a :class:`RunRecord` of *raw* outputs
(figures as drawn, in the light palette; values; the executed notebook;
a pickled artefact) plus how the run went. It is written as JSON beside
the raw files; the build process reads it back with :func:`load_record`,
which rejects a record of another version or shape.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD_VERSION = 4
"""Bump when the record's shape changes: older records become misses."""

RECORD_FILE = "record.json"

Scalar = bool | int | float | str


class RecordError(ValueError):
    """A record file that is missing, of another version, or malformed."""


@dataclass(frozen=True)
class RunError:
    """Why a run failed, and where (file, cell, line) when known."""

    message: str
    traceback: str = ""
    file: str | None = None
    line: int | None = None
    cell: int | None = None


@dataclass(frozen=True)
class Output:
    """One raw output: its registered type, its name, and either a file
    (beside the record) or a scalar value."""

    type: str
    name: str
    file: str | None = None
    value: Scalar | None = None
    text: str | None = None
    """Words that go with the output (a check's values)."""


@dataclass(frozen=True)
class ArtefactUse:
    """A shared artefact a run loaded (``fdl.cached``)."""

    name: str
    key: str
    seconds: float


@dataclass(frozen=True)
class RunRecord:
    """Everything one run produced, before any derivation."""

    kind: str
    outputs: tuple[Output, ...] = ()
    palette: dict[str, str] = field(default_factory=dict)
    artefacts: tuple[ArtefactUse, ...] = ()
    seconds: float = 0.0
    peak_mib: float = 0.0
    threads: int = 1
    error: RunError | None = None
    unprotected: tuple[str, ...] = ()
    """Sandbox protections this run went without (see ``sandbox``)."""
    unprotected_why: str = ""
    version: int = RECORD_VERSION

    def of_type(self, type_name: str) -> dict[str, Output]:
        """The outputs of one type, by name."""
        return {o.name: o for o in self.outputs if o.type == type_name}

    def to_json(self) -> str:
        """The record as JSON (stable key order)."""
        return json.dumps(asdict(self), sort_keys=True)


def record_from_dict(data: Any) -> RunRecord:
    """Rebuild a record from its JSON form; :class:`RecordError` if the
    version or any field does not match."""
    try:
        if data["version"] != RECORD_VERSION:
            raise RecordError(f"record version {data['version']!r}")
        error = data["error"]
        return RunRecord(
            kind=str(data["kind"]),
            outputs=tuple(Output(**o) for o in data["outputs"]),
            palette={str(k): str(v) for k, v in data["palette"].items()},
            artefacts=tuple(ArtefactUse(**a) for a in data["artefacts"]),
            seconds=float(data["seconds"]),
            peak_mib=float(data["peak_mib"]),
            threads=int(data["threads"]),
            error=RunError(**error) if error is not None else None,
            unprotected=tuple(str(p) for p in data["unprotected"]),
            unprotected_why=str(data["unprotected_why"]),
        )
    except RecordError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise RecordError(f"malformed record: {exc!r}") from None


def load_record(directory: Path) -> RunRecord:
    """Read ``record.json`` from ``directory``."""
    try:
        data = json.loads((directory / RECORD_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise RecordError(f"no readable record: {exc}") from None
    return record_from_dict(data)


@dataclass(frozen=True)
class RunMeta:
    """Where and when the build process committed a run."""

    item: str
    computed_at: str
    device: str
    measures: bool
    machine: dict[str, Any] = field(default_factory=dict)


def meta_from_dict(data: Any) -> RunMeta:
    """Rebuild run metadata; :class:`RecordError` if malformed."""
    try:
        return RunMeta(
            item=str(data["item"]),
            computed_at=str(data["computed_at"]),
            device=str(data["device"]),
            measures=bool(data["measures"]),
            machine=dict(data["machine"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"malformed run metadata: {exc!r}") from None
