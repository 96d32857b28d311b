"""The training site: the fixture programme built with MkDocs into tmp_path, checked file by file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from rm_course.errors import BuildError, RmCourseError
from rm_course.render.glossary_links import TermLinker
from rm_course.content.models import GlossaryTerm
from rm_course.content.load import open_project
from rm_course.generators.site.addresses import relative_href
from rm_course.generators.site.builder import build_site
from rm_course.generators.site.files import site_digest, site_files
from rm_course.generators.site.pages import reading_order

FIXTURE = Path(__file__).parent / "fixtures" / "mini"

# Programme metadata written by someone careless or hostile: each must reach the pages as text.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "link": "[click me](javascript:alert(2))",
    "attr": "{: onclick=alert(3) }",
}
# A roster's people: none of this may ever reach the site.
PERSONAL = ["Zéphyrine Quelmoustache", "zephyrine.q@example.com", "Barnabé Trucmuche", "Direction secrète"]


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _hostile_copy(root: Path) -> Path:
    """The fixture with hostile metadata, a cohort and its roster (personal data)."""
    project = root / "mini"
    shutil.copytree(FIXTURE, project)
    cur = project / "curriculum"

    def programme(data):
        data["organisation"] = f"Test & Co {PAYLOADS['script']}"
        data["tagline"] = {"fr": f"Slogan {PAYLOADS['link']}", "en": f"Tagline {PAYLOADS['link']}"}
        data["name"] = {"fr": f"Programme {PAYLOADS['attr']}", "en": f"Programme {PAYLOADS['attr']}"}
        data["cohorts"] = list(data.get("cohorts") or []) + ["cohorts/autumn.yml"]

    _edit_yaml(cur / "programme.yml", programme)
    _edit_yaml(cur / "tools.yml", lambda d: d["tools"][0].update(name=f"LinkedIn {PAYLOADS['script']}"))
    (project / "cohorts").mkdir(exist_ok=True)
    (project / "cohorts" / "autumn.yml").write_text(
        "id: autumn\nname: Autumn cohort\nroster: autumn-roster.yml\nstart: 2027-01-07\n", "utf-8"
    )
    (project / "cohorts" / "autumn-roster.yml").write_text(
        "pairs:\n"
        "  - id: p01\n"
        f"    mentor: {{name: \"{PERSONAL[2]}\", email: \"barnabe@example.com\", department: \"{PERSONAL[3]}\"}}\n"
        f"    mentee: {{name: \"{PERSONAL[0]}\", email: \"{PERSONAL[1]}\"}}\n"
        "    language: fr\n",
        "utf-8",
    )
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile fixture built once: (project, dest, work_dir)."""
    root = tmp_path_factory.mktemp("site")
    project_dir = _hostile_copy(root)
    project = open_project(project_dir)
    pdfs = root / "pdf"
    (pdfs / "fr").mkdir(parents=True)
    (pdfs / "fr" / "mentor-workbook.pdf").write_bytes(b"%PDF-1.7\n% a stand-in\n")
    (pdfs / "fr" / "not-a-workbook.pdf").write_bytes(b"%PDF-1.7\n")
    dest, work = root / "dest", root / "build" / "site-src"
    build_site(project, dest, work_dir=work, pdf_dir=pdfs, quiet=True)
    return project, dest, work


def _html(dest: Path, lang: str, page: str) -> str:
    return (dest / lang / page / "index.html").read_text("utf-8")


MODULE = "modules/business-uses/linkedin-basics"


def test_every_page_is_built_in_both_languages(built):
    project, dest, _ = built
    pages = ["", "audiences", "modules", "glossary", "timeline", "downloads"]
    pages += [f"audiences/{a}" for a in ("mentor", "mentee", "manager", "coordinator")]
    pages += [f"modules/{m.track.value}/{m.id}" for m in project.modules.values()]
    pages += [f"modules/{t}" for t in {m.track.value for m in project.modules.values()}]
    for lang in ("fr", "en"):
        for page in pages:
            assert (dest / lang / page / "index.html").is_file(), f"{lang}/{page}"
        assert f'<html lang="{lang}"' in _html(dest, lang, "")
    root = (dest / "index.html").read_text("utf-8")
    assert 'href="fr/"' in root and 'href="en/"' in root and "navigator.languages" in root


