"""The real site, built once per test session (strict, warm cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import harness


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "site"
    harness.build(site)
    return site
