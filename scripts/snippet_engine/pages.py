"""The page syntax: figures, values and code includes in Markdown.

A figure is image syntax aimed at ``<snippet>#<figure>`` and followed by a
``/// caption`` block; a value is ``{{ <snippet>#<name>:<format spec> }}``
(text), or ``{{ <snippet>#<name> | markdown }}`` (inline Markdown); a page
shows each snippet it uses through ``--8<-- "<snippet>"``. Code spans and
fenced blocks are left alone, so pages can show the syntax; ``\\{{`` is a
literal ``{{``. Every snippet a page names must lie inside the snippets
folder; anything that starts like a placeholder and does not parse is an
error with its page and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

_PATH = r"[\w./-]+\.py"
_FIGURE = re.compile(
    rf"!\[(?P<alt>[^\]]*)\]\((?P<snippet>{_PATH})#(?P<name>[^)\s]*)\)"
)
_FIGURE_LIKE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*?\.py\b[^)\n]*\)")
_VALUE = re.compile(
    rf"(?<!\\)\{{\{{[ \t]*(?P<snippet>{_PATH})#(?P<name>[\w-]+)"
    r"(?::(?P<spec>[^}|\n]*?))?"
    r"(?:[ \t]*\|[ \t]*(?P<filter>markdown))?[ \t]*\}\}"
)
_OPEN = re.compile(r"(?<!\\)\{\{")
_INCLUDE = re.compile(r"--8<--\s*[\"'](?P<snippet>[^\"'\n]+\.py)[\"']")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_CAPTION = re.compile(r"^\s*///\s*caption\b")
_CHECK = re.compile(
    rf"^[ \t]*///[ \t]*check[ \t]*\|[ \t]*(?P<snippet>{_PATH})"
    r"#(?P<name>[\w-]+)[ \t]*$"
)
_CHECK_LIKE = re.compile(r"^[ \t]*///[ \t]*check\b")
_BLOCK_END = re.compile(r"^[ \t]*///[ \t]*$")

VALUE_SYNTAX = "{{ chapter/topic.py#name[:format spec][ | markdown] }}"
"""What a value placeholder looks like (for error messages and docs)."""


class PageError(Exception):
    """A problem in a page, with the page and line it is on."""

    def __init__(self, page: str, line: int, message: str) -> None:
        super().__init__(f"{page}:{line}: {message}")
        self.page = page
        self.line = line
        self.message = message


class OutsideSnippets(PageError):
    """A page names a path outside the snippets folder."""


@dataclass(frozen=True)
class Ref:
    """One figure, value or code include that a page asks for."""

    kind: Literal["figure", "value", "include", "check", "check-end"]
    snippet: str
    name: str
    line: int
    start: int
    end: int
    alt: str = ""
    spec: str = ""
    markdown: bool = False
    at_block_start: bool = False
    """Only block markers precede it on its line (a value's text there
    could start a list or a heading)."""


@dataclass
class PageScan:
    """Everything the engine needs from one page."""

    page: str
    refs: list[Ref] = field(default_factory=list)
    includes: set[str] = field(default_factory=set)
    errors: list[PageError] = field(default_factory=list)
    refused: list[Ref] = field(default_factory=list)
    """References to paths outside the snippets folder: never run."""

    @property
    def snippets(self) -> set[str]:
        """The snippets whose outputs the page places."""
        return {ref.snippet for ref in self.refs}


# -- fences: the one parser that says which lines are code ------------------

FenceRole = Literal["", "open", "code", "close"]


def fence_roles(lines: list[str]) -> list[FenceRole]:
    """The role of each line in fenced code blocks ("" outside them).

    A fence closes on a line of the same character, at least as long as
    the opening one, with nothing after it (CommonMark's rule).
    """
    roles: list[FenceRole] = []
    fence = ""
    for line in lines:
        match = _FENCE.match(line)
        if not fence:
            if match:
                fence = match["fence"]
                roles.append("open")
            else:
                roles.append("")
            continue
        if (
            match
            and match["fence"][0] == fence[0]
            and len(match["fence"]) >= len(fence)
            and not line[match.end() :].strip()
        ):
            fence = ""
            roles.append("close")
        else:
            roles.append("code")
    return roles


def _mask_code(text: str) -> str:
    """Blank out fenced blocks and code spans, keeping offsets."""
    lines = text.splitlines(keepends=True)
    out = [
        line if not role else " " * (len(line) - 1) + line[-1:]
        for line, role in zip(lines, fence_roles(lines), strict=True)
    ]
    masked = "".join(out)
    return _CODE_SPAN.sub(lambda m: " " * len(m[0]), masked)


# -- paths -------------------------------------------------------------------


def outside_snippets(snippet: str, snippets_dir: Path) -> str | None:
    """Why ``snippet`` is not a path inside ``snippets_dir`` (None if it is).

    Checked before anything runs: a page may only name files of the
    snippets folder, by a plain relative path, that stay there once
    symbolic links are followed.
    """
    if snippet.startswith("/") or re.match(r"^[A-Za-z]:", snippet):
        return f"{snippet} is an absolute path"
    if any(part in ("", ".", "..") for part in snippet.split("/")):
        return f"{snippet} has an empty, '.' or '..' part"
    base = snippets_dir.resolve()
    resolved = (base / snippet).resolve()
    if not resolved.is_relative_to(base):
        return f"{snippet} leads to {resolved} (through a symbolic link)"
    return None


def _refuse(scan: PageScan, ref: Ref, why: str) -> None:
    scan.refused.append(ref)
    scan.errors.append(
        OutsideSnippets(
            scan.page,
            ref.line,
            f"{why}, outside the snippets folder: a page may only use "
            "snippets inside it, named by their path there "
            "(chapter/topic.py)",
        )
    )


# -- scanning ----------------------------------------------------------------


def scan_page(
    text: str,
    page: str,
    line_offset: int = 0,
    snippets_dir: Path | None = None,
) -> PageScan:
    """Find the figures, values and includes of a page, and its errors.

    With ``snippets_dir``, every reference outside it is refused (an
    error, and the reference is left out of ``refs`` and ``includes``).
    """
    scan = PageScan(page)
    masked = _mask_code(text)
    lines = text.splitlines()

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1 + line_offset

    def keep(ref: Ref) -> bool:
        if snippets_dir is None:
            return True
        why = outside_snippets(ref.snippet, snippets_dir)
        if why is not None:
            _refuse(scan, ref, why)
        return why is None

    for match in _INCLUDE.finditer(text):
        ref = Ref(
            "include",
            match["snippet"],
            "",
            line_of(match.start()),
            match.start(),
            match.end(),
        )
        if keep(ref):
            scan.includes.add(ref.snippet)
    figures = {m.start(): m for m in _FIGURE.finditer(masked)}
    for match in _FIGURE_LIKE.finditer(masked):
        if match.start() not in figures:
            scan.errors.append(
                PageError(
                    page,
                    line_of(match.start()),
                    f"cannot read the figure reference {_clip(match[0])}: "
                    "write ![alt text](chapter/topic.py#figure-name)",
                )
            )
    for match in figures.values():
        local = line_of(match.start()) - line_offset
        ref = Ref(
            "figure",
            match["snippet"],
            match["name"],
            local + line_offset,
            match.start(),
            match.end(),
            alt=match["alt"].strip(),
        )
        if keep(ref):
            scan.refs.append(ref)
            _check_figure(scan, ref, match[0], lines, local)
    values = {m.start(): m for m in _VALUE.finditer(masked)}
    for opening in _OPEN.finditer(masked):
        if opening.start() in values:
            continue
        if any(m.start() < opening.start() < m.end() for m in values.values()):
            continue
        rest = masked[opening.start() :].split("\n", 1)[0]
        scan.errors.append(
            PageError(
                page,
                line_of(opening.start()),
                f"cannot read the placeholder {_clip(rest)}: write "
                f"{VALUE_SYNTAX} on one line, or \\{{{{ for a literal {{{{",
            )
        )
    _scan_checks(scan, masked, line_of, keep)
    for match in values.values():
        ref = Ref(
            "value",
            match["snippet"],
            match["name"],
            line_of(match.start()),
            match.start(),
            match.end(),
            spec=(match["spec"] or "").strip(),
            markdown=match["filter"] == "markdown",
            at_block_start=_BLOCK_PREFIX.fullmatch(
                masked[
                    masked.rfind("\n", 0, match.start()) + 1 : match.start()
                ]
            )
            is not None,
        )
        if keep(ref):
            scan.refs.append(ref)
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
    scan.errors.sort(key=lambda e: e.line)
    return scan


def _scan_checks(
    scan: PageScan,
    masked: str,
    line_of: Callable[[int], int],
    keep: Callable[[Ref], bool],
) -> None:
    """``/// check | chapter/topic.py#name`` ... ``///``: a passage shown
    only while the snippet's named check passes."""
    offsets, position = [], 0
    lines = masked.splitlines(keepends=True)
    for line in lines:
        offsets.append(position)
        position += len(line)
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _CHECK_LIKE.match(line):
            index += 1
            continue
        start = offsets[index]
        match = _CHECK.match(line.rstrip("\n"))
        closing = next(
            (
                j
                for j in range(index + 1, len(lines))
                if _BLOCK_END.match(lines[j].rstrip("\n"))
            ),
            None,
        )
        if match is None or closing is None:
            why = "no closing '///' line" if match else "cannot read it"
            scan.errors.append(
                PageError(
                    scan.page,
                    line_of(start),
                    f"check block {_clip(line)}: {why}; write /// check | "
                    "chapter/topic.py#check-name, the passage, then ///",
                )
            )
            index += 1
            continue
        end = offsets[closing]
        opener = Ref(
            "check",
            match["snippet"],
            match["name"],
            line_of(start),
            start,
            start + len(line.rstrip("\n")),
        )
        if keep(opener):
            scan.refs.append(opener)
            scan.refs.append(
                Ref(
                    "check-end",
                    opener.snippet,
                    opener.name,
                    line_of(end),
                    end,
                    end + len(lines[closing].rstrip("\n")),
                )
            )
        index = closing + 1


def _check_figure(
    scan: PageScan, ref: Ref, source: str, lines: list[str], line: int
) -> None:
    where = (scan.page, ref.line)
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
    if lines[line - 1].strip() != source:
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


def _clip(text: str, limit: int = 60) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "...")


