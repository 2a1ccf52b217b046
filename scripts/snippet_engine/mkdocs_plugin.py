"""The thin MkDocs adapter: events in, engine calls, Markdown out.

Snippets start running as soon as the pages are known (``on_files``);
each page waits only for its own snippets (``on_page_markdown``); figures
enter the build as generated files, so nothing is written to ``docs/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import signal
import sys
import threading
from html import escape as html_escape
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from snippet_engine.engine import Engine, FrameSet, SnippetResult
from snippet_engine.notebooks import FIGURE_SCHEME
from snippet_engine.pages import (
    OutsideSnippets,
    PageError,
    PageScan,
    Ref,
    add_after_includes,
    escape_value,
    format_value,
    lazy_images,
    markdown_value,
    math_to_mathml,
    render_page,
    scan_page,
)
from snippet_engine.report import report_markdown
from snippet_engine.settings import Settings, defaults

log = logging.getLogger("mkdocs.plugins.snippet_engine")
VALUE_LIMIT = 2000
"""The longest text a value may become once formatted."""


_DEFAULTS = defaults()


class _Config(base.Config):
    """The engine's settings (defaults from :class:`Settings`), plus the
    adapter's own: the report page, the block type of code listings and
    the other block types kept out of search."""

    snippets_dir = c.Type(str, default="snippets")
    cache_dir = c.Type(str, default=".cache/snippets")
    device = c.Type(str, default=_DEFAULTS["device"])
    workers = c.Type(int, default=_DEFAULTS["workers"])
    timeout = c.Type((int, float), default=_DEFAULTS["timeout"])
    memory_mb = c.Type(int, default=_DEFAULTS["memory_mb"])
    preload = c.ListOfItems(c.Type(str), default=[])
    dark_palette = c.Type(dict, default=dict(_DEFAULTS["dark_palette"]))
    report_page = c.Type(str, default="build-report.md")
    code_block_type = c.Type(str, default="example")
    # other collapsible block types kept out of the search index
    unsearched_blocks = c.ListOfItems(c.Type(str), default=[])


class SnippetEnginePlugin(BasePlugin[_Config]):
    """Runs the snippets that pages use and places their outputs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._engine: Engine | None = None
        self._root = Path.cwd()
        self._docs = "docs"
        self._notebooks: dict[str, str] = {}
        self._page_errors: dict[str, str] = {}
        self._results: dict[str, SnippetResult] = {}
        self._scans: dict[str, tuple[str, PageScan]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        if not self._serving and _in_main_thread():
            signal.signal(signal.SIGINT, self._interrupted)

    def _interrupted(self, signum: int, frame: Any) -> None:
        """Ctrl-C during a build: stop the running snippets, say so in one
        line, exit 130. Nothing partial is committed (commits are atomic
        renames); a second Ctrl-C is ignored."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if self._engine is not None:
            self._engine.abort()
        sys.stderr.write(
            "\nInterrupted: running snippets stopped; nothing partial was "
            "cached.\n"
        )
        sys.stderr.flush()
        os._exit(130)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._root = Path(config.config_file_path or "mkdocs.yml").parent
        self._root = self._root.resolve()
        self._docs = (
            Path(config.docs_dir).resolve().relative_to(self._root).as_posix()
        )
        dark = self.config.dark_palette
        if not all(
            isinstance(v, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", v)
            for v in dark.values()
        ):
            raise PluginError(
                "snippet-engine: dark_palette maps each role of fdl.LIGHT "
                "(background, ink, muted, grid) to a #rrggbb colour"
            )
        timeout = float(self.config.timeout)
        if not 0 < timeout <= 3600:  # also rejects nan
            raise PluginError(
                f"snippet-engine: timeout {self.config.timeout!r} must be "
                "a number of seconds above 0 and at most 3600"
            )
        settings = Settings(
            root=self._root,
            snippets_dir=self._root / self.config.snippets_dir,
            cache_dir=self._root / self.config.cache_dir,
            device=self.config.device,
            workers=self.config.workers,
            timeout=timeout,
            memory_mb=self.config.memory_mb or None,
            preload=tuple(self.config.preload),
            dark_palette=tuple(sorted(dark.items())),
            portable=bool(os.environ.get("SNIPPET_ENGINE_PORTABLE")),
            sandbox=os.environ.get("SNIPPET_ENGINE_SANDBOX", "1") != "0",
        )
        if self._engine is None or self._engine.settings != settings:
            if self._engine is not None:
                self._engine.close()
            self._engine = Engine(settings, log.info)
        if self._serving:
            self._engine.warm_up()  # the first edit is as fast as later ones
        return config

    def on_shutdown(self) -> None:
        if self._engine is not None:
            self._engine.close()

    @property
    def _snippets_dir(self) -> Path:
        return self._root / self.config.snippets_dir

    def on_serve(
        self, server: Any, *, config: MkDocsConfig, builder: Any
    ) -> Any:
        server.watch(str(self._root / self.config.snippets_dir))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        snippets: set[str] = set()
        refused: list[PageError] = []
        self._notebooks = {}
        self._scans = {}
        for file in files:
            if file.src_uri.endswith(".md") and file.is_documentation_page():
                raw = file.content_string
                scan = scan_page(
                    raw,
                    f"{self._docs}/{file.src_uri}",
                    snippets_dir=self._snippets_dir,
                )
                self._scans[file.src_uri] = (raw, scan)
                snippets |= scan.snippets
                refused += [
                    e for e in scan.errors if isinstance(e, OutsideSnippets)
                ]
            elif file.src_uri.endswith(".ipynb") and not file.generated_by:
                self._notebooks[file.src_uri] = f"{self._docs}/{file.src_uri}"
        if refused and not self._serving:  # before any snippet runs
            raise PluginError("\n".join(_dedupe(refused)))
        assert self._engine is not None
        self._engine.start(snippets | set(self._notebooks.values()))
        report = self.config.report_page
        if files.get_file_from_path(report) is None:
            files.append(
                File.generated(config, report, content="# Build report\n")
            )
        return files

    def on_pre_page(
        self, page: Page, *, config: MkDocsConfig, files: Files
    ) -> Page:
        """Point a notebook page at its executed copy, before it renders."""
        notebook = self._notebooks.get(page.file.src_uri)
        if notebook is None or self._engine is None:
            return page
        result = self._engine.result(notebook)
        if result.status == "failed":
            where = f" at {_short(result.error_file, self._root)}"
            if result.error_line:
                where += f", line {result.error_line}"
            message = f"{notebook}: notebook failed{where}:\n{result.error}"
            if not self._serving:
                raise PluginError(message)
            log.error(message)
            self._page_errors[page.file.src_uri] = message
        elif result.notebook is not None:
            page.file.abs_src_path = str(result.notebook)
        self._results[page.file.src_uri] = result
        return page

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Code listings out of search; images load lazily; notebooks:
        links, no CDN math."""
        unsearched = (
            self.config.code_block_type,
            *self.config.unsearched_blocks,
        )
        for block in unsearched:
            html = html.replace(
                f'<details class="{block}">',
                f'<details class="{block}" data-search-exclude>',
            )
        if page.file.src_uri not in self._notebooks:
            return lazy_images(html)
        # Math is MathML already; nbconvert's loaders would fetch from CDNs.
        html = _OFFSITE_SCRIPT.sub("", _CDN_MATHJAX.sub("", html))
        result = self._results.pop(page.file.src_uri)
        stem = page.file.src_uri.removesuffix(".ipynb")
        for name, variants in result.figures.items():
            for variant, path in variants.items():
                link = self._figure_link(
                    stem, name, variant, path, page, config, files
                )
                html = html.replace(
                    f"{FIGURE_SCHEME}{name}.{variant}.svg", link
                )
        source = f"{self._docs}/{page.file.src_uri}"
        download = posixpath.basename(page.file.src_uri)
        files.append(
            File.generated(
                config,
                f"{posixpath.dirname(page.url.rstrip('/'))}/"
                f"{posixpath.basename(page.url.rstrip('/'))}/{download}".lstrip(
                    "/"
                ),
                abs_src_path=str(self._root / source),
            )
        )
        links = [f'<a href="{download}" download>Download the notebook</a>']
        colab = _colab_url(config.repo_url, source)
        if colab:
            links.append(f'<a href="{colab}">Open in Colab</a>')
        banner = f'<p class="notebook-links">{" · ".join(links)}</p>\n'
        error = self._page_errors.pop(page.file.src_uri, None)
        if error:
            banner += (
                '<div class="admonition failure"><p class="admonition-title">'
                "This notebook failed (shown here while serving)</p><pre>"
                f"{html_escape(error)}</pre></div>\n"
            )
        return banner + lazy_images(html)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self._engine is not None
        if page.file.src_uri == self.config.report_page:
            return report_markdown(
                self._engine.results(),
                self._engine.settings.device,
                self._engine.dist_versions,
                self._check_rows(),
                self._engine.artefact_results,
            )
        name = f"{self._docs}/{page.file.src_uri}"
        raw, scan = self._scans.get(page.file.src_uri, ("", None))
        # The page was scanned once, with its front matter (so lines are
        # the file's); render that text and cut the front matter off.
        shift = len(raw) - len(markdown)
        if scan is None or not raw.endswith(markdown):
            raw, shift = markdown, 0  # another plugin rewrote the page
            scan = scan_page(markdown, name, 0, self._snippets_dir)
        if not scan.refs and not scan.errors:
            return math_to_mathml(markdown)
        errors = list(scan.errors)
        results = {s: self._engine.result(s) for s in sorted(scan.snippets)}
        first: dict[str, Ref] = {}
        for ref in scan.refs:
            first.setdefault(ref.snippet, ref)
        for snippet, result in results.items():
            if result.status == "failed":
                errors.append(
                    _failure(name, first[snippet], result, self._root)
                )
        replacements: dict[Ref, str] = {}
        for ref in scan.refs:
            if results[ref.snippet].status == "failed":
                replacements[ref] = _placeholder(ref)
                continue
            try:
                replacements[ref] = self._replace(
                    ref, results[ref.snippet], page, config, files
                )
            except PageError as exc:
                errors.append(exc)
                replacements[ref] = _placeholder(ref)
        if errors and not self._serving:
            raise PluginError("\n".join(_dedupe(errors)))
        text = render_page(raw, scan, replacements.__getitem__)[shift:]
        downloads = {
            snippet: self._download(snippet, result, page, config, files)
            for snippet, result in results.items()
            if result.bundle is not None
        }
        text = add_after_includes(text, downloads)
        text = math_to_mathml(text)
        if errors:
            for message in _dedupe(errors):
                log.error(message)
            text = _error_admonition(_dedupe(errors)) + text
        return text

    def _check_rows(self) -> list[tuple[str, int, str, str, bool, str]]:
        """(page, line, snippet, check, passed, values) of every check a
        page places, for the build report."""
        assert self._engine is not None
        rows = []
        for _raw, scan in self._scans.values():
            for ref in scan.refs:
                if ref.kind != "check":
                    continue
                result = self._engine.result(ref.snippet)
                passed, detail = result.checks.get(
                    ref.name, (False, "no such check")
                )
                rows.append(
                    (
                        scan.page,
                        ref.line,
                        ref.snippet,
                        ref.name,
                        passed,
                        detail,
                    )
                )
        return sorted(rows)

    def _replace(
        self,
        ref: Ref,
        result: SnippetResult,
        page: Page,
        config: MkDocsConfig,
        files: Files,
    ) -> str:
        where = (f"{self._docs}/{page.file.src_uri}", ref.line)
        if ref.kind in ("check", "check-end"):
            check = result.checks.get(ref.name)
            if ref.kind == "check-end":
                return "" if check and check[0] else "\n-->"
            if check is None:
                raise PageError(
                    *where,
                    f"{ref.snippet} has no check {ref.name!r} (it has: "
                    f"{', '.join(sorted(result.checks)) or 'none'})",
                )
            if not check[0]:
                raise PageError(
                    *where,
                    f"check {ref.snippet}#{ref.name} failed, so the passage "
                    f"it guards is false on this build: {check[1]}",
                )
            return ""
        if ref.kind == "value":
            if ref.name not in result.values:
                raise PageError(
                    *where,
                    f"{ref.snippet} has no value {ref.name!r} "
                    f"(it has: {', '.join(sorted(result.values)) or 'none'})",
                )
            try:
                text = format_value(result.values[ref.name], ref.spec)
            except (ValueError, TypeError) as exc:
                raise PageError(
                    *where,
                    f"cannot format {ref.snippet}#{ref.name} with "
                    f"{ref.spec!r}: {exc}",
                ) from None
            if len(text) > VALUE_LIMIT:
                raise PageError(
                    *where,
                    f"{ref.snippet}#{ref.name} formatted with {ref.spec!r} "
                    f"is {len(text):,} characters long (the limit is "
                    f"{VALUE_LIMIT:,}): a value is a number or a sentence",
                )
            if not ref.markdown:
                return escape_value(text, ref.at_block_start)
            try:
                return markdown_value(text)
            except ValueError as exc:
                raise PageError(
                    *where,
                    f"{ref.snippet}#{ref.name} is not safe as Markdown: {exc}",
                ) from None
        stem = ref.snippet.removesuffix(".py")
        if ref.name in result.frames:
            return self._frames(
                ref, stem, result.frames[ref.name], page, config, files
            )
        if ref.name not in result.figures:
            names = sorted({*result.figures, *result.frames})
            raise PageError(
                *where,
                f"{ref.snippet} has no figure {ref.name!r} "
                f"(it has: {', '.join(names) or 'none'})",
            )
        return "".join(
            f"![{ref.alt}]("
            + self._figure_link(
                stem, ref.name, variant, path, page, config, files
            )
            + f"#only-{variant})"
            for variant, path in result.figures[ref.name].items()
        )

    def _frames(
        self,
        ref: Ref,
        stem: str,
        frames: FrameSet,
        page: Page,
        config: MkDocsConfig,
        files: Files,
    ) -> str:
        """A movable figure: the default frame as the page's image pair;
        the other frames' addresses in data attributes, for the slider
        that ``extra.js`` adds (they load only when the reader moves it)."""
        images = []
        for variant, paths in (("light", frames.light), ("dark", frames.dark)):
            links = [
                self._figure_link(
                    stem,
                    f"{ref.name}-{i}",
                    variant,
                    path,
                    page,
                    config,
                    files,
                    from_url=True,  # raw HTML: MkDocs rewrites no link
                )
                + f"#only-{variant}"
                for i, path in enumerate(paths)
            ]
            attributes = {
                "alt": ref.alt,
                "src": links[frames.default],
                "data-frames": " ".join(links),
                "data-frames-id": f"{stem}-{ref.name}".replace("/", "-"),
                "data-values": json.dumps(list(frames.values)),
                "data-label": frames.label,
                "data-default": str(frames.default),
            }
            images.append(
                "<img "
                + " ".join(
                    f'{k}="{html_escape(v, quote=True)}"'
                    for k, v in attributes.items()
                )
                + ">"
            )
        return "".join(images)

    @staticmethod
    def _figure_link(
        stem: str,
        name: str,
        variant: str,
        path: Path,
        page: Page,
        config: MkDocsConfig,
        files: Files,
        from_url: bool = False,
    ) -> str:
        """Register a figure file (content-hashed name); link to it, from
        the page's source folder (Markdown, which MkDocs rewrites) or, for
        raw HTML and notebooks, from the folder of the page's URL."""
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        uri = f"figures/{stem}/{name}.{digest}.{variant}.svg"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if from_url or page.file.src_uri.endswith(".ipynb"):
            url = page.url
            base = (
                url.rstrip("/")
                if url.endswith("/")
                else posixpath.dirname(url)
            )
        else:
            base = posixpath.dirname(page.file.src_uri)
        return posixpath.relpath(uri, base or ".")

    def _download(
        self,
        snippet: str,
        result: SnippetResult,
        page: Page,
        config: MkDocsConfig,
        files: Files,
    ) -> str:
        assert result.bundle is not None
        uri = f"downloads/{snippet.removesuffix('.py')}.zip"
        if files.get_file_from_path(uri) is None:
            files.append(
                File.generated(config, uri, abs_src_path=str(result.bundle))
            )
        link = posixpath.relpath(
            uri, posixpath.dirname(page.file.src_uri) or "."
        )
        return (
            f"[Download `{snippet}`]({link}) with the helper and data it "
            "needs, as a script and as a notebook."
        )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._engine is not None:
            log.info(self._engine.summary())
        return env


_CDN_MATHJAX = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S
)
_OFFSITE_SCRIPT = re.compile(
    r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*?"
    r"</script>",
    re.S,
)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _colab_url(repo_url: str | None, path: str) -> str | None:
    """Colab opens a notebook from its path in a GitHub repository."""
    match = re.match(r"https://github\.com/([^/]+/[^/]+?)/?$", repo_url or "")
    if not match:
        return None
    return (
        f"https://colab.research.google.com/github/{match[1]}/blob/main/{path}"
    )


