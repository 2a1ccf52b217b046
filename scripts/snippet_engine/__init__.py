"""Build-time snippet engine: runs the course's snippets, caches outputs.

Nothing in this package depends on MkDocs except ``mkdocs_plugin``.
"""
