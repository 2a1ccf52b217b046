"""``scripts/ci_summary.py``: a build's log and report page as the Markdown
of CI's job summary (link to the site, totals, the report's table)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "ci_summary.py"
URL = "https://github.com/o/r/actions/runs/1/artifacts/2"

# As the strict build logs it, and as it renders the build report page
# (trimmed from a real build: two of its tables, one row of each status,
# and a `|` in one cell, which Markdown must escape).
LOG = """\
INFO    -  Building documentation to directory: /tmp/site
INFO    -  snippets [1/4] ran dl_is_ml/nesting.py (0.1 s)
INFO    -  snippets: 4 (1 run, 2 cached, 1 failed) in 12.3 s on 2 workers
INFO    -  Documentation built in 13.02 seconds
"""
REPORT = """\
<h2 id="software">Software<a class="headerlink" href="#software" \
title="Permanent link">¶</a></h2>
<table>
<thead>
<tr>
<th>Package</th>
<th>Version</th>
</tr>
</thead>
<tbody>
<tr>
<td>torch</td>
<td>2.13.0+cpu</td>
</tr>
</tbody>
</table>
<h2 id="snippets">Snippets<a class="headerlink" href="#snippets" \
title="Permanent link">¶</a></h2>
<p>Time and peak memory are those of the run that computed the
output; memory is counted above the warm worker's own.</p>
<table>
<thead>
<tr>
<th>Snippet</th>
<th>This build</th>
<th>Computed (UTC)</th>
<th>On</th>
<th style="text-align: right;">Threads</th>
<th style="text-align: right;">Time (s)</th>
<th style="text-align: right;">Peak (MiB)</th>
</tr>
</thead>
<tbody>
<tr>
<td><code>dl_is_ml/nesting.py</code></td>
<td>ran</td>
<td>2026-11-30 05:27</td>
<td>this machine, cpu</td>
<td style="text-align: right;">1</td>
<td style="text-align: right;">0.15</td>
<td style="text-align: right;">11</td>
</tr>
<tr>
<td><code>why_dl/matmul.py</code> (measures)</td>
<td>cached</td>
<td>2026-11-30 05:28</td>
<td>AMD EPYC | 7B13 (2 cores), cpu</td>
<td style="text-align: right;">2</td>
<td style="text-align: right;">2.51</td>
<td style="text-align: right;">226</td>
</tr>
<tr>
<td><code>why_dl/depth.py</code></td>
<td>cached</td>
<td>2026-11-30 05:27</td>
<td>this machine, cpu</td>
<td style="text-align: right;">1</td>
<td style="text-align: right;">1.09</td>
<td style="text-align: right;">22</td>
</tr>
<tr>
<td><code>why_dl/broken.py</code></td>
<td>failed</td>
<td></td>
<td></td>
<td style="text-align: right;"></td>
<td style="text-align: right;"></td>
<td style="text-align: right;"></td>
</tr>
</tbody>
</table>
"""


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_summary", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ci_summary = load()


def test_totals_come_from_the_engine_log_line() -> None:
    totals = ci_summary.parse_totals(LOG)
    assert totals == ci_summary.Totals(
        total=4, ran=1, cached=2, failed=1, seconds=12.3, workers=2
    )
    assert ci_summary.parse_totals("INFO - Documentation built") is None


def test_the_report_table_is_the_one_under_snippets() -> None:
    table = ci_summary.report_table(REPORT)
    assert table is not None
    assert table.header[:2] == ["Snippet", "This build"]
    assert table.right == [False] * 4 + [True] * 3
    assert [row[0] for row in table.rows] == [
        "`dl_is_ml/nesting.py`",
        "`why_dl/matmul.py` (measures)",
        "`why_dl/depth.py`",
        "`why_dl/broken.py`",
    ]
    assert table.rows[1][3] == "AMD EPYC \\| 7B13 (2 cores), cpu"
    assert ci_summary.report_table(REPORT, "Machine") is None


def test_summary_links_the_site_and_shows_the_tables() -> None:
    text = ci_summary.summary(LOG, REPORT, URL)
    lines = text.splitlines()
    assert f"[download it]({URL})" in text
    assert "| 4 | 1 | 2 | 1 | 12.3 | 2 |" in lines
    assert "Failed: `why_dl/broken.py`." in lines
    assert "Run: `dl_is_ml/nesting.py`." in lines
    assert "| --- | --- | --- | --- | ---: | ---: | ---: |" in lines
    assert "| `why_dl/broken.py` | failed |  |  |  |  |  |" in lines
    assert "| torch | 2.13.0+cpu |" not in lines


def test_summary_of_a_failed_build_says_so() -> None:
    text = ci_summary.summary("ERROR - Aborted", None, "")
    assert "No site was uploaded" in text
    assert "no snippet summary" in text
    assert "<details>" not in text


def test_the_script_writes_markdown_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "build.log").write_text(LOG)
    page = tmp_path / "site" / "build-report" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(REPORT)
    args = ["--log", "build.log", "--site", "site", "--artifact-url", URL]
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert proc.stdout == ci_summary.summary(LOG, REPORT, URL)
    empty = subprocess.run(
        [sys.executable, str(SCRIPT), "--log", "none", "--site", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "No site was uploaded" in empty.stdout


def test_the_script_is_typed_strictly() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(SCRIPT)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