def test_language_switch_leads_to_the_same_page(built):
    _, dest, _ = built
    for lang, other in (("fr", "en"), ("en", "fr")):
        page = dest / lang / MODULE / "index.html"
        links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"[^>]*class="md-select__link"', page.read_text("utf-8"))
        targets = {hreflang: (page.parent / href).resolve() for href, hreflang in links}
        assert targets[other] == (dest / other / MODULE).resolve()
        assert (targets[other] / "index.html").is_file()


def test_glossary_has_an_anchor_per_term_and_modules_link_to_it(built):
    project, dest, _ = built
    for lang in ("fr", "en"):
        glossary = _html(dest, lang, "glossary")
        for term in project.glossary.terms:
            assert f'id="{term.id}"' in glossary
        module = _html(dest, lang, MODULE)
        assert 'href="../../../glossary/#hashtag"' in module
        # The definition travels with the link, described for screen readers, out of the search index.
        tip = re.search(r'aria-describedby="(rm-tip-\d+)">hashtag</a><span class="rm-term-tip" role="tooltip" '
                        r'id="(rm-tip-\d+)" data-search-exclude>([^<]+)</span>', module)
        assert tip and tip.group(1) == tip.group(2)
        assert "#" in tip.group(3)  # the definition's "#" stays a character, not a heading
        # Only the first occurrence in a section is linked.
        assert module.count('class="rm-term-link" href="../../../glossary/#hashtag"') == 1


def _attributes(text: str) -> list[tuple[str, str, str | None]]:
    """Every (tag, attribute, value) of an HTML page, as a browser would read them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((tag, name, value) for name, value in attrs)

    Parser().feed(text)
    return found


def test_programme_metadata_is_escaped(built):
    _, dest, work = built
    for page in (dest / "fr").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "<script>alert" not in text, page
        for tag, name, value in _attributes(text):
            assert not name.startswith("on"), f"{page}: <{tag} {name}={value!r}>"
            assert not (value or "").strip().lower().startswith("javascript:"), f"{page}: <{tag} {name}>"
    home = _html(dest, "fr", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home  # organisation, in the footer
    assert "[click me](javascript:alert(2))" in home  # tagline, as text
    assert "{: onclick=alert(3) }" in home  # programme name, as text
    module = _html(dest, "fr", MODULE)
    assert "LinkedIn &lt;script&gt;alert(1)&lt;/script&gt;" in module  # a tool's name
    config = yaml.safe_load((work / "fr" / "mkdocs.yml").read_text("utf-8"))
    assert "<script>" not in json.dumps(config)


def test_search_index_is_per_language_and_finds_module_words(built):
    _, dest, _ = built
    fr = json.loads((dest / "fr" / "search" / "search_index.json").read_text("utf-8"))
    en = json.loads((dest / "en" / "search" / "search_index.json").read_text("utf-8"))
    assert fr["config"]["lang"] == ["fr"] and en["config"]["lang"] == ["en"]
    fr_hits = {d["location"].split("#")[0] for d in fr["docs"] if "zinzolin" in d["text"]}
    en_hits = {d["location"].split("#")[0] for d in en["docs"] if "quillwort" in d["text"]}
    assert fr_hits == {f"{MODULE}/"} and en_hits == {f"{MODULE}/"}
    assert not any("quillwort" in d["text"] for d in fr["docs"])


def _roster_values(project_dir: Path) -> list[str]:
    """Every name and email of the fixture's own roster too."""
    values = []
    for roster in (project_dir / "rosters").glob("*.yml"):
        for pair in yaml.safe_load(roster.read_text("utf-8"))["pairs"]:
            values += [pair["mentor"]["name"], pair["mentor"]["email"], pair["mentee"]["name"], pair["mentee"]["email"]]
    return values


