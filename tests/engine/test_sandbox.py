"""A snippet is untrusted code: the fault table, through real builds.

Each case states the outcome: the error text, nothing written outside the
job's scratch directory, no process left, the cache still valid, and the
next build correct. Network cases aim only at a listener this test starts
on 127.0.0.1, which must see nothing.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.conftest import (
    FIGURE_SNIPPET,
    Site,
    env,
    page_for,
    sandbox_missing,
)

pytestmark = pytest.mark.slow
MISSING, WHY = sandbox_missing()
needs_sandbox = pytest.mark.skipif(
    bool(MISSING),
    reason=f"no sandbox here ({', '.join(MISSING)}: {WHY}); the build "
    "warns and runs with the rest",
)

HEADER = '"""A hostile snippet."""\nimport os, subprocess, sys, time\n'


def _left(marker: str) -> list[str]:
    """Processes whose command line holds ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if (
            marker.encode() in cmd
            and state.rsplit(")", 1)[1].split()[0] != "Z"
        ):
            found.append(cmd.replace(b"\0", b" ").decode())
    return found


def _no_process_left(marker: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while _left(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _left(marker) == []


def _entries_valid(site: Site) -> None:
    """Every cache entry verifies, and a warm build runs nothing."""
    proc = site.build()
    assert site.ran(proc) == [], proc.stderr


# -- 1. processes die with their job ------------------------------------------

SPAWNERS = {
    "popen": "subprocess.Popen(['sleep', '{m}'])\n",
    "fork": "if os.fork() == 0:\n    os.execvp('sleep', ['sleep', '{m}'])\n",
    "setsid-daemon": "subprocess.run(['setsid', '-f', 'sleep', '{m}'])\n",
    "double-fork": (
        "subprocess.run(['sh', '-c', '(setsid sleep {m} &) &'])\n"
    ),
    "nohup": "subprocess.Popen(['nohup', 'sleep', '{m}'], "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, "
    "start_new_session=True)\n",
}
ENDINGS = {
    "success": FIGURE_SNIPPET.format(slope=3).split('"""', 2)[2],
    "failure": "raise RuntimeError('after spawning')\n",
    "timeout": "time.sleep(60)\n",
}


@needs_sandbox
@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_processes_a_snippet_starts_die_with_it(
    site: Site, ending: str
) -> None:
    marker = f"{900 + len(ending)}.{uuid.uuid4().int % 10**6}"
    body = "".join(s.format(m=marker) for s in SPAWNERS.values())
    timeout = "# snippet: timeout=3\n" if ending == "timeout" else ""
    site.snippet(
        "demo/b.py",
        HEADER + timeout + body + "time.sleep(0.5)\n" + ENDINGS[ending],
    )
    proc = site.build(ok=ending == "success")
    assert "ran demo/a.py" in proc.stderr
    _no_process_left(marker)


# -- 2. no network, for the snippet or anything it starts ---------------------


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """TCP and UDP on 127.0.0.1 (one port): records anything that comes."""
    seen: list[str] = []
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    tcp.settimeout(0.2)
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    udp.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            for sock in (tcp, udp):
                try:
                    if sock is tcp:
                        conn, _ = tcp.accept()
                        seen.append("tcp")
                        conn.close()
                    else:
                        udp.recvfrom(100)
                        seen.append("udp")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port, seen
    stop.set()
    thread.join()
    tcp.close()
    udp.close()


REACHERS = {
    "curl": "subprocess.run(['curl', '-s', '-m', '3', "
    "'http://127.0.0.1:{p}/'])\n",
    "second-python": "subprocess.run([sys.executable, '-c', "
    "'import socket; socket.create_connection((\"127.0.0.1\", {p}), 3)'])\n",
    "udp-child": "subprocess.run([sys.executable, '-c', "
    "'import socket; s = socket.socket(socket.AF_INET, "
    'socket.SOCK_DGRAM); s.sendto(b"x", ("127.0.0.1", {p}))\'])\n',
    "udp-self": "import socket\ntry:\n    socket.socket(socket.AF_INET, "
    "socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', {p}))\n"
    "except OSError:\n    pass\n",
    "nsenter-host": "subprocess.run(['nsenter', '-t', '1', '-n', "
    "sys.executable, '-c', 'import socket; "
    'socket.create_connection(("127.0.0.1", {p}), 3)\'])\n',
}


@needs_sandbox
@pytest.mark.parametrize("how", sorted(REACHERS))
def test_nothing_a_snippet_starts_reaches_the_network(
    site: Site, listener: tuple[int, list[str]], how: str
) -> None:
    port, seen = listener
    site.snippet(
        "demo/b.py",
        HEADER
        + REACHERS[how].format(p=port)
        + FIGURE_SNIPPET.format(slope=3).split('"""', 2)[2],
    )
    site.build()
    time.sleep(0.5)
    assert seen == [], f"{how} reached the listener"


def test_a_direct_connection_is_an_offline_error(
    site: Site, listener: tuple[int, list[str]]
) -> None:
    port, seen = listener
    site.snippet(
        "demo/b.py",
        f"{HEADER}import socket\nsocket.create_connection(('127.0.0.1', "
        f"{port}), 3)\n",
    )
    proc = site.build(ok=False)
    assert "the build is offline" in proc.stderr
    assert seen == []


# -- 3. only the scratch directory is writable --------------------------------

WRITERS = {
    "page": "open('{root}/docs/index.md', 'a').write('pwned')\n",
    "new-doc": "open('{root}/docs/evil.md', 'w').write('pwned')\n",
    "outside": "open('{outside}', 'w').write('pwned')\n",
    "cache-entry": (
        "import glob\nfor f in glob.glob('{root}/.cache/snippets/entries/"
        "*/*'):\n    open(f, 'w').write('pwned')\n"
    ),
    "proc-root": "open('/proc/1/root{outside}', 'w').write('pwned')\n",
    "remount": "subprocess.run(['mount', '-o', 'remount,rw', '/'], "
    "check=True)\nopen('{outside}', 'w').write('pwned')\n",
    "chmod": "os.chmod('{root}/docs/index.md', 0o777)\n",
    "shell": "subprocess.run(['sh', '-c', 'echo pwned > {outside}'], "
    "check=True)\n",
}


@needs_sandbox
@pytest.mark.parametrize("how", sorted(WRITERS))
def test_writes_outside_the_scratch_directory_fail(
    site: Site, tmp_path: Path, how: str
) -> None:
    site.build()  # a valid cache to attack
    page = (site.root / "docs/index.md").read_bytes()
    mode = (site.root / "docs/index.md").stat().st_mode
    outside = tmp_path / "outside.txt"
    site.snippet(
        "demo/b.py",
        HEADER + WRITERS[how].format(root=site.root, outside=outside),
    )
    proc = site.build(ok=False)
    assert "demo/b.py" in proc.stderr
    assert (
        "Read-only file system" in proc.stderr
        or "Permission denied" in proc.stderr
        or "Operation not permitted" in proc.stderr
        or "permission denied" in proc.stderr
        or "No such file" in proc.stderr
        or "returned non-zero exit status" in proc.stderr
    ), proc.stderr
    assert not outside.exists()
    assert (site.root / "docs/index.md").read_bytes() == page
    assert (site.root / "docs/index.md").stat().st_mode == mode
    assert not (site.root / "docs/evil.md").exists()
    site.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=3))
    _entries_valid(site)


