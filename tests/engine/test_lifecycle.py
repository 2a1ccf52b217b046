"""The build process derives and cleans up: a dark palette change reruns
nothing, no process outlives a build or ``serve``, and the portable code
(no pidfd, no /proc) keeps the same guarantees."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.engine.conftest import FIGURE_SNIPPET, Site, env

pytestmark = pytest.mark.slow

DARK = """\
      dark_palette:
        background: "#1e2029"
        ink: "{ink}"
        muted: "#a4acb7"
        grid: "#3d4150"
"""


def test_a_new_dark_palette_recolours_and_reruns_nothing(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    base = config.read_text()
    config.write_text(base + DARK.format(ink="#e3e6ea"))
    site.build("--strict")
    before = site.figures()
    config.write_text(base + DARK.format(ink="#ffeedd"))
    proc = site.build("--strict")
    assert site.ran(proc) == []
    assert "(0 run, 2 cached, 0 failed)" in proc.stderr
    after = site.figures()
    light = {k: v for k, v in after.items() if ".light." in k}
    dark = {k: v for k, v in after.items() if ".dark." in k}
    assert light == {k: v for k, v in before.items() if ".light." in k}
    assert all(b"#ffeedd" in v for v in dark.values()), dark.keys()
    assert not set(dark) & set(before), "dark figures kept their names"


# A helper process makes itself the subreaper of everything it starts,
# runs a command, and reports what is left of its descendants.
REAPER = r"""
import ctypes, json, os, signal, subprocess, sys, time, urllib.request
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
mode, port = sys.argv[1], sys.argv[2]
command = [sys.executable, "-m", "mkdocs"]
if mode == "build":
    proc = subprocess.run(command + ["build"], capture_output=True)
    code = proc.returncode
else:
    proc = subprocess.Popen(command + ["serve", "-a", "127.0.0.1:" + port],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            page = urllib.request.urlopen("http://127.0.0.1:" + port + "/",
                                          timeout=5).read().decode()
            if "Value: 2.0" in page:
                break
        except OSError:
            pass
        time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=60)

def children():
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == os.getpid():
            if fields[0] == "Z":
                os.waitpid(int(entry), 0)
                continue
            cmd = open(f"/proc/{entry}/cmdline").read().replace("\0", " ")
            found.append(cmd)
    return found

deadline = time.monotonic() + 10
left = children()
while left and time.monotonic() < deadline:
    time.sleep(0.2)
    left = children()
print(json.dumps({"code": code, "left": left}))
"""


@pytest.mark.parametrize("mode", ["build", "serve"])
def test_nothing_outlives_a_build_or_serve(site: Site, mode: str) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    proc = subprocess.run(
        [sys.executable, "-c", REAPER, mode, port],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=300,
        env=env(),
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, 1), report  # serve exits 0 or 1 on ^C
    assert report["left"] == [], report


def _portable() -> dict[str, str]:
    return dict(env(), SNIPPET_ENGINE_PORTABLE="1")


def test_portable_fallback_builds_caps_memory_and_dies_with_the_build(
    site: Site,
) -> None:
    proc = subprocess.run(
        site.command("build", "--strict"),
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=180,
        env=_portable(),
    )
    assert proc.returncode == 0, proc.stderr
    assert "(2 run, 0 cached, 0 failed)" in proc.stderr
    assert "Value: 2.0" in site.html()

    site.snippet(
        "demo/b.py",
        '"""Eats memory."""\n# snippet: memory_mb=200\n'
        "blocks = [bytearray(50 * 2**20) for _ in range(40)]\n",
    )
    proc = subprocess.run(
        site.command("build"),
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=180,
        env=_portable(),
    )
    assert proc.returncode != 0
    assert "MemoryError" in proc.stderr, proc.stderr

    marker = f"603.{os.getpid()}"
    site.snippet(
        "demo/b.py",
        '"""Waits."""\nimport subprocess, time\n'
        f"subprocess.Popen(['sleep', '{marker}'])\n"
        "time.sleep(600)\n",
    )
    build = subprocess.Popen(
        site.command("build"),
        cwd=site.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_portable(),
    )
    deadline = time.monotonic() + 120
    while not _running(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _running(marker)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while _running(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(marker), "the job outlived its build"
    site.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=5))
    proc = site.build("--strict")
    assert site.ran(proc) == ["demo/b.py"]


def _running(marker: str) -> bool:
    from tests.engine.test_faults import _running as running

    return running(marker)
