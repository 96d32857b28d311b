"""The site's finish in a real browser: the 404 page at the root and under a sub-path, the home page's layout."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from browser_helpers import ENGINES, QuietHandler, Watched, serving, use_engine

from rm_course.content.load import open_project
from rm_course.generators.site.builder import build_site
from test_browser import FIXTURE, SHOTS

pytestmark = pytest.mark.browser

SUB_PATH = "intranet/mentorat/"


class _NotFoundHandler(QuietHandler):
    """Answers a missing address with the site's 404.html, as a web server configured for it does."""

    not_found = ""  # the 404 page's path under the served folder

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.not_found
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module", params=ENGINES)
def served(request, tmp_path_factory):
    """The fixture site, built with each engine, served twice: at a server's root and under a sub-path.
    Yields both base addresses."""
    root = tmp_path_factory.mktemp(f"pages-{request.param}")
    use_engine(shutil.copytree(FIXTURE, root / "mini"), request.param)
    dest = root / "www" / SUB_PATH
    build_site(open_project(root / "mini"), dest, work_dir=root / "work", quiet=True)
    with ExitStack() as stack:
        bases = {}
        for name, folder, not_found in (("root", dest, "404.html"), ("sub", root / "www", SUB_PATH + "404.html")):
            handler = type("Handler", (_NotFoundHandler,), {"not_found": not_found})
            base = stack.enter_context(serving(folder, handler))
            bases[name] = base if name == "root" else base + SUB_PATH
        yield bases


@pytest.mark.parametrize("where", ["root", "sub"])
@pytest.mark.parametrize("missing, lang", [("fr/modules/nowhere/", "fr"), ("en/nope.html", "en"), ("nowhere", "fr")])
def test_the_404_page_is_styled_and_leads_home(served, browser, where, missing, lang):
    base = served[where]
    w = Watched(browser, width=1280)
    failed: list[str] = []
    w.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != base + missing else None)
    try:
        response = w.page.goto(base + missing)
        assert response.status == 404
        w.page.wait_for_load_state("networkidle")
        heading = w.page.locator("h1:visible")
        assert heading.inner_text() == ("Page introuvable" if lang == "fr" else "Page not found")
        # Styled: the heading in the serif face and the brand colour, the logo at header size.
        assert "Source Serif 4" in heading.evaluate("e => getComputedStyle(e).fontFamily")
        logo = w.page.locator("header img").bounding_box()
        assert logo and logo["height"] <= 48 and logo["width"] <= 160
        # The browser reports the page's own 404 status as a console error; nothing else may fail.
        assert failed == [] and w.foreign == []
        assert [e for e in w.errors if "404" not in e] == []
        SHOTS.mkdir(exist_ok=True)
        w.page.screenshot(path=str(SHOTS / f"404-{where}-{lang}.png"))
        w.page.locator("a.rm-home:visible").click()
        w.page.wait_for_url(f"{base}{lang}/")
        assert w.page.locator(".md-header").is_visible()  # the real home page, with its theme
    finally:
        w.close()
@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "phone")])
def test_home_cards_each_have_their_own_icon_and_the_timeline_uses_the_width(served, browser, width, label):
    base = served["root"]
    w = Watched(browser, width=width)
    try:
        w.page.goto(base + "fr/")
        w.page.wait_for_load_state("networkidle")
        icons = w.page.locator(".admonition.audience > .admonition-title").evaluate_all(
            "els => els.map(e => getComputedStyle(e, '::before').maskImage)"
        )
        assert len(icons) == 4 and len(set(icons)) == 4, icons
        SHOTS.mkdir(exist_ok=True)
        w.page.screenshot(path=str(SHOTS / f"home-cards-{label}.png"), full_page=True)
        w.page.goto(base + "fr/timeline/")
        w.page.wait_for_load_state("networkidle")
        figure = w.page.locator("figure.rm-timeline").bounding_box()
        content = w.page.locator(".md-content__inner").bounding_box()
        assert figure["width"] >= 0.85 * content["width"] - 40
        w.page.screenshot(path=str(SHOTS / f"timeline-{label}.png"), full_page=True)
        w.page.goto(base + "fr/glossary/")
        w.page.wait_for_load_state("networkidle")
        w.page.screenshot(path=str(SHOTS / f"glossary-{label}.png"), full_page=False)
        assert w.errors == [] and w.foreign == []
    finally:
        w.close()
