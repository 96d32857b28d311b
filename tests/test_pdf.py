"""Printed books: every book in both languages, real page numbers, tags, safety, reproducibility."""

from __future__ import annotations

import io
import os
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from conftest import html_of
from rm_course.generators.books import BOOKS, book_outputs, render_book
from rm_course.errors import BuildError, ContentError, UnsafeReference
from rm_course.content.load import open_project
from rm_course.render.typography import NNBSP, french_spacing, typeset

from conftest import FIXTURE

pypdf = pytest.importorskip("pypdf")
slow = pytest.mark.slow  # tests that print PDFs

MODULE = "curriculum/modules/business-uses/linkedin-basics.yml"
# Page counts the fixture programme's books must stay within.
PAGE_BOUNDS = {
    "mentor-workbook": (9, 30),
    "mentee-booklet": (9, 30),
    "manager-brief": (1, 4),
    "coordinator-guide": (5, 30),
}


def render(root: Path, dest: str) -> bytes:
    """Render one book of the project at `root` the way the build engine does."""
    from rm_course.build.pdf import render_pdf

    project = open_project(root)
    out = next(o for o in book_outputs(project) if o.dest == dest)
    return render_pdf(html_of(out), lang=out.lang, title=out.title, project_root=str(root), source=out.dest)


def reader(data: bytes):
    return pypdf.PdfReader(io.BytesIO(data))


