"""How promptly Ctrl-C stops a build: SIGINT to exit, while snippets run.

Builds a small site whose snippets each start a long child process, sends
SIGINT once those children run, and times the build's exit (status 130
expected) and the time until no child is left. Medians of N runs.

Usage: scripts/bench --interrupt [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = """\
site_name: Interrupt
theme: {name: mkdocs}
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets: {base_path: [snippets], check_paths: true}
plugins:
  - snippet-engine:
      workers: 2
"""


def _running(marker: str) -> bool:
    for entry in os.listdir("/proc"):
        try:
            if marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                state = Path(f"/proc/{entry}/stat").read_text()
                if state.rsplit(")", 1)[1].split()[0] != "Z":
                    return True
        except OSError:
            continue
    return False


def once(root: Path) -> tuple[float, float, int]:
    """(seconds to exit, seconds until no child is left, exit status)."""
    marker = f"{uuid.uuid4().int % 10**6}.5"
    page = ["# P\n"]
    for i in range(4):
        (root / "snippets" / "demo" / f"s{i}.py").write_text(
            f'"""Runs long."""\nimport subprocess\n'
            f"subprocess.run(['sleep', '{marker}'])\n"
        )
        page.append(
            f"{{{{ demo/s{i}.py#v }}}}\n\n"
            f'```python\n--8<-- "demo/s{i}.py"\n```\n'
        )
    (root / "docs" / "index.md").write_text("\n".join(page))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while not _running(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    start = time.monotonic()
    build.send_signal(signal.SIGINT)
    code = build.wait(timeout=60)
    exited = time.monotonic() - start
    while _running(marker) and time.monotonic() - start < 60:
        time.sleep(0.02)
    return exited, time.monotonic() - start, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "snippets" / "demo").mkdir(parents=True)
        (root / "docs").mkdir()
        (root / "snippets" / "fdl.py").write_bytes(
            (REPO / "snippets" / "fdl.py").read_bytes()
        )
        (root / "mkdocs.yml").write_text(CONFIG)
        runs = [once(root) for _ in range(args.repeats)]
    exits = [r[0] for r in runs]
    cleared = [r[1] for r in runs]
    print(f"Ctrl-C during a build, {args.repeats} runs (2 snippets running)")
    print(
        f"  to exit:      median {statistics.median(exits):.2f} s "
        f"(min {min(exits):.2f}, max {max(exits):.2f})"
    )
    print(
        f"  no child left: median {statistics.median(cleared):.2f} s "
        f"(min {min(cleared):.2f}, max {max(cleared):.2f})"
    )
    print(f"  exit statuses: {sorted({r[2] for r in runs})} (130 expected)")


if __name__ == "__main__":
    main()
