"""Per-pair session plans, calendars and inserts; per-cohort events and overview (private outputs).

Everything here is personal data: it is written under private/<cohort>/ only, files are named
after pair ids, and progress labels and messages name pair ids, never people.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import click

from ..planning.agenda import AgendaItem, SessionPlan, plan_event, plan_sessions
from ..render.calendar_ics import CalendarEvent, to_ics
from ..planning.cohorts import CohortRef, check_roster_refs, load_cohort, settings_for
from ..errors import BuildError, ContentError, ScheduleError
from ..content.models import Cohort, Pair
from .outputs import Output
from ..paths import safe_component
from ..content.project import Project
from ..planning.roster import read_roster
from ..planning.schedule import Slot, _blocked, _candidates, add_months, holiday_calendar, schedule


@dataclass
class PairPlan:
    pair: Pair
    slots: list[Slot]
    sessions: list[SessionPlan]
    problem: str | None = None  # why the pair could not be scheduled (English, for the console)
    problem_detail: dict | None = None  # the same, as data, for documents in the pair's language

    @property
    def scheduled(self) -> bool:
        return self.problem is None


@dataclass
class GroupEvent:
    id: str
    title: dict
    purpose: dict
    start: dt.datetime
    minutes: int
    items: list[AgendaItem]


def selected_cohorts(project: Project, ids: list[str], roster: Path | None) -> list[CohortRef]:
    """The cohorts to build: all listed, those named with --cohort, or one ad-hoc --roster."""
    refs: list[CohortRef] = []
    problems = []
    for rel in project.programme.cohorts:
        ref, diags = load_cohort(project, rel)
        problems += diags
        if ref is not None:
            refs.append(ref)
    if problems:
        raise ContentError(problems)
    if roster is not None:
        base = refs[0].cohort if refs else Cohort(id="roster", name="Roster", roster=str(roster),
                                                   start=_next_monday(dt.date.today()))
        try:
            cid = safe_component(Path(roster).stem)
        except ValueError as exc:
            raise BuildError(f"the roster file name cannot name a folder: {exc}") from None
        return [CohortRef(cid, base.model_copy(update={"id": cid, "name": base.name}), Path(roster), Path(roster).resolve())]
    if ids:
        known = {r.id: r for r in refs}
        missing = [i for i in ids if i not in known]
        if missing:
            raise BuildError(f"unknown cohort {missing[0]!r}; the programme lists: {', '.join(known) or 'none'}")
        return [known[i] for i in ids]
    return refs


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7)


def plan_pairs(project: Project, ref: CohortRef) -> list[PairPlan]:
    """Schedule and fill every pair of a cohort; pairs that cannot fit carry their reason."""
    roster, doc = read_roster(ref.roster_path, project.root)
    problems = check_roster_refs(project, roster, doc)
    if problems:
        raise ContentError(problems)
    prog = project.programme
    out: list[PairPlan] = []
    for pair in roster.pairs:
        s = settings_for(project, ref.cohort, pair)
        try:
            slots = schedule(
                pair_id=pair.id, start=ref.cohort.start, weekday=s.weekday, at=s.time,
                cadence_weeks=s.cadence_weeks, sessions=s.sessions, minutes=s.session_minutes,
                max_months=s.max_months, timezone=prog.timezone, country=prog.country, unavailable=pair.unavailable,
            )
        except ScheduleError as exc:
            out.append(PairPlan(pair, [], [], problem=exc.message, problem_detail=exc.detail))
            continue
        sessions = plan_sessions(project, pair, [sl.kind for sl in slots], s.session_minutes)
        out.append(PairPlan(pair, slots, sessions))
    return out


def _working_day(day: dt.date, off) -> dt.date:
    for d in _candidates(day):
        if _blocked(d, off, set()) is None:
            return d
    return day


def group_events(project: Project, ref: CohortRef, pairs: list[PairPlan]) -> list[GroupEvent]:
    """Mentor training before the start, a group kick-off, a mid-point check-in, a closing celebration."""
    from zoneinfo import ZoneInfo

    c = ref.cohort
    prog = project.programme
    tz = ZoneInfo(prog.timezone)
    end = max((p.slots[-1].date for p in pairs if p.scheduled), default=add_months(c.start, prog.defaults.max_months))
    off = holiday_calendar(prog.country, range(c.start.year - 1, end.year + 2))
    dates = {
        "mentor-training": c.start - dt.timedelta(days=7),
        "group-kickoff": c.start,
        "midpoint-checkin": c.start + (end - c.start) / 2,
        "closing-celebration": end + dt.timedelta(days=7),
    }
    events = []
    for ev in project.sessions.group_events:
        day = _working_day(dates.get(ev.id, c.start), off)
        start = dt.datetime.combine(day, c.events_start, tzinfo=tz)
        items = plan_event(ev)
        events.append(GroupEvent(ev.id, ev.title, ev.purpose, start, sum(i.minutes for i in items), items))
    return sorted(events, key=lambda e: e.start)


# Printed after print.css with every private document (templates that extend print/plan-base.html).
PLAN_CSS = ("print/plans.css",)

# Up to this many pairs the overview PDF lists every pair (about 15 landscape pages); a larger
# cohort gets a summary by department instead, and the full list stays in overview.csv: a
# 125-page table is not read on paper, and laying it out took ~380 MB at 1000 pairs.
OVERVIEW_LIST_MAX = 120


@dataclass(frozen=True)
class DepartmentRow:
    """One line of the overview's summary by mentee department."""

    department: str
    pairs: int
    scheduled: int
    sessions: int
    first: dt.date | None
    last: dt.date | None