def norm(text: str) -> str:
    """Text as extracted, with every kind of space made one plain space."""
    return " ".join(text.replace(NNBSP, " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, bytes]:
    """Every book of the fixture programme, rendered once: {dest: PDF bytes}."""
    from rm_course.build.pdf import init_worker, render_pdf

    root = tmp_path_factory.mktemp("books") / "mini"
    shutil.copytree(FIXTURE, root)
    project = open_project(root)
    init_worker(str(root))
    return {
        o.dest: render_pdf(html_of(o), lang=o.lang, title=o.title, project_root=str(root), source=o.dest)
        for o in book_outputs(project)
    }


# ---------------------------------------------------------------------------- the books


@slow
def test_every_book_exists_in_both_languages(books):
    assert sorted(books) == sorted(f"pdf/{lang}/{name}.pdf" for lang in ("fr", "en") for name in BOOKS)
    for data in books.values():
        assert data.startswith(b"%PDF-1.7")


@slow
@pytest.mark.parametrize("name", BOOKS)
def test_page_counts(books, name):
    low, high = PAGE_BOUNDS[name]
    for lang in ("fr", "en"):
        pages = len(reader(books[f"pdf/{lang}/{name}.pdf"]).pages)
        assert low <= pages <= high, f"{lang}/{name}: {pages} pages"


def _outline(r) -> dict[str, int]:
    """Heading text → first page (1-based) it appears on, from the PDF's bookmarks."""
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(norm(item.title), r.get_destination_page_number(item) + 1)

    walk(r.outline)
    return pages


def _toc_entries(r) -> list[tuple[str, int]]:
    """(title, page) for each line of the contents page: "1 Title . . . . 5"."""
    text = r.pages[2].extract_text()
    entries, pending = [], ""
    for line in text.splitlines():
        line = norm(pending + " " + line)
        m = re.match(r"^(?:\d+ )?(.*?)[ .]*?(\d+)$", line)
        if m and " . " in line + " ":
            entries.append((m.group(1).strip(" ."), int(m.group(2))))
            pending = ""
        elif line and not line.startswith(("Sommaire", "Contents")):
            pending = line
    return entries


@slow
@pytest.mark.parametrize("name", ["mentor-workbook", "mentee-booklet", "coordinator-guide"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_contents_give_the_page_each_chapter_really_starts_on(books, name, lang):
    r = reader(books[f"pdf/{lang}/{name}.pdf"])
    assert norm(r.pages[2].extract_text()).startswith("Sommaire" if lang == "fr" else "Contents")
    headings = _outline(r)
    entries = _toc_entries(r)
    project = open_project(FIXTURE)
    html = render_book(project, name, lang)
    listed = [norm(unescape(re.sub(r"<[^>]+>", "", t)))
              for t in re.findall(r'<li class="toc-\d"><a href="#[^"]+">(.*?)</a>', html)]
    listed = [re.sub(r"^\d+", "", t).strip() for t in listed]
    assert [title for title, _ in entries] == listed, "every chapter and module is listed, in order"
    for title, page in entries:
        assert headings[title] == page, f"{title!r} is listed on page {page} but starts on {headings[title]}"
        assert title in norm(r.pages[page - 1].extract_text())
    # Chapters open on a right-hand page: odd page numbers.
    chapters = re.findall(r'<li class="toc-1"><a href="#[^"]+"><span class="toc-num">\d+</span>(.*?)</a>', html)
    for title in chapters:
        assert headings[norm(unescape(title))] % 2 == 1, f"chapter {title!r} opens on a left-hand page"


@slow
def test_known_module_text_is_in_the_workbook(books):
    for lang, word in (("fr", "zinzolin"), ("en", "quillwort")):
        text = "".join(p.extract_text() for p in reader(books[f"pdf/{lang}/mentor-workbook.pdf"]).pages)
        assert word in text
        assert "LinkedIn" in text


@slow
def test_running_headers_and_page_footers(books):
    r = reader(books["pdf/en/mentor-workbook.pdf"])
    total = len(r.pages)
    texts = [norm(p.extract_text()) for p in r.pages]
    assert texts[0].count(f"1 / {total}") == 0, "no footer on the cover"
    assert any(f"7 / {total}" in t for t in texts)
    # A module page (right-hand) carries its chapter's title as running header.
    page = _outline(r)["LinkedIn basics"]
    assert "BUSINESS USES" in texts[page - 1] or "BUSINESS USES" in texts[page]


def _struct(r):
    """Every structure element type and every /Alt of a tagged PDF."""
    kinds, alts = [], []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list | pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                kinds.append(str(node["/S"]))
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    root = r.trailer["/Root"]
    walk(root["/StructTreeRoot"]["/K"])
    return kinds, alts


@slow
def test_tagged_pdf_with_language_title_headings_and_table_headers(books):
    for lang in ("fr", "en"):
        r = reader(books[f"pdf/{lang}/mentee-booklet.pdf"])
        root = r.trailer["/Root"]
        assert "/StructTreeRoot" in root
        assert root["/MarkInfo"]["/Marked"]
        assert str(root["/Lang"]) == lang
        assert r.metadata.title.startswith("Livret" if lang == "fr" else "Mentee onboarding booklet")
        kinds, _ = _struct(r)
        for tag in ("/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI"):
            assert tag in kinds, f"{tag} missing in {lang}"


@slow
def test_only_the_shipped_fonts_are_embedded(books):
    for dest, data in books.items():
        names = set()
        for page in reader(data).pages:
            for font in page["/Resources"]["/Font"].values():
                names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
        assert names and all(n.startswith(("Source-Sans-3", "Source-Serif-4", "rm-course-symbols")) for n in names), (dest, names)


@slow
def test_the_same_build_gives_byte_identical_pdfs(tmp_path, monkeypatch):
    from rm_course.build.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root)
    project = open_project(root)
    outs = {o.dest: o for o in book_outputs(project)}
    a, b = outs["pdf/fr/mentee-booklet.pdf"], outs["pdf/en/manager-brief.pdf"]

    def once(o):
        return render_pdf(html_of(o), lang=o.lang, title=o.title, project_root=str(root), source=o.dest)

    first = once(a)
    once(b)  # a worker renders other documents in between
    assert once(a) == first
    assert reader(first).metadata["/CreationDate"] == "D:20261122000000Z"
    # A fresh plan of the same project gives the same HTML too.
    assert html_of(next(o for o in book_outputs(open_project(root)) if o.dest == a.dest)) == html_of(a)


@slow
def test_letter_paper(mini):
    prog = mini / "curriculum" / "programme.yml"
    prog.write_text(prog.read_text("utf-8").replace("paper: A4", "paper: Letter"), "utf-8")
    r = reader(render(mini, "pdf/en/manager-brief.pdf"))
    box = r.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


# ---------------------------------------------------------------------------- images


def _png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), "#1d3557").save(path)


def _add_to_module(root: Path, markdown: str, module: str = MODULE) -> None:
    """Append Markdown to both languages of the module's first section body."""
    import yaml

    path = root / module
    data = yaml.safe_load(path.read_text("utf-8"))
    for lang in ("fr", "en"):
        data["sections"][0]["body"][lang] += "\n\n" + markdown + "\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@slow
def test_images_from_assets_carry_their_alternative_text(mini):
    _png(mini / "assets" / "images" / "chart.png")
    _png(mini / "assets" / "logo.png")
    prog = mini / "curriculum" / "programme.yml"
    prog.write_text(prog.read_text("utf-8").replace("branding:\n", "branding:\n  logo: logo.png\n"), "utf-8")
    _add_to_module(mini, "![A bar chart of profile views](assets/images/chart.png)")
    r = reader(render(mini, "pdf/en/mentor-workbook.pdf"))
    kinds, alts = _struct(r)
    assert "/Figure" in kinds
    assert "A bar chart of profile views" in alts
    assert "Test & Co" in alts  # the logo on the cover


@slow
def test_an_image_without_alternative_text_fails(mini):
    _png(mini / "assets" / "images" / "chart.png")
    _add_to_module(mini, "![](assets/images/chart.png)")
    with pytest.raises(BuildError, match=f"{re.escape(MODULE)}: the image .* has no alternative text"):
        render(mini, "pdf/en/mentor-workbook.pdf")


@slow
def test_a_character_the_fonts_lack_fails_with_its_module(mini):
    _add_to_module(mini, "Press ⌘ then 漢 → done.")
    with pytest.raises(BuildError, match=r"linkedin-basics.yml: ⌘ \(U\+2318 [A-Z ]+\), 漢 \(U\+6F22"):
        render(mini, "pdf/en/mentor-workbook.pdf")


# ---------------------------------------------------------------------------- safety


HOSTILE = {
    "file URL": "![x](file:///etc/passwd)",
    "absolute path": "![x](/etc/passwd)",
    "dot-dot escape": "![x](../../../../etc/passwd)",
    "dot-dot out of assets": "![x](assets/../curriculum/programme.yml)",
    "encoded dot-dot": "![x](assets/%2e%2e/curriculum/programme.yml)",
    "sibling folder": "![x](assets-evil/x.png)",
    "https image": "![x](https://example.com/x.png)",
    "http image": "![x](http://example.com/x.png)",
    "scheme-relative": "![x](//example.com/x.png)",
    "link to a local file": "[the password file](file:///etc/passwd)",
    "attachment link": '<a rel="attachment" href="assets/fonts/source-sans-3-OFL.txt">licence</a>',
    "attachment element": '<link rel="attachment" href="file:///etc/passwd">',
    "css url": '<span style="background: url(file:///etc/passwd)">x</span>',
    "css escape": '<span style="background: u\\72l(/etc/passwd)">x</span>',
    "css import": "<style>@import url(https://example.com/x.css);</style>",
    "srcset": '<img alt="x" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" srcset="/etc/passwd 2x">',
    "object": '<object data="file:///etc/passwd"></object>',
    "svg image": '<svg><image href="file:///etc/passwd" width="9" height="9"/></svg>',
    "base element": '<base href="file:///etc/">',
}


@slow
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_references_fail_naming_the_module(mini, case):
    (mini / "assets-evil").mkdir()
    _png(mini / "assets-evil" / "x.png")
    _add_to_module(mini, HOSTILE[case])
    with pytest.raises(UnsafeReference, match=re.escape(MODULE)):
        render(mini, "pdf/en/mentor-workbook.pdf")


@slow
def test_a_symlink_out_of_assets_fails(mini):
    (mini / "assets" / "images").mkdir(parents=True)
    os.symlink("/etc/passwd", mini / "assets" / "images" / "photo.png")
    _add_to_module(mini, "![A photo](assets/images/photo.png)")
    # Loading the project refuses the link before anything renders: it names the link, never its target.
    with pytest.raises(ContentError) as refused:
        render(mini, "pdf/en/mentor-workbook.pdf")
    message = refused.value.format_message()
    assert "assets/images/photo.png" in message and "/etc/passwd" not in message


@slow
def test_web_links_and_data_urls_are_fine(mini):
    _add_to_module(mini, "See [the help page](https://www.linkedin.com/help) or write to "
                         "[us](mailto:team@example.com). ![A dot](data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7)")
    data = render(mini, "pdf/en/mentor-workbook.pdf")
    assert b"linkedin.com/help" in data or "the help page" in "".join(p.extract_text() for p in reader(data).pages)


@slow
def test_the_fetcher_is_the_last_line_of_defence(mini, monkeypatch):
    """With the HTML checks switched off, the URL fetcher alone still refuses to read a file."""
    from weasyprint.urls import FatalURLFetchingError

    from rm_course.build.pdf import printer as pdf

    fetcher = pdf.make_fetcher(mini)
    for url in ("file:///etc/passwd", "https://example.com/x.png", (mini / "curriculum/programme.yml").as_uri(),
                (mini / "assets" / ".." / "curriculum" / "programme.yml").as_uri()):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert fetcher.fetch((mini / "assets/fonts/source-sans-3-OFL.txt").as_uri()).read()  # built-in fallback
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"

    monkeypatch.setattr(pdf, "check_html", lambda *a, **k: None)
    html = ('<html lang="en"><head><title>t</title></head><body>'
            '<img alt="x" src="file:///etc/passwd"></body></html>')
    with pytest.raises(UnsafeReference, match=r"plan\.pdf: .*etc/passwd"):
        pdf.render_pdf(html, lang="en", title="t", project_root=str(mini), source="plan.pdf")


def test_web_fonts_are_served_unpacked_once_and_as_weasyprint_unpacks_them(mini):
    from fontTools.ttLib import woff2

    from rm_course.build import pdf

    font = mini / "assets" / "fonts" / "source-sans-3-latin-400-normal.woff2"
    if not font.is_file():
        font = next(p for p in pdf.asset_roots(mini)[-1].glob("fonts/*.woff2"))
    served = pdf.make_fetcher(mini).fetch(font.as_uri()).read()
    expected = io.BytesIO()
    woff2.decompress(io.BytesIO(font.read_bytes()), expected)  # what WeasyPrint itself would store
    assert served == expected.getvalue() and served[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    assert pdf.font_bytes(font) is pdf.font_bytes(font)  # unpacked once per process


def test_unpacked_fonts_are_kept_between_builds(tmp_path, monkeypatch):
    from fontTools.ttLib import woff2

    from rm_course.build.pdf import fonts as pdf

    font = next(p for p in pdf.asset_roots(tmp_path)[-1].glob("fonts/*.woff2"))
    cache = tmp_path / "build" / "fonts"
    monkeypatch.setattr(pdf, "_unpacked", {})
    unpacked = pdf.font_bytes(font, cache)
    assert [p.suffix for p in cache.iterdir()] == [".ttf"]  # no partial file left
    monkeypatch.setattr(pdf, "_unpacked", {})  # as in the next build's process

    def unpack_again(*args):
        raise AssertionError("unpacked again instead of reading build/fonts/")

    monkeypatch.setattr(woff2, "decompress", unpack_again)
    assert pdf.font_bytes(font, cache) == unpacked
    read_only = tmp_path / "read-only"
    read_only.write_text("a file where the folder would go")
    monkeypatch.undo()
    monkeypatch.setattr(pdf, "_unpacked", {})
    assert pdf.font_bytes(font, read_only / "fonts") == unpacked  # a cache that cannot be written is skipped


def test_a_forked_worker_makes_its_own_fonts_and_keeps_the_inherited_ones(mini):
    from rm_course.build.pdf import printer as pdf

    pdf.init_worker(str(mini))
    inherited = pdf._worker(str(mini))
    pdf.init_worker(str(mini), forked=True)
    assert pdf._worker(str(mini)) is not inherited and inherited in pdf._inherited


@slow
def test_a_runaway_render_is_stopped(mini, monkeypatch):
    from rm_course.build.pdf import printer as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 3)
    with pytest.raises(BuildError, match="ran away.*more than 3 pages"):
        render(mini, "pdf/en/mentor-workbook.pdf")


@slow
def test_a_hostile_module_fails_the_build_and_keeps_the_previous_output(mini):
    from rm_course.build.engine import BuildOptions, run_build

    run_build(BuildOptions(project=mini, only={"pdf"}, quiet=True, jobs=1))
    before = {p: p.read_bytes() for p in (mini / "dist").rglob("*.pdf")}
    assert len(before) == 8
    _add_to_module(mini, "![x](file:///etc/passwd)")
    # `check` catches the reference at the module's line before anything renders.
    with pytest.raises(ContentError) as refused:
        run_build(BuildOptions(project=mini, only={"pdf"}, quiet=True, jobs=1))
    assert MODULE in refused.value.format_message()
    assert {p: p.read_bytes() for p in (mini / "dist").rglob("*.pdf")} == before


def test_subsetting_path_is_reported():
    from rm_course.build.pdf import subsetting_path

    assert subsetting_path() in ("harfbuzz", "fonttools")


# ---------------------------------------------------------------------------- typography


def test_french_spacing_in_text_only():
    assert french_spacing("Bonjour : « oui » ! Vraiment ?") == f"Bonjour{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}! Vraiment{NNBSP}?"
    assert french_spacing("Voir https://exemple.fr/a?b=1 ; ok") == f"Voir https://exemple.fr/a?b=1{NNBSP}; ok"
    html = ('<p title="a : b">Note : <a href="https://x.fr/?q=1">lien</a> ; <code>a : b</code> '
            '<span lang="en">Note: here!</span> R&amp;D ?</p>')
    out = typeset(html, "fr")
    assert out == (f'<p title="a : b">Note{NNBSP}: <a href="https://x.fr/?q=1">lien</a>{NNBSP}; <code>a : b</code> '
                   f'<span lang="en">Note: here!</span> R&amp;D{NNBSP}?</p>')
    assert typeset(html, "en") == html


def test_books_are_language_tagged_and_typeset(mini):
    project = open_project(mini)
    fr = render_book(project, "mentor-workbook", "fr")
    en = render_book(project, "mentor-workbook", "en")
    assert '<html lang="fr">' in fr and '<html lang="en">' in en
    assert f"LinkedIn{NNBSP}: les bases" in fr
    assert NNBSP not in en


def test_apostrophes_outside_code_and_addresses():
    html = "<p>l'outil d'abord, <code>it's</code>, https://x.fr/l'a et 'guillemets'</p>"
    assert typeset(html, "en") == "<p>l’outil d’abord, <code>it's</code>, https://x.fr/l'a et ‘guillemets’</p>"


def test_print_markdown_places_headings_and_scopes_ids():
    from rm_course.render.printenv import PrintMarkdown

    md = PrintMarkdown({"tip": "Astuce"})
    first = str(md("### Why\n\nText[^1]\n\n[^1]: A note.", top=4))
    second = str(md("## Why\n\n!!! tip\n    Body", top=2))
    assert '<h4 id="md1-why">' in first and "footnote-backref" not in first
    assert 'href="#md1-fn:1"' in first and 'id="md1-fn:1"' in first
    assert '<h2 id="md2-why">' in second
    assert '<p class="admonition-title">Astuce</p>' in second
    assert str(md.inline("Plain words, no syntax")) == "Plain words, no syntax"


def test_book_html_has_unique_ids_and_no_heading_skips(mini):
    project = open_project(mini)
    for name in BOOKS:
        html = render_book(project, name, "fr")
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), name
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), name
