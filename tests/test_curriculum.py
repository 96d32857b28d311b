"""The shipped curriculum cannot silently shrink: counts, both languages, timings, sources, no filler."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from rm_course.commands.check import collect
from rm_course.content.checks.runsheets import run_sheets
from rm_course.content.corepath import core_minutes, core_path
from rm_course.content.load import open_project
from rm_course.planning.core_fit import cohort_slots, practice_minutes

from conftest import REPO

MINIMUM_MODULES = {"mentor-pedagogy": 10, "mentee-preparation": 7, "programme": 7, "digital-history": 6,
                   "business-uses": 12}
TOOL_TRACKS = ("digital-history", "business-uses")


@cache
def project():
    return open_project(REPO)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def all_texts(obj):
    """Every translatable text ({fr, en} dict) inside a model."""
    if isinstance(obj, dict) and set(obj) <= {"fr", "en"} and obj:
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from all_texts(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from all_texts(v)


def test_check_strict_passes():
    _, diags = collect(REPO, strict=True)
    assert not diags, "\n".join(d.text() for d in diags)


@pytest.mark.parametrize("track,minimum", MINIMUM_MODULES.items())
def test_track_sizes(track, minimum):
    assert len(project().modules_in(track)) >= minimum


def test_every_module_is_complete():
    for m in project().modules.values():
        for lang in ("fr", "en"):
            n = sum(words(s.body[lang]) for s in m.sections)
            assert n >= 600, f"{m.id}: {n} words of teaching text in {lang}"
        assert m.objectives.mentee and m.objectives.mentor, m.id
        assert m.scenario is not None, m.id
        assert len(m.activities) >= 2, m.id
        assert sum(a.minutes for a in m.activities) <= m.minutes, m.id
        assert m.discussion_questions and m.checklist and m.key_takeaways, m.id
        assert m.sources, m.id
        for a in m.activities:
            assert words(a.facilitator_notes["en"]) >= 15 and words(a.facilitator_notes["fr"]) >= 15, (m.id, a.id)
        if m.track.value in TOOL_TRACKS:
            assert any(a.kind.value == "hands-on" and a.own_tools for a in m.activities), m.id
            assert m.track.value == "digital-history" or m.tools, m.id


def test_every_text_has_both_languages():
    p = project()
    for obj in [*p.modules.values(), p.glossary, p.timeline, p.assessment, p.sessions, p.programme]:
        for text in all_texts(obj.model_dump()):
            assert text.get("fr", "").strip() and text.get("en", "").strip(), text


def test_glossary_timeline_assessment_sizes():
    p = project()
    assert len(p.glossary.terms) >= 60
    assert all(t.modules for t in p.glossary.terms)
    assert len(p.timeline.events) >= 30
    assert all(e.source is not None for e in p.timeline.events)
    assert len(p.assessment.dimensions) >= 6
    assert all(len(d.levels) == 4 and d.modules for d in p.assessment.dimensions)


def test_programme_defaults_follow_practice():
    d = project().programme.defaults
    assert 60 <= d.session_minutes <= 90
    assert 2 <= d.cadence_weeks <= 4
    assert 6 <= d.sessions <= 8
    assert d.max_months == 6


def test_required_subjects_are_covered():
    p = project()
    ids = set(p.modules)
    for mid in ("reverse-mentor-role", "adult-learning", "explaining-without-jargon", "questioning-and-listening",
                "feedback-up-the-hierarchy", "confidentiality-and-boundaries", "running-a-session",
                "learner-posture", "setting-goals", "digital-self-assessment", "first-meeting-and-charter",
                "designing-the-programme", "pair-charter", "managers-role", "evaluation-and-celebration",
                "enterprise-social-networks", "generative-ai-at-work", "generations-and-habits",
                "linkedin-profile", "slack-essentials", "teams-essentials", "viva-engage-communities",
                "genai-assistants", "privacy-security", "information-overload"):
        assert mid in ids, mid
    esn = p.modules["enterprise-social-networks"]
    text = " ".join(s.body["en"] for s in esn.sections)
    assert "Workplace" in text and re.search(r"shut|clos", text)


def test_no_filler_and_no_repeated_paragraph():
    seen: Counter = Counter()
    for m in project().modules.values():
        for s in m.sections:
            for lang in ("fr", "en"):
                body = s.body[lang]
                assert not re.search(r"\b(TODO|FIXME|lorem ipsum)\b", body, re.I), m.id
                for para in body.split("\n\n"):
                    para = " ".join(para.split())
                    if len(para) > 120:
                        seen[para] += 1
    repeated = [p for p, n in seen.items() if n > 1]
    assert not repeated, repeated[:2]


FRENCH_MARKERS = re.compile(r"\b(le|la|les|des|est|une|vous|pour|avec|dans)\b", re.I)
ENGLISH_MARKERS = re.compile(r"\b(the|and|you|with|this|that|your|is|are|of)\b", re.I)


def test_no_english_left_in_french_and_vice_versa():
    for m in project().modules.values():
        for s in m.sections:
            fr, en = s.body["fr"], s.body["en"]
            fr_words, en_words = max(words(fr), 1), max(words(en), 1)
            assert len(ENGLISH_MARKERS.findall(fr)) / fr_words < 0.03, f"{m.id}: English in the French text"
            assert len(FRENCH_MARKERS.findall(en)) / en_words < 0.03, f"{m.id}: French in the English text"
            assert fr != en, m.id


def test_every_topic_module_has_a_core_path_that_fits_its_practice_block():
    p = project()
    slots = {p.programme.defaults.session_minutes, *(m for _, m in cohort_slots(p))}
    block = min(practice_minutes(p, slot) for slot in slots)
    for track in TOOL_TRACKS:
        for m in p.modules_in(track):
            assert core_path(m), f"{m.id}: no core path"
            assert core_minutes(m) <= block, f"{m.id}: core path {core_minutes(m)} min > {block}-minute block"
            assert any(not a.core for a in m.activities) or core_minutes(m) <= m.minutes, m.id


def test_group_events_have_valid_run_sheets_audiences_and_reading():
    p = project()
    assert not run_sheets(p, None)
    events = {e.id: e for e in p.sessions.group_events}
    for eid in ("mentor-training", "mentee-orientation", "manager-briefing", "group-kickoff",
                "midpoint-checkin", "closing-celebration"):
        assert eid in events, eid
        assert events[eid].audiences, eid
    for eid, audience, before in (("mentor-training", "mentor", 14), ("mentee-orientation", "mentee", 7),
                                  ("manager-briefing", "manager", 21)):
        ev = events[eid]
        assert [a.value for a in ev.audiences] == [audience] and ev.reading, eid
        assert ev.days_before_start == before, eid
        topic = [b for b in ev.blocks if b.kind.value == "topic"]
        assert topic and all(b.uses for b in topic), eid  # every taught block names its activities
        assert sum(r.minutes for b in ev.blocks for r in b.uses) <= ev.minutes, eid


def test_new_modules_exist_in_both_languages():
    p = project()
    for mid in ("mentor-selection", "when-a-pair-does-not-work", "remote-sessions", "inclusion-and-accessibility",
                "collaborative-documents", "short-video-and-social", "ai-agents", "pair-notes-and-personal-data"):
        m = p.modules[mid]
        for text in all_texts(m.model_dump()):
            assert text["fr"].strip() and text["en"].strip(), (mid, text)
