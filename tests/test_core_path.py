"""The core path: what the plans fit into the practice block, what check refuses, run sheets, weak sources."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from rm_course.content.corepath import core_minutes, core_path, extensions
from rm_course.content.load import load_project
from rm_course.planning.cohorts import selected_cohorts
from rm_course.planning.pairs import group_events, plan_pairs
from rm_course.render.reading import module_reading_minutes, reading_minutes, word_count

LINKEDIN = "curriculum/modules/business-uses/linkedin-basics.yml"
SESSIONS = "curriculum/sessions.yml"


def check(root: Path, *extra: str):
    return run_cli("check", "--project", str(root), "--today", "2026-12-02", *extra)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def overrun(mini: Path) -> None:
    """Put the feed tour on LinkedIn's core path, at 27 minutes: 47 in all, 12 over the 35-minute block."""
    replace(mini / LINKEDIN, "    kind: demo\n    minutes: 15\n", "    kind: demo\n    minutes: 27\n    core: true\n")


def test_core_path_uses_variants_and_leaves_the_rest_optional(mini):
    project, _ = load_project(mini)
    teams = project.modules["teams-meetings"]
    assert [(a.id, a.minutes) for a in core_path(teams)] == [("share-screen", 20), ("etiquette", 10)]
    assert core_path(teams)[1].instructions["en"] == "One question only: camera on or off?"
    assert core_minutes(teams) == 30
    assert [a.id for a in extensions(project.modules["linkedin-basics"])] == ["feed-tour"]


def test_plans_fit_the_core_path_and_list_extensions_apart(mini):
    project, _ = load_project(mini)
    ref = selected_cohorts(project, [], None)[0]
    for plan in plan_pairs(project, ref):
        for s in plan.sessions:
            for item in s.items:
                if item.block.kind.value != "topic" or s.module is None:
                    continue
                assert [a.id for a, _ in item.activities] == [a.id for a in core_path(s.module)]
                assert sum(m for _, m in item.activities) == item.minutes
                assert [a.id for a in item.extensions] == [a.id for a in extensions(s.module)]
                assert s.minutes == plan.slots[s.number - 1].minutes  # extensions never counted


def test_an_overrunning_core_path_fails_check_at_its_location(mini):
    overrun(mini)
    message = (f"{LINKEDIN}:28:3: activities: the core path takes 47 minutes, 12 more than the 35-minute "
               "practice block of a topic session; shorten an activity, give it a core_variant or take it "
               "off the core path")
    for extra in ((), ("--strict",)):
        code, _, err = check(mini, *extra)
        assert code == 1
        assert message in err.splitlines()


def test_a_cohort_with_shorter_sessions_gets_its_own_diagnostic(mini):
    replace(mini / "cohorts/test.yml", "start:", "session_minutes: 45\nstart:")
    code, _, err = check(mini)
    assert code == 1
    assert "linkedin-basics.yml" not in err  # its 20-minute core path fits either way
    assert ("curriculum/modules/business-uses/teams-meetings.yml:18:3: activities: the core path takes 30 "
            "minutes, 5 more than the 25-minute practice block of a topic session in the 45-minute sessions "
            "of cohort test-cohort; shorten an activity") in err


def test_a_topic_module_without_core_path_is_warned_then_refused_with_strict(mini):
    replace(mini / LINKEDIN, "    minutes: 20\n    core: true\n", "    minutes: 20\n")
    code, _, err = check(mini)
    assert code == 0 and f"{LINKEDIN}:28:3: warning: activities: no activity is on the core path" in err
    assert check(mini, "--strict")[0] == 1


