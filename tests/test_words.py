"""Durations are written by one helper, on the site and in print."""

from __future__ import annotations

import pytest

from rm_course.content.load import open_project
from rm_course.render.printenv import print_env
from rm_course.render.templating import make_env
from rm_course.render.words import Words, site_labels

from conftest import FIXTURE


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_site_and_print_write_durations_alike(lang):
    project = open_project(FIXTURE)
    words = Words(lang, site_labels(make_env(project.root, lang), lang))
    in_print = print_env(project, lang).filters["duration"]
    for minutes in (5, 45, 60, 90, 135):
        assert in_print(minutes) == words.duration(minutes)
    assert words.duration(90) == "1 h 30" and words.duration(45) == "45 min" and words.duration(120) == "2 h"