def test_an_edited_value_in_a_cache_entry_is_rerun(site: Site) -> None:
    site.build()
    for manifest in (site.root / ".cache/snippets/entries").glob(
        "*/manifest.json"
    ):
        data = json.loads(manifest.read_text())
        for output in data["record"]["outputs"]:
            if output["type"] == "value":
                output["value"] = 666
        manifest.write_text(json.dumps(data))
    proc = site.build("--strict")
    assert site.ran(proc) == ["demo/a.py", "demo/b.py"]
    assert "666" not in site.html()


# -- 4. Ctrl-C ----------------------------------------------------------------


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_a_build_promptly(site: Site, presses: int) -> None:
    marker = f"{700 + presses}.{uuid.uuid4().int % 10**6}"
    for name in ("b", "c", "d"):
        site.snippet(
            f"demo/{name}.py",
            f"{HEADER}subprocess.run(['sleep', '{marker}'])\n",
        )
    site.page(
        "index.md",
        page_for("demo/a.py", "demo/b.py", "demo/c.py", "demo/d.py"),
    )
    build = subprocess.Popen(
        site.command("build"),
        cwd=site.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    deadline = time.monotonic() + 120
    while not _left(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    for _ in range(presses):
        build.send_signal(signal.SIGINT)
        time.sleep(0.05)
    _, stderr = build.communicate(timeout=30)
    assert time.monotonic() - started < 30
    assert build.returncode == 130
    assert stderr.count("Interrupted") == 1 and "Traceback" not in stderr
    _no_process_left(marker)
    site.page("index.md", page_for("demo/a.py"))
    site.build("--strict")  # what did not finish runs now
    _entries_valid(site)  # and nothing partial was committed


# -- 5. bad cache state -------------------------------------------------------

BOOKKEEPING = {
    "durations-list": ("durations.json", "[1, 2, 3]"),
    "durations-strings": ("durations.json", '{"demo/a.py": "slow"}'),
    "durations-garbage": ("durations.json", "\x00\xff not json"),
    "analyses-wrong": ("analyses.json", '{"k": 5}'),
    "analyses-garbage": ("analyses.json", "{{{{"),
}


@pytest.mark.parametrize("case", sorted(BOOKKEEPING))
def test_bad_bookkeeping_files_are_ignored(site: Site, case: str) -> None:
    site.build()
    name, text = BOOKKEEPING[case]
    (site.root / ".cache/snippets" / name).write_text(text)
    site.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=5))
    proc = site.build("--strict", timeout=120)
    assert site.ran(proc) == ["demo/b.py"]


