"""Notebooks: run their cells in a worker, keep outputs, render math.

A notebook is committed without outputs; the engine executes it like a
snippet (same cache, failure rules and report) and writes an executed copy
that the site renders. Figures become light and dark SVG pairs; TeX in
Markdown cells becomes MathML, so no page needs a math script from a CDN.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

from snippet_engine.errors import SnippetError
from snippet_engine.outputs import Figure
from snippet_engine.records import Output

_MAGIC = re.compile(r"^\s*[%!]")
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)\$")


class CellError(Exception):
    """A cell raised: which cell, and the error inside it."""

    def __init__(self, cell: int, line: int, error: BaseException) -> None:
        super().__init__(f"cell {cell}, line {line}: {error!r}")
        self.cell = cell
        self.line = line
        self.error = error


def check_notebook(path: Path) -> None:
    """Raise :class:`SnippetError` naming the file, and the cell and line,
    if the notebook is not valid JSON or a code cell does not parse."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert isinstance(cells, list)
    except json.JSONDecodeError as exc:
        raise SnippetError(
            f"not a notebook: invalid JSON ({exc.msg}, column {exc.colno})",
            path,
            exc.lineno,
        ) from None
    except (KeyError, TypeError, AssertionError, UnicodeDecodeError):
        raise SnippetError(
            "not a notebook: it has no list of cells", path
        ) from None
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code = "\n".join(
            line
            for line in _source(cell).splitlines()
            if not _MAGIC.match(line)
        )
        try:
            ast.parse(code, filename=f"<cell {index}>")
        except SyntaxError as exc:
            raise SnippetError(
                f"syntax error in cell {index}, line {exc.lineno}: {exc.msg}",
                path,
                exc.lineno or 1,
            ) from None


def code_of(path: Path) -> bytes:
    """The Python code of a notebook's cells, for the cache key's scan."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in _source(cell).splitlines()
        if not _MAGIC.match(line)
    ]
    return "\n".join(lines).encode()


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


FIGURE_SCHEME = "snippet-figure:"
"""Placeholder URL of a notebook figure; the site swaps in the file's."""


def _figure_output(
    fig: Any, alt: str, name: str, out: Path
) -> tuple[dict[str, Any], Output]:
    output = Figure.collect(fig, name, out)
    images = "".join(
        f'<img alt="{alt}" src="{FIGURE_SCHEME}{name}.{variant}.svg'
        f'#only-{variant}">'
        for variant in ("light", "dark")
    )
    cell_output = {
        "output_type": "display_data",
        "metadata": {},
        "data": {"text/html": images, "text/plain": alt},
    }
    return cell_output, output


def _alt_text(fig: Any) -> str:
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    label = fig.get_label() or "; ".join(titles) or "a figure"
    return "Figure: " + label.replace('"', "'")


def execute(path: Path, out: Path) -> tuple[dict[str, Any], list[Output]]:
    """Run every code cell in one namespace; return the executed notebook
    and the figures it wrote into ``out``."""
    import matplotlib.pyplot as plt

    notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    count = 0
    figures: list[Output] = []
    for index, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "markdown":
            cell["source"] = render_math(_source(cell))
            continue
        if cell["cell_type"] != "code":
            continue
        count += 1
        outputs: list[dict[str, Any]] = []
        stream = io.StringIO()
        code = "\n".join(
            line
            for line in _source(cell).splitlines()
            if not _MAGIC.match(line)
        )
        try:
            with contextlib.redirect_stdout(stream):
                result = _run_cell(code, namespace, f"<cell {index}>")
        except Exception as exc:
            line = _cell_line(exc, f"<cell {index}>")
            raise CellError(index, line, exc) from exc
        if stream.getvalue():
            outputs.append(
                {
                    "output_type": "stream",
                    "name": "stdout",
                    "text": stream.getvalue(),
                }
            )
        for number in plt.get_fignums():
            fig = plt.figure(number)
            name = f"cell{index}-{number}"
            cell_output, output = _figure_output(
                fig, _alt_text(fig), name, out
            )
            figures.append(output)
            outputs.append(cell_output)
            plt.close(fig)
        if result is not None:
            outputs.append(
                {
                    "output_type": "execute_result",
                    "execution_count": count,
                    "metadata": {},
                    "data": {"text/plain": repr(result)},
                }
            )
        cell["outputs"] = outputs
        cell["execution_count"] = count
    return notebook, figures


def _run_cell(code: str, namespace: dict[str, Any], name: str) -> Any:
    tree = ast.parse(code, filename=name)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        expr = tree.body.pop()
        assert isinstance(expr, ast.Expr)
        last = ast.Expression(expr.value)
    exec(compile(tree, name, "exec"), namespace)  # noqa: S102
    if last is None:
        return None
    value = eval(compile(last, name, "eval"), namespace)  # noqa: S307
    return None if _is_artist_list(value) else value


def _is_artist_list(value: Any) -> bool:
    """matplotlib calls return artists; a notebook would show noise."""
    module = type(value).__module__
    items = value if isinstance(value, (list, tuple)) else [value]
    return any(
        type(item).__module__.startswith("matplotlib") for item in items
    ) or module.startswith("matplotlib")


def _cell_line(exc: BaseException, name: str) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == name:
        line = exc.lineno or 1
    return line


def render_math(markdown: str) -> str:
    """Replace ``$...$`` and ``$$...$$`` with MathML (no script needed)."""
    from latex2mathml.converter import convert

    text = _DISPLAY_MATH.sub(
        lambda m: convert(m[1].strip(), display="block"), markdown
    )
    return _INLINE_MATH.sub(lambda m: convert(m[1].strip()), text)
