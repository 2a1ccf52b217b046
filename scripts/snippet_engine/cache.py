"""The on-disk cache: committed entries, shared artefacts, one lock.

Layout under the cache directory::

    lock                 flock'd while committing or pruning
    entries/<key>/       one committed run: manifest.json, record, raw files
    artefacts/<key>.pkl  results shared between snippets (``fdl.cached``)
    derived/<key>.<ext>  what the build derived (dark figures, downloads)
    tmp/<pid>-<ns>-<id>/ staging; never trusted, pruned when its pid is gone
                         (<ns>: the PID namespace the pid is read in; from
                         another namespace, once older than any run lasts)

Only the build process writes here. An entry appears only by an atomic
rename of a complete directory whose manifest lists each file's size and
SHA-256, and the run record and metadata with their own SHA-256; a lookup
re-checks all of them, so a truncated, corrupt or edited file or value
makes the entry a miss. Derived files carry their checksum in a sidecar.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from snippet_engine import artefacts
from snippet_engine.records import (
    RecordError,
    RunMeta,
    RunRecord,
    meta_from_dict,
    record_from_dict,
)

FORMAT = 2


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


STAGING_GRACE_S = 3600.0 + 600.0  # the longest timeout, and a margin


def _pid_namespace() -> str:
    """This process's PID namespace, as its inode (``0`` without /proc):
    a pid names a process only inside its own namespace."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return "0"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _value_digest(record: dict[str, Any], meta: dict[str, Any]) -> str:
    blob = json.dumps([record, meta], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True)
class Entry:
    """A committed, verified cache entry."""

    key: str
    directory: Path
    record: RunRecord
    meta: RunMeta

    def path(self, name: str) -> Path:
        """Path of one of the entry's files."""
        return self.directory / name


