"""Unit tests of the cache store and the shared-artefact store."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

from snippet_engine.cache import ArtefactStore, Cache


def _commit(cache: Cache, key: str, text: str = "<svg/>") -> None:
    staging = cache.staging()
    (staging / "fig.light.svg").write_text(text)
    cache.commit(key, staging, {"values": {"x": 1}, "figures": ["fig"]})


def test_commit_then_lookup(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.lookup("k") is None
    _commit(cache, "k")
    entry = cache.lookup("k")
    assert entry is not None and entry.result["values"] == {"x": 1}
    assert list(cache.tmp.iterdir()) == []


def test_entry_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _commit(cache, "k")
    os.rename(cache.entries / "k", cache.entries / "other")
    assert cache.lookup("other") is None
    assert not (cache.entries / "other").exists()


def test_staging_of_a_dead_build_is_pruned(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    dead = cache.tmp / "999999999-abc"
    dead.mkdir()
    live = cache.staging()
    cache.prune(max_age_s=3600)
    assert not dead.exists() and live.exists()


def _ask(directory: str, counter: str) -> int:
    def compute() -> list[int]:
        with open(counter, "a") as handle:
            handle.write("x")
        time.sleep(0.5)
        return [1, 2, 3]

    value, _ = ArtefactStore(Path(directory)).get_or_compute("k", compute)
    return sum(value)


def test_artefact_computed_once_by_concurrent_processes(
    tmp_path: Path,
) -> None:
    counter = tmp_path / "counter"
    args = [(str(tmp_path / "store"), str(counter))] * 3
    with multiprocessing.get_context("forkserver").Pool(3) as pool:
        assert pool.starmap(_ask, args) == [6, 6, 6]
    assert counter.read_text() == "x"


def test_corrupt_artefact_is_recomputed(tmp_path: Path) -> None:
    store = ArtefactStore(tmp_path)
    store.get_or_compute("k", lambda: "first")
    blob = tmp_path / "k.pkl"
    blob.write_bytes(blob.read_bytes()[:-3])
    value, computed = store.get_or_compute("k", lambda: "second")
    assert (value, computed) == ("second", True)
