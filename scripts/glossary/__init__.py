"""The course's glossary: terms from one source file, a page that defines
them, and a link from each page's first use of a term to its entry.

``terms`` reads and checks the source file, ``linker`` links first uses
in a page's HTML, ``page`` writes the glossary's Markdown; only
``mkdocs_plugin`` imports MkDocs.
"""
