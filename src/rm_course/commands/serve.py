"""`rm-course serve`: build the site into a temporary folder, serve it on localhost, rebuild on change.

The site's sources are generated, so MkDocs' own watcher would watch the wrong files; a small
polling loop watches the project's YAML, templates, site/ and assets/ instead. Pages served here
carry a few lines of script that reload them after a rebuild; the published site never does.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
import time
from pathlib import Path

import click

from ..content.load import open_project
from ..errors import ContentError, RmCourseError
from ..generators.site.builder import build_site
from ..render.safe_markup import markup_problems

WATCHED = (
    ("curriculum", ("*.yml", "*.yaml")),
    ("templates", ("*",)),
    ("site", ("*",)),
    ("assets", ("*",)),
)
VERSION_PATH = "/__rm-course/version"
RELOAD_PATH = "/__rm-course/reload.js"
# A script file, not an inline script: the pages' Content-Security-Policy runs only the site's own files.
RELOAD_JS = (
    "(function(){var v=null;function poll(){fetch('" + VERSION_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t})"
    ".catch(function(){}).finally(function(){setTimeout(poll,1000)})}poll()})();\n"
)
RELOAD_SCRIPT = f'<script src="{RELOAD_PATH}"></script>'


def snapshot(project_dir: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file."""
    seen: dict[str, tuple[int, int]] = {}
    for folder, patterns in WATCHED:
        base = project_dir / folder
        if not base.is_dir():
            continue
        for pattern in patterns:
            for path in base.rglob(pattern):
                if path.is_file():
                    stat = path.stat()
                    seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return seen


class _State:
    """What the server shows: the folder of the last good build and its number."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.version = 0
        self.lock = threading.Lock()


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: _State

    def __init__(self, *args, state: _State, **kwargs):
        self.state = state
        with state.lock:
            directory = str(state.root)
        super().__init__(*args, directory=directory, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # one line per request would bury the rebuild messages

    def do_GET(self):  # noqa: N802 - the base class's name
        if self.path in (VERSION_PATH, RELOAD_PATH):
            body = str(self.state.version).encode() if self.path == VERSION_PATH else RELOAD_JS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == VERSION_PATH else "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file() and (self.path.endswith("/") or self.path.endswith(".html")):
            text = path.read_text("utf-8")
            text = text.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            body = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def _build(project_dir: Path, into: Path) -> None:
    project = open_project(project_dir)
    if unsafe := markup_problems(project):  # the preview refuses what the build refuses
        raise ContentError(unsafe)
    pdf_dir = project_dir / "dist" / "pdf"
    build_site(project, into / "out", work_dir=into / "src", pdf_dir=pdf_dir if pdf_dir.is_dir() else None,
               quiet=True)


def serve_site(project_dir: Path, *, port: int, lang: str | None) -> None:
    """Serve the site on http://127.0.0.1:PORT/ until Ctrl-C, rebuilding when a watched file changes."""
    project_dir = Path(project_dir)
    project = open_project(project_dir)
    first = lang or project.programme.default_language
    if first not in project.languages:
        raise RmCourseError(f"--lang {first}: this programme's languages are {', '.join(project.languages)}")

    scratch = Path(tempfile.mkdtemp(prefix="rm-course-serve-"))
    state = _State()
    server = None
    try:
        n = 0
        click.echo("Building the site…")
        _build(project_dir, scratch / f"build-{n}")
        state.root = scratch / f"build-{n}" / "out"
        handler = functools.partial(_Handler, state=state)
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise RmCourseError(f"cannot listen on port {port}: {exc.strerror}; try --port") from exc
        threading.Thread(target=server.serve_forever, daemon=True).start()
        click.echo(f"Serving on http://127.0.0.1:{port}/{first}/ — rebuilt when curriculum/, templates/, "
                   "site/ or assets/ change. Ctrl-C to stop.")
        seen = snapshot(project_dir)
        while True:
            time.sleep(1.0)
            now = snapshot(project_dir)
            if now == seen:
                continue
            seen = now
            n += 1
            started = time.monotonic()
            try:
                _build(project_dir, scratch / f"build-{n}")
            except RmCourseError as exc:
                click.echo(exc.format_message(), err=True)
                click.echo("The last good site is still served.", err=True)
                continue
            with state.lock:
                old = state.root
                state.root = scratch / f"build-{n}" / "out"
                state.version = n
            if old is not None:
                shutil.rmtree(old.parent, ignore_errors=True)
            click.echo(f"Rebuilt in {time.monotonic() - started:.1f} s.")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(scratch, ignore_errors=True)
