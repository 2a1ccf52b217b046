"""A small fixture site built with the real MkDocs and the real engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: Fixture
theme: {name: mkdocs}
validation:
  links: {not_found: warn, anchors: warn, unrecognized_links: warn}
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.blocks.caption
  - pymdownx.snippets: {base_path: [snippets], check_paths: true}
plugins:
  - snippet-engine:
      timeout: %(timeout)s
      workers: 2
"""

_PROGRESS = re.compile(r"snippets \[\d+/\d+\] (ran|FAILED) (\S+)")


def page_for(*snippets: str, values: tuple[str, ...] = ()) -> str:
    """A page placing each snippet's figure ``fig`` and showing its code."""
    parts = ["# Page\n"]
    for snippet in snippets:
        parts.append(
            f"![A figure from {snippet}]({snippet}#fig)\n"
            f"/// caption\nFrom {snippet}.\n///\n\n"
            f'??? example "Code"\n    ```python\n'
            f'    --8<-- "{snippet}"\n    ```\n'
        )
    parts += [f"Value: {{{{ {v} }}}}\n" for v in values]
    return "\n".join(parts)


FIGURE_SNIPPET = '''\
"""A line whose slope is {slope}."""
import matplotlib.pyplot as plt

import fdl

fig, ax = plt.subplots()
ax.plot([0, 1], [0, {slope}])
fdl.show(fig, "fig")
fdl.value("slope", {slope})
'''


@dataclass
class Site:
    """A fixture site in a temporary folder."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    def snippet(self, relative: str, text: str) -> Path:
        return self.write(f"snippets/{relative}", text)

    def page(self, relative: str, text: str) -> Path:
        return self.write(f"docs/{relative}", text)

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "mkdocs", *args]

    def build(
        self, *args: str, ok: bool = True, timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            self.command("build", *args),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env(),
        )
        output = proc.stdout + proc.stderr
        if ok and proc.returncode != 0:
            raise AssertionError(f"build failed:\n{output}")
        if not ok and proc.returncode == 0:
            raise AssertionError(f"build passed but should fail:\n{output}")
        return proc

    @staticmethod
    def ran(proc: subprocess.CompletedProcess[str]) -> list[str]:
        """Snippets that ran (or failed) in a build, from its progress."""
        return sorted(m[2] for m in _PROGRESS.finditer(proc.stderr))

    def html(self, page: str = "index.html") -> str:
        return (self.root / "site" / page).read_text()

    def figures(self) -> dict[str, bytes]:
        base = self.root / "site" / "figures"
        return {
            p.relative_to(base).as_posix(): p.read_bytes()
            for p in sorted(base.rglob("*.svg"))
        }


def env() -> dict[str, str]:
    variables = dict(os.environ)
    variables["NO_MKDOCS_2_WARNING"] = "1"
    variables.pop("FDL_DEVICE", None)
    return variables


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "site-src"
    (root / "snippets").mkdir(parents=True)
    shutil.copy(REPO / "snippets" / "fdl.py", root / "snippets" / "fdl.py")
    fixture = Site(root)
    fixture.write("mkdocs.yml", MKDOCS_YML % {"timeout": 60})
    fixture.snippet("demo/a.py", FIGURE_SNIPPET.format(slope=2))
    fixture.snippet("demo/b.py", FIGURE_SNIPPET.format(slope=3))
    fixture.page(
        "index.md",
        page_for("demo/a.py", "demo/b.py", values=("demo/a.py#slope:.1f",)),
    )
    return fixture


_PROBE = """
import sys, tempfile
from pathlib import Path
from snippet_engine import sandbox
job, isolation = sandbox.split(Path(tempfile.mkdtemp()))
if job:
    import os
    os.waitpid(job, 0)
    sys.exit(0)
print(",".join(isolation.missing) + "|" + isolation.reason, flush=True)
"""


def sandbox_missing() -> tuple[tuple[str, ...], str]:
    """The sandbox protections this machine cannot give, and why (a child
    process tries; as root or in a user namespace)."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    missing, _, reason = proc.stdout.strip().partition("|")
    if proc.returncode != 0 or not proc.stdout.strip():
        return ("processes", "network", "files", "privileges"), proc.stderr
    return tuple(filter(None, missing.split(","))), reason
