"""The end of a book (closing page, contact, index of terms, back cover) and addresses for paper."""

from __future__ import annotations

import re
import shutil

import pytest

from rm_course.content.load import open_project
from rm_course.generators.books import render_book
from rm_course.render.print_url import print_url

from conftest import FIXTURE
from test_plans import IGNORE, flat


@pytest.fixture(scope="module")
def with_contact(tmp_path_factory):
    root = tmp_path_factory.mktemp("ending") / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    programme = root / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + 'contact: "Équipe RH — rh@example.com"\n', "utf-8")
    return root


def test_an_address_is_printed_decoded_without_https_and_breakable_after_its_slashes():
    shown = print_url("https://fr.wikipedia.org/wiki/Minitel_%C3%A9l%C3%A9matique?x=1&y=2")
    assert str(shown) == "fr.wikipedia.org/<wbr>wiki/<wbr>Minitel_élématique<wbr>?x<wbr>=1<wbr>&amp;y<wbr>=2"
    assert str(print_url("https://www.linkedin.com/")) == "www.linkedin.com"
    # Nothing is decoded into a space, a control character or an invalid byte; markup is escaped.
    assert "%20" in print_url("https://a.org/a%20b") and "%FF" in print_url("https://a.org/%FF")
    assert "<b>" not in print_url("https://a.org/<b>") and "http://" in print_url("http://a.org/x")


def test_sources_keep_the_exact_address_in_the_link():
    page = render_book(open_project(FIXTURE), "mentor-workbook", "fr")
    links = re.findall(r'<a class="url" href="([^"]+)">(.*?)</a>', page)
    assert links
    for href, shown in links:
        assert "<wbr>" in shown or "/" not in href.split("://", 1)[1].rstrip("/")
        assert not shown.startswith("https://")


def test_a_book_ends_with_what_next_the_index_and_a_back_cover(with_contact):
    page = render_book(open_project(with_contact), "mentor-workbook", "fr")
    end = page[page.index('<section class="ending"'):]
    assert "Et ensuite" in end and "Équipe RH — rh@example.com" in end
    assert end.index('class="ending"') < end.index('class="term-index"') < end.index('class="back-cover"')
    # Every index entry points at a place of the book that exists.
    targets = re.findall(r'<a class="ix-page" href="#([^"]+)">', end)
    assert targets and all(f'id="{t}"' in page for t in targets)
    words = re.findall(r'<span class="ix-term">([^<]+)</span>', end)
    assert words == sorted(words, key=str.casefold)


def test_the_contact_is_shown_only_when_the_programme_gives_one():
    page = render_book(open_project(FIXTURE), "mentee-booklet", "en")
    assert "What next?" in page and 'class="contact-box"' not in page and "Your contact" not in page


@pytest.mark.slow
def test_the_printed_index_gives_the_page_of_each_term_and_the_back_cover_is_a_left_hand_page(with_contact):
    from pypdf import PdfReader

    from rm_course.build.pdf import render_pdf

    project = open_project(with_contact)
    out = with_contact / "workbook.pdf"
    out.write_bytes(render_pdf(render_book(project, "mentor-workbook", "fr"), lang="fr", title="workbook",
                               project_root=str(with_contact)))
    pages = [flat(p.extract_text() or "") for p in PdfReader(str(out)).pages]
    assert len(pages) % 2 == 0, "the back cover is the outside of the last sheet"
    assert "Mentorat inversé" in pages[-1] and "Équipe RH" in pages[-1]
    index = next(i for i, text in enumerate(pages) if text.startswith("INDEX DES TERMES") or "Index des termes" in text)
    entries = re.findall(r"(hashtag|fil d’actualité) (\d+)", pages[index])
    assert entries
    for term, number in entries:
        assert term in pages[int(number) - 1].lower()
