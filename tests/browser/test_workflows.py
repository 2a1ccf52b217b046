"""The GitHub workflows pass actionlint (syntax, expressions, action inputs,
and no action major whose runtime GitHub has deprecated)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_workflows_pass_actionlint() -> None:
    exe = Path(sys.executable).parent / "actionlint"
    found = str(exe) if exe.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: scripts/setup installs it"
    workflows = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
    assert workflows, "no workflow to lint"
    proc = subprocess.run(
        [found, "-no-color", *map(str, workflows)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pages_workflow_deploys_only_from_main() -> None:
    text = (REPO / ".github" / "workflows" / "pages.yml").read_text()
    assert "actions/deploy-pages@" in text
    assert "github.event_name != 'pull_request'" in text
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}" in text
    assert "download.pytorch.org/whl/cpu" in text