def test_a_corrupt_dists_memo_is_rebuilt(site: Site) -> None:
    site.build()
    for memo in (site.root / ".cache/snippets").glob("dists-*.json"):
        memo.write_text('{"provides": 1, "versions": [], "requires": "x"}')
    proc = site.build("--strict", timeout=120)
    assert proc.returncode == 0


def _in_mount_namespace(
    site: Site, setup: str
) -> subprocess.CompletedProcess[str]:
    """A build in a mount namespace of its own, after ``setup``."""
    script = f"set -e\n{setup}\nexec {sys.executable} -m mkdocs build\n"
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=180,
        env=env(),
    )


def test_a_read_only_cache_builds_in_a_temporary_one(site: Site) -> None:
    site.build()
    cache = site.root / ".cache/snippets"
    before = sorted(p.name for p in (cache / "entries").iterdir())
    proc = _in_mount_namespace(
        site, f"mount --bind {cache} {cache}\nmount -o remount,bind,ro {cache}"
    )
    assert proc.returncode == 0, proc.stderr
    assert "cannot be written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in (cache / "entries").iterdir()) == before


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(site: Site) -> None:
    cache = site.root / ".cache/snippets"
    cache.mkdir(parents=True)
    site.snippet(
        "demo/b.py",
        '"""A big figure."""\nimport numpy as np\nimport matplotlib.pyplot '
        "as plt\nimport fdl\nfig, ax = plt.subplots()\nax.plot(np.random."
        "rand(60000))\nfdl.show(fig, 'fig')\n",
    )
    proc = _in_mount_namespace(
        site,
        f"mount -t tmpfs -o size=600k tmpfs {cache}\n"
        f"{sys.executable} -m mkdocs build || true\n"
        f"ls -A {cache}/tmp > {site.root}/left.txt",
    )
    assert "full" in proc.stderr or "No space left" in proc.stderr, proc.stderr
    assert "memory" not in proc.stderr.lower()
    assert "Traceback" not in proc.stderr.split("ERROR")[0]
    assert (site.root / "left.txt").read_text().strip() == ""


# -- 6. options are validated -------------------------------------------------

BAD_OPTIONS = [
    "timeout=inf",
    "timeout=nan",
    "timeout=1e12",
    "timeout=-1",
    "timeout=0",
    "threads=0",
    "threads=1000",
    "memory_mb=0",
    "memory_mb=99999999",
    "measures=maybe",
]


@pytest.mark.parametrize("option", BAD_OPTIONS)
def test_bad_options_are_clear_errors(site: Site, option: str) -> None:
    site.snippet("demo/b.py", f'"""Options."""\n# snippet: {option}\n')
    proc = site.build(ok=False)
    name, _, raw = option.partition("=")
    assert "snippets/demo/b.py:2" in proc.stderr, proc.stderr
    assert f"bad value {raw!r} for snippet option {name!r}" in proc.stderr


# -- 7. sizes are bounded -----------------------------------------------------


