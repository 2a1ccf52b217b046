"""The build report: which machine, software and date made each output."""

from __future__ import annotations

import datetime as dt

from snippet_engine.engine import SnippetResult
from snippet_engine.machine import describe
from snippet_engine.records import RunMeta

PACKAGES = [
    "torch",
    "matplotlib",
    "numpy",
    "scikit-learn",
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "mkdocs-jupyter",
]


def _where(meta: RunMeta, here: dict[str, object]) -> str:
    """Where an output was computed: this machine, or which one."""
    machine = meta.machine
    same = all(machine.get(k) == here.get(k) for k in ("cpu", "cores"))
    where = (
        "this machine"
        if same
        else f"{machine.get('cpu')} ({machine.get('cores')} cores)"
    )
    return f"{where}, {meta.device}"


def report_markdown(
    results: list[SnippetResult],
    device: str,
    versions: dict[str, str],
    checks: list[tuple[str, int, str, str, bool, str]] | None = None,
    artefacts: list[SnippetResult] | None = None,
) -> str:
    """Markdown for the build report page."""
    machine = describe()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Build report",
        "",
        "This page is written by the build itself. It names the machine,",
        "the software and the date behind every figure and number on this",
        "site. An output taken from the cache shows when and where it was",
        "computed.",
        "",
        "## Machine",
        "",
        "| Item | This build |",
        "| --- | --- |",
        f"| Built | {now} |",
        f"| CPU | {machine['cpu']} |",
        f"| Cores | {machine['cores']} |",
    ]
    memory = machine.get("memory_gib")
    if isinstance(memory, float):
        lines.append(f"| Memory | {memory:.1f} GiB |")
    lines += [
        f"| Device | {device} |",
        f"| System | {machine['os']} |",
        f"| Python | {machine['python']} |",
        "",
        "## Software",
        "",
        "| Package | Version |",
        "| --- | --- |",
    ]
    lines += [f"| {n} | {versions[n]} |" for n in PACKAGES if n in versions]
    lines += [
        "",
        "## Snippets",
        "",
        "Time and peak memory are those of the run that computed the",
        "output; memory is counted above the warm worker's own.",
        "",
        "| Snippet | This build | Computed (UTC) | On "
        "| Threads | Time (s) | Peak (MiB) |",
        "| --- | --- | --- | --- | ---: | ---: | ---: |",
    ]
    for result in sorted(results, key=lambda r: r.snippet):
        record, meta = result.record, result.meta
        if result.status == "failed" or record is None or meta is None:
            lines.append(f"| `{result.snippet}` | failed | | | | | |")
            continue
        kind = " (measures)" if meta.measures else ""
        lines.append(
            f"| `{result.snippet}`{kind} | {result.status} "
            f"| {meta.computed_at} "
            f"| {_where(meta, machine)} | {record.threads} "
            f"| {record.seconds:.2f} "
            f"| {record.peak_mib:.0f} |"
        )
    if artefacts:
        lines += [
            "",
            "## Shared artefacts computed by this build",
            "",
            "Shared results run as jobs of their own; their time counts",
            "towards the cold build as much as the snippets' does.",
            "",
            "| Artefact | Result | Time (s) | Peak (MiB) |",
            "| --- | --- | ---: | ---: |",
        ]
        for result in sorted(artefacts, key=lambda r: r.snippet):
            record = result.record
            lines.append(
                f"| `{result.snippet}` | {result.status} "
                f"| {record.seconds if record else 0:.2f} "
                f"| {record.peak_mib if record else 0:.0f} |"
            )
    uses = [
        (r.snippet, a)
        for r in results
        if r.record is not None
        for a in r.record.artefacts
    ]
    if uses:
        lines += [
            "",
            "## Shared artefacts",
            "",
            "Each is computed once, by a job of its own, and loaded by the",
            "snippets that ask for it.",
            "",
            "| Artefact | Key | Loaded by | Load time (s) |",
            "| --- | --- | --- | ---: |",
        ]
        lines += [
            f"| `{a.name}` | `{a.key[:10]}` | `{s}` | {a.seconds:.2f} |"
            for s, a in uses
        ]
    if checks:
        failed = sum(not row[4] for row in checks)
        lines += [
            "",
            "## Checks",
            "",
            "Each passage a page guards with a check, and the values the",
            f"snippet tested: {len(checks)} checks, {failed} failed.",
            "",
            "| Page | Snippet | Check | Result | Values |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{page}:{line}` | `{snippet}` | `{name}` "
            f"| {'passed' if passed else '**failed**'} "
            f"| {_cell(detail)} |"
            for page, line, snippet, name, passed, detail in checks
        ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for a table cell: no pipes, no line breaks, no markup."""
    from snippet_engine.pages import escape_value

    return escape_value(" ".join(text.split()))
