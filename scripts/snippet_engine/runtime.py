"""The engine's side of ``fdl`` inside a worker: it collects outputs.

``fdl.show``, ``fdl.value`` and ``fdl.cached`` call this object when a
snippet runs under the engine. It also watches what the snippet does
through an audit hook: which data files it reads, and any attempt to
reach the network.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from snippet_engine import artefacts
from snippet_engine.job import Job
from snippet_engine.outputs import (
    Check,
    Figure,
    Frames,
    OutputError,
    Value,
    check_name,
)
from snippet_engine.records import ArtefactUse, Output

T = TypeVar("T")
_NETWORK_EVENTS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
}


class OfflineError(RuntimeError):
    """A snippet tried to reach the network during the offline build."""


class Runtime:
    """Collects one run's outputs; checks its data reads and network use."""

    def __init__(self, job: Job, out: Path) -> None:
        self.job = job
        self.out = out
        self.outputs: list[Output] = []
        self.artefacts: list[ArtefactUse] = []
        self.data_read: set[str] = set()
        self.data_dir = str(Path(job.snippets_dir) / "data") + os.sep
        self._names: dict[str, dict[str, Any]] = {}

    def _used(self, kind: str) -> dict[str, Any]:
        return self._names.setdefault(kind, {})

    def add(self, output: Output) -> None:
        """Record an output collected elsewhere (a notebook's figures)."""
        check_name(output.name, self._used(output.type), output.type)
        self._used(output.type)[output.name] = True
        self.outputs.append(output)

    def show(self, fig: Any, name: str) -> None:
        import matplotlib.pyplot as plt

        check_name(name, self._used(Figure.name), "figure")
        self.add(Figure.collect(fig, name, self.out))
        plt.close(fig)

    def frames(
        self,
        name: str,
        draw: Callable[[Any], Any],
        values: list[Any],
        label: str,
        default: int,
        fmt: str,
    ) -> None:
        check_name(name, self._used(Figure.name), "figure")
        self._used(Figure.name)[name] = True
        self.add(
            Frames.collect(draw, name, values, label, default, fmt, self.out)
        )

    def value(self, name: str, value: object) -> None:
        check_name(name, self._used(Value.name), "value")
        self.add(Value.collect(name, value))

    def check(self, name: str, passed: object, detail: object) -> None:
        check_name(name, self._used(Check.name), "check")
        self.add(Check.collect(name, passed, detail))

    def cached(self, fn: Callable[..., T], *args: Any) -> T:
        signature = f"{fn.__module__}:{fn.__qualname__}{args!r}"
        key = dict(self.job.artefacts).get(signature)
        if key is None:
            raise OutputError(
                f"fdl.cached({fn.__qualname__}{', ' if args else ''}"
                f"{', '.join(map(repr, args))}) was not planned: call it in "
                "the snippet's own code as fdl.cached(function, literal "
                "arguments), with a module-level function of a module in "
                "snippets/ imported by name"
            )
        start = time.perf_counter()
        value = artefacts.load(Path(self.job.artefact_dir) / f"{key}.pkl")
        self.artefacts.append(
            ArtefactUse(
                name=f"{fn.__module__}.{fn.__qualname__}",
                key=key,
                seconds=round(time.perf_counter() - start, 3),
            )
        )
        return value  # type: ignore[no-any-return]

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path = args[0]
            if isinstance(path, str):
                full = os.path.abspath(path)
                if full.startswith(self.data_dir):
                    self.data_read.add(full)
        elif event == "socket.connect":
            sock, address = args[0], args[1]
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                raise OfflineError(
                    f"snippet tried to connect to {address!r}: the build is "
                    "offline; ship data in snippets/data/ or a pip package"
                )
        elif event in _NETWORK_EVENTS:
            raise OfflineError(
                f"snippet tried to look up {args[0]!r}: the build is "
                "offline; ship data in snippets/data/ or a pip package"
            )

    def check_data_reads(self) -> None:
        unseen = sorted(self.data_read - set(self.job.data))
        if unseen:
            names = ", ".join(Path(p).name for p in unseen)
            raise OutputError(
                f"read data file(s) {names} that the cache key cannot see: "
                "name each file as a string literal, e.g. "
                'fdl.data_path("file.csv")'
            )

    def install(self) -> None:
        """Become ``fdl``'s runtime and start auditing."""
        import fdl

        fdl._runtime = self
        sys.addaudithook(self.audit)
