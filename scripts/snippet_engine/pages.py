"""The page syntax: figures, values and code includes in Markdown.

A figure is image syntax aimed at ``<snippet>#<figure>`` and followed by a
``/// caption`` block; a value is ``{{ <snippet>#<name>:<format spec> }}``;
a page shows each snippet it uses through ``--8<-- "<snippet>"``. Code
spans and fenced blocks are left alone, so pages can show the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

_FIGURE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<snippet>[\w./-]+\.py)#(?P<name>[^)\s]*)\)"
)
_VALUE = re.compile(
    r"\{\{\s*(?P<snippet>[\w./-]+\.py)#(?P<name>[\w-]+)"
    r"(?::(?P<spec>[^}]*?))?\s*\}\}"
)
_INCLUDE = re.compile(r"--8<--\s*[\"'](?P<snippet>[\w./-]+\.py)[\"']")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_CAPTION = re.compile(r"^\s*///\s*caption\b")


class PageError(Exception):
    """A problem in a page, with the page and line it is on."""

    def __init__(self, page: str, line: int, message: str) -> None:
        super().__init__(f"{page}:{line}: {message}")
        self.page = page
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Ref:
    """One figure or value placed on a page."""

    kind: Literal["figure", "value"]
    snippet: str
    name: str
    line: int
    start: int
    end: int
    alt: str = ""
    spec: str = ""


@dataclass
class PageScan:
    """Everything the engine needs from one page."""

    page: str
    refs: list[Ref] = field(default_factory=list)
    includes: set[str] = field(default_factory=set)
    errors: list[PageError] = field(default_factory=list)

    @property
    def snippets(self) -> set[str]:
        """The snippets whose outputs the page places."""
        return {ref.snippet for ref in self.refs}


def _mask_code(text: str) -> str:
    """Blank out fenced blocks and code spans, keeping offsets."""
    out, fence = [], ""
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence:
            out.append(" " * (len(line) - 1) + line[-1:])
            if (
                match
                and match[1][0] == fence[0]
                and len(match[1]) >= len(fence)
            ):
                fence = ""
            continue
        if match:
            fence = match[1]
            out.append(" " * (len(line) - 1) + line[-1:])
            continue
        out.append(line)
    masked = "".join(out)
    return _CODE_SPAN.sub(lambda m: " " * len(m[0]), masked)


def scan_page(text: str, page: str, line_offset: int = 0) -> PageScan:
    """Find the figures, values and includes of a page, and its errors."""
    scan = PageScan(page)
    masked = _mask_code(text)
    lines = text.splitlines()

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    scan.includes = {m["snippet"] for m in _INCLUDE.finditer(text)}
    for match in _FIGURE.finditer(masked):
        line = line_of(match.start())
        ref = Ref(
            "figure",
            match["snippet"],
            match["name"],
            line + line_offset,
            match.start(),
            match.end(),
            alt=match["alt"].strip(),
        )
        scan.refs.append(ref)
        where = (page, ref.line)
        if not ref.name:
            scan.errors.append(PageError(*where, "figure has no name"))
        if not ref.alt:
            scan.errors.append(
                PageError(
                    *where,
                    f"figure {ref.snippet}#{ref.name} has no alt text: "
                    "say what it shows in ![...]",
                )
            )
        if lines[line - 1].strip() != match[0]:
            scan.errors.append(
                PageError(*where, "a figure must stand alone on its line")
            )
        following = [s for s in lines[line:] if s.strip()][:1]
        if not following or not _CAPTION.match(following[0]):
            scan.errors.append(
                PageError(
                    *where,
                    f"figure {ref.snippet}#{ref.name} has no caption: add a "
                    "'/// caption' block right after it",
                )
            )
    for match in _VALUE.finditer(masked):
        scan.refs.append(
            Ref(
                "value",
                match["snippet"],
                match["name"],
                line_of(match.start()) + line_offset,
                match.start(),
                match.end(),
                spec=(match["spec"] or "").strip(),
            )
        )
    scan.refs.sort(key=lambda r: r.start)
    first_use: dict[str, Ref] = {}
    for ref in scan.refs:
        first_use.setdefault(ref.snippet, ref)
    for snippet, ref in first_use.items():
        if snippet not in scan.includes:
            scan.errors.append(
                PageError(
                    page,
                    ref.line,
                    f"the page uses {snippet} but does not show its code: "
                    f'add --8<-- "{snippet}" in a collapsible block',
                )
            )
    return scan


def format_value(value: object, spec: str) -> str:
    """Format a value with a Python format spec (``.1f``, ``,d``, ``.0%``)."""
    return format(value, spec)


def render_page(
    text: str, scan: PageScan, replace: Callable[[Ref], str]
) -> str:
    """Substitute each reference with ``replace(ref)``, back to front."""
    for ref in sorted(scan.refs, key=lambda r: r.start, reverse=True):
        text = text[: ref.start] + replace(ref) + text[ref.end :]
    return text


def add_after_includes(text: str, lines: dict[str, str]) -> str:
    """Put ``lines[snippet]`` after the code block that includes it."""
    out: list[str] = []
    pending: tuple[str, str] | None = None  # (fence, line to add)
    fence = ""
    for line in text.splitlines(keepends=True):
        out.append(line)
        match = _FENCE.match(line)
        if pending is not None:
            if match and match[1].startswith(pending[0]):
                out.append("\n" + pending[1])
                pending = None
            continue
        include = _INCLUDE.search(line)
        if include and include["snippet"] in lines:
            indent = line[: len(line) - len(line.lstrip())]
            addition = indent + lines[include["snippet"]] + "\n"
            if fence:
                pending = (fence, _dedent_to_fence(addition, out, fence))
            else:
                out.append("\n" + addition)
            continue
        if match:
            fence = "" if fence and match[1].startswith(fence) else match[1]
    return "".join(out)


def _dedent_to_fence(addition: str, out: list[str], fence: str) -> str:
    """Indent the addition like the opening fence line."""
    for previous in reversed(out):
        match = _FENCE.match(previous)
        if match and match[1] == fence:
            indent = previous[: len(previous) - len(previous.lstrip())]
            return indent + addition.lstrip()
    return addition
