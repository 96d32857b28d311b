"""Durations are written by one helper, on the site and in print."""

from __future__ import annotations

import re

import pytest

from rm_course.content.load import open_project
from rm_course.generators import private
from rm_course.generators.books import BOOKS, render_book
from rm_course.render.printenv import print_env
from rm_course.render.templating import make_env
from rm_course.render.words import Words, site_labels

from conftest import FIXTURE, REPO, html_of


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_site_and_print_write_durations_alike(lang):
    project = open_project(FIXTURE)
    words = Words(lang, site_labels(make_env(project.root, lang), lang))
    in_print = print_env(project, lang).filters["duration"]
    for minutes in (5, 45, 60, 90, 135):
        assert in_print(minutes) == words.duration(minutes)
    assert words.duration(90) == "1 h 30" and words.duration(45) == "45 min" and words.duration(120) == "2 h"


RAW_MINUTES = re.compile(r"\}\}\s*\{\{\s*L\.minutes\s*\}\}|\{minutes\} minutes")
LONG_IN_MINUTES = re.compile(r"\b([6-9]\d|\d{3,})\s*min\b")  # an hour or more written as minutes


def test_print_templates_write_durations_through_the_helper():
    for path in sorted((REPO / "templates" / "print").glob("*.html")):
        found = RAW_MINUTES.search(path.read_text("utf-8"))
        assert not found, f"{path.name}: {found.group(0)!r}: write `{{{{ x|duration }}}}`"


def test_printed_documents_write_an_hour_as_the_site_does():
    project = open_project(FIXTURE)
    ref = private.selected_cohorts(project, [], None)[0]
    documents = {o.dest: html_of(o) for o in private.cohort_outputs(project, ref) if o.printed}
    documents |= {f"{name}-{lang}": render_book(project, name, lang) for lang in project.languages for name in BOOKS}
    for dest, page in documents.items():
        found = LONG_IN_MINUTES.search(page)
        assert not found, f"{dest}: {found.group(0)!r}"
    assert "1 h" in documents["group-events.pdf"] and "2 h" in documents["group-events.pdf"]
