"""Per-pair plans, inserts and calendars, group events and the cohort overview (private outputs)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from rm_course.generators import private as plans
from rm_course.content.load import open_project
from rm_course.render.clock import clock as clock_at

from conftest import html_of, FIXTURE, run_cli

ROSTER = FIXTURE / "rosters" / "roster.yml"
COHORT = "test-cohort"
SCHEDULED = ("a1", "a2")
UNSCHEDULED = "a3"  # cadence of 6 weeks: its last session falls after the six-month maximum
IGNORE = shutil.ignore_patterns("private", "dist", "build")  # leftovers of a manual build


def roster_people() -> list[dict]:
    pairs = yaml.safe_load(ROSTER.read_text("utf-8"))["pairs"]
    return [pair[role] for pair in pairs for role in ("mentor", "mentee")]


def personal_strings() -> list[str]:
    """Every name, surname and email of the fixture roster (what must never leak)."""
    found = set()
    for person in roster_people():
        found.add(person["name"])
        found.add(person["name"].split()[-1])
        found.add(person["email"])
        found.add(person["email"].split("@")[0])
    return sorted(found)


def flat(text: str) -> str:
    """Text as a reader sees it: NFC, every kind of space as one space."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    return flat("\n".join(parts))


def cohort(project_root: Path):
    project = open_project(project_root)
    return project, plans.selected_cohorts(project, [], None)[0]


# ---------------------------------------------------------------------------- in-process (fast)


@pytest.fixture(scope="module")
def outputs():
    """The private outputs of the fixture cohort, planned and rendered to HTML (no PDF)."""
    project, ref = cohort(FIXTURE)
    return {o.dest: o for o in plans.cohort_outputs(project, ref)}


def test_every_scheduled_pair_gets_plans_insert_and_calendar(outputs):
    for pid in SCHEDULED:
        for name in ("mentor-plan.pdf", "mentee-plan.pdf", "booklet-insert.pdf", "sessions.ics"):
            assert f"pairs/{pid}/{name}" in outputs
    assert not any(dest.startswith(f"pairs/{UNSCHEDULED}/") for dest in outputs)
    for dest in ("overview.pdf", "overview.csv", "group-events.pdf", "group-events.ics"):
        assert dest in outputs


def test_agenda_start_times_run_from_the_slot_start_to_its_end(outputs):
    project, ref = cohort(FIXTURE)
    for pp in plans.plan_pairs(project, ref):
        if not pp.scheduled:
            continue
        page = html_of(outputs[f"pairs/{pp.pair.id}/mentor-plan.pdf"])
        lang = pp.pair.language
        ends = re.findall(r'<tr class="end"><td class="at">([^<]+)</td>', page)
        assert ends == [clock_at(s.end.hour * 60 + s.end.minute, lang) for s in pp.slots]
        # Each block starts where the previous one ended.
        first = re.search(r'<table class="agenda">.*?</table>', page, re.S).group(0)
        starts = re.findall(r'<td class="at">([^<]+)</td>', first)
        minutes, t = [i.minutes for i in pp.sessions[0].items], pp.slots[0].start.hour * 60 + pp.slots[0].start.minute
        expected = []
        for m in minutes + [0]:
            expected.append(clock_at(t, lang))
            t += m
        assert starts == expected


