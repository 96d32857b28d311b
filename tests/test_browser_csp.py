"""The Content-Security-Policy in a real browser: what a template slips in does not run, the theme still does."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from browser_helpers import ENGINES, serving, use_engine

from rm_course.content.load import open_project
from rm_course.generators.site.builder import build_site
from test_site_csp import hostile_project

pytestmark = pytest.mark.browser
BUILT: dict[str, Path] = {}  # where the module's site was built

# Every violation the page reports, kept on the window to be read back.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


@pytest.fixture(scope="module", params=ENGINES)
def hostile_url(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"browser-csp-{request.param}")
    dest = root / "dest"
    build_site(open_project(use_engine(hostile_project(root), request.param)), dest, work_dir=root / "work",
               quiet=True)
    BUILT["dest"] = dest
    with serving(dest) as url:
        yield url


def test_a_slipped_in_script_and_handler_do_not_run(hostile_url, watched):
    w = watched(locale="en-GB")
    w.page.add_init_script(LISTEN)
    w.page.goto(hostile_url + "en/")
    w.page.wait_for_load_state("networkidle")
    assert w.page.evaluate("typeof window.__pwned") == "undefined"
    violations = w.page.evaluate("window.__violations")
    assert violations and all(v.startswith("script-src") for v in violations), violations
    assert len(violations) == 2, violations  # the inline script and the onerror handler, nothing of the theme's


def test_the_theme_runs_under_the_policy(hostile_url, watched):
    """Nothing of the theme is blocked on any kind of page. Search, the language switch and the
    glossary tooltips are driven under the same policy by test_browser.py."""
    w = watched(locale="en-GB")
    w.page.add_init_script(LISTEN)
    w.page.goto(hostile_url)  # the root page's script sends the visitor to their language
    w.page.wait_for_url(hostile_url + "en/")
    w.errors.clear()  # the home page is the one with the slipped-in script and handler
    for path in ("en/modules/business-uses/linkedin-basics/", "en/glossary/", "fr/timeline/", "fr/downloads/"):
        w.page.goto(hostile_url + path)
        w.page.wait_for_load_state("networkidle")
        assert w.page.evaluate("window.__violations") == [], path
        assert w.page.evaluate("typeof __md_get") == "function", path  # the theme's first script ran
    assert not [e for e in w.errors if "Content Security Policy" in e], w.errors


def test_the_preview_reloads_under_the_policy(hostile_url, watched):
    """`rm-course serve` adds its reload script as a file of the site, which the policy lets run."""
    from rm_course.commands.serve import RELOAD_PATH, _Handler, _State

    state = _State()
    state.root = BUILT["dest"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, state=state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        w = watched(locale="en-GB")
        w.page.add_init_script(LISTEN)
        loaded = []
        w.page.on("requestfinished", lambda r: loaded.append(r.url) if r.url.endswith(RELOAD_PATH) else None)
        w.page.goto(url + "en/glossary/")
        w.page.wait_for_load_state("networkidle")
        assert loaded and w.page.evaluate("window.__violations") == []
        with state.lock:
            state.version += 1
        w.page.wait_for_event("load", timeout=5000)  # the page reloads itself after a rebuild
    finally:
        server.shutdown()
        server.server_close()
