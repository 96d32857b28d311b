"""The site's Content-Security-Policy: on every page, allowing the theme's own inline scripts and nothing else."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, REPO
from rm_course.content.load import open_project
from rm_course.generators.site.builder import build_site
from rm_course.generators.site.csp import script_hash

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)
# What a project template (untrusted, like the curriculum) slips into the home page.
HOSTILE = '\n<script>window.__pwned = 1</script>\n\n<img alt="" src="data:," onerror="window.__pwned = 2">\n'


def hostile_project(root: Path) -> Path:
    project = root / "mini"
    shutil.copytree(FIXTURE, project)
    home = project / "templates" / "site" / "home.md"
    home.parent.mkdir(parents=True)
    home.write_text((REPO / "templates/site/home.md").read_text("utf-8") + HOSTILE, "utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("csp")
    dest = root / "dest"
    build_site(open_project(hostile_project(root)), dest, work_dir=root / "work", quiet=True)
    return dest


def policy_of(page: str) -> str:
    found = META.findall(page)
    assert len(found) == 1, "one policy per page"
    return html.unescape(found[0])


def script_sources(policy: str) -> list[str]:
    directive = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    return directive.split()[1:]


def test_every_page_has_a_policy_before_its_first_script(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = path.read_text("utf-8")
        assert page.index("Content-Security-Policy") < page.index("<script"), path
        policy = policy_of(page)
        sources = script_sources(policy)
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, path
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy


def test_the_theme_scripts_are_allowed(built):
    for path in sorted(built.rglob("*.html")):
        page = path.read_text("utf-8")
        sources = script_sources(policy_of(page))
        for body in INLINE.findall(page):
            if "__pwned" in body:
                continue
            assert script_hash(body) in sources, f"{path}: {body[:80]}"


def test_a_script_slipped_into_a_page_is_not_allowed(built):
    page = (built / "en" / "index.html").read_text("utf-8")
    assert "window.__pwned = 1" in page  # the template's text is published as it is…
    injected = next(b for b in INLINE.findall(page) if "__pwned" in b)
    assert script_hash(injected) not in script_sources(policy_of(page))  # …but its script cannot run


def test_the_root_page_allows_only_the_built_in_script(tmp_path):
    from rm_course.generators.site.files import root_page

    project = open_project(hostile_project(tmp_path))
    own = project.root / "templates" / "site" / "root.html"
    own.write_text((REPO / "templates/site/root.html").read_text("utf-8").replace(
        "(function () {", "(function () { window.__pwned = 3;"), "utf-8")
    page = root_page(project)
    bodies = INLINE.findall(page)
    assert len(bodies) == 1 and "__pwned" in bodies[0]
    assert script_hash(bodies[0]) not in script_sources(policy_of(page))
    own.unlink()
    page = root_page(project)
    (body,) = INLINE.findall(page)
    assert script_hash(body) in script_sources(policy_of(page))
