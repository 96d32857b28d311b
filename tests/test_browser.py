"""The built site in a real browser: Playwright driving Debian's Chromium over a local HTTP server.

Needs /usr/bin/chromium (never downloads a browser) and, for the accessibility scan,
node_modules/axe-core (`npm install` at the repository root).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import ENGINES, serving, use_engine

from rm_course.content.load import open_project
from rm_course.generators.site.builder import build_site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "mini"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).parent / ".screenshots"
MODULE = "modules/business-uses/linkedin-basics/"


@pytest.fixture(scope="module", params=ENGINES)
def site_url(request, tmp_path_factory):
    """The fixture programme built with each site engine and served on 127.0.0.1; yields the base address."""
    root = tmp_path_factory.mktemp(f"browser-{request.param}")
    project_dir = use_engine(shutil.copytree(FIXTURE, root / "mini"), request.param)
    dest = root / "dest"
    build_site(open_project(project_dir), dest, work_dir=root / "work", quiet=True)
    with serving(dest) as url:
        yield url


def test_root_sends_to_the_browser_language_and_home_loads_cleanly(site_url, watched):
    for locale, lang in (("fr-FR", "fr"), ("en-GB", "en")):
        w = watched(locale=locale)
        w.page.goto(site_url)
        w.page.wait_for_url(f"{site_url}{lang}/")
        w.page.wait_for_load_state("networkidle")
        assert w.page.locator("h1").first.is_visible()
        assert w.errors == [], w.errors
        assert w.foreign == [], w.foreign


def test_a_module_is_reached_through_the_navigation(site_url, watched):
    w = watched()
    page = w.page
    page.goto(f"{site_url}fr/")
    page.locator(".md-tabs__link", has_text="Modules").click()
    page.wait_for_url(f"{site_url}fr/modules/")
    page.locator(".md-nav--primary a.md-nav__link", has_text="LinkedIn : les bases").first.click()
    page.wait_for_url(f"{site_url}fr/{MODULE}")
    # French typography: a narrow no-break space before the colon.
    assert page.locator("h1").inner_text() == "LinkedIn\u202f: les bases"
    assert w.errors == [] and w.foreign == []


# Each engine's search: what opens it, its box and its results (Zensical's dialog is in a shadow root,
# which Playwright's CSS selectors enter).
SEARCH = {
    "mkdocs": (".md-search__input", ".md-search__input", ".md-search-result__item a"),
    "zensical": (".md-search__button", "[role=combobox][aria-controls$='-results']", "ol[role=listbox] a"),
}


@pytest.mark.parametrize("lang, word", [("fr", "zinzolin"), ("en", "quillwort")])
def test_search_finds_a_word_of_one_module(site_url, watched, lang, word, request):
    opener, box, hits = SEARCH[request.node.callspec.params["site_url"]]
    w = watched(locale="fr-FR" if lang == "fr" else "en-GB")
    page = w.page
    page.goto(f"{site_url}{lang}/glossary/")
    page.wait_for_load_state("networkidle")
    page.locator(opener).click()  # in the header on a desktop-wide window
    search = page.locator(box)
    results = page.locator(hits)
    # A query typed before the search index has loaded is dropped, not queued: type it again.
    for _ in range(10):
        search.fill("")
        search.press_sequentially(word, delay=20)
        try:
            results.first.wait_for(timeout=1_500)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; try once more
            continue
    found = {urlsplit(results.nth(i).get_attribute("href")).path for i in range(results.count())}
    assert found == {f"/{lang}/{MODULE}"}, found
    assert w.errors == [] and w.foreign == []


def test_the_language_switch_leads_to_the_same_module(site_url, watched):
    w = watched()
    page = w.page
    page.goto(f"{site_url}fr/{MODULE}")
    page.locator(".md-select button").hover()
    page.locator(".md-select__link[hreflang='en']").click()
    page.wait_for_url(f"{site_url}en/{MODULE}")
    assert page.locator("h1").inner_text() == "LinkedIn basics"
    page.locator(".md-select button").hover()
    page.locator(".md-select__link[hreflang='fr']").click()
    page.wait_for_url(f"{site_url}fr/{MODULE}")


def test_a_glossary_definition_shows_on_keyboard_focus(site_url, watched):
    w = watched(locale="en-GB")
    page = w.page
    page.goto(f"{site_url}en/{MODULE}")
    tip = page.locator(".rm-term-tip").first
    assert not tip.is_visible()
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rm-term-link')"):
            break
    else:
        pytest.fail("no glossary term is reachable with the Tab key")
    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tip = page.locator(f"#{focused}")
    assert tip.is_visible()
    assert tip.inner_text() in {"A word after # that files a post under a topic.",
                                "The list of posts a platform shows you."}
    box = tip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_axe_finds_no_serious_violation(site_url, watched, capsys):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm install` at the repository root")
    w = watched()
    moderate: list[str] = []
    for path in ("fr/", f"fr/{MODULE}", "fr/glossary/", "en/", f"en/{MODULE}", "en/timeline/"):
        w.page.goto(f"{site_url}{path}")
        # Evaluated through the browser's debugging protocol: the pages' policy refuses inline scripts.
        w.page.evaluate(AXE.read_text("utf-8"))
        result = w.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{path}:\n" + "\n".join(serious)
        moderate += [f"{path}: {v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]]
    with capsys.disabled():
        print("\naxe-core, moderate or minor:", *(moderate or ["none"]), sep="\n  ")


def test_no_page_scrolls_sideways_on_a_small_phone(site_url, watched):
    w = watched(width=360, height=740)
    pages = ["fr/", "en/", "fr/audiences/mentor/", "fr/modules/", f"fr/{MODULE}", f"en/{MODULE}",
             "fr/modules/business-uses/teams-meetings/", "fr/glossary/", "en/timeline/", "fr/downloads/"]
    for path in pages:
        w.page.goto(f"{site_url}{path}")
        widths = w.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide in a {widths[1]} px screen"


def test_screenshots(site_url, watched, request):
    """Home and a module page at desktop and phone widths, into tests/.screenshots/ for a look."""
    SHOTS.mkdir(exist_ok=True)
    engine = request.node.callspec.params["site_url"]
    prefix = "" if engine == "mkdocs" else f"{engine}-"
    for width, name in ((1280, "desktop"), (390, "phone")):
        w = watched(width=width, height=900)
        for path, label in (("fr/", "home"), (f"fr/{MODULE}", "module"), ("en/timeline/", "timeline")):
            w.page.goto(f"{site_url}{path}")
            w.page.wait_for_load_state("networkidle")
            w.page.screenshot(path=str(SHOTS / f"{prefix}{label}-{name}.png"), full_page=True)
    assert (SHOTS / f"{prefix}module-phone.png").stat().st_size > 10_000
