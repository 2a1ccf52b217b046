"""The GitHub workflows: they pass actionlint (syntax, expressions, action
inputs, shell scripts where shellcheck is installed, and no action major
whose runtime GitHub has deprecated), and they run what the issue asks.

``ci.yml`` tests every pull request and push to main (the whole suite, with
the browser setting, fork-safe) and uploads the site it builds;
``pages.yml`` deploys from main. Both set up through ``scripts/setup``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
CHROME_ON_RUNNERS = "/usr/bin/google-chrome"
CACHE_INPUTS = [
    "snippets/**",
    "docs/**",
    "scripts/snippet_engine/**",
    "scripts/setup",
    "pyproject.toml",
    "mkdocs.yml",
]


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def step(
    workflow: dict[str, Any], *, uses: str = "", run: str = "", id: str = ""
) -> Any:
    """The one step with an id, or that uses an action (by prefix) or runs
    a command."""
    found = [
        s
        for s in steps(workflow)
        if (id and s.get("id") == id)
        or (uses and str(s.get("uses", "")).startswith(uses))
        or (run and run in str(s.get("run", "")))
    ]
    assert len(found) == 1, (id or uses or run, found)
    return found[0]


def output(target: dict[str, Any], name: str) -> str:
    """The expression for one output of a step."""
    return "${{ steps." + str(target["id"]) + ".outputs." + name + " }}"


def env_of(workflow: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """The environment a step runs with: workflow, job, then step env."""
    for job in workflow["jobs"].values():
        if any(s is target for s in job["steps"]):
            return {
                **workflow.get("env", {}),
                **job.get("env", {}),
                **target.get("env", {}),
            }
    raise AssertionError("step not in workflow")


def test_workflows_pass_actionlint() -> None:
    exe = Path(sys.executable).parent / "actionlint"
    found = str(exe) if exe.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: scripts/setup installs it"
    workflows = sorted(WORKFLOWS.glob("*.y*ml"))
    assert workflows, "no workflow to lint"
    proc = subprocess.run(
        [found, "-no-color", *map(str, workflows)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ci_runs_the_suite_with_the_browser_setting() -> None:
    ci = load("ci.yml")
    assert "pull_request" in ci["on"]
    assert ci["on"]["push"]["branches"] == ["main"]
    test = step(ci, run="scripts/test")
    env = env_of(ci, test)
    assert env["FDL_CHROMIUM"] == CHROME_ON_RUNNERS
    assert env["CI"] == "true"  # a missing browser fails, not skips
    python = step(ci, uses="actions/setup-python@")
    assert python["with"]["python-version"] == "3.11"
    # It runs even when the build failed, but not without a set-up.
    assert "!cancelled()" in test["if"]
    assert "steps.setup.outcome == 'success'" in test["if"]


def test_ci_runs_from_forks_without_secrets() -> None:
    ci = load("ci.yml")
    assert "pull_request_target" not in ci["on"]
    assert ci["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in ci["jobs"].values())
    for workflow in WORKFLOWS.glob("*.y*ml"):
        assert "secrets." not in workflow.read_text(), workflow.name


def test_ci_caches_snippets_over_all_their_inputs() -> None:
    ci = load("ci.yml")
    restore = step(ci, uses="actions/cache/restore@")
    key = restore["with"]["key"]
    prefix = restore["with"]["restore-keys"]
    assert key.startswith(prefix)
    assert restore["with"]["path"] == ".cache/snippets"
    for pattern in CACHE_INPUTS:
        assert f"'{pattern}'" in key, pattern
    save = step(ci, uses="actions/cache/save@")
    assert save["with"]["path"] == ".cache/snippets"
    assert save["with"]["key"] == output(restore, "cache-primary-key")
    assert "steps.build.outcome == 'success'" in save["if"]
    # pages.yml shares the key, so main's deployments warm the cache too.
    shared = step(load("pages.yml"), uses="actions/cache@")
    assert shared["with"]["key"] == key
    assert shared["with"]["restore-keys"] == prefix


def test_ci_uploads_the_site_and_summarises_it() -> None:
    ci = load("ci.yml")
    order = steps(ci)
    build = step(ci, run="scripts/build")
    assert build["id"] == "build"
    assert "| tee build.log" in build["run"]
    upload = step(ci, id="upload")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site"
    assert upload["if"] == "steps.build.outcome == 'success'"
    summary = step(ci, run="scripts/ci_summary.py")
    assert summary["env"]["ARTIFACT_URL"] == output(upload, "artifact-url")
    for arg in ("--log build.log", "--site site", '"$ARTIFACT_URL"'):
        assert arg in summary["run"], arg
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    test = step(ci, run="scripts/test")
    assert (
        order.index(build)
        < order.index(upload)
        < order.index(summary)
        < order.index(test)
    )


def test_workflows_set_up_through_scripts_setup() -> None:
    """One source of truth for torch: scripts/setup's pinned CPU build."""
    setup = (REPO / "scripts" / "setup").read_text()
    assert "TORCH_VERSION=${TORCH_VERSION:-2.13.0}" in setup
    assert '"torch==$TORCH_VERSION" --extra-index-url' in setup
    assert "download.pytorch.org/whl/cpu" in setup
    for name in ("ci.yml", "pages.yml"):
        workflow = load(name)
        runs = [str(s.get("run", "")) for s in steps(workflow)]
        for where in (workflow, *workflow["jobs"].values(), *steps(workflow)):
            assert "TORCH_VERSION" not in where.get("env", {}), name
        assert not any("pip install" in r for r in runs), name
        first = next(i for i, r in enumerate(runs) if "scripts/setup" in r)
        assert "torch.version.cuda is None" in runs[first], name
        assert not any("scripts/build" in r for r in runs[:first]), name


def test_pages_workflow_deploys_only_from_main() -> None:
    pages = load("pages.yml")
    assert "pull_request" not in pages["on"]  # ci.yml builds those
    deploy = pages["jobs"]["deploy"]
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    build = step(pages, run="scripts/build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_scripts_setup_rejects_a_missing_fdl_chromium(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-chrome"
    proc = subprocess.run(
        [str(REPO / "scripts" / "setup")],
        env=dict(os.environ, FDL_CHROMIUM=str(missing)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"FDL_CHROMIUM={missing} is not an executable" in proc.stderr


def test_the_browser_tests_read_fdl_chromium() -> None:
    def chromium(value: str) -> str:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from tests.browser import harness; print(harness.CHROMIUM)",
            ],
            cwd=REPO,
            env=dict(os.environ, FDL_CHROMIUM=value),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return proc.stdout.strip()

    assert chromium(CHROME_ON_RUNNERS) == CHROME_ON_RUNNERS
    assert chromium("") == "/usr/bin/chromium"
