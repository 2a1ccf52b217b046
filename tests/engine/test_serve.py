"""``mkdocs serve`` for real: edits reach the page; errors never kill it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.engine.conftest import FIGURE_SNIPPET, Site, env

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, site: Site, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        self._stream = log.open("w")
        self.process = subprocess.Popen(
            site.command("serve", "-a", f"127.0.0.1:{self.port}"),
            cwd=site.root,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=self._stream,
        )

    def page(self) -> str:
        url = f"http://127.0.0.1:{self.port}/"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode())
        except OSError:
            return ""

    def wait_for(self, ok: Callable[[str], bool], timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            html = self.page()
            if ok(html):
                return html
            time.sleep(0.3)
        raise AssertionError(f"page never changed:\n{self.log.read_text()}")

    def summaries(self) -> list[str]:
        return [
            line.split("snippets: ", 1)[1]
            for line in self.log.read_text().splitlines()
            if "snippets: " in line
        ]


@pytest.fixture
def server(site: Site, tmp_path: Path) -> Iterator[Server]:
    running = Server(site, tmp_path / "serve.log")
    yield running
    running.process.terminate()
    running.process.wait(timeout=30)
    running._stream.close()


def test_serve_follows_edits_and_survives_errors(
    site: Site, server: Server
) -> None:
    server.wait_for(lambda html: "Value: 2.0" in html)

    site.snippet("demo/a.py", FIGURE_SNIPPET.format(slope=7))
    server.wait_for(lambda html: "Value: 7.0" in html)
    assert server.summaries()[-1].startswith("2 (1 run, 1 cached")

    page = site.root / "docs/index.md"
    page.write_text(page.read_text().replace("Value:", "Now:"))
    server.wait_for(lambda html: "Now: 7.0" in html)
    assert server.summaries()[-1].startswith("2 (0 run, 2 cached")

    site.snippet("demo/a.py", '"""Broken."""\nraise RuntimeError("oops")\n')
    html = server.wait_for(lambda html: "This page has errors" in html)
    assert "RuntimeError: oops" in html
    assert "snippets/demo/a.py:2" in html

    site.snippet("demo/a.py", FIGURE_SNIPPET.format(slope=9))
    html = server.wait_for(lambda html: "Now: 9.0" in html)
    assert "This page has errors" not in html