# -- values ------------------------------------------------------------------


def format_value(value: object, spec: str) -> str:
    """Format a value with a Python format spec (``.1f``, ``,d``, ``.0%``)."""
    return format(value, spec)


_MARKUP = frozenset("\\`*_{}[]()<>#!|&~$^\"'")
_BLOCK_MARKS = frozenset(".-+=:/0123456789")
_BLOCK_PREFIX = re.compile(r"[\s>*+\-\d.)]*")


def escape_value(text: str, at_block_start: bool = False) -> str:
    """A value as literal text in Markdown: no HTML, no Markdown syntax.

    Every character that HTML or Markdown (or one of its extensions) could
    read as syntax becomes a numeric character reference, which both leave
    as text; so do line breaks, so a value never starts a block. At the
    start of a block (``at_block_start``) the first character that could
    open a list, a heading rule or a code block is escaped too.
    """
    out = "".join(
        f"&#{ord(c)};" if c in _MARKUP or _invisible(c) else c for c in text
    )
    if at_block_start:
        rest = out.lstrip(" ")
        out = "&#32;" * (len(out) - len(rest)) + rest
        if rest[:1] and rest[0] in _BLOCK_MARKS:
            out = out[: len(out) - len(rest)] + f"&#{ord(rest[0])};" + rest[1:]
    return out