def by_department(pairs: list[PairPlan]) -> list[DepartmentRow]:
    """Pairs, scheduled pairs, sessions and dates per mentee department, largest first
    (pairs without a department last, under an empty name)."""
    groups: dict[str, list[PairPlan]] = {}
    for p in pairs:
        groups.setdefault(p.pair.mentee.department or "", []).append(p)
    rows = []
    for name, group in groups.items():
        done = [p for p in group if p.scheduled]
        rows.append(DepartmentRow(
            name, len(group), len(done), sum(len(p.slots) for p in done),
            min((p.slots[0].date for p in done), default=None), max((p.slots[-1].date for p in done), default=None)))
    return sorted(rows, key=lambda r: (not r.department, -r.pairs, r.department.casefold()))


def _safe_csv(value) -> str:
    """A cell a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def overview_csv(ref: CohortRef, pairs: list[PairPlan], project: Project, lang: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    w.writerow(["pair", "mentor", "mentee", "mentee_department", "language", "session", "type", "date", "start",
                "minutes", "topic", "status"])
    for p in pairs:
        if not p.scheduled:
            w.writerow([_safe_csv(x) for x in (p.pair.id, p.pair.mentor.name, p.pair.mentee.name,
                                               p.pair.mentee.department, p.pair.language, "", "", "", "", "", "",
                                               "not scheduled: " + p.problem)])
            continue
        for slot, sess in zip(p.slots, p.sessions):
            topic = sess.module.title.get(lang) if sess.module else ""
            w.writerow([_safe_csv(x) for x in (
                p.pair.id, p.pair.mentor.name, p.pair.mentee.name, p.pair.mentee.department, p.pair.language,
                slot.number, slot.kind, slot.date.isoformat(), slot.start.strftime("%H:%M"), slot.minutes, topic,
                "moved: " + slot.moved_because if slot.moved_because else "planned")])
    # UTF-8 with BOM so Excel opens accents correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _session_title(project: Project, sess: SessionPlan, lang: str) -> str:
    name = project.programme.name[lang]
    what = sess.session_type.title[lang]
    if sess.module is not None:
        what += " — " + sess.module.title[lang]
    return f"{name} · {sess.number}. {what}"


def pair_calendar(project: Project, ref: CohortRef, p: PairPlan) -> bytes:
    lang = p.pair.language
    c = ref.cohort
    events = []
    for slot, sess in zip(p.slots, p.sessions):
        agenda = "\n".join(f"{i.minutes} min — {i.block.title[lang]}" for i in sess.items)
        events.append(CalendarEvent(
            key=f"{ref.id}/{p.pair.id}/{slot.number}", start=slot.start, minutes=slot.minutes,
            summary=_session_title(project, sess, lang), description=agenda,
            location=c.location, url=c.video_link,
        ))
    return to_ics(events, name=project.programme.name[lang])


def events_calendar(project: Project, ref: CohortRef, events: list[GroupEvent], lang: str) -> bytes:
    cal = [CalendarEvent(key=f"{ref.id}/event/{e.id}", start=e.start, minutes=e.minutes,
                         summary=f"{project.programme.name[lang]} · {e.title[lang]}",
                         description="\n".join(f"{i.minutes} min — {i.block.title[lang]}" for i in e.items),
                         location=ref.cohort.location, url=ref.cohort.video_link) for e in events]
    return to_ics(cal, name=f"{project.programme.name[lang]} — {ref.cohort.name}")


def _plan_env(project: Project, lang: str):
    """The print environment (labels, Markdown for print) plus the dates a plan writes."""
    from babel.dates import format_date

    from .books import print_env

    env = print_env(project, lang)
    # British day-month order on A4, American on Letter; French is French either way.
    locale = ("en_US" if project.programme.paper == "Letter" else "en_GB") if lang == "en" else lang
    env.filters["day_full"] = lambda d: format_date(d, format="full", locale=locale)
    env.filters["day_long"] = lambda d: format_date(d, format="long", locale=locale)
    env.filters["day_short"] = lambda d: format_date(d, format="EEE d MMM", locale=locale)
    env.filters["day_fmt"] = lambda d, pattern: format_date(d, format=pattern, locale=locale)
    return env


def _render(env, template: str, lang: str, context: dict) -> str:
    """One private document's HTML, French typography applied; template errors name the template."""
    import jinja2

    from .books import PrintMarkdown
    from ..render.typography import typeset

    # A fresh Markdown converter per document: its ids restart, so one pair's content never
    # changes another pair's HTML (and cache key).
    md = PrintMarkdown(dict(env.globals["L"].get("admonition", {})))
    env.filters["pmd"], env.filters["pmd_inline"] = md, md.inline
    try:
        html = env.get_template(template).render(context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or template
        line = getattr(exc, "lineno", None)
        raise BuildError(f"{where}{f':{line}' if line else ''}: {exc}") from exc
    return typeset(html, lang)


def _facts(p: PairPlan) -> list:
    """What a pair's documents show, as plain data, for input digests. Self-assessment scores are
    left out on purpose: they only matter through the topics chosen, which are included."""
    person = {"mentor", "mentee", "id", "language", "goals"}
    schedule_facts = [
        (s.number, s.kind, s.date.isoformat(), s.start.isoformat(), s.minutes, s.moved_because,
         sess.module.id if sess.module else None, sess.coaching.id if sess.coaching else None,
         [(i.block.id, i.minutes, [(a.id, m) for a, m in i.activities]) for i in sess.items])
        for s, sess in zip(p.slots, p.sessions)
    ]
    return [p.pair.model_dump(mode="json", include=person), schedule_facts, p.problem, p.problem_detail]


def cohort_outputs(project: Project, ref: CohortRef) -> list[Output]:
    """Every private output of one cohort (validates the roster and agendas first)."""
    from .books import page_context, print_deps
    from ..render.calendar_svg import cohort_calendar_svg

    from .digests import base_digest, digest

    pairs = plan_pairs(project, ref)
    lang0 = project.programme.default_language
    deps = print_deps(project, PLAN_CSS)
    # Modules are left out here: each document adds the digests of the modules it read.
    shared = digest(base_digest(project), ref.id, ref.cohort, deps)
    outs: list[Output] = []
    envs: dict = {}  # one print environment per language: templates compile once

    def env_for(lang: str):
        if lang not in envs:
            envs[lang] = _plan_env(project, lang)
        return envs[lang]

    def printed(dest: str, label: str, lang: str, title: str, template: str, context, *inputs,
                alone: bool = False) -> Output:
        """A PDF whose HTML is rendered only if its inputs (and the modules it read) changed.
        `context` is the template's data, or a function returning it (for costly data); `alone`
        marks a document that grows with the cohort (printed while no other is, for memory)."""
        out = Output(dest, label, lang=lang, title=title, deps=deps, inputs=digest(shared, dest, template, *inputs),
                     alone=alone, stylesheets=PLAN_CSS)

        def make() -> str:
            data = context() if callable(context) else context
            ctx = {**page_context(project, lang), "programme": project.programme, "project": project,
                   "cohort": ref.cohort, "lang": lang, "doc_title": title, **data}
            with project.modules.recording() as used:
                html = _render(env_for(lang), template, lang, ctx)
            sessions = [s for p in data.get("pairs", [data.get("plan")]) if p for s in p.sessions]
            out.uses = frozenset(used | {s.module.id for s in sessions if s.module})
            return html

        out.make = make
        return out

    def plain(dest: str, label: str, make_data, *inputs) -> Output:
        """A file (calendar, table) made only if its inputs changed; it reads no module text."""
        return Output(dest, label, make_data=make_data, inputs=digest(shared, dest, *inputs), uses=frozenset())

    for p in pairs:
        if not p.scheduled:
            click.echo(f"warning: {ref.id}: {p.problem}", err=True)
            continue
        lang = p.pair.language
        facts = digest(_facts(p))  # once per pair: every document of the pair shows these
        ctx = {"pair": p.pair, "plan": p, "sessions": list(zip(p.slots, p.sessions)),
               "assessment": project.assessment}
        folder = f"pairs/{p.pair.id}"
        for audience, name in (("mentor", "mentor-plan"), ("mentee", "mentee-plan")):
            title = f"{project.programme.name[lang]} — plan {p.pair.id}"
            outs.append(printed(f"{folder}/{name}.pdf", f"{ref.id} {p.pair.id} {name}", lang, title,
                                "print/plan.html", {**ctx, "audience": audience, "doc_kind": f"plan {name}"},
                                facts))
        title = f"{project.programme.name[lang]} — {p.pair.id}"
        outs.append(printed(f"{folder}/booklet-insert.pdf", f"{ref.id} {p.pair.id} insert", lang, title,
                            "print/insert.html", {**ctx, "doc_kind": "plan insert"}, facts))
        outs.append(plain(f"{folder}/sessions.ics", f"{ref.id} {p.pair.id} calendar",
                          lambda p=p: pair_calendar(project, ref, p), facts))

    events = group_events(project, ref, pairs)
    # The group events are placed from the pairs' dates: the pairs' facts cover them.
    everyone = digest([_facts(p) for p in pairs])

    def cohort_context(kind: str):
        return lambda: {"events": events, "pairs": pairs, "calendar_svg": cohort_calendar_svg(pairs, events, lang0),
                        "departments": by_department(pairs), "list_max": OVERVIEW_LIST_MAX, "doc_kind": kind}

    title = f"{project.programme.name[lang0]} — {ref.cohort.name}"
    outs.append(printed("group-events.pdf", f"{ref.id} group events", lang0, title, "print/events.html",
                        cohort_context("plan events"), everyone, alone=True))
    outs.append(plain("group-events.ics", f"{ref.id} group events calendar",
                      lambda: events_calendar(project, ref, events, lang0), everyone))
    outs.append(printed("overview.pdf", f"{ref.id} overview", lang0, title, "print/overview.html",
                        cohort_context("plan overview"), everyone, alone=True))
    outs.append(plain("overview.csv", f"{ref.id} overview table", lambda: overview_csv(ref, pairs, project, lang0),
                      everyone))
    return outs
