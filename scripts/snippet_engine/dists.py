"""Installed distributions: which import names they provide, and versions.

Read with ``importlib.metadata`` (never by importing the packages) and
memoised on disk, keyed on the modification times of ``sys.path``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class DistTable:
    """Import names -> distributions, and each distribution's requires."""

    provides: dict[str, list[str]]
    versions: dict[str, str]
    requires: dict[str, list[str]]

    def closure(self, import_names: set[str]) -> dict[str, str]:
        """Versions of the distributions behind ``import_names``, with
        every distribution they require, transitively."""
        todo = [d for n in import_names for d in self.provides.get(n, [])]
        seen: dict[str, str] = {}
        while todo:
            dist = todo.pop()
            if dist in seen or dist not in self.versions:
                continue
            seen[dist] = self.versions[dist]
            todo.extend(self.requires.get(dist, []))
        return dict(sorted(seen.items()))

    def pins(self, import_names: set[str]) -> tuple[str, ...]:
        """``name==version`` for each installed distribution that provides
        one of ``import_names`` (names nothing installed provides, such as
        the course's own modules, are left out). A local version label
        (torch's ``+cpu``) is dropped: the public release has the code."""
        dists = {
            dist
            for name in import_names
            for dist in self.provides.get(name, [])
            if dist in self.versions
        }
        return tuple(
            f"{dist}=={self.versions[dist].split('+')[0]}"
            for dist in sorted(dists)
        )


def _fingerprint() -> str:
    parts = []
    for entry in sys.path:
        try:
            parts.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _scan() -> DistTable:
    provides: dict[str, set[str]] = {}
    for top, dists in metadata.packages_distributions().items():
        provides.setdefault(top, set()).update(_normalise(d) for d in dists)
    versions: dict[str, str] = {}
    requires: dict[str, list[str]] = {}
    for dist in metadata.distributions():
        name = _normalise(dist.metadata["Name"] or "")
        if not name or name in versions:
            continue
        versions[name] = dist.version
        needed = []
        for req in dist.requires or []:
            match = _NAME.match(req)
            if match and "extra ==" not in req:
                needed.append(_normalise(match.group(1)))
        requires[name] = sorted(set(needed))
    return DistTable(
        provides={k: sorted(v) for k, v in sorted(provides.items())},
        versions=dict(sorted(versions.items())),
        requires=requires,
    )


def load_dist_table(cache_dir: Path | None) -> DistTable:
    """Return the table, from the on-disk memo when it is current."""
    memo = None
    if cache_dir is not None:
        memo = cache_dir / f"dists-{_fingerprint()}.json"
        try:
            data = json.loads(memo.read_text())
            return _checked(DistTable(**data))
        except (OSError, ValueError, TypeError, AttributeError):
            pass  # missing or malformed: scan again
    table = _scan()
    if memo is not None:
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(table.__dict__))
            os.replace(tmp, memo)
        except OSError:  # only a memo
            tmp.unlink(missing_ok=True)
    return table


def _checked(table: DistTable) -> DistTable:
    """The table, if every field has the right shape (else TypeError)."""
    parts = (table.provides, table.versions, table.requires)
    if not all(isinstance(p, dict) for p in parts):
        raise TypeError("malformed distribution table")
    for name, dists in (*table.provides.items(), *table.requires.items()):
        if not isinstance(dists, list) or not all(
            isinstance(d, str) for d in dists
        ):
            raise TypeError(f"malformed entry {name!r}")
    if not all(isinstance(v, str) for v in table.versions.values()):
        raise TypeError("malformed versions")
    return table
