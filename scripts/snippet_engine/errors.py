"""Errors that name the file and line at fault."""

from __future__ import annotations

from pathlib import Path


class SnippetError(Exception):
    """A problem in a snippet's source, found before it runs."""

    def __init__(self, message: str, path: Path, line: int = 1) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
