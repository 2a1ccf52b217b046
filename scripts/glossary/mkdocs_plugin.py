"""MkDocs adapter: the glossary page from its source file, and a link
from every page's first use of a term (the only module that imports
MkDocs)."""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from glossary.linker import Matcher, link_first_uses
from glossary.page import entries
from glossary.terms import GlossaryError, Term, load

_USED = re.compile(r'<p class="glossary-used" data-term="([\w-]+)"></p>')


class GlossaryConfig(Config):
    source = c.Type(str, default="glossary.toml")  # in docs/, unpublished
    page = c.Type(str, default="glossary.md")  # its intro; entries follow
    # pages whose text is data, not prose (a generated report): not linked
    exclude = c.ListOfItems(c.Type(str), default=[])


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Reads the terms once per build; links pages as they render."""

    def __init__(self) -> None:
        self._terms: list[Term] = []
        self._matcher: Matcher | None = None
        self._used: dict[str, list[Page]] = defaultdict(list)
        self._order: dict[str, int] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        path = Path(config.docs_dir) / self.config.source
        try:
            self._terms = load(path)
        except (GlossaryError, OSError) as exc:
            raise PluginError(f"glossary: {exc}") from None
        self._matcher = Matcher(self._terms)
        self._used = defaultdict(list)
        return config

    def on_nav(
        self, nav: Navigation, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        self._order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
        return nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        source = files.get_file_from_path(self.config.source)
        if source is not None:
            files.remove(source)  # the source is not part of the site
        if files.get_file_from_path(self.config.page) is None:
            raise PluginError(
                f"glossary: docs/{self.config.page} (the glossary page) is "
                "missing"
            )
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri != self.config.page:
            return markdown
        return markdown.rstrip() + "\n\n" + entries(self._terms) + "\n"

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        skip = {self.config.page, *self.config.exclude}
        if page.file.src_uri in skip or self._matcher is None:
            return html
        target = files.get_file_from_path(self.config.page)
        assert target is not None
        base = get_relative_url(target.url, page.url)
        html, linked = link_first_uses(
            html,
            self._matcher,
            lambda term: f"{base}#{term.anchor}",
            page.file.src_uri,
        )
        for term in linked:
            self._used[term.anchor].append(page)
        return html

    def on_post_page(
        self, output: str, *, page: Page, config: MkDocsConfig
    ) -> str:
        if page.file.src_uri != self.config.page:
            return output

        def used(match: re.Match[str]) -> str:
            pages = sorted(
                self._used.get(match[1], []),
                key=lambda p: self._order.get(
                    p.file.src_uri, len(self._order)
                ),
            )
            if not pages:
                return ""
            links = ", ".join(
                f'<a href="{escape(get_relative_url(p.url, page.url))}">'
                f"{escape(p.title or p.url)}</a>"
                for p in pages
            )
            return f'<p class="glossary-used">First used on: {links}.</p>'

        return _USED.sub(used, output)
