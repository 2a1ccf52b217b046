#!/usr/bin/env python3
"""The CI job summary of a site build, as Markdown on stdout.

Reads the build's log (the engine's line ``snippets: 29 (3 run, 26 cached,
0 failed) in 12.3 s on 2 workers``) and the built site's build report page,
and writes a link to the uploaded site, the build's totals and the report's
table of snippets. The CI workflow appends it to ``$GITHUB_STEP_SUMMARY``::

    python scripts/ci_summary.py --log build.log --site site \\
        --artifact-url "$ARTIFACT_URL" >> "$GITHUB_STEP_SUMMARY"

Standard library only; a missing log line or page is said, not an error.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPORT_PAGE = Path("build-report") / "index.html"
TOTALS = re.compile(
    r"snippets: (?P<total>\d+) \((?P<ran>\d+) run, (?P<cached>\d+) cached, "
    r"(?P<failed>\d+) failed\) in (?P<seconds>[\d.]+) s "
    r"on (?P<workers>\d+) workers"
)


@dataclass(frozen=True)
class Totals:
    """The engine's one-line summary of a build."""

    total: int
    ran: int
    cached: int
    failed: int
    seconds: float
    workers: int


def parse_totals(log: str) -> Totals | None:
    """The last snippet summary line in a build log, if there is one."""
    found = list(TOTALS.finditer(log))
    if not found:
        return None
    m = found[-1]
    return Totals(
        total=int(m["total"]),
        ran=int(m["ran"]),
        cached=int(m["cached"]),
        failed=int(m["failed"]),
        seconds=float(m["seconds"]),
        workers=int(m["workers"]),
    )


@dataclass
class Table:
    """A table of a page: the section it is in, its header and rows."""

    section: str
    header: list[str]
    right: list[bool]
    rows: list[list[str]]


class _Tables(HTMLParser):
    """Every ``<table>`` of a page, with the ``<h2>`` above it.

    Cell text keeps inline code as Markdown backticks.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._section = ""
        self._heading: list[str] | None = None
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        if tag == "h2":
            self._heading = []
        elif tag == "table":
            self._table = Table(self._section, [], [], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []
            if tag == "th" and self._table is not None:
                style = dict(attrs).get("style") or ""
                self._table.right.append("right" in style)
        elif tag == "code" and self._cell is not None:
            self._cell.append("`")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._heading is not None:
            self._section = "".join(self._heading).strip()
            self._heading = None
        elif tag == "code" and self._cell is not None:
            self._cell.append("`")
        elif tag in {"td", "th"} and self._cell is not None:
            if self._row is not None:
                text = " ".join("".join(self._cell).split())
                self._row.append(text.replace("|", "\\|"))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._table is not None and self._row:
                if not self._table.header:
                    self._table.header = self._row
                else:
                    self._table.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._heading is not None:
            self._heading.append(data)


def report_table(html: str, section: str = "Snippets") -> Table | None:
    """The build report page's table under the heading ``section``."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    for table in parser.tables:
        if table.section.rstrip("¶").strip() == section:
            return table
    return None


def markdown_table(table: Table) -> list[str]:
    """A table as Markdown lines, numeric columns kept right-aligned."""
    width = len(table.header)
    right = table.right + [False] * (width - len(table.right))
    lines = [
        "| " + " | ".join(table.header) + " |",
        "| " + " | ".join("---:" if r else "---" for r in right) + " |",
    ]
    for row in table.rows:
        cells = (row + [""] * width)[:width]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(log: str, report_html: str | None, artifact_url: str) -> str:
    """The job summary: the site's link, the totals, the report's table."""
    lines = ["## Site build", ""]
    if artifact_url:
        lines += [
            f"The built site: [download it]({artifact_url}) (a zip), unzip "
            "it into `site/` and serve it with "
            "`python3 -m http.server 8000 -d site`, then open "
            "<http://127.0.0.1:8000/>. Its *Build report* page "
            "(`build-report/`) names the machine and software behind "
            "every result.",
            "",
        ]
    else:
        lines += ["No site was uploaded: the build failed (see its step).", ""]
    totals = parse_totals(log)
    if totals is None:
        lines += [
            "The build log has no snippet summary: the build stopped "
            "before its snippets finished (see the build step's log).",
            "",
        ]
    else:
        lines += [
            "| Snippets | Run | Cached | Failed | Time (s) | Workers |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {totals.total} | {totals.ran} | {totals.cached} "
            f"| {totals.failed} | {totals.seconds:.1f} "
            f"| {totals.workers} |",
            "",
        ]
    table = report_table(report_html) if report_html else None
    if table is not None:
        status = _column(table, "This build")
        for word, label in (("failed", "Failed"), ("ran", "Run")):
            names = [
                row[0] for row in table.rows if _cell(row, status) == word
            ]
            if not names:
                continue
            if len(names) == len(table.rows):
                lines += [f"{label}: all of them.", ""]
            else:
                lines += [f"{label}: " + ", ".join(names) + ".", ""]
        lines += [
            "<details><summary>The build report's snippets</summary>",
            "",
            *markdown_table(table),
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)


def _column(table: Table, name: str) -> int | None:
    return table.header.index(name) if name in table.header else None


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The CI job summary of a site build, as Markdown."
    )
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--artifact-url", default="")
    args = parser.parse_args(argv)
    log_path: Path = args.log
    site: Path = args.site
    log = log_path.read_text(errors="replace") if log_path.is_file() else ""
    page = site / REPORT_PAGE
    html = page.read_text(errors="replace") if page.is_file() else None
    sys.stdout.write(summary(log, html, str(args.artifact_url)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