def _invisible(char: str) -> bool:
    return char != " " and (char.isspace() or not char.isprintable())


_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_TARGET = re.compile(r"\]\(([^)]*)|\]:([^\n]*)")
_BLOCK_START = re.compile(
    r"^\s*(?:[#>|:~=]|[-+*](?:\s|$)|\*\[|\d+[.)]|([-*_/!?`])\1\1)"
)


def markdown_value(text: str) -> str:
    """A value as inline Markdown (the page's explicit ``| markdown``).

    Emphasis, code and links work; raw HTML, entities, attribute lists
    and block syntax do not, and a link may only use http, https or
    mailto (or a relative target). Raises ``ValueError`` otherwise.
    """
    for match in _LINK_TARGET.finditer(text):
        target = html.unescape(match[1] or match[2] or "")
        target = re.sub(r"[\x00-\x20\x7f\\<]", "", target)
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
        if scheme and scheme[1].lower() not in _SAFE_SCHEMES:
            raise ValueError(
                f"link target {match[1] or match[2]!r} uses the scheme "
                f"{scheme[1]!r}; only http, https and mailto are allowed"
            )
    out = " ".join(text.splitlines()).strip()
    for char, ref in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        out = out.replace(char, ref)
    out = out.replace("{", "&#123;").replace("}", "&#125;")
    block = _BLOCK_START.match(out)
    if block:
        at = block.end() - len(block[0].lstrip())
        out = out[:at] + f"&#{ord(out[at])};" + out[at + 1 :]
    return out