def test_run_sheets_and_reading_name_known_modules_and_fit_their_block(mini):
    replace(mini / SESSIONS,
            'minutes: 60, min_minutes: 45, max_minutes: 75}\n      - {id: practice, title: {fr: Entraînement',
            'minutes: 60, min_minutes: 45, max_minutes: 75, uses: [{module: nowhere, activity: x, minutes: 5}, '
            '{module: teams-meetings, activity: nothing, minutes: 5}, {module: teams-meetings, activity: etiquette, '
            'minutes: 55}]}\n      - {id: practice, title: {fr: Entraînement')
    replace(mini / SESSIONS, "    minutes: 120\n", "    minutes: 120\n    reading: [teams-meetings, unknown-module]\n")
    code, _, err = check(mini)
    assert code == 1
    assert "group_events[0].blocks[0].uses[0].module: unknown module 'nowhere'" in err
    assert ("group_events[0].blocks[0].uses[1].activity: the module 'teams-meetings' has no activity 'nothing'; "
            "its activities: share-screen, etiquette") in err
    assert "group_events[0].blocks[0].uses: the run sheet takes 65 minutes, 5 more than the block's 60" in err
    assert "group_events[0].reading[1]: unknown module 'unknown-module' to read before" in err


def test_group_events_carry_run_sheet_audience_reading_and_their_offset(mini):
    replace(mini / SESSIONS, "    minutes: 120\n",
            "    minutes: 120\n    days_before_start: 14\n    audiences: [mentor]\n    reading: [teams-meetings]\n")
    replace(mini / SESSIONS, 'minutes: 60, min_minutes: 45, max_minutes: 75}\n      - {id: practice, title: {fr: Entr',
            'minutes: 60, min_minutes: 45, max_minutes: 75, uses: [{module: teams-meetings, activity: etiquette, '
            'minutes: 15}]}\n      - {id: practice, title: {fr: Entr')
    project, _ = load_project(mini)
    ref = selected_cohorts(project, [], None)[0]
    [training] = [e for e in group_events(project, ref, plan_pairs(project, ref)) if e.id == "mentor-training"]
    assert (ref.cohort.start - training.start.date()).days in range(12, 15)  # moved off a weekend or holiday
    assert training.audiences == ["mentor"] and [m.id for m in training.reading] == ["teams-meetings"]
    assert [(m.id, a.id, n) for m, a, n in training.items[0].run_sheet] == [("teams-meetings", "etiquette", 15)]


def test_weak_source_is_a_warning_then_an_error_with_strict(mini):
    replace(mini / LINKEDIN, "https://blog.linkedin.com/2007/05/04/moving_trucks_a", "https://someone.blogspot.com/2007/trucks")
    code, _, err = check(mini)
    assert code == 0
    assert f"{LINKEDIN}:51:35: warning: sources[0].url: blogspot.com is a weak source" in err
    code, _, err = check(mini, "--strict")
    assert code == 1 and f"{LINKEDIN}:51:35: sources[0].url: blogspot.com is a weak source" in err


def test_reading_time_counts_words_at_each_languages_pace():
    assert word_count("A [link](https://example.com/a-b-c) and ![img](x.png) **bold** l’heure") == 5
    assert reading_minutes(["word " * 200], "en") == 1
    assert reading_minutes(["word " * 200], "fr") == 2  # 180 a minute
    assert reading_minutes([""], "fr") == 0


def test_module_reading_minutes(mini):
    project, _ = load_project(mini)
    assert module_reading_minutes(project.modules["linkedin-basics"], "en") == 1


def test_a_vendors_official_blog_on_a_weak_host_is_an_exception():
    from rm_course.content.checks.sources import weak_host

    assert weak_host("https://googleblog.blogspot.com/2008/09/first-android-powered-phone.html") is None
    assert weak_host("https://someone.blogspot.com/a") == "blogspot.com"
    assert weak_host("https://www.history.com/this-day-in-history") == "history.com"
    assert weak_host("https://nothistory.com/") is None


def test_the_events_calendar_lists_each_blocks_run_sheet(mini):
    from rm_course.generators.private import events_calendar

    replace(mini / SESSIONS, 'minutes: 60, min_minutes: 45, max_minutes: 75}\n      - {id: practice, title: {fr: Entr',
            'minutes: 60, min_minutes: 45, max_minutes: 75, uses: [{module: teams-meetings, activity: etiquette, '
            'minutes: 15}]}\n      - {id: practice, title: {fr: Entr')
    project, _ = load_project(mini)
    ref = selected_cohorts(project, [], None)[0]
    ics = events_calendar(project, ref, group_events(project, ref, plan_pairs(project, ref)), "en").decode()
    unfolded = ics.replace("\r\n ", "")
    assert "Teams meetings → Etiquette (15 min)" in unfolded
