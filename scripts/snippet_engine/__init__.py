"""Build-time snippet engine: runs the course's snippets, caches outputs.

Nothing in this package depends on MkDocs except ``mkdocs_plugin``.
"""

from snippet_engine.engine import Engine, Settings, SnippetResult
from snippet_engine.pages import PageError, render_page, scan_page

__all__ = [
    "Engine",
    "PageError",
    "Settings",
    "SnippetResult",
    "render_page",
    "scan_page",
]