def _short(path: str | None, root: Path) -> str:
    if not path:
        return "?"
    return path.replace(f"{root}/", "")


def _failure(
    page: str, ref: Ref, result: SnippetResult, root: Path
) -> PageError:
    where = ""
    if result.error_file:
        path = Path(result.error_file)
        if path.is_absolute() and root in path.parents:
            path = path.relative_to(root)
        where = f" at {path}:{result.error_line}"
    return PageError(
        page,
        ref.line,
        f"snippet {ref.snippet} failed{where}:\n{result.error}",
    )


def _dedupe(errors: list[PageError]) -> list[str]:
    seen: dict[str, None] = {}
    for error in errors:
        seen.setdefault(str(error), None)
    return list(seen)


def _placeholder(ref: Ref) -> str:
    if ref.kind == "check":  # the passage is hidden until the check passes
        return (
            f'!!! failure "Check {ref.snippet}#{ref.name} failed"\n\n'
            "    The passage it guards is hidden: it is not true on this "
            "build.\n\n<!--\n"
        )
    if ref.kind == "check-end":
        return "\n-->"
    if ref.kind == "value":
        return f"**[{ref.snippet}#{ref.name} unavailable]**"
    return f"**[figure {ref.snippet}#{ref.name} unavailable]**"


def _error_admonition(messages: list[str]) -> str:
    body = "\n".join(messages)
    indented = "\n".join(f"        {line}" for line in body.splitlines())
    return (
        '!!! failure "This page has errors (shown here while serving)"\n\n'
        f"    ```text\n{indented}\n    ```\n\n"
    )
