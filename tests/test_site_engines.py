"""The site engine choice (`site: {engine: mkdocs | zensical}`): one generated project, built by either."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser_helpers import ENGINES, use_engine

from conftest import FIXTURE, REPO, run_cli
from rm_course.content.load import open_project
from rm_course.errors import BuildError
from rm_course.generators.site import zensical_build
from rm_course.generators.site.builder import build_site, engine_note
from rm_course.generators.site.files import site_digest

ZENSICAL_OUTPUT = """Build started
\x1b[33mWarning:\x1b[0m page does not exist
    \x1b[38;5;246m╭─[\x1b[0m index.md:62:15 \x1b[38;5;246m]\x1b[0m
 62 │ Broken [link](nowhere.md)
\x1b[38;5;246m────╯\x1b[0m
Warning: anchor does not exist
    ╭─[ modules/a/b.md:3:52 ]
Error: something without a place
2 issues found
"""


def test_zensical_warnings_are_read_back_with_their_page_and_place():
    assert zensical_build.warnings_of(ZENSICAL_OUTPUT) == [
        "docs/index.md:62:15: page does not exist",
        "docs/modules/a/b.md:3:52: anchor does not exist",
        "something without a place",
    ]


def test_an_unknown_engine_is_refused_at_its_line(mini):
    programme = mini / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "\nsite:\n  engine: hugo\n", "utf-8")
    code, _, err = run_cli("check", "--project", str(mini))
    assert code != 0
    assert "programme.yml:" in err and "site.engine" in err and "zensical" in err
    assert "Traceback" not in err


def test_zensical_not_installed_is_said_without_a_traceback(mini, monkeypatch, tmp_path):
    monkeypatch.setattr(zensical_build, "zensical_installed", lambda: False)
    with pytest.raises(BuildError, match=r"rm-course\[zensical\]"):
        zensical_build.run_zensical(tmp_path / "mkdocs.yml", tmp_path / "site")


def test_the_engine_is_part_of_the_site_key(mini):
    before = site_digest(open_project(mini))
    after = site_digest(open_project(use_engine(mini, "zensical")))
    assert before != after


@pytest.fixture(scope="module", params=ENGINES)
def built(request, tmp_path_factory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp(f"engine-{request.param}")
    project = open_project(use_engine(shutil.copytree(FIXTURE, root / "mini"), request.param))
    build_site(project, root / "dest", work_dir=root / "work", quiet=True)
    return request.param, root / "dest"


def test_both_languages_are_built_and_finished(built):
    engine, dest = built
    index = "search/search_index.json" if engine == "mkdocs" else "search.json"
    for lang in ("fr", "en"):
        page = (dest / lang / "modules/business-uses/linkedin-basics/index.html").read_text("utf-8")
        assert f'<html lang="{lang}"' in page
        assert page.count('http-equiv="Content-Security-Policy"') == 1
        assert (dest / lang / "404.html").is_file()
        assert json.loads((dest / lang / index).read_text("utf-8"))
    french = (dest / "fr" / "modules/business-uses/linkedin-basics/index.html").read_text("utf-8")
    assert "LinkedIn\u202f: les bases" in french  # the typography pass ran on the engine's pages
    assert "\u202f:" in (dest / "fr" / index).read_text("utf-8")  # and on its search index
    assert (dest / "index.html").is_file() and (dest / "404.html").is_file()


def test_material_end_of_life_notice_stays_out_of_the_pages(built):
    """Material 9.8 prints it on the console of an `mkdocs` command only; no page carries it."""
    _, dest = built
    for page in dest.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "end of life" not in text.lower() and "zensical.org" not in text, page


def test_the_build_names_the_engine_and_what_zensical_lacks(mini):
    assert engine_note(open_project(mini)) == "Building the training site (MkDocs, strict)"
    note = engine_note(open_project(use_engine(mini, "zensical")))
    assert note.startswith("Building the training site (Zensical, strict)\nwarning: ")


@pytest.mark.skipif(not zensical_build.zensical_installed(), reason="the zensical extra is not installed")
def test_a_broken_link_stops_a_zensical_build_at_its_page(mini, tmp_path):
    home = mini / "templates" / "site" / "home.md"
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text((REPO / "templates/site/home.md").read_text("utf-8") + "\n[broken](nowhere.md)\n", "utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(open_project(use_engine(mini, "zensical")), tmp_path / "dest", work_dir=tmp_path / "work")
    assert "Zensical could not build" in str(caught.value)
    assert "docs/index.md:" in str(caught.value) and "page does not exist" in str(caught.value)