# -- rendering ---------------------------------------------------------------


def render_page(
    text: str, scan: PageScan, replace: Callable[[Ref], str]
) -> str:
    """Substitute each reference with ``replace(ref)``, back to front;
    a refused code include loses its path, so nothing outside is read."""
    edits = [(r, replace(r)) for r in scan.refs]
    edits += [
        (r, f"(code include of {r.snippet} refused)")
        for r in scan.refused
        if r.kind == "include"
    ]
    for ref, new in sorted(edits, key=lambda e: e[0].start, reverse=True):
        text = text[: ref.start] + new + text[ref.end :]
    return text


def add_after_includes(text: str, lines: dict[str, str]) -> str:
    """Put ``lines[snippet]`` after the code block that includes it (or
    after the include line when it stands outside a code block), indented
    like the block's fence, so that it is never part of the code."""
    source = text.splitlines(keepends=True)
    roles = fence_roles(source)
    out: list[str] = []
    pending: list[str] = []
    for line, role in zip(source, roles, strict=True):
        out.append(line)
        include = _INCLUDE.search(line)
        addition = lines.get(include["snippet"]) if include else None
        if addition is not None and role in ("code", ""):
            if role == "code":
                pending.append(addition)
            else:
                indent = line[: len(line) - len(line.lstrip())]
                out.append(f"\n{indent}{addition}\n\n")
        if role == "close" and pending:
            indent = line[: len(line) - len(line.lstrip())]
            if not line.endswith("\n"):
                out.append("\n")
            # a blank line after: a line that follows the block starts a
            # block of its own, as it would have after the fence
            out.extend(f"\n{indent}{item}\n\n" for item in pending)
            pending = []
    return "".join(out)


_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(
    r"(?<![\\$\w])\$(?=[^\s$])((?:[^$\n]|\n(?![ \t]*\n))+?)"
    r"(?<=[^\s\\])\$(?![\d$])"
)


def math_to_mathml(text: str) -> str:
    """TeX outside code (``$...$`` inline, ``$$...$$`` display) becomes
    MathML at build time: no script, no CDN. A dollar sign before a number
    (``$25``) is money, not math: inline math closes on a ``$`` that
    follows a non-space and does not precede a digit."""
    from latex2mathml.converter import convert

    masked = _mask_code(text)
    edits: list[tuple[int, int, str]] = []
    for match in _DISPLAY_MATH.finditer(masked):
        edits.append(
            (
                match.start(),
                match.end(),
                convert(match[1].strip(), display="block"),
            )
        )
    taken = [(a, b) for a, b, _ in edits]
    for match in _INLINE_MATH.finditer(masked):
        if any(a <= match.start() < b for a, b in taken):
            continue
        # Markdown reads a line that starts with <math> as an HTML block:
        # inline math goes inside a span, so it stays in its paragraph.
        mathml = convert(" ".join(match[1].split()))
        edits.append((match.start(), match.end(), f"<span>{mathml}</span>"))
    for start, end, mathml in sorted(edits, reverse=True):
        text = text[:start] + mathml + text[end:]
    return text


_IMG = re.compile(r"<img\b[^>]*>", re.I)


def lazy_images(html: str) -> str:
    """Every image without a ``loading`` attribute gets
    ``loading="lazy"``: the browser fetches it only when it is displayed
    near the viewport. So a reader downloads one palette's figures (the
    other palette's are hidden), and those of a collapsed answer only when
    it is opened."""
    return _IMG.sub(
        lambda m: (
            m[0]
            if re.search(r"\sloading\s*=", m[0], re.I)
            else m[0][:4] + ' loading="lazy"' + m[0][4:]
        ),
        html,
    )
