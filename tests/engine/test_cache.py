"""Unit tests of the cache: entries, shared artefacts, derived files."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from snippet_engine import artefacts
from snippet_engine.cache import STAGING_GRACE_S, Cache
from snippet_engine.records import Output, RunMeta, RunRecord

RECORD = RunRecord(
    kind="script",
    outputs=(
        Output("figure", "fig", file="fig.svg"),
        Output("value", "x", value=1),
    ),
    palette={"ink": "#000000"},
)
META = RunMeta("demo/a.py", "2026-11-30 00:00", "cpu", False, {"cores": 2})


def _commit(cache: Cache, key: str, text: str = "<svg/>") -> None:
    staging = cache.staging()
    (staging / "fig.svg").write_text(text)
    cache.commit(key, staging, RECORD, META)


def test_commit_then_lookup(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.lookup("k") is None
    _commit(cache, "k")
    entry = cache.lookup("k")
    assert entry is not None
    assert entry.record == RECORD and entry.meta == META
    assert entry.record.of_type("value")["x"].value == 1
    assert list(cache.tmp.iterdir()) == []


def test_entry_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _commit(cache, "k")
    os.rename(cache.entries / "k", cache.entries / "other")
    assert cache.lookup("other") is None
    assert not (cache.entries / "other").exists()


@pytest.mark.parametrize("field", ["record", "meta"])
def test_an_edited_value_in_the_manifest_is_a_miss(
    tmp_path: Path, field: str
) -> None:
    cache = Cache(tmp_path)
    _commit(cache, "k")
    manifest = cache.entries / "k" / "manifest.json"
    data = json.loads(manifest.read_text())
    if field == "record":
        data["record"]["outputs"][1]["value"] = 2
    else:
        data["meta"]["device"] = "cuda"
    manifest.write_text(json.dumps(data))
    assert cache.lookup("k") is None


def test_a_record_of_another_version_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _commit(cache, "k")
    manifest = cache.entries / "k" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["record"]["version"] = 1
    from snippet_engine.cache import _value_digest

    data["values_sha256"] = _value_digest(data["record"], data["meta"])
    manifest.write_text(json.dumps(data))
    assert cache.lookup("k") is None


def test_staging_of_a_dead_build_is_pruned(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    live = cache.staging()
    namespace = live.name.split("-")[1]
    dead = cache.tmp / f"999999999-{namespace}-abc"  # gone, in our view
    dead.mkdir()
    # a pid of another PID namespace (a build in a container that shares
    # the cache) cannot be looked up from here: only age prunes it
    elsewhere = cache.tmp / "999999998-1-def"
    elsewhere.mkdir()
    abandoned = cache.tmp / "999999997-1-ghi"
    abandoned.mkdir()
    old = time.time() - STAGING_GRACE_S - 1
    os.utime(abandoned, (old, old))
    cache.prune(max_age_s=3600)
    assert live.exists() and elsewhere.exists()
    assert not dead.exists() and not abandoned.exists()


def test_artefacts_are_verified_before_commit_and_on_read(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path / "cache")
    made = tmp_path / "artefact.pkl"
    artefacts.dump(made, [1, 2, 3])
    path = cache.commit_artefact("k", made)
    assert cache.artefact("k") == path
    assert artefacts.load(path) == [1, 2, 3]
    path.write_bytes(path.read_bytes()[:-3])
    assert cache.artefact("k") is None and not path.exists()
    bad = tmp_path / "bad.pkl"
    bad.write_bytes(b"0" * 64 + b"\nnot a pickle")
    with pytest.raises(artefacts.ArtefactError):
        cache.commit_artefact("j", bad)


def test_derived_files_are_made_once_and_remade_when_corrupt(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path)
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"derived"

    path = cache.derived("d", ".svg", make)
    assert cache.derived("d", ".svg", make) == path and len(made) == 1
    path.write_bytes(b"poisoned")
    assert cache.derived("d", ".svg", make).read_bytes() == b"derived"
    assert len(made) == 2
