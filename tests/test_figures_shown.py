"""The drawn figures where people look: site pages and workbooks, each with its caption and
alternative text in the page's language; a module's diagram declared in data and checked.

Golden files: `tests/golden/figures/<book>-<lang>.html` hold every figure of a fixture workbook with
its SVG decoded; regenerate them with `RM_COURSE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest
tests/test_figures_shown.py` and review the diff.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pypdf
import pytest

from rm_course.content.load import open_project
from rm_course.generators.books import book_outputs, render_book
from rm_course.generators.site.builder import build_site
from rm_course.render import figures
from rm_course.render.templating import make_env
from rm_course.render.words import site_labels

from conftest import html_of, run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "figures"
MODULE = "modules/business-uses/teams-meetings"
CAPTION = {"fr": "Où vivent les réunions dans Teams.", "en": "Where meetings live in Teams."}
ALT = {"fr": "Schéma : une équipe contient des canaux", "en": "Diagram: a team holds channels"}
_FIGURE = re.compile(r'<figure class="drawn-figure[^"]*"><img src="data:image/svg\+xml;base64,([^"]+)" '
                     r'alt="([^"]*)"><figcaption>(.*?)</figcaption></figure>', re.S)


def _plain(text: str) -> str:
    return " ".join(unescape(text).replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("figsite")
    shutil.copytree(FIXTURE, root / "mini")
    dest = root / "dest"
    build_site(open_project(root / "mini"), dest, work_dir=root / "work", pdf_dir=None, quiet=True)
    return dest


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_home_page_shows_the_arc_and_the_cycle_with_caption_and_name(site, lang):
    html = (site / lang / "index.html").read_text("utf-8")
    project = open_project(FIXTURE)
    labels = site_labels(make_env(FIXTURE, lang), lang)
    for name in ("arc", "cycle"):
        fig = figures.programme_figures(project, labels, lang)[name]
        block = re.search(rf'<figure class="rm-figure rm-figure--{name}">(.*?)</figure>', html, re.S)
        assert block, name
        assert f'aria-label="{_plain(fig.alt)[:30]}' in _plain(block.group(1)), name
        assert _plain(fig.caption) in _plain(re.search(r"<figcaption>(.*?)</figcaption>", block.group(1)).group(1))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "two inline drawings never share a pattern or marker id"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_module_page_shows_its_diagram(site, lang):
    html = (site / lang / MODULE / "index.html").read_text("utf-8")
    block = re.search(r'<figure class="rm-figure rm-figure--module-teams-meetings">(.*?)</figure>', html, re.S)
    assert block
    text = _plain(block.group(1))
    assert CAPTION[lang] in text and f'aria-label="{ALT[lang]}' in text
    assert ("Publications" if lang == "fr" else "Posts") in text
    assert 'role="img"' in block.group(1) and 'tabindex="0"' in block.group(1)


def _book_figures(html: str) -> list[tuple[str, str, str]]:
    """(decoded SVG, alt, caption) of every drawn figure of a book's HTML."""
    return [(base64.b64decode(data).decode("utf-8"), unescape(alt), unescape(caption))
            for data, alt, caption in _FIGURE.findall(html)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_workbook_holds_the_overview_the_timeline_and_the_module_diagram(lang):
    project = open_project(FIXTURE)
    found = _book_figures(render_book(project, "mentor-workbook", lang))
    kinds = [ET.fromstring(svg).get("class") for svg, _, _ in found]
    assert sum("rm-fig-arc" in k for k in kinds) == 1 and sum("rm-fig-blocks" in k for k in kinds) == 1
    assert sum("rm-fig-cycle" in k for k in kinds) == 1 and sum("rm-fig-tree" in k for k in kinds) == 1
    assert any("rm-timeline-svg" in k for k in kinds), "the timeline where the history track is printed"
    module = next((svg, alt, cap) for svg, alt, cap in found if "rm-fig-tree" in svg)
    assert _plain(module[2]) == CAPTION[lang] and _plain(module[1]).startswith(ALT[lang])
    for svg, alt, caption in found:
        root = ET.fromstring(svg)
        assert _plain(root.get("aria-label")) == _plain(alt) and alt and caption
        assert '"' not in caption and "'" not in caption, "typographic quotes in the caption"
        assert "\u202f" not in svg, "inside an image the fonts lack the narrow no-break space"


def test_the_booklet_and_guide_show_the_programme_and_the_brief_its_arc():
    project = open_project(FIXTURE)
    for name, count in (("mentee-booklet", 3), ("coordinator-guide", 3), ("manager-brief", 1)):
        found = _book_figures(render_book(project, name, "fr"))
        assert len([f for f in found if "rm-fig-" in f[0][:120]]) >= count, name


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_figures_of_the_workbook(lang):
    project = open_project(FIXTURE)
    found = _book_figures(render_book(project, "mentor-workbook", lang))
    # One element a line, so a change to a drawing reads as a diff of the elements it moved.
    text = "\n\n".join(f"<!-- {caption} -->\n<!-- alt: {alt} -->\n" + svg.replace("><", ">\n<")
                         for svg, alt, caption in found) + "\n"
    golden = GOLDEN / f"mentor-workbook-{lang}.html"
    if os.environ.get("RM_COURSE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, "utf-8")
    assert golden.read_text("utf-8") == text, "regenerate with RM_COURSE_UPDATE_GOLDEN=1 and review the diff"


@pytest.mark.slow
def test_the_workbook_still_prints_with_its_figures_tagged(tmp_path):
    from rm_course.build.pdf import init_worker, render_pdf

    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    init_worker(str(root))
    out = next(o for o in book_outputs(open_project(root)) if o.dest == "pdf/en/mentor-workbook.pdf")
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(html_of(out), lang="en", title=out.title,
                                                project_root=str(root), source=out.dest)))
    assert 9 <= len(pdf.pages) <= 34
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert CAPTION["en"] in text and "The programme at a glance" in text
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
                walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert any(a.startswith(ALT["en"]) for a in alts), "the diagram is a tagged figure with its alternative text"


def _figure_module(root: Path, tree: str) -> None:
    path = root / "curriculum" / "modules" / "business-uses" / "linkedin-basics.yml"
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\nfigure:\n  caption: {fr: c, en: c}\n"
                    "  alt: {fr: a, en: a}\n  tree:\n" + tree, "utf-8")


def test_a_label_too_long_is_located_and_explained(mini):
    _figure_module(mini, "    label: {fr: \"Une étiquette bien trop longue pour tenir dans une boîte\", en: ok}\n")
    code, out, err = run_cli("check", "--project", str(mini))
    assert code != 0
    message = next(line for line in (out + err).splitlines() if "figure.tree.label" in line)
    assert re.search(r"linkedin-basics\.yml:\d+:\d+: ", message) and "34 characters" in message
    assert "Traceback" not in out + err


def test_a_tree_too_deep_is_refused(mini):
    leaf = "{fr: x, en: x}"
    _figure_module(mini, f"    label: {leaf}\n    children:\n      - label: {leaf}\n        children:\n"
                         f"          - label: {leaf}\n            children:\n              - label: {leaf}\n"
                         f"                children:\n                  - label: {leaf}\n")
    code, out, err = run_cli("check", "--project", str(mini))
    assert code != 0 and "deeper than 4 levels" in out + err
