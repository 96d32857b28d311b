"""What the real-browser tests share: Debian's Chromium, a quiet local server, the site engines, a watched page."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]

# The built-site fixtures run once per engine; Zensical's only when its extra is installed.
ENGINES = [
    pytest.param("mkdocs", id="mkdocs"),
    pytest.param("zensical", id="zensical", marks=pytest.mark.skipif(
        importlib.util.find_spec("zensical") is None,
        reason="the zensical extra is not installed (pip install -e '.[test,zensical]')")),
]


def use_engine(project_dir: Path, engine: str) -> Path:
    """The project set to build its site with `engine` (its programme.yml has no `site:` yet)."""
    if engine != "mkdocs":
        programme = project_dir / "curriculum" / "programme.yml"
        programme.write_text(programme.read_text("utf-8") + f"\nsite:\n  engine: {engine}\n", "utf-8")
    return project_dir


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serving(directory: Path, handler: type[http.server.BaseHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """`directory` served on 127.0.0.1 while the block runs; yields the base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser); skips the test without it."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page whose console errors and requests to other hosts are recorded."""

    def __init__(self, browser, width: int = 1280, height: int = 900, locale: str = "fr-FR"):
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return
        self.foreign.append(request.url)

    def close(self) -> None:
        self.context.close()
