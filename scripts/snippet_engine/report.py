"""The build report: which machine, software and date made each output."""

from __future__ import annotations

import datetime as dt

from snippet_engine.engine import SnippetResult
from snippet_engine.machine import describe

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


def _where(info: dict[str, object], here: dict[str, object]) -> str:
    """Where an output was computed: this machine, or which one."""
    machine = info.get("machine")
    if not isinstance(machine, dict):
        return "?"
    same = all(machine.get(k) == here.get(k) for k in ("cpu", "cores"))
    where = (
        "this machine"
        if same
        else f"{machine.get('cpu')} ({machine.get('cores')} cores)"
    )
    return f"{where}, {info.get('device', '?')}"


def report_markdown(
    results: list[SnippetResult], device: str, versions: dict[str, str]
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
        info = result.info
        if result.status == "failed":
            lines.append(f"| `{result.snippet}` | failed | | | | | |")
            continue
        kind = " (measures)" if info.get("measures") else ""
        lines.append(
            f"| `{result.snippet}`{kind} | {result.status} "
            f"| {info.get('computed_at', '')} "
            f"| {_where(info, machine)} | {info.get('threads', '')} "
            f"| {info.get('seconds', 0):.2f} "
            f"| {info.get('peak_mib', 0):.0f} |"
        )
    artefacts = [
        (r.snippet, a) for r in results for a in r.info.get("artefacts", [])
    ]
    if artefacts:
        lines += [
            "",
            "## Shared artefacts",
            "",
            "| Artefact | Asked by | Computed in that run | Time (s) |",
            "| --- | --- | --- | ---: |",
        ]
        lines += [
            f"| `{a['name']}` | `{s}` | {'yes' if a['computed'] else 'no'} "
            f"| {a['seconds']:.2f} |"
            for s, a in artefacts
        ]
    return "\n".join(lines) + "\n"
