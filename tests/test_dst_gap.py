"""A session whose local start time falls in the spring daylight-saving gap starts an hour later,
and the pair's plan says so in its language."""

from __future__ import annotations

import datetime as dt
import html
import re

from rm_course.content.load import open_project
from rm_course.generators import private
from rm_course.planning.schedule import schedule

from conftest import html_of

# Egypt moves its clocks forward at midnight on the last Friday of April: 00:30 does not exist
# on Friday 30 April 2027, a working day.
GAP_DAY = dt.date(2027, 4, 30)


def cairo_slots(at: dt.time):
    return schedule(pair_id="a1", start=dt.date(2027, 3, 1), weekday="friday", at=at, cadence_weeks=2,
                    sessions=6, minutes=60, max_months=6, timezone="Africa/Cairo", country="EG")


def test_a_start_in_the_gap_moves_an_hour_and_the_slot_says_so():
    slots = cairo_slots(dt.time(0, 30))
    moved = [s for s in slots if s.gap_asked]
    assert [s.date for s in moved] == [GAP_DAY]
    assert moved[0].start.time() == dt.time(1, 30) and moved[0].gap_asked == dt.time(0, 30)
    assert all(s.start.time() == dt.time(0, 30) for s in slots if s.date != GAP_DAY)
    assert not any(s.gap_asked for s in cairo_slots(dt.time(14, 0)))


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", html.unescape(re.sub(r"<[^>]+>", "", text)))


def test_the_plan_says_why_that_session_starts_later(mini):
    programme = mini / "curriculum" / "programme.yml"
    text = programme.read_text("utf-8").replace("country: FR", "country: EG")
    programme.write_text(text.replace("timezone: Europe/Paris", "timezone: Africa/Cairo"), "utf-8")
    cohort = mini / "cohorts" / "test.yml"
    text = cohort.read_text("utf-8").replace("weekday: thursday", "weekday: friday")
    cohort.write_text(text.replace('time: "14:00"', 'time: "00:30"'), "utf-8")
    project = open_project(mini)
    ref = private.selected_cohorts(project, [], None)[0]
    outputs = {o.dest: o for o in private.cohort_outputs(project, ref)}
    fr = flat(html_of(outputs["pairs/a1/mentor-plan.pdf"]))  # a French-speaking pair
    en = flat(html_of(outputs["pairs/a2/mentee-plan.pdf"]))
    assert "Commence à 1 h 30 et non à 0 h 30 : ce jour-là, les horloges avancent d’une heure" in fr
    assert "Starts at 01:30, not 00:30: the clocks go forward an hour that day" in en
    assert fr.count("Commence à 1 h 30") == 2  # in the calendar and on the session's page