def test_a_huge_figure_is_refused_with_advice(site: Site) -> None:
    site.snippet(
        "demo/b.py",
        '"""A huge image."""\nimport numpy as np\nimport matplotlib.pyplot '
        "as plt\nimport fdl\nfig, ax = plt.subplots()\nax.imshow(np.random."
        "rand(3000, 3000), interpolation='nearest')\nax.scatter(*np.random."
        "rand(2, 200000))\nfdl.show(fig, 'fig')\n",
    )
    proc = site.build(ok=False, timeout=300)
    assert "MB of SVG" in proc.stderr and "rasterized=True" in proc.stderr


def test_a_huge_formatted_value_is_refused(site: Site) -> None:
    site.page(
        "index.md",
        "# P\n\nV {{ demo/a.py#slope:>5000000 }}\n\n"
        '```python\n--8<-- "demo/a.py"\n```\n',
    )
    proc = site.build(ok=False)
    assert "docs/index.md:3: demo/a.py#slope formatted with" in proc.stderr
    assert "5,000,000 characters long" in proc.stderr
    assert len(proc.stderr) < 20_000


def test_a_huge_error_message_is_cut(site: Site) -> None:
    site.snippet(
        "demo/b.py",
        f"{HEADER}sys.stderr.write('x' * 20_000_000)\nsys.stderr.flush()\n"
        "os.abort()\n",
    )
    proc = site.build(ok=False)
    assert "died with signal SIGABRT" in proc.stderr
    assert "xxxx [...]" in proc.stderr
    assert len(proc.stderr) < 50_000


# -- 8. messages say what happened --------------------------------------------


def test_a_killed_worker_does_not_blame_memory(site: Site) -> None:
    site.snippet(
        "demo/b.py", f"{HEADER}import signal\nos.kill(os.getpid(), 9)\n"
    )
    proc = site.build(ok=False)
    assert "died with signal SIGKILL" in proc.stderr
    assert "memory" not in proc.stderr.lower()


def _with_notebooks(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + "  - mkdocs-jupyter:\n      execute: false\n"
        + "      include_requirejs: false\n"
    )


def test_a_malformed_notebook_names_its_file(site: Site) -> None:
    _with_notebooks(site)
    (site.root / "docs/nb.ipynb").write_text('{"cells": [')
    proc = site.build(ok=False)
    assert "notebook failed at docs/nb.ipynb, line 1" in proc.stderr
    assert "not a notebook: invalid JSON" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_notebook_syntax_error_names_cell_and_line(site: Site) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# T"},
        {
            "cell_type": "code",
            "metadata": {},
            "source": "x = 1\ny = 2\n",
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": "z = 3\nz +\n",
            "outputs": [],
            "execution_count": None,
        },
    ]
    _with_notebooks(site)
    (site.root / "docs/nb.ipynb").write_text(
        json.dumps(
            {
                "cells": cells,
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    proc = site.build(ok=False)
    assert "syntax error in cell 3, line 2" in proc.stderr, proc.stderr


def test_without_namespaces_the_build_says_once_what_is_missing(
    site: Site,
) -> None:
    proc = subprocess.run(
        site.command("build", "--strict"),
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=180,
        env=dict(env(), SNIPPET_ENGINE_SANDBOX="0"),
    )
    assert proc.returncode == 0, proc.stderr
    lines = [
        line
        for line in proc.stderr.splitlines()
        if "without the sandbox's protection" in line
    ]
    assert len(lines) == 1, proc.stderr
    assert "processes, network, files, privileges" in lines[0]


@needs_sandbox
def test_under_serve_a_daemon_dies_with_its_job_and_serve_leaves_nothing(
    site: Site, tmp_path: Path
) -> None:
    from tests.engine.test_serve import Server

    marker = f"604.{uuid.uuid4().int % 10**6}"
    site.snippet(
        "demo/b.py",
        HEADER
        + f"subprocess.run(['setsid', '-f', 'sleep', '{marker}'])\n"
        + FIGURE_SNIPPET.format(slope=3).split('"""', 2)[2],
    )
    server = Server(site, tmp_path / "serve.log")
    try:
        server.wait_for(lambda html: "Value: 2.0" in html)
        _no_process_left(marker)  # the job ended: its daemon went with it
        site.snippet(
            "demo/b.py",
            (site.root / "snippets/demo/b.py").read_text() + "# edited\n",
        )
        time.sleep(3)
        _no_process_left(marker)
    finally:
        server.process.send_signal(signal.SIGINT)
        server.process.wait(timeout=60)
        server._stream.close()
    _no_process_left(marker)
