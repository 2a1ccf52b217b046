"""How the engine runs: one frozen record, one place for every default.

The MkDocs adapter builds its configuration schema from these defaults,
so a default is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from snippet_engine.machine import cpu_count

DARK_PALETTE = (
    ("background", "#1e2029"),
    ("ink", "#e3e6ea"),
    ("muted", "#a4acb7"),
    ("grid", "#3d4150"),
)
"""The dark (slate) palette's colour for each role of ``fdl.LIGHT``."""


@dataclass(frozen=True)
class Settings:
    """How the engine runs; every field but the paths has a default."""

    root: Path
    snippets_dir: Path
    cache_dir: Path
    device: str = "cpu"
    workers: int = 0
    timeout: float = 300.0
    memory_mb: int | None = 6144
    preload: tuple[str, ...] = ()
    max_age_days: float = 30.0
    dark_palette: tuple[tuple[str, str], ...] = DARK_PALETTE
    sandbox: bool = True
    """Run each job in the sandbox (namespaces; see ``sandbox.py``)."""
    portable: bool = field(default=False)
    """Use the portable process and memory code even where Linux's is
    available (pidfd, /proc); the tests force it to cover macOS."""

    @property
    def worker_count(self) -> int:
        """Workers in the pool (``workers``, or one per core)."""
        return self.workers if self.workers > 0 else cpu_count()

    @property
    def dark(self) -> dict[str, str]:
        """The dark palette as a mapping of role to colour."""
        return dict(self.dark_palette)


def defaults() -> dict[str, Any]:
    """Each optional setting's default, by name."""
    return {
        f.name: f.default
        for f in fields(Settings)
        if f.name not in ("root", "snippets_dir", "cache_dir")
    }