class Cache:
    """Entries keyed by snippet key, written atomically, safe to share."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.entries = directory / "entries"
        self.tmp = directory / "tmp"
        self.artefacts = directory / "artefacts"
        self.derived_dir = directory / "derived"
        for folder in (
            self.entries,
            self.tmp,
            self.artefacts,
            self.derived_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)

    def check_writable(self) -> None:
        """Raise ``OSError`` unless entries can be staged and committed."""
        probe = self.tmp / f".probe-{os.getpid()}"
        probe.write_bytes(b"probe")
        probe.unlink()
        with self.locked():
            pass

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cache's exclusive lock (between builds, not threads)."""
        with open(self.directory / "lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def lookup(self, key: str) -> Entry | None:
        """Return the verified entry for ``key``, or None (a miss)."""
        directory = self.entries / key
        manifest = directory / "manifest.json"
        if not manifest.exists():
            return None
        entry = self._verify(key, directory)
        if entry is None:
            with self.locked():
                self._discard(directory)
            return None
        with contextlib.suppress(OSError):
            os.utime(manifest)
        return entry

    def _verify(self, key: str, directory: Path) -> Entry | None:
        try:
            data = json.loads((directory / "manifest.json").read_text())
            if data.get("format") != FORMAT or data.get("key") != key:
                return None
            for name, meta in data["files"].items():
                path = directory / name
                if path.stat().st_size != meta["size"]:
                    return None
                if _sha256(path) != meta["sha256"]:
                    return None
            digest = _value_digest(data["record"], data["meta"])
            if digest != data["values_sha256"]:
                return None
            record = record_from_dict(data["record"])
            meta = meta_from_dict(data["meta"])
            return Entry(key, directory, record, meta)
        except (OSError, ValueError, KeyError, TypeError, RecordError):
            return None

    def staging(self) -> Path:
        """A fresh private directory for a run's outputs."""
        path = (
            self.tmp
            / f"{os.getpid()}-{_pid_namespace()}-{uuid.uuid4().hex[:12]}"
        )
        path.mkdir(parents=True)
        return path

    def commit(
        self, key: str, staging: Path, record: RunRecord, meta: RunMeta
    ) -> Entry:
        """Move ``staging`` into the cache as the entry for ``key``."""
        files = {}
        for path in sorted(staging.iterdir()):
            if path.is_file() and path.name != "manifest.json":
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
                files[path.name] = {
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
        record_data = json.loads(record.to_json())
        meta_data = dataclasses.asdict(meta)
        manifest = {
            "format": FORMAT,
            "key": key,
            "files": files,
            "record": record_data,
            "meta": meta_data,
            "values_sha256": _value_digest(record_data, meta_data),
        }
        target = staging / "manifest.json"
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_dir(staging)
        destination = self.entries / key
        with self.locked():
            existing = self._verify(key, destination)
            if existing is not None and not meta.measures:
                shutil.rmtree(staging, ignore_errors=True)
                return existing
            self._discard(destination)
            os.rename(staging, destination)
            _fsync_dir(self.entries)
        return Entry(key, destination, record, meta)

    # -- shared artefacts: verified, then moved in by the build process --

    def artefact(self, key: str) -> Path | None:
        """The committed artefact for ``key``, if present and intact."""
        path = self.artefacts / f"{key}.pkl"
        if not path.exists():
            return None
        try:
            artefacts.verify(path)
        except artefacts.ArtefactError:
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return path

    def commit_artefact(self, key: str, source: Path) -> Path:
        """Verify a worker's artefact file and move it into the cache."""
        artefacts.verify(source)
        target = self.artefacts / f"{key}.pkl"
        with self.locked():
            os.replace(source, target)
        return target

    # -- derived files ---------------------------------------------------

    def derived(
        self, key: str, suffix: str, make: Callable[[], bytes]
    ) -> Path:
        """The derived file for ``key``, made (and kept) on a miss."""
        path = self.derived_dir / f"{key}{suffix}"
        sidecar = path.with_name(path.name + ".sha256")
        try:
            if sidecar.read_text() == _sha256(path):
                with contextlib.suppress(OSError):
                    os.utime(path)
                return path
        except OSError:
            pass
        data = make()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        tmp.write_text(hashlib.sha256(data).hexdigest())
        os.replace(tmp, sidecar)
        return path

    def _discard(self, directory: Path) -> None:
        """Remove an entry (caller holds the lock)."""
        if not directory.exists():
            return
        trash = self.tmp / f"trash-{uuid.uuid4().hex[:12]}"
        os.rename(directory, trash)
        shutil.rmtree(trash, ignore_errors=True)

    def prune(self, max_age_s: float) -> int:
        """Remove entries and artefacts unused for ``max_age_s`` seconds,
        and staging left by dead builds. Return how many were removed."""
        now = time.time()
        removed = 0
        with self.locked():
            for directory in list(self.entries.iterdir()):
                manifest = directory / "manifest.json"
                try:
                    age = now - manifest.stat().st_mtime
                except OSError:
                    age = max_age_s + 1  # no manifest: never committed
                if age > max_age_s:
                    self._discard(directory)
                    removed += 1
            for path in self.artefacts.glob("*.pkl"):
                if now - path.stat().st_mtime > max_age_s:
                    path.unlink(missing_ok=True)
                    removed += 1
            for path in self.artefacts.glob("*.tmp"):
                owner = path.name.rsplit(".", 2)[-2]
                if not owner.isdigit() or not _pid_alive(int(owner)):
                    path.unlink(missing_ok=True)
            for path in self.derived_dir.iterdir():
                if now - path.stat().st_mtime > max_age_s:
                    path.unlink(missing_ok=True)
            for path in self.directory.glob("dists-*.json"):
                if now - path.stat().st_mtime > max_age_s:
                    path.unlink(missing_ok=True)
            here = _pid_namespace()
            for path in list(self.tmp.iterdir()):
                owner, _, rest = path.name.partition("-")
                namespace = rest.split("-", 1)[0] if "-" in rest else None
                age = now - path.stat().st_mtime
                if not owner.isdigit():
                    stale = True  # trash, or not ours
                elif namespace == here:
                    stale = not _pid_alive(int(owner))
                else:  # another namespace's build (a container) may be
                    stale = age > STAGING_GRACE_S  # alive: wait it out
                if stale or age > 86400:
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
        return removed
