"""Derive: what the build process makes from raw run outputs.

The dark variant of each figure and each snippet's download bundle are
made here, in the build process, and each is cached under its own key:
the hash of what it is made from, the digest of this code (this module and
every engine module it imports) and its settings. So changing the dark
palette in ``mkdocs.yml`` recolours every figure and reruns no snippet;
changing the bundle code rebuilds the bundles and reruns no snippet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from snippet_engine.bundles import make_bundle
from snippet_engine.cache import Cache, Entry
from snippet_engine.outputs import Derived, derive_all
from snippet_engine.palette import palette_map, recolour


def _key(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


@dataclass
class Deriver:
    """Derives, through the cache, with the build's dark palette."""

    cache: Cache
    snippets_dir: Path
    dark: dict[str, str]
    code: str
    """Digest of this code (``keys.code_digest(DERIVE_ENTRY)``)."""

    def outputs(self, entry: Entry) -> dict[str, dict[str, Derived]]:
        """Every output of a committed run, derived."""
        context = _RunContext(self, entry.record.palette)
        return derive_all(entry.record, entry.directory, context)

    def dark_variant(self, light: Path, palette: dict[str, str]) -> Path:
        """The light SVG (drawn in ``palette``) recoloured for the dark
        palette."""
        data = light.read_bytes()
        mapping = palette_map(palette, self.dark)
        key = _key(
            "dark", hashlib.sha256(data).hexdigest(), mapping, self.code
        )
        return self.cache.derived(
            key, ".svg", lambda: recolour(data.decode(), mapping).encode()
        )

    def bundle(
        self,
        item: str,
        run_key: str,
        files: tuple[Path, ...],
        requirements: tuple[str, ...],
    ) -> Path:
        """The download zip of a snippet (its run key covers its files)."""
        key = _key("bundle", item, run_key, requirements, self.code)
        return self.cache.derived(
            key,
            ".zip",
            lambda: make_bundle(
                item, self.snippets_dir, list(files), list(requirements)
            ),
        )


@dataclass(frozen=True)
class _RunContext:
    """The derive context of one run: the palette it drew in."""

    deriver: Deriver
    palette: dict[str, str]

    def dark_variant(self, light: Path) -> Path:
        return self.deriver.dark_variant(light, self.palette)