def test_no_personal_data_reaches_the_site(built):
    project, dest, work = built
    personal = PERSONAL + _roster_values(project.root)
    for folder in (dest, work):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".json", ".xml", ".md", ".yml", ".js", ".css", ".svg"}:
                text = path.read_text("utf-8", errors="replace")
                for value in personal:
                    assert value not in text, f"{value!r} in {path}"
    for path in dest.rglob("*.gz"):
        import gzip

        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        assert not any(value in text for value in personal)


def test_the_site_works_offline(built):
    _, dest, _ = built
    for page in dest.rglob("*.html"):
        text = page.read_text("utf-8")
        for attr in re.findall(r'<(?:script|link|img|iframe)\b[^>]*?\s(?:src|href)="([^"]+)"', text):
            assert not re.match(r"^(https?:)?//", attr), f"{page}: {attr}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    css = (dest / "fr" / "assets" / "stylesheets" / "fonts.css").read_text("utf-8")
    for font in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css):
        assert (dest / "fr" / "assets" / "fonts" / font).is_file()


def test_workbooks_are_copied_and_listed(built):
    _, dest, _ = built
    assert (dest / "fr" / "downloads" / "mentor-workbook.pdf").read_bytes().startswith(b"%PDF")
    fr = _html(dest, "fr", "downloads")
    assert 'href="mentor-workbook.pdf"' in fr
    assert "mentee-booklet" not in fr and "not-a-workbook" not in fr
    assert ".pdf" not in _html(dest, "en", "downloads")


def test_module_page_has_every_part(built):
    _, dest, _ = built
    page = _html(dest, "en", MODULE)
    for text in ("What the mentee learns", "What the mentor learns", "The invisible director",
                 "Hands-on · 20 min", "Questions to discuss", "Checklist", "Key takeaways",
                 "Moving trucks", "Content last reviewed on 1 November 2026", "To prepare:"):
        assert text in page, text
    assert re.search(r'<details class="facilitator">\s*<summary>Notes for the mentor</summary>', page)
    assert 'type="checkbox"' in page


def test_timeline_is_a_figure_and_a_list(built):
    _, dest, _ = built
    page = _html(dest, "en", "timeline")
    figure = r'<figure class="rm-timeline rm-timeline--wide">\s*<svg class="rm-timeline-svg rm-timeline-svg--narrow"'
    assert re.search(figure + r'[^>]*role="img" aria-label="Timeline of 2 events', page)
    assert re.search(r'<svg class="rm-timeline-svg rm-timeline-svg--wide"[^>]*viewBox="0 0 760 ', page)
    assert "LinkedIn launches" in page and "moving_trucks_a" in page


def test_audience_pages_order_modules_for_their_reader(built):
    project, _, _ = built
    ids = [m.id for m in reading_order(list(project.modules.values()), "mentee")]
    assert ids.index("learner-posture") < ids.index("linkedin-basics")  # preparation, and a prerequisite
    assert all("mentee" in {a.value for a in project.modules[i].audiences} for i in ids)


def test_digest_is_stable_and_follows_templates(tmp_path):
    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    project = open_project(project_dir)
    first = site_digest(project)
    assert first == site_digest(open_project(project_dir))
    override = project_dir / "templates" / "site"
    override.mkdir(parents=True)
    (override / "downloads.md").write_text("---\ntitle: Downloads\n---\n# Downloads\n", "utf-8")
    assert site_digest(open_project(project_dir)) != first


def test_a_project_can_override_one_page_template(tmp_path):
    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    (project_dir / "templates" / "site").mkdir(parents=True)
    (project_dir / "templates" / "site" / "downloads.md").write_text(
        '{% extends "builtin/site/downloads.md" %}', "utf-8")
    files = site_files(open_project(project_dir))
    assert b"Downloads" in files["en"]["docs/downloads/index.md"]


def test_mkdocs_warnings_fail_the_build(tmp_path):
    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    module = project_dir / "curriculum" / "modules" / "business-uses" / "teams-meetings.yml"
    _edit_yaml(module, lambda d: d["sections"][0]["body"].update(en="See [the guide](missing-page.md)."))
    with pytest.raises(BuildError, match="missing-page.md"):
        build_site(open_project(project_dir), tmp_path / "out", work_dir=tmp_path / "work")


