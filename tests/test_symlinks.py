"""Symbolic links that leave the project, or a published folder, are refused (issue 17, item 3)."""

from __future__ import annotations

import os

import pytest

from rm_course.content.links import escaping_links

from conftest import run_cli, write_tree


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("id: secret\n")
    return secret


CASES = {
    "site": "site/assets/people.csv",
    "curriculum": "curriculum/modules/business-uses/stolen.yml",
    "templates": "templates/print/book.html",
    "assets": "assets/images/logo.png",
    "cohorts": "cohorts/other.yml",
}


@pytest.mark.parametrize("folder", sorted(CASES))
def test_a_link_leaving_the_project_is_refused_by_check(mini, outside, folder):
    link = mini / CASES[folder]
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link)
    code, out, err = run_cli("check", "--project", str(mini))
    assert code == 1 and "Traceback" not in err
    assert f"{CASES[folder]}:1:1:" in err and "symbolic link" in err, err
    assert str(outside) not in err  # the link is named, not where it points


def test_a_link_leaving_the_project_stops_the_build_before_anything_is_written(mini, outside):
    os.symlink(outside, mini / "curriculum/stolen.yml")
    code, _, err = run_cli("build", "--project", str(mini), "--only", "plans", "--quiet")
    assert code == 1 and "curriculum/stolen.yml:1:1:" in err and "Traceback" not in err
    assert not (mini / "private").exists()


def test_a_site_link_to_a_roster_inside_the_project_is_refused(mini):
    """Inside the project, but it would publish the roster with the site."""
    write_tree(mini, {"site/extra.css": "body {}\n"})
    os.symlink(mini / "rosters/roster.yml", mini / "site/roster.yml")
    os.symlink("../rosters", mini / "site/data")
    found = {d.file: d.message for d in escaping_links(mini)}
    assert set(found) == {"site/roster.yml", "site/data"}
    assert all("published" in m for m in found.values())


def test_links_that_stay_inside_are_allowed(mini):
    write_tree(mini, {"templates/print/base-original.html": "x", "site/css/a.css": "a"})
    os.symlink("base-original.html", mini / "templates/print/alias.html")
    os.symlink("../rosters/roster.yml", mini / "cohorts/roster-link.yml")
    os.symlink("css/a.css", mini / "site/b.css")
    assert escaping_links(mini) == []


def test_a_loop_of_links_is_refused(mini):
    os.symlink("b.html", mini / "curriculum/a.html")
    os.symlink("a.html", mini / "curriculum/b.html")
    found = [d.file for d in escaping_links(mini)]
    assert found == ["curriculum/a.html", "curriculum/b.html"]


def test_a_top_level_folder_that_is_a_link_outside_is_refused(mini, tmp_path):
    target = tmp_path / "shared-site"
    target.mkdir()
    os.symlink(target, mini / "site")
    assert [d.file for d in escaping_links(mini)] == ["site"]
