"""SCORM packages in a real SCORM runtime: scorm-again plays the LMS, Debian's Chromium the learner.

A test page on 127.0.0.1 provides `window.API` (SCORM 1.2) or `window.API_1484_11` (SCORM 2004)
from scorm-again (`npm install` at the repository root) and opens a package's launch page in an
iframe, as an LMS does; the learner walks through the pages and ticks the checklists, and the test
checks the calls the LMS saw.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import serving

from rm_course.content.load import open_project
from rm_course.generators.lms.builder import build_lms
from rm_course.generators.site.builder import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"
SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist"
PACKAGE = "track-business-uses"
PAGES = ["modules/business-uses/index.html", "modules/business-uses/linkedin-basics/index.html",
         "modules/business-uses/teams-meetings/index.html"]
STANDARDS = {
    "scorm12": {"script": "scorm12.min.js", "api": "API", "class": "Scorm12API",
                "calls": ["LMSInitialize", "LMSCommit", "LMSFinish"], "set": "LMSSetValue",
                "location": "cmi.core.lesson_location", "status": "cmi.core.lesson_status"},
    "scorm2004": {"script": "scorm2004.min.js", "api": "API_1484_11", "class": "Scorm2004API",
                  "calls": ["Initialize", "Commit", "Terminate"], "set": "SetValue",
                  "location": "cmi.location", "status": "cmi.completion_status"},
}

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title><link rel="icon" href="data:,">
<script src="../scorm-again/{script}"></script>
<script>
  window.calls = [];
  var api = new {cls}({{logLevel: 5, autocommit: false}});
  if (window.RESUME) api.loadFromJSON(window.RESUME);
  window.{api} = api;
  {calls}.forEach(function (name) {{
    api.on(name, function () {{ window.calls.push([name]); }});
  }});
  api.on("{set}.cmi.*", function (element, value) {{ window.calls.push(["{set}", element, value]); }});
  window.leave = function () {{ document.getElementById("sco").src = "about:blank"; }};
</script></head>
<body><iframe id="sco" title="Course" src="{package}/launch.html" style="width:1200px;height:850px"></iframe></body>
</html>
"""


@pytest.fixture(scope="module")
def lms_url(tmp_path_factory):
    """A test LMS on 127.0.0.1 serving the packages of both standards, unpacked, and scorm-again."""
    if not (SCORM_AGAIN / "scorm12.min.js").is_file():
        pytest.skip("scorm-again is not installed (npm install at the repository root)")
    root = tmp_path_factory.mktemp("lms-browser")
    shutil.copytree(FIXTURE, root / "mini")
    project = open_project(root / "mini")
    build_site(project, root / "site", work_dir=root / "work", quiet=True)
    served = root / "served"
    shutil.copytree(SCORM_AGAIN, served / "scorm-again")
    for standard, s in STANDARDS.items():
        build_lms(project, root / "site", root / standard, standard, ["tracks", "programme"])
        for name in (PACKAGE, "programme"):
            zipfile.ZipFile(root / standard / "en" / f"{name}.zip").extractall(served / standard / name)
        host = HOST_PAGE.format(script=s["script"], cls=s["class"], api=s["api"], calls=json.dumps(s["calls"]),
                                set=s["set"], package=PACKAGE)
        (served / standard / "host.html").write_text(host, "utf-8")
        (served / standard / "programme.html").write_text(host.replace(PACKAGE, "programme"), "utf-8")
    with serving(served) as url:
        yield url


class Learner:
    """A browser tab on the test LMS; records requests to other hosts and script errors."""

    def __init__(self, browser, url: str, resume: dict | None = None):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        self.page = self.context.new_page()
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # Every frame's console: a script or a style refused by a page's Content-Security-Policy lands here.
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        if resume is not None:
            self.page.add_init_script(f"window.RESUME = {json.dumps(resume)};")
        self.page.goto(url)
        self.course = self.page.frame_locator("#sco").frame_locator("#rm-scorm-page")

    def _request(self, request) -> None:
        if not request.url.startswith(("data:", "blob:", "about:")) and urlsplit(request.url).hostname != "127.0.0.1":
            self.foreign.append(request.url)

    def calls(self) -> list[list[str]]:
        return self.page.evaluate("window.calls")

    def values(self, set_call: str, element: str) -> list[str]:
        return [c[2] for c in self.calls() if c[0] == set_call and c[1] == element]

    def on_page(self, path: str) -> None:
        """Wait until the course frame shows `path` and the runtime has seen it."""
        frame = self.page.frame_locator("#sco")
        frame.locator("#rm-scorm-page").wait_for()
        self.page.wait_for_function(
            "p => { const f = document.querySelector('#sco').contentDocument.querySelector('#rm-scorm-page');"
            " return f && f.contentWindow.location.pathname.endsWith(p)"
            " && f.contentDocument.readyState === 'complete'; }", arg=path)
        self.page.wait_for_timeout(150)  # the runtime handles the frame's load event

    def close(self) -> None:
        self.context.close()


