"""The file format of a shared artefact: a checksum line, then a pickle.

Workers write artefacts into their staging directory and read committed
ones; only the build process moves them into the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any


class ArtefactError(ValueError):
    """An artefact file that is missing or whose checksum does not match."""


def dump(path: Path, value: object) -> None:
    """Write ``value`` to ``path`` (atomically, with its checksum)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(payload).hexdigest().encode()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(digest + b"\n" + payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def verify(path: Path) -> bytes:
    """The artefact's pickle bytes, once its checksum is checked."""
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise ArtefactError(f"cannot read {path.name}: {exc}") from None
    digest, _, payload = blob.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise ArtefactError(f"{path.name} does not match its checksum")
    return payload


def load(path: Path) -> Any:
    """Read a verified artefact."""
    return pickle.loads(verify(path))
