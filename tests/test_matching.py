"""`rm-course match` logic on the shipped sign-up sheet: every hard rule, determinism, explanations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from rm_course.content.load import load_project
from rm_course.content.models.matching import Matching, Side, Volunteer
from rm_course.planning.matching import broken_rules, propose, reporting_line
from rm_course.planning.signups import read_signups, topic_expander

SHEET = REPO / "examples" / "signups-example-2027.csv"


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)[0]  # loaded only: the curriculum's freshness is not what is tested here


@pytest.fixture(scope="module")
def shipped(project):
    people, _ = read_signups(SHEET, project)
    return people, propose(people, Matching(), topic_expander(project))


def test_sheet_is_forty_invented_volunteers(shipped):
    people, _ = shipped
    assert len(people) == 40
    assert {v.side for v in people} == {Side.mentor, Side.mentee}
    assert all(v.email.endswith("@example.com") for v in people)


def test_xlsx_reads_the_same(project, shipped):
    people, _ = read_signups(SHEET.with_suffix(".xlsx"), project)
    assert people == shipped[0]


def test_every_hard_rule_holds(shipped):
    people, proposal = shipped
    managers = {v.employee_id: v.manager_id for v in people if v.employee_id and v.manager_id}
    pairs = [(r.mentee, r.proposed.mentor) for r in proposal.pairs]
    assert len(pairs) >= 15
    for mentee, mentor in pairs:
        assert mentee.department.casefold() != mentor.department.casefold()
        assert set(mentee.languages) & set(mentor.languages)
        assert set(mentee.availability) & set(mentor.availability)
        # reporting line, recomputed here from the ids: manager, manager's manager, same manager
        up = lambda v: [v.manager_id, managers.get(v.manager_id)]  # noqa: E731
        assert mentee.employee_id not in up(mentor) and mentor.employee_id not in up(mentee)
        assert mentee.manager_id != mentor.manager_id
    mentors = [m.id for _, m in pairs]
    assert len(mentors) == len(set(mentors))  # capacity 1 by default


def test_reporting_line_conflicts_are_in_the_sheet_and_refused(shipped):
    people, proposal = shipped
    by_id = {v.id: v for v in people}
    managers = {v.employee_id: v.manager_id for v in people if v.employee_id and v.manager_id}
    # e01 manages m01 and asked for her; e02 is m03's manager's manager; e06 and m06 share a manager
    for mentee, mentor in (("e01", "m01"), ("e02", "m03"), ("e06", "m06"), ("e07", "m03")):
        assert reporting_line(by_id[mentee], by_id[mentor], managers)
    result = {r.mentee.id: r for r in proposal.mentees}
    assert result["e01"].proposed.mentor.id != "m01"
    assert result["e01"].excluded["reporting-line"] >= 1


def test_people_who_cannot_be_matched_have_a_reason(shipped):
    _, proposal = shipped
    result = {r.mentee.id: r for r in proposal.mentees}
    assert result["e19"].proposed is None and result["e19"].why == "no-compatible"
    assert result["e19"].excluded["language"] >= 1  # speaks English only
    assert result["e20"].proposed is None and result["e20"].excluded == {"availability": 20, "reporting-line": 1,
                                                                         "language": 1}
    left = dict((m.id, why) for m, why in proposal.unmatched_mentors)
    assert left["m20"] == "no-compatible"


def test_shortlists_explain_the_choice(shipped):
    _, proposal = shipped
    for r in proposal.pairs:
        assert 1 <= len(r.shortlist) <= 3 and r.proposed in r.shortlist
        assert [c.total for c in r.shortlist] == sorted((c.total for c in r.shortlist), reverse=True) or \
            r.shortlist[-1] is r.proposed
        for c in r.shortlist:
            assert set(c.parts) == {"topics", "availability", "preference", "site"}
        if r.why == "best-taken":
            assert r.taken_by and all(r.taken_by.values())
        else:
            assert r.why == "best" and r.proposed.total == r.shortlist[0].total


def test_deterministic_and_capacity(project, shipped):
    people, proposal = shipped
    again = propose(list(people), Matching(), topic_expander(project))
    assert [(r.mentee.id, r.proposed and r.proposed.mentor.id) for r in again.mentees] == \
        [(r.mentee.id, r.proposed and r.proposed.mentor.id) for r in proposal.mentees]
    two = propose(people, Matching(mentor_capacity=2), topic_expander(project))
    counts = {}
    for r in two.pairs:
        counts[r.proposed.mentor.id] = counts.get(r.proposed.mentor.id, 0) + 1
    assert max(counts.values()) <= 2


def _person(i: int, side: str, **kw) -> Volunteer:
    base = dict(id=f"{side[-1]}{i}", side=side, name="X", email="x@example.com", department=f"d{i}", site="s",
                languages=["fr"], availability=["monday-am"])
    return Volunteer(**(base | kw))


def test_department_and_site_rules_follow_the_programme():
    a, b = _person(1, "mentee"), _person(2, "mentor", department="d1", site="t")
    assert broken_rules(a, b, Matching(), {}) == ["department"]
    assert broken_rules(a, b, Matching(allow_same_department=True), {}) == []
    assert broken_rules(a, b, Matching(allow_same_department=True, allow_remote=False), {}) == ["site"]


def test_ties_break_by_row_order():
    mentees = [_person(i, "mentee") for i in range(3)]
    mentors = [_person(i + 10, "mentor") for i in range(5)]
    first = propose(mentees + mentors, Matching())
    assert sorted(r.proposed.mentor.id for r in first.pairs) == ["r10", "r11", "r12"]  # earlier rows win ties
    assert [m.id for m, why in first.unmatched_mentors] == ["r13", "r14"]
    assert all(why == "not-needed" for _, why in first.unmatched_mentors)
    again = propose(mentees + mentors, Matching())
    assert [r.proposed.mentor.id for r in again.pairs] == [r.proposed.mentor.id for r in first.pairs]


CANARY = "Zéphyrine Canary-Quatorze"


def test_bad_sheet_every_error_at_once_without_values(project, tmp_path: Path):
    rows = [
        "id,side,name,email,department,site,languages,availability,topics,employee_id,manager_id,prefers,colour",
        f"a1,mentor,{CANARY},not-an-email,IT,Lyon,fr,monday-am,linkedin,E1,E1,,blue",
        f"a1,mentee,{CANARY},z@example.com,HR,Lyon,de,someday,no-such-topic,E2,,b9,",
        f"b2,boss,{CANARY},y@example.com,HR,Lyon,fr,monday-am,,,,,",
    ]
    sheet = tmp_path / "signups.csv"
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    with pytest.raises(Exception) as err:
        read_signups(sheet, project)
    text = err.value.format_message()
    assert CANARY not in text and "not-an-email" not in text and "someday" not in text and "E1" not in text
    found = {d.text().split(": ", 1)[0] for d in err.value.diagnostics}
    display = str(sheet)
    for where in ("1:13", "2:4", "3:7", "3:8", "3:9", "3:12", "4:2"):
        assert f"{display}:{where}" in found, (where, text)


def test_bad_yaml_sheet_is_located_by_line(project, tmp_path: Path):
    sheet = tmp_path / "signups.yml"
    sheet.write_text(f"volunteers:\n  - id: a1\n    side: mentor\n    name: {CANARY}\n    email: nope\n", "utf-8")
    with pytest.raises(Exception) as err:
        read_signups(sheet, project)
    text = err.value.format_message()
    assert CANARY not in text and f"{sheet}:5:12" in text


def test_sheet_names_are_not_the_example_rosters(shipped):
    people, _ = shipped
    roster = set(re.findall(r"\w+", (REPO / "examples" / "example-cohort.yml").read_text("utf-8")))
    for v in people:
        assert not set(re.findall(r"\w+", v.name)) & roster, v.id