def test_build_folder_must_stay_out_of_the_sources(tmp_path):
    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    with pytest.raises(BuildError, match="curriculum"):
        build_site(open_project(project_dir), tmp_path / "out", work_dir=project_dir / "curriculum" / "x")


# -- glossary links, without MkDocs ------------------------------------------------------------

def _linker() -> TermLinker:
    terms = [
        GlossaryTerm(id="feed", term={"fr": "fil d'actualité", "en": "feed"},
                     definition={"fr": "La liste.", "en": "The *list* of posts."},
                     synonyms=[{"fr": "flux", "en": "news feed"}]),
        GlossaryTerm(id="dm", term={"fr": "message privé", "en": "DM"}, definition={"fr": "x", "en": "A direct message."}),
    ]
    return TermLinker(terms, "en", href=lambda tid: f"../glossary/#{tid}")


def test_terms_are_linked_once_per_block_and_never_inside_code_links_or_headings():
    text = (
        "### The feed\n"
        "Your `feed` and [the feed](x.md) stay as they are.\n"
        "```\nfeed in code\n```\n"
        "!!! note \"About the feed\"\n"
        "    Open the news feed, then send a DM. The feed again.\n"
    )
    out = _linker().link(text)
    assert out.startswith("### The feed\nYour `feed` and [the feed](x.md) stay")
    assert "```\nfeed in code\n```" in out
    assert '!!! note "About the feed"' in out
    assert '>news feed</a>' in out and '>DM</a>' in out  # longest spelling wins; any listed term
    assert out.count("rm-term-link") == 2
    assert "The feed again." in out
    assert "The \\*list\\* of posts." not in out and "The list of posts." in out  # plain definition


def test_french_apostrophes_and_plurals_match():
    linker = TermLinker(_linker().terms, "fr", href=lambda tid: f"#{tid}")
    out = linker.link("Les fils d’actualité et les flux.")
    assert ">fil d’actualité</a>" not in out  # "fils" is not a spelling of the term…
    out = linker.link("Le fil d’actualité.")
    assert ">fil d’actualité</a>" in out  # …but a typographic apostrophe is


def test_relative_addresses():
    assert relative_href("modules/a/b.md", "glossary.md", "x") == "../../../glossary/#x"
    assert relative_href("index.md", "glossary.md") == "glossary/"
    assert relative_href("glossary.md", "index.md") == "../"


def test_serve_watches_yaml_templates_and_site_files(tmp_path):
    from rm_course.commands.serve import snapshot

    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    before = snapshot(project_dir)
    assert any(p.endswith("linkedin-basics.yml") for p in before)
    (project_dir / "site").mkdir()
    (project_dir / "site" / "extra.css").write_text("body {}", "utf-8")
    assert snapshot(project_dir) != before


def test_branding_logo_comes_from_the_project_assets(tmp_path):
    project_dir = tmp_path / "mini"
    shutil.copytree(FIXTURE, project_dir)
    (project_dir / "assets" / "brand").mkdir(parents=True)
    (project_dir / "assets" / "brand" / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    _edit_yaml(project_dir / "curriculum" / "programme.yml",
               lambda d: d["branding"].update(logo="brand/mark.svg", primary="#0b5d1e"))
    files = site_files(open_project(project_dir))["fr"]
    assert files["docs/assets/brand/logo.svg"].startswith(b"<svg")
    assert yaml.safe_load(files["mkdocs.yml"])["theme"]["logo"] == "assets/brand/logo.svg"
    assert b"--md-primary-fg-color: #0b5d1e;" in files["docs/assets/stylesheets/brand.css"]
    (project_dir / "secret.svg").write_text("<svg/>", "utf-8")
    _edit_yaml(project_dir / "curriculum" / "programme.yml", lambda d: d["branding"].update(logo="../secret.svg"))
    with pytest.raises(RmCourseError):  # the checker or the site refuses a logo outside assets/
        site_files(open_project(project_dir))
