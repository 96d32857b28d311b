"""One typography pass for the site and print: typographic quotes, apostrophes, French spacing, never in code."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from rm_course.content.load import open_project
from rm_course.render.quotes import curl
from rm_course.render.typography import NBSP, NNBSP, typeset

MODULE = "curriculum/modules/business-uses/linkedin-basics.yml"
# Text with every kind of straight quote and French high punctuation, plus code that must stay as typed.
QUOTED = {
    "fr": 'Le mentor dit "bonjour" et l\'outil répond : "ça marche" ! Un \'clin d\'œil\' ? Et "**gras**" ; fin.\n\n'
          '`say "hi" : now`\n\n```\nprint("a : b") ; x = \'y\'\n```',
    "en": 'The mentor said "hello" and it\'s "fine"! A \'wink\' in the \'90s? Then "**bold**"; end.\n\n'
          '`say "hi" : now`\n\n```\nprint("a : b") ; x = \'y\'\n```',
}
HIGH_AFTER_SPACE = re.compile(r"[ \t\n](?=[;:!?»])|«(?=[ \t\n])")


class _Text(HTMLParser):
    """The text a reader sees, and apart from it the text of code."""

    LITERAL = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}
    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "path", "circle", "rect", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.prose: list[str] = []
        self.code: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        (self.code if self.LITERAL & set(self.stack) else self.prose).append(data)


def text_of(html: str) -> tuple[str, str]:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.prose), " ".join(parser.code)


def _add_quotes(root: Path) -> None:
    path = root / MODULE
    data = yaml.safe_load(path.read_text("utf-8"))
    for lang in ("fr", "en"):
        data["sections"][0]["body"][lang] += "\n\n" + QUOTED[lang] + "\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


# -- the rules ------------------------------------------------------------------------------------

def test_quotes_open_and_close_by_what_precedes_them():
    assert curl('He said "hi" (and "yes")', "en") == "He said “hi” (and “yes”)"
    assert curl("it's the '90s, 'really'", "en") == "it’s the ’90s, ‘really’"
    assert curl('Il dit "oui"', "fr") == f"Il dit «{NNBSP}oui{NNBSP}»"


def test_quotes_span_inline_markup_but_not_blocks():
    assert typeset('<p>"<em>word</em>" and "<a href="x">link</a>"</p>', "en") == (
        '<p>“<em>word</em>” and “<a href="x">link</a>”</p>'
    )
    assert typeset('<h1>Title</h1><p>"Start</p>', "en") == "<h1>Title</h1><p>“Start</p>"


def test_code_scripts_styles_attributes_and_addresses_are_left_as_typed():
    html = ('<p title="it\'s">"a" <code>"b" : c</code> https://x.fr/?q="d"</p>'
            '<script>var s = "</p>"; t = \'u\';</script><style>a::before{content:"x"}</style><pre>"e" ?</pre>')
    out = typeset(html, "fr")
    assert out == (f'<p title="it\'s">«{NNBSP}a{NNBSP}» <code>"b" : c</code> https://x.fr/?q="d"</p>'
                   '<script>var s = "</p>"; t = \'u\';</script><style>a::before{content:"x"}</style><pre>"e" ?</pre>')


def test_entities_are_read_as_the_characters_they_stand_for():
    assert typeset("<p>R&amp;D &quot;x&quot; &#39;y&#39; &lt;z&gt;</p>", "en") == "<p>R&amp;D “x” ‘y’ &lt;z&gt;</p>"


def test_english_inside_french_keeps_english_quotes():
    out = typeset('<p>Il dit "oui" <span lang="en">"yes": ok</span></p>', "fr")
    assert out == f'<p>Il dit «{NNBSP}oui{NNBSP}» <span lang="en">“yes”: ok</span></p>'


# -- the built site -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    import shutil

    from conftest import FIXTURE
    from rm_course.generators.site.builder import build_site

    root = tmp_path_factory.mktemp("typo")
    shutil.copytree(FIXTURE, root / "mini")
    _add_quotes(root / "mini")
    build_site(open_project(root / "mini"), root / "dest", work_dir=root / "work", quiet=True)
    return root / "dest"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_site_pages_have_no_straight_quotes_and_no_breakable_space_before_high_punctuation(built_site, lang):
    pages = sorted((built_site / lang).rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        prose, _ = text_of(page.read_text("utf-8"))
        assert not re.findall(r"[\"']", prose), (page, re.findall(r".{20}[\"'].{10}", prose))
        if lang == "fr":
            assert not HIGH_AFTER_SPACE.findall(prose), (page, re.findall(r".{20}[ \t\n][;:!?»]", prose))
    module = (built_site / lang / "modules/business-uses/linkedin-basics/index.html").read_text("utf-8")
    prose, code = text_of(module)
    assert 'say "hi" : now' in code and "print(\"a : b\") ; x = 'y'" in code.replace("\n", " ") or "'y'" in code
    if lang == "fr":
        assert f"«{NNBSP}bonjour{NNBSP}»" in prose and f"répond{NNBSP}:" in prose and f"fin" in prose
        assert NNBSP in prose or NBSP in prose
    else:
        assert "“hello”" in prose and "it’s" in prose and "‘wink’" in prose and "’90s" in prose


def test_search_index_is_set_like_the_pages(built_site):
    data = json.loads((built_site / "fr/search/search_index.json").read_text("utf-8"))
    texts = " ".join(text_of(d["text"])[0] for d in data["docs"])
    assert f"«{NNBSP}bonjour{NNBSP}»" in texts
    assert not HIGH_AFTER_SPACE.findall(texts)
    assert "’" in data["config"]["separator"]  # a query typed with ' still splits l’outil


# -- the workbooks --------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workbook_text_has_no_straight_quotes_and_no_breakable_space_before_high_punctuation(mini, lang):
    pypdf = pytest.importorskip("pypdf")
    from conftest import html_of
    from rm_course.build.pdf import render_pdf
    from rm_course.generators.books import book_outputs

    _add_quotes(mini)
    project = open_project(mini)
    out = next(o for o in book_outputs(project) if o.dest == f"pdf/{lang}/mentor-workbook.pdf")
    html = html_of(out)
    data = render_pdf(html, lang=out.lang, title=out.title, project_root=str(mini), source=out.dest)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    # Code keeps what the reader must type: take it out before counting.
    prose, code = text_of(html)
    assert 'say "hi" : now' in code
    text = re.sub(r"say \"hi\" : now|print\(\"a : b\"\) ; x = 'y'", "", " ".join(text.split()))
    assert not re.findall(r"[\"']", text), re.findall(r".{20}[\"'].{10}", text)
    if lang == "fr":
        # Text extraction reads a narrow no-break space as a gap like any other, so the spaces
        # are counted in the HTML the PDF is printed from; the PDF must still show a gap.
        assert not HIGH_AFTER_SPACE.findall(prose), re.findall(r".{20}[ \t\n][;:!?»]", prose)
        assert f"répond{NNBSP}:" in prose
        glued = re.findall(r".{20}\w[;:!?](?!//)", text)  # an address keeps its colon
        assert not glued, glued
        assert "« bonjour »" in text and "l’outil" in text
    else:
        assert "“hello”" in text and "it’s" in text and "‘wink’" in text
