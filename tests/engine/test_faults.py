"""Cache faults: SIGKILL mid-build, concurrent builds, corrupt entries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.engine.conftest import FIGURE_SNIPPET, Site, env, page_for

pytestmark = pytest.mark.slow

BARRIER_SNIPPET = '''\
"""Waits on a barrier file, then draws."""
import pathlib, subprocess, time
import matplotlib.pyplot as plt
import fdl

here = pathlib.Path({folder!r})
subprocess.Popen(["sleep", "{marker}"])  # the test sees it has started
while not (here / "go").exists():
    time.sleep(0.05)
fig, ax = plt.subplots()
fdl.show(fig, "fig")
fdl.value("slope", 1)
'''


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.05)


def _running(marker: str) -> bool:
    """Whether a process with ``marker`` in its command line is alive."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if marker.encode() in cmd and stat.rsplit(")", 1)[1].split()[0] != "Z":
            return True
    return False


def _wait_running(marker: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not _running(marker):
        if time.monotonic() > deadline:
            raise AssertionError(f"{marker} never started")
        time.sleep(0.05)


def _entries(site: Site) -> list[Path]:
    return sorted((site.root / ".cache/snippets/entries").iterdir())


def test_sigkill_mid_build_leaves_nothing_trusted(site: Site) -> None:
    folder = site.root / "barrier"
    folder.mkdir()
    marker = f"601.{uuid.uuid4().int % 10**6}"
    site.snippet(
        "demo/b.py", BARRIER_SNIPPET.format(folder=str(folder), marker=marker)
    )
    build = subprocess.Popen(
        site.command("build"),
        cwd=site.root,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_running(marker)
    time.sleep(1.0)  # let demo/a.py commit
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while _running(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(marker), "the job outlived its killed build"
    assert len(_entries(site)) == 1  # only the finished snippet committed
    (folder / "go").write_text("")
    proc = site.build("--strict")
    assert site.ran(proc) == ["demo/b.py"]
    staging = list((site.root / ".cache/snippets/tmp").iterdir())
    assert staging == []


def test_two_builds_at_once_share_the_cache_safely(site: Site) -> None:
    folder = site.root / "barrier"
    folder.mkdir()
    marker = f"602.{uuid.uuid4().int % 10**6}"
    site.snippet(
        "demo/b.py", BARRIER_SNIPPET.format(folder=str(folder), marker=marker)
    )
    builds = [
        subprocess.Popen(
            site.command("build", "--site-dir", f"out{i}"),
            cwd=site.root,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    time.sleep(2.0)
    (folder / "go").write_text("")
    for build in builds:
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    one, two = (
        sorted(p.name for p in (site.root / f"out{i}/figures").rglob("*.svg"))
        for i in range(2)
    )
    assert one == two and len(one) == 4
    assert site.ran(site.build()) == []


@pytest.mark.parametrize(
    "fault", ["truncate", "corrupt", "delete", "manifest"]
)
def test_corrupt_or_missing_entry_is_detected_and_rerun(
    site: Site, fault: str
) -> None:
    site.page("index.md", page_for("demo/a.py"))
    site.build()
    (entry,) = _entries(site)
    svg = next(entry.glob("*.svg"))
    if fault == "truncate":
        svg.write_bytes(svg.read_bytes()[:100])
    elif fault == "corrupt":
        data = bytearray(svg.read_bytes())
        data[200] ^= 0xFF
        svg.write_bytes(bytes(data))
    elif fault == "delete":
        svg.unlink()
    else:
        (entry / "manifest.json").write_text("{not json")
    proc = site.build("--strict")
    assert site.ran(proc) == ["demo/a.py"]
    assert len(site.figures()) == 2


def test_stale_entries_are_pruned_by_age(site: Site) -> None:
    site.build()
    first = set(_entries(site))
    site.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=4))
    site.build()
    assert len(_entries(site)) == 3
    (old_b,) = (
        e
        for e in first
        if json.loads((e / "manifest.json").read_text())["meta"]["item"]
        == "demo/b.py"
    )
    old = time.time() - 40 * 86400
    os.utime(old_b / "manifest.json", (old, old))
    assert site.ran(site.build()) == []
    assert old_b not in _entries(site)
    assert len(_entries(site)) == 2
