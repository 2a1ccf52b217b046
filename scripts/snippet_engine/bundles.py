"""Downloads: a snippet with everything it needs to run on its own.

A bundle is a zip of the snippet, the local modules it imports (the
helper ``fdl.py`` among them), the data files it reads, the same snippet
as a notebook (one cell per ``# %%``), and a README saying how to run it.
Its bytes depend only on those files: same inputs, same zip.
"""

from __future__ import annotations

import ast
import io
import json
import zipfile
from pathlib import Path
from typing import Any

_EPOCH = (2020, 1, 1, 0, 0, 0)


def to_notebook(source: str) -> dict[str, Any]:
    """Split a snippet at ``# %%`` lines; its docstring becomes Markdown."""
    cells: list[dict[str, Any]] = []
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree)
    body = source
    if docstring is not None and tree.body:
        first = tree.body[0]
        lines = source.splitlines(keepends=True)
        body = "".join(lines[first.end_lineno or 0 :])
        cells.append(_cell("markdown", docstring))
    chunk: list[str] = []
    for line in body.splitlines():
        if line.startswith("# %%"):
            _flush(chunk, cells)
            chunk = []
            continue
        chunk.append(line)
    _flush(chunk, cells)
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _cell(kind: str, text: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "metadata": {}, "source": text}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _flush(chunk: list[str], cells: list[dict[str, Any]]) -> None:
    text = "\n".join(chunk).strip("\n")
    if text.strip():
        cells.append(_cell("code", text))


def _readme(snippet: str, requirements: list[str]) -> str:
    module = snippet.removesuffix(".py").replace("/", ".")
    notebook = Path(snippet).with_suffix(".ipynb").name
    text = (
        f"{snippet}, from the course Fundamentals of Deep Learning\n"
        "(code: MIT licence; data: see data/SOURCES.md where present).\n\n"
        "requirements.txt pins the versions that built the course page, so\n"
        "the script prints the page's numbers. Run it from this folder:\n\n"
        "    pip install -r requirements.txt\n"
        f"    python -m {module}\n\n"
    )
    if any(r.startswith("torch==") for r in requirements):
        text += (
            "For the smaller CPU-only build of torch, add\n"
            "--extra-index-url https://download.pytorch.org/whl/cpu\n"
            "to the pip command.\n\n"
        )
    return text + (
        f"Or open {notebook} in Jupyter or Colab (upload the folder's\n"
        "files beside it). fdl.py is the course's small shared helper;\n"
        "the folders beside it hold the chapter's own modules.\n"
    )


def make_bundle(
    snippet: str,
    snippets_dir: Path,
    files: list[Path],
    requirements: list[str],
) -> bytes:
    """The zip of one snippet; ``files`` are its modules and data."""
    path = snippets_dir / snippet
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        sources = snippets_dir / "data" / "SOURCES.md"
        extra = (
            [sources] if any(p.parent == sources.parent for p in files) else []
        )
        for file in sorted({*files, path, *extra}):
            if file.is_file():
                add(
                    file.relative_to(snippets_dir).as_posix(),
                    file.read_bytes(),
                )
        notebook = to_notebook(path.read_text(encoding="utf-8"))
        add(
            Path(snippet).with_suffix(".ipynb").name,
            (json.dumps(notebook, indent=1) + "\n").encode(),
        )
        add("requirements.txt", ("\n".join(requirements) + "\n").encode())
        add("README.txt", _readme(snippet, requirements).encode())
    return buffer.getvalue()
