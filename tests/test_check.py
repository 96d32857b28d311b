"""`rm-course check` end to end on the fixture programme: each kind of bad input, located."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli

MOD = "curriculum/modules/business-uses/linkedin-basics.yml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(root: Path, *extra: str):
    return run_cli("check", "--project", str(root), "--today", "2026-11-22", *extra)


def test_fixture_is_clean(mini):
    code, out, err = check(mini, "--strict")
    assert code == 0, err
    assert "OK: 4 modules" in err


LOCATED = re.compile(r"^(\S+):(\d+):(\d+): ", re.M)

CASES = {
    "unknown prerequisite": (MOD, "prerequisites: [learner-posture]", "prerequisites: [learner-posture, nope]",
                             "unknown prerequisite module 'nope'"),
    "unknown tool": (MOD, "tools: [linkedin]", "tools: [linkedin, myspace]", "unknown tool 'myspace'"),
    "unknown glossary term": (MOD, "glossary: [hashtag, feed]", "glossary: [hashtag, feed, poke]",
                              "unknown glossary term 'poke'"),
    "activity minutes": (MOD, "minutes: 60\n", "minutes: 30\n", "the activities add up to 35 minutes"),
    "missing translation": (MOD, 'en: "Build a useful profile and read your feed."', "", "en text is missing"),
    "english as french": (MOD, 'title: {fr: "LinkedIn : les bases", en: "LinkedIn basics"}', "title: LinkedIn basics",
                          "plain string is not allowed"),
    "unknown key": (MOD, "level: beginner", "level: beginner\nsumary: {fr: a, en: b}", "did you mean 'summary'"),
    "bad enum": (MOD, "level: beginner", "level: expert", "level"),
    "dimension to missing module": ("curriculum/assessment.yml", "modules: [teams-meetings]", "modules: [teams-meeting]",
                                    "unknown module 'teams-meeting'"),
    "duplicate glossary id": ("curriculum/glossary.yml", "  - id: feed", "  - id: hashtag", "duplicate id 'hashtag'"),
    "blocks cannot fill": ("curriculum/sessions.yml", "minutes: 25, min_minutes: 15, max_minutes: 40",
                           "minutes: 5, min_minutes: 5, max_minutes: 5", "cannot fill a 60-minute slot"),
    "defaults do not fit": ("curriculum/programme.yml", "cadence_weeks: 2", "cadence_weeks: 6",
                            "more than max_months"),
    "low contrast": ("curriculum/programme.yml", 'primary_text: "#ffffff"', 'primary_text: "#2a3a60"',
                     "under 4.5:1"),
    "yaml 1.1 boolean as text": ("curriculum/programme.yml", "organisation: \"Test & Co\"", "organisation: no",
                                 None),
    "python tag": (MOD, "level: beginner", "level: !!python/name:os.system beginner", "is not allowed"),
    "duplicate key": (MOD, "level: beginner", "level: beginner\nlevel: advanced", "duplicate key 'level'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_located(mini, case):
    rel, old, new, expected = CASES[case]
    edit(mini, rel, old, new)
    code, out, err = check(mini)
    if expected is None:  # accepted as the text the author wrote
        assert code == 0, err
        return
    assert code == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if expected in line]
    assert lines, err
    m = LOCATED.match(lines[0])
    assert m, lines[0]
    assert m.group(1) == rel


def test_circular_prerequisites(mini):
    edit(mini, "curriculum/modules/mentee-preparation/learner-posture.yml", "minutes: 30\n",
         "minutes: 30\nprerequisites: [linkedin-basics]\n")
    code, _, err = check(mini)
    assert code == 1 and "circular prerequisites" in err
    assert "linkedin-basics → learner-posture → linkedin-basics" in err or "learner-posture → linkedin-basics → learner-posture" in err


def test_duplicate_module_id(mini):
    src = (mini / MOD).read_text("utf-8")
    (mini / "curriculum/modules/business-uses/copy.yml").write_text(src, "utf-8")
    code, _, err = check(mini)
    assert code == 1 and "duplicate module id 'linkedin-basics'" in err


def test_all_errors_at_once(mini):
    edit(mini, MOD, "level: beginner", "level: beginner\nlevle: x")
    edit(mini, "curriculum/modules/business-uses/teams-meetings.yml", "level: beginner", "level: nope")
    edit(mini, "curriculum/glossary.yml", "  - id: feed", "  - id: feed\n    colour: red")
    code, _, err = check(mini)
    assert code == 1
    assert len(LOCATED.findall(err)) >= 3


def test_stale_module_is_a_warning_then_an_error_with_strict(mini):
    edit(mini, MOD, "reviewed_on: 2026-11-01", "reviewed_on: 2024-01-01")
    code, _, err = check(mini)
    assert code == 0 and "warning:" in err and "last reviewed" in err
    code, _, err = check(mini, "--strict")
    assert code == 1 and "last reviewed" in err


def test_today_comes_from_source_date_epoch(mini, monkeypatch):
    edit(mini, MOD, "reviewed_on: 2026-11-01", "reviewed_on: 2025-12-15")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01: reviewed 351 days before
    code, _, err = run_cli("check", "--project", str(mini), "--strict")
    assert code == 0, err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01: 382 days, over the 365-day limit
    code, _, err = run_cli("check", "--project", str(mini), "--strict")
    assert code == 1


def test_unsourced_timeline_event_is_a_warning(mini):
    edit(mini, "curriculum/timeline.yml",
         '    source: {title: "Moving trucks", url: "https://blog.linkedin.com/2007/05/04/moving_trucks_a", consulted: 2026-11-22}\n', "")
    code, _, err = check(mini)
    assert code == 0 and "without a source" in err
    assert check(mini, "--strict")[0] == 1


def test_json_and_github_formats(mini):
    edit(mini, MOD, "tools: [linkedin]", "tools: [linkedin, myspace]")
    code, out, _ = check(mini, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data[0]["file"] == MOD and data[0]["line"] > 0 and data[0]["severity"] == "error"
    code, out, _ = check(mini, "--format", "github")
    assert out.startswith(f"::error file={MOD},line=")


def test_usage_error_exit_code(mini):
    code, _, _ = run_cli("check", "--project", str(mini), "--format", "xml")
    assert code == 2


def test_no_programme_here(tmp_path):
    code, _, err = run_cli("check", "--project", str(tmp_path))
    assert code == 1 and "no programme here" in err


def test_roster_errors_do_not_echo_personal_data(mini):
    edit(mini, "rosters/roster.yml", 'email: "berenice.o@example.com"', 'email: "Bérénice Ollivier"')
    code, _, err = check(mini)
    assert code == 1 and "pairs[0].mentee.email" in err
    assert "Bérénice" not in err and "Ollivier" not in err