def test_roster_data_is_escaped_in_every_document(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    text = ROSTER.read_text("utf-8").replace('"Bérénice Ollivier"', '"<b>Bérénice</b> & Co"')
    (root / "rosters" / "roster.yml").write_text(text, "utf-8")
    project, ref = cohort(root)
    for o in plans.cohort_outputs(project, ref):
        if o.printed:
            assert "<b>Bérénice</b>" not in html_of(o)
    insert = next(o for o in plans.cohort_outputs(project, ref) if o.dest == "pairs/a1/booklet-insert.pdf")
    assert "&lt;b&gt;Bérénice&lt;/b&gt; &amp; Co" in html_of(insert)


class TripWire(dict):
    """Self-assessment scores that fail the build the moment anything reads them."""

    def _trip(self, *args, **kwargs):
        raise AssertionError("a private document read the self-assessment scores")

    __getitem__ = __iter__ = __len__ = __contains__ = __bool__ = __str__ = __repr__ = __html__ = _trip
    get = items = keys = values = _trip


def test_overview_and_its_csv_never_read_the_scores(monkeypatch):
    real = plans.plan_pairs

    def planned_then_scores_hidden(project, ref):
        out = real(project, ref)  # topics are chosen from the scores first, as they must be
        for pp in out:
            object.__setattr__(pp.pair, "scores", TripWire())
        return out

    monkeypatch.setattr(plans, "plan_pairs", planned_then_scores_hidden)
    project, ref = cohort(FIXTURE)
    outs = {o.dest: o for o in plans.cohort_outputs(project, ref)}
    assert "overview.pdf" in outs and "overview.csv" in outs


def test_departments_summary_counts_pairs_sessions_and_dates():
    project, ref = cohort(FIXTURE)
    pairs = plans.plan_pairs(project, ref)
    rows = {r.department: r for r in plans.by_department(pairs)}
    assert set(rows) == {"RH", "Sales", "Direction"}
    for p in pairs:
        row = rows[p.pair.mentee.department]
        assert row.pairs == 1 and row.scheduled == int(p.scheduled)
        if p.scheduled:
            assert (row.sessions, row.first, row.last) == (len(p.slots), p.slots[0].date, p.slots[-1].date)
        else:
            assert (row.sessions, row.first, row.last) == (0, None, None)


def test_a_large_cohort_overview_summarises_by_department_and_names_nobody(monkeypatch):
    monkeypatch.setattr(plans, "OVERVIEW_LIST_MAX", 2)  # the fixture's three pairs count as a large cohort
    project, ref = cohort(FIXTURE)
    overview = flat(html.unescape(html_of({o.dest: o for o in plans.cohort_outputs(project, ref)}["overview.pdf"])))
    assert 'class="departments"' in overview and 'class="pairs"' not in overview
    assert "overview.csv" in overview and "3 binômes" in overview
    # The list of pairs, and with it every name, stays in overview.csv.
    assert not [s for s in personal_strings() if s in overview]
    # The pairs to reschedule are still listed: they need someone to act.
    assert f"Binôme {UNSCHEDULED}" in overview


def test_the_plans_stylesheet_is_given_to_the_printer_and_keys_every_private_pdf(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    project, ref = cohort(root)
    before = {o.dest: o for o in plans.cohort_outputs(project, ref) if o.printed}
    assert all(o.stylesheets == ("print/plans.css",) for o in before.values())
    assert "table.agenda" not in html_of(before["pairs/a1/mentor-plan.pdf"])  # not inlined in each document
    css = root / "templates" / "print" / "plans.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text(plans_css_text() + "\ntable.agenda { font-size: 9pt; }\n", "utf-8")
    project, ref = cohort(root)
    after = {o.dest: o for o in plans.cohort_outputs(project, ref) if o.printed}
    assert before.keys() == after.keys()
    assert not [d for d in before if before[d].key() == after[d].key()]


def plans_css_text() -> str:
    from rm_course.resources import template_file as template_css_path

    return template_css_path(FIXTURE, "print/plans.css").read_text("utf-8")


@pytest.mark.parametrize("value", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_starting_with_formula_characters_are_neutralised(value):
    assert plans.safe_csv(value) == "'" + value


def test_overview_csv_cannot_be_read_as_formulas(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    data = yaml.safe_load(ROSTER.read_text("utf-8"))
    traps = ['=HYPERLINK("https://example.com")', "+33 6 00", "-1", "@cmd"]
    data["pairs"][0]["mentor"]["name"] = traps[0]
    data["pairs"][0]["mentee"]["name"] = traps[1]
    data["pairs"][0]["mentee"]["department"] = traps[2]
    data["pairs"][1]["mentee"]["department"] = traps[3]
    (root / "rosters" / "roster.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    project, ref = cohort(root)
    pairs = plans.plan_pairs(project, ref)
    text = plans.overview_csv(ref, pairs, project, "fr").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    for trap in traps:
        assert "'" + trap in cells


# ---------------------------------------------------------------------------- built through the CLI (slow)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the fixture programme whose plans were built with `rm-course build --only plans`."""
    root = tmp_path_factory.mktemp("plans") / "mini"
    shutil.copytree(FIXTURE, root, ignore=IGNORE)
    code, out, err = run_cli("build", "--only", "plans", "--project", str(root), "--quiet", "--jobs", "2")
    assert code == 0, err
    return {"root": root, "private": root / "private" / COHORT, "stdout": out, "stderr": err}


@pytest.mark.slow
def test_cli_builds_every_pair_folder(built):
    private = built["private"]
    for pid in SCHEDULED:
        folder = private / "pairs" / pid
        assert sorted(p.name for p in folder.iterdir()) == [
            "booklet-insert.pdf", "mentee-plan.pdf", "mentor-plan.pdf", "sessions.ics"]
        for pdf in folder.glob("*.pdf"):
            assert pdf.read_bytes().startswith(b"%PDF")
    for name in ("overview.pdf", "overview.csv", "group-events.pdf", "group-events.ics"):
        assert (private / name).is_file()


@pytest.mark.slow
def test_pair_that_cannot_fit_is_reported_by_id_and_the_others_are_built(built):
    private = built["private"]
    assert not (private / "pairs" / UNSCHEDULED).exists()
    message = built["stderr"] + built["stdout"]
    assert f"pair {UNSCHEDULED}:" in message and "maximum" in message
    rows = list(csv.reader(io.StringIO((private / "overview.csv").read_text("utf-8-sig")), delimiter=";"))
    a3 = [r for r in rows if r[0] == UNSCHEDULED]
    # The overview's table speaks the programme's language, like its PDF.
    assert len(a3) == 1 and a3[0][-1].startswith("non planifié\u00a0: la séance 6 sur 6 tomberait")
    text = pdf_text(private / "overview.pdf")
    # The fixture cohort's documents are in French: the reason is written in French too.
    assert f"Binôme {UNSCHEDULED}" in text and "la séance 6 sur 6 tomberait" in text


@pytest.mark.slow
def test_mentee_plan_has_no_facilitator_notes_and_the_mentor_plan_has_them(built):
    project, ref = cohort(built["root"])
    for pp in plans.plan_pairs(project, ref):
        if not pp.scheduled:
            continue
        lang = pp.pair.language
        notes = [flat(a.facilitator_notes[lang]) for s in pp.sessions for item in s.items for a, _ in item.activities]
        assert notes, "the fixture should schedule activities with facilitator notes"
        label = {"fr": "Notes pour le mentor", "en": "Notes for the mentor"}[lang]
        folder = built["private"] / "pairs" / pp.pair.id
        mentor, mentee = pdf_text(folder / "mentor-plan.pdf"), pdf_text(folder / "mentee-plan.pdf")
        for note in notes:
            assert note in mentor
            assert note not in mentee
        assert label.upper() in mentor.upper() and label.upper() not in mentee.upper()


@pytest.mark.slow
def test_overview_pdf_and_csv_show_no_score(built):
    project = open_project(built["root"])
    words = set()
    for dim in project.assessment.dimensions:
        words.add(dim.id)
        words.update(flat(title) for title in dim.title.values())
    private = built["private"]
    overview = pdf_text(private / "overview.pdf")
    table = (private / "overview.csv").read_text("utf-8-sig")
    assert "score" not in table.lower()
    for word in words:
        assert word not in overview, word
        assert word not in table, word


@pytest.mark.slow
def test_calendars_parse_back_with_no_errors_and_reveal_no_one(built):
    from icalendar import Calendar

    personal = [s.lower() for s in personal_strings()]
    files = sorted(built["private"].rglob("*.ics"))
    assert len(files) == len(SCHEDULED) + 1
    for path in files:
        raw = path.read_bytes()
        cal = Calendar.from_ical(raw)
        assert not cal.errors
        zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        events = cal.walk("VEVENT")
        assert events
        for component in cal.walk():
            assert not component.errors, (path.name, component.name, component.errors)
        for ev in events:
            uid = str(ev["UID"]).lower()
            assert not [s for s in personal if s in uid], uid
            stamp = ev["DTSTAMP"].dt
            assert stamp.utcoffset() is not None and stamp.utcoffset().total_seconds() == 0
            tzid = ev["DTSTART"].params.get("TZID")
            assert tzid and tzid in zones, (tzid, zones)
        # DTSTAMP is written in UTC form (…Z), and every line is folded to 75 octets.
        assert re.search(rb"^DTSTAMP:\d{8}T\d{6}Z\r$", raw, re.M)
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


@pytest.mark.slow
def test_no_roster_name_or_email_anywhere_under_dist_after_a_full_build(built):
    root = built["root"]
    code, _, err = run_cli("build", "--project", str(root), "--quiet", "--jobs", "2")
    assert code == 0, err
    dist = root / "dist"
    files = [p for p in dist.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".html" for p in files)
    needles = personal_strings()
    leaks = []
    for path in files:
        raw = path.read_bytes()
        texts = [raw.decode("utf-8", "replace"), raw.decode("latin-1")]
        if path.suffix == ".pdf":
            texts.append(pdf_text(path))
        if path.suffix in (".html", ".xml", ".svg", ".js", ".json", ".txt", ".css"):
            texts.append(html.unescape(texts[0]))
        if path.suffix == ".json":
            try:
                texts.append(json.dumps(json.loads(texts[0]), ensure_ascii=False))
            except ValueError:
                pass
        for text in texts:
            for form in ("NFC", "NFD"):
                body = unicodedata.normalize(form, text).lower()
                for needle in needles:
                    if unicodedata.normalize(form, needle).lower() in body:
                        leaks.append((path.relative_to(root).as_posix(), needle))
    assert not leaks, sorted(set(leaks))
    # The private outputs stayed where they belong.
    assert (built["private"] / "overview.pdf").is_file()
