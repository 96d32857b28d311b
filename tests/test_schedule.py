"""Scheduling, agendas and rosters: pure logic, no rendering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rm_course.planning.agenda import choose_topics, fit_blocks, plan_sessions
from rm_course.errors import ContentError, ScheduleError
from rm_course.content.models import AgendaBlock, Pair
from rm_course.content.load import open_project
from rm_course.planning.roster import read_roster
from rm_course.planning.schedule import schedule, session_kinds

from conftest import FIXTURE, REPO

BASE = dict(pair_id="p1", weekday="thursday", at=dt.time(14, 0), cadence_weeks=2, sessions=6, minutes=60,
            max_months=6, timezone="Europe/Paris", country="FR")


def test_kinds():
    assert session_kinds(6) == ["kickoff", "topic", "topic", "midpoint", "topic", "closing"]
    assert session_kinds(7) == ["kickoff", "topic", "topic", "midpoint", "topic", "topic", "closing"]


def test_public_holiday_moves_to_next_working_day_and_cadence_is_kept():
    # Ascension Day 2027 is Thursday 6 May.
    slots = schedule(start=dt.date(2027, 4, 22), **BASE)
    dates = [s.date for s in slots]
    assert dates[1] == dt.date(2027, 5, 7) and "public holiday" in slots[1].moved_because
    assert dates[2] == dt.date(2027, 5, 20)  # back on the two-week grid


def test_unavailable_date_moves_within_the_week_else_the_next():
    slots = schedule(start=dt.date(2027, 3, 1), unavailable=[dt.date(2027, 3, 4), dt.date(2027, 3, 5)], **BASE)
    assert slots[0].date == dt.date(2027, 3, 8) and slots[0].moved_because == "the pair is unavailable"
    assert slots[1].date == dt.date(2027, 3, 18)


def test_friday_holiday_goes_to_next_week():
    base = {**BASE, "weekday": "friday"}
    # Friday 1 January 2027 is New Year's Day.
    slots = schedule(start=dt.date(2027, 1, 1), **base)
    assert slots[0].date == dt.date(2027, 1, 4)


def test_local_time_kept_across_daylight_saving_change():
    slots = schedule(start=dt.date(2027, 3, 11), **BASE)  # clocks go forward on 28 March 2027
    offsets = {s.start.utcoffset() for s in slots}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert all(s.start.hour == 14 for s in slots)


def test_pair_that_cannot_fit_names_the_pair_and_why():
    with pytest.raises(ScheduleError) as exc:
        schedule(start=dt.date(2027, 1, 4), **{**BASE, "cadence_weeks": 6, "pair_id": "p13"})
    assert "pair p13" in exc.value.message and "maximum of 6 months" in exc.value.message


def block(i, lo, pref, hi, kind="ritual"):
    return AgendaBlock(id=f"b{i}", kind=kind, title={"fr": "x", "en": "x"}, description={"fr": "x", "en": "x"},
                       minutes=pref, min_minutes=lo, max_minutes=hi)


@pytest.mark.parametrize("slot", [45, 60, 75, 90, 100])
def test_fit_adds_up_to_the_slot_within_bounds(slot):
    blocks = [block(1, 5, 10, 15), block(2, 20, 35, 60, "topic"), block(3, 10, 10, 20, "business-context"),
              block(4, 5, 5, 10)]
    minutes = fit_blocks(blocks, slot)
    assert sum(minutes) == slot
    assert all(b.min_minutes <= m <= b.max_minutes for b, m in zip(blocks, minutes))


def test_fit_refuses_a_slot_it_cannot_fill():
    with pytest.raises(ScheduleError):
        fit_blocks([block(1, 5, 10, 15), block(2, 5, 10, 15)], 45)


def test_topic_choice_is_deterministic_and_follows_goals_then_weak_dimensions():
    project = open_project(FIXTURE)
    pair = Pair(id="x", mentor={"name": "A", "email": "a@example.com"}, mentee={"name": "B", "email": "b@example.com"},
                goals=["web-history"], scores={"meetings": 1, "networking": 3})
    first = [m.id for m in choose_topics(project, pair, 3)]
    assert first == ["web-history", "teams-meetings", "linkedin-basics"]
    assert first == [m.id for m in choose_topics(project, pair, 3)]


def test_every_agenda_adds_up_and_topic_sessions_keep_business_context():
    project = open_project(FIXTURE)
    pair = Pair(id="x", mentor={"name": "A", "email": "a@example.com"}, mentee={"name": "B", "email": "b@example.com"})
    plans = plan_sessions(project, pair, session_kinds(6), 75)
    for p in plans:
        assert p.minutes == 75
        for item in p.items:
            assert item.block.min_minutes <= item.minutes <= item.block.max_minutes
            if item.activities:
                assert sum(m for _, m in item.activities) == item.minutes
        if p.kind == "topic":
            assert any(i.block.kind.value == "business-context" and i.minutes >= 10 for i in p.items)


def test_shipped_example_roster_reads_the_same_from_yaml_csv_and_xlsx(tmp_path):
    from tests_roster_variants import write_variants

    yaml_roster, _ = read_roster(REPO / "examples" / "example-cohort.yml")
    for path in write_variants(yaml_roster, tmp_path):
        roster, _ = read_roster(path)
        assert roster == yaml_roster, path.name


def roster_error(folder: Path, text: str, encoding: str = "utf-8") -> str:
    """The message a CSV roster with this text fails with."""
    path = folder / "r.csv"
    path.write_text(text, encoding=encoding)
    with pytest.raises(ContentError) as exc:
        read_roster(path, folder)
    return exc.value.format_message()


HEADER = "id,mentor_name,mentor_email,mentee_name,mentee_email\n"


@pytest.mark.parametrize("bad_id", ["../../etc", "CON", "", "a/b", "nul.txt"])
def test_unsafe_pair_ids_are_refused(tmp_path, bad_id):
    message = roster_error(tmp_path, f"{HEADER}{bad_id},A,a@example.com,B,b@example.com\n")
    assert "r.csv:2:1: pairs[0].id:" in message


def test_ids_equal_after_unicode_normalisation_are_refused(tmp_path):
    # "p\uff11" is p + FULLWIDTH DIGIT ONE: a different string that normalises to "p1".
    message = roster_error(tmp_path, f"{HEADER}P1,A,a@example.com,B,b@example.com\n"
                                     "p\uff11,C,c@example.com,D,d@example.com\n")
    assert "same as pair #1" in message


def test_roster_errors_point_at_row_and_column_without_personal_data(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id;mentor_name;mentor_email;mentee_name;mentee_email;time\n"
                    "p1;Anaïs Verdier;anais.verdier-at-example.com;B;b@example.com;25h00\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        read_roster(path, tmp_path)
    text = exc.value.format_message()
    assert "r.csv:2:3: pairs[0].mentor.email" in text and "r.csv:2:6: pairs[0].time" in text
    assert "anais" not in text.lower() and "Verdier" not in text


def test_unknown_column_suggests(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,mentor_name,mentor_emial,mentee_name,mentee_email\n")
    with pytest.raises(ContentError) as exc:
        read_roster(path)
    assert "did you mean 'mentor_email'" in exc.value.format_message()


def test_example_cohort_gives_the_same_plans_from_every_roster_format(tmp_path):
    """YAML, CSV (comma; semicolon with BOM; Windows-1252) and XLSX: the same sessions and topics."""
    from tests_roster_variants import write_variants

    from rm_course.planning.cohorts import selected_cohorts
    from rm_course.planning.pairs import pair_facts as _facts, plan_pairs

    project = open_project(REPO)
    ref = selected_cohorts(project, [], None)[0]
    reference = [_facts(p) for p in plan_pairs(project, ref)]
    assert sum(1 for p in reference if p[2]) == 1  # the one pair that cannot fit
    yaml_roster, _ = read_roster(ref.roster_path)
    for path in write_variants(yaml_roster, tmp_path) + [REPO / "examples/example-cohort.csv",
                                                         REPO / "examples/example-cohort.xlsx"]:
        ref.roster_path = path
        assert [_facts(p) for p in plan_pairs(project, ref)] == reference, path.name
