"""The finish of the private documents: workbook page numbers in the plans, the mentee's copy in
the mentee's voice, French times, calendars that say what to prepare, overview.csv in the
programme's language."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil

import pytest

from rm_course.generators import private as plans
from rm_course.generators.overview_table import KEYS
from rm_course.render.clock import clock, time_range

from conftest import FIXTURE, html_of, run_cli
from test_plans import IGNORE, cohort, flat, pdf_text

# The workbook pages a build would have found (see rm_course.build.pagemap).
PAGES = {"fr": {"mentor-workbook": {"mod-teams-meetings": 12},
                "mentee-booklet": {"chapter-self-assessment": 9, "mod-learner-posture": 6}}}


def text_of(markup: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture(scope="module")
def paged():
    project, ref = cohort(FIXTURE)
    return {o.dest: o for o in plans.cohort_outputs(project, ref, PAGES)}


def test_french_times_follow_french_house_style_and_english_keeps_the_24_hour_clock():
    assert flat(time_range(14 * 60, 15 * 60 + 15, "fr")) == "14 h – 15 h 15"
    assert "\u00a0–" in time_range(14 * 60, 15 * 60, "fr")  # never a line starting with the dash
    assert clock(9 * 60 + 5, "fr").replace("\u00a0", " ") == "9 h 05"
    assert time_range(14 * 60, 15 * 60 + 15, "en") == "14:00–15:15"


def test_plans_give_the_workbook_page_of_what_they_cite(paged):
    mentor = text_of(html_of(paged["pairs/a1/mentor-plan.pdf"]))
    assert "À relire dans le cahier du mentor Réunions Teams (p. 12)" in mentor
    mentee = text_of(html_of(paged["pairs/a1/mentee-plan.pdf"]))
    assert "Remplissez l’autodiagnostic de votre livret d’accueil (p. 9)" in mentee
    assert re.search(r"À lire dans votre livret d’accueil : .*\(p\. 6\)", mentee)


def test_the_page_numbers_key_the_plans(paged):
    project, ref = cohort(FIXTURE)
    moved = {"fr": {**PAGES["fr"], "mentor-workbook": {"mod-teams-meetings": 13}}}
    other = {o.dest: o for o in plans.cohort_outputs(project, ref, moved)}
    assert other["pairs/a1/mentor-plan.pdf"].inputs != paged["pairs/a1/mentor-plan.pdf"].inputs


def test_the_mentee_copy_is_written_for_the_mentee(paged):
    mentee_html = html_of(paged["pairs/a1/mentee-plan.pdf"])
    mentee = text_of(mentee_html)
    mentor = text_of(html_of(paged["pairs/a1/mentor-plan.pdf"]))
    # The agenda in the mentee's voice, the mentor's words kept for the mentor.
    assert "Ce que vous ferez pendant la séance" in mentee and "Déroulé minuté" not in mentee
    assert "Vous vous présentez en trois minutes." in mentee and "Tour de table." not in mentee
    assert "Tour de table." in mentor
    # No boxes for the mentor to tick: neither in the agenda nor in the calendar.
    assert 'class="check"' not in mentee_html
    assert not re.search(r"\bFaite?\b", mentee)
    assert "Sur vos propres comptes" in mentee and "Sur les comptes du mentoré" not in mentee
    # No « l'autodiagnostic « Autodiagnostic… » »: the assessment is named once.
    assert not re.search(r"autodiagnostic « ", mentee, re.I)
    # Goals from the roster, each with what the mentee will be able to do.
    assert "Réunions Teams" in mentee and "Partager son écran." in mentee


def test_the_calendar_says_what_to_prepare_and_bring_and_gives_the_agenda(paged):
    from icalendar import Calendar

    cal = Calendar.from_ical(paged["pairs/a1/sessions.ics"].make_data())
    events = list(cal.walk("VEVENT"))
    kickoff, topic = str(events[0]["description"]), str(events[2]["description"])
    assert "Mentor · À préparer" in kickoff and "Imprimez la charte" in kickoff
    assert "Remplissez l’autodiagnostic de votre livret d’accueil (p.\u00a09)" in kickoff
    assert "Venez avec l’ordinateur" in topic  # what to bring
    assert "Audit du profil\u00a0: Vos identifiants." in topic  # an activity's preparation
    assert "14 h 10 · Pratique (35 min)".replace(" h ", "\u00a0h\u00a0") in topic


def overview_rows(keys: bool = False) -> list[list[str]]:
    project, ref = cohort(FIXTURE)
    pairs = plans.plan_pairs(project, ref)
    text = plans.overview_csv(ref, pairs, project, "fr", keys=keys).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_overview_csv_speaks_the_programmes_language_with_an_end_time_and_every_topic():
    rows = overview_rows()
    head = rows[0]
    assert head[:3] == ["Binôme", "Mentor", "Mentoré"] and "Fin" in head and "Thème" in head
    col = {name: head.index(name) for name in ("Type de séance", "Début", "Fin", "Thème", "Statut")}
    a1 = [r for r in rows[1:] if r[0] == "a1"]
    assert a1[0][col["Type de séance"]] == "Lancement" and a1[0][col["Thème"]] == "Faire connaissance."
    assert (a1[0][col["Début"]], a1[0][col["Fin"]]) == ("14:00", "15:00")
    assert all(r[col["Thème"]] for r in a1), "kick-off, mid-point and closing rows have a topic too"
    assert a1[0][col["Statut"]] == "prévue"
    a3 = [r for r in rows[1:] if r[0] == "a3"]
    assert a3[0][col["Statut"]].startswith("non planifié\u00a0: la séance 6 sur 6 tomberait")


def test_overview_csv_keys_are_stable_machine_keys():
    rows = overview_rows(keys=True)
    assert tuple(rows[0]) == KEYS
    a1 = [r for r in rows[1:] if r[0] == "a1"]
    assert a1[0][KEYS.index("type")] == "kickoff" and a1[0][KEYS.index("status")] == "planned"
    assert a1[0][KEYS.index("end")] == "15:00"


def test_csv_keys_flag_is_documented_in_build_help():
    code, out, _ = run_cli("build", "--help")
    assert code == 0 and "--csv-keys" in out


# ---------------------------------------------------------------------------- printed (slow)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("finish") / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    code, out, err = run_cli("build", "--only", "plans", "--only", "pdf", "--project", str(root), "--quiet",
                             "--jobs", "2")
    assert code == 0, err
    return root


def page_texts(path) -> list[str]:
    from pypdf import PdfReader

    return [flat(page.extract_text() or "") for page in PdfReader(str(path)).pages]


@pytest.mark.slow
def test_the_cited_page_is_the_page_the_printed_workbook_has(built):
    plan = pdf_text(built / "private" / "test-cohort" / "pairs" / "a1" / "mentee-plan.pdf")
    cited = re.search(r"Remplissez l’autodiagnostic de votre livret d’accueil \(p\. (\d+)\)", plan)
    assert cited, plan[:2000]
    booklet = page_texts(built / "dist" / "pdf" / "fr" / "mentee-booklet.pdf")
    page = booklet[int(cited.group(1)) - 1]
    assert "Autodiagnostic" in page or "autodiagnostic" in page
    mentor = pdf_text(built / "private" / "test-cohort" / "pairs" / "a1" / "mentor-plan.pdf")
    reread = re.search(r"À relire dans le cahier du mentor (.+?) \(p\. (\d+)\)", mentor, re.I)
    assert reread
    workbook = page_texts(built / "dist" / "pdf" / "fr" / "mentor-workbook.pdf")
    assert reread.group(1).strip()[:20] in workbook[int(reread.group(2)) - 1]


@pytest.mark.slow
def test_a_second_build_reads_the_page_numbers_back(built):
    def build() -> str:
        code, out, err = run_cli("build", "--only", "plans", "--project", str(built), "--quiet", "--jobs", "1")
        assert code == 0, err
        return out + err

    build()
    maps = sorted((built / "build" / "page-maps").glob("*.json"))
    assert {p.name.rsplit("-", 1)[0] for p in maps} >= {"mentor-workbook-fr", "mentee-booklet-fr"}
    stamps = {p: p.stat().st_mtime_ns for p in maps}
    summary = build()
    assert "Built 0," in summary, summary
    assert {p: p.stat().st_mtime_ns for p in maps} == stamps, "the page numbers were read back, not laid out again"