def _walk(learner: Learner, standard: str) -> None:
    """Open the first page, then follow the footer's "next" link to the end of the package."""
    learner.on_page(PAGES[0])
    for path in PAGES[1:]:
        learner.course.locator("a.md-footer__link--next").click()
        learner.on_page(path)
    # After the lessons, the site's next page: the glossary, which every package carries for reference.
    assert learner.course.locator("a.md-footer__link--next").get_attribute("href").endswith("glossary/index.html")


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_the_lms_sees_initialize_bookmark_completion_commit_and_finish(browser, lms_url, standard):
    s = STANDARDS[standard]
    learner = Learner(browser, f"{lms_url}{standard}/host.html")
    try:
        _walk(learner, standard)
        init, commit, finish = s["calls"]
        names = [c[0] for c in learner.calls()]
        assert names[0] == init and commit in names and finish not in names
        assert learner.values(s["set"], s["location"])[-1] == PAGES[-1]
        # Every page was opened but the checklist of one module is not ticked yet: not complete.
        assert "completed" not in learner.values(s["set"], s["status"])
        assert learner.values(s["set"], s["status"])[0] == "incomplete"
        learner.course.locator("a.md-footer__link--prev").click()
        learner.on_page(PAGES[1])
        learner.course.locator(".task-list-control").first.dispatch_event("click")
        learner.page.wait_for_function(
            f"() => window.calls.some(c => c[1] === '{s['status']}' && c[2] === 'completed')")
        suspend = learner.values(s["set"], "cmi.suspend_data")
        assert suspend and all(len(v) <= 4096 for v in suspend)
        learner.page.evaluate("window.leave()")
        learner.page.wait_for_function(f"() => window.calls.some(c => c[0] === '{finish}')")
        names = [c[0] for c in learner.calls()]
        assert names.count(init) == 1 and names.count(finish) == 1
        assert names.index(commit) < names.index(finish)
        assert learner.foreign == [], learner.foreign
        assert learner.errors == [], learner.errors
    finally:
        learner.close()


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_a_learner_coming_back_resumes_at_the_bookmark_with_the_boxes_ticked(browser, lms_url, standard):
    s = STANDARDS[standard]
    first = Learner(browser, f"{lms_url}{standard}/host.html")
    try:
        first.on_page(PAGES[0])
        first.course.locator("a.md-footer__link--next").click()
        first.on_page(PAGES[1])
        first.course.locator(".task-list-control").first.dispatch_event("click")
        first.page.wait_for_function("() => window.calls.filter(c => c[1] === 'cmi.suspend_data').length >= 3")
        suspend = first.values(s["set"], "cmi.suspend_data")[-1]
        first.page.evaluate("window.leave()")
        first.page.wait_for_function(f"() => window.calls.some(c => c[0] === '{s['calls'][2]}')")
        exit_element = "cmi.core.exit" if standard == "scorm12" else "cmi.exit"
        assert first.values(s["set"], exit_element) == ["suspend"]
        assert first.values(s["set"], s["location"])[-1] == PAGES[1]
    finally:
        first.close()
    resume = ({"core": {"lesson_location": PAGES[1], "lesson_status": "incomplete", "entry": "resume"},
               "suspend_data": suspend} if standard == "scorm12"
              else {"location": PAGES[1], "completion_status": "incomplete", "entry": "resume",
                    "suspend_data": suspend})
    again = Learner(browser, f"{lms_url}{standard}/host.html", resume=resume)
    try:
        again.on_page(PAGES[1])
        assert again.course.locator(".task-list-control input").first.is_checked()
        again.course.locator("a.md-footer__link--next").click()
        again.on_page(PAGES[2])
        # The first page was opened and the box ticked in the first session: the last page completes it.
        again.page.wait_for_function(
            f"() => window.calls.some(c => c[1] === '{s['status']}' && c[2] === 'completed')")
    finally:
        again.close()


def test_search_finds_pages_inside_the_package_only(browser, lms_url):
    learner = Learner(browser, f"{lms_url}scorm12/host.html")
    try:
        learner.on_page(PAGES[0])
        search = learner.course.locator("input.md-search__input")
        search.click()
        result = learner.course.locator(".md-search-result__item a").first
        for _ in range(10):  # a query typed before the index has loaded is dropped: type it again
            search.fill("")
            search.press_sequentially("quillwort", delay=20)
            try:
                result.wait_for(timeout=1_500)
                break
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError; try once more
                continue
        href = result.get_attribute("href")
        assert "linkedin-basics/index.html" in href, href
        assert learner.foreign == [], learner.foreign
    finally:
        learner.close()


def test_the_programme_package_completes_once_every_page_is_opened_and_every_box_ticked(browser, lms_url):
    learner = Learner(browser, f"{lms_url}scorm2004/programme.html")
    try:
        learner.on_page("/programme/index.html")
        settings = learner.page.evaluate("document.querySelector('#sco').contentWindow.RM_SCORM_PACKAGE")
        launch = "document.querySelector('#sco').contentWindow"
        for path, boxes in zip(settings["pages"], settings["boxes"]):
            # As a click on the page's link in the navigation would (tested with the track package).
            learner.page.evaluate(f"p => {{ const w = {launch}; w.document.querySelector('#rm-scorm-page')"
                                  ".contentWindow.location.href = new URL(p, w.location.href).href; }", path)
            learner.on_page("/programme/" + path)
            for i in range(boxes):
                learner.course.locator(".task-list-control").nth(i).dispatch_event("click")
        learner.page.wait_for_function(
            "() => window.calls.some(c => c[1] === 'cmi.completion_status' && c[2] === 'completed')")
        progress = [float(v) for v in learner.values("SetValue", "cmi.progress_measure")]
        assert progress == sorted(progress) and progress[-1] == 1
        assert sum(settings["boxes"]) >= 1 and len(settings["pages"]) > 10
        assert learner.foreign == [] and learner.errors == []
    finally:
        learner.close()
