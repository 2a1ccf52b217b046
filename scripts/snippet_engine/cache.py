"""The on-disk cache: committed entries, shared artefacts, one lock.

Layout under the cache directory::

    lock                 flock'd while committing or pruning
    entries/<key>/       one committed snippet result: manifest.json + files
    artefacts/<key>.pkl  results shared between snippets (``fdl.cached``)
    tmp/<pid>-<id>/      staging; never trusted, pruned when its pid is gone

An entry appears only by an atomic rename of a complete directory whose
manifest lists each file's size and SHA-256; a lookup re-checks them, so a
truncated, corrupt or deleted file makes the entry a miss.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 1
T = TypeVar("T")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


@dataclass(frozen=True)
class Entry:
    """A committed, verified cache entry."""

    key: str
    directory: Path
    result: dict[str, Any]

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
        for folder in (self.entries, self.tmp, self.artefacts):
            folder.mkdir(parents=True, exist_ok=True)

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
            return Entry(key, directory, data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def staging(self) -> Path:
        """A fresh private directory for a run's outputs."""
        path = self.tmp / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        path.mkdir(parents=True)
        return path

    def commit(self, key: str, staging: Path, result: dict[str, Any]) -> Entry:
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
        manifest = {
            "format": FORMAT,
            "key": key,
            "files": files,
            "result": result,
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
            if existing is not None and not result.get("measures"):
                shutil.rmtree(staging, ignore_errors=True)
                return existing
            self._discard(destination)
            os.rename(staging, destination)
            _fsync_dir(self.entries)
        return Entry(key, destination, result)

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
            for path in self.directory.glob("dists-*.json"):
                if now - path.stat().st_mtime > max_age_s:
                    path.unlink(missing_ok=True)
            for path in list(self.tmp.iterdir()):
                owner = path.name.split("-", 1)[0]
                stale = not owner.isdigit() or not _pid_alive(int(owner))
                if stale or now - path.stat().st_mtime > 86400:
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
        return removed


class ArtefactStore:
    """Results shared between snippets, computed once per key.

    Concurrent askers serialise on a per-key file lock: the first computes
    and writes atomically (checksum header, then rename), the rest load.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def get_or_compute(
        self, key: str, compute: Callable[[], T]
    ) -> tuple[T, bool]:
        """Return the artefact and whether this call computed it."""
        path = self.directory / f"{key}.pkl"
        with open(self.directory / f"{key}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                found = self._load(path)
                if found is not None:
                    return found[0], False
                value = compute()
                self._save(path, value)
                return value, True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _load(self, path: Path) -> tuple[Any] | None:
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        digest, _, payload = blob.partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return (pickle.loads(payload),)

    def _save(self, path: Path, value: object) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.sha256(payload).hexdigest().encode()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(digest + b"\n" + payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
