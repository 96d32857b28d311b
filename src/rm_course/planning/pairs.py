"""A cohort's pairs planned: each pair's dates and agendas, the group events, the summary by department.

Pure data, in memory: nothing here renders or writes. Pairs that cannot be scheduled carry
their reason, so the documents can say why in the pair's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content.models import Pair
from ..content.project import Project
from ..errors import ContentError, ScheduleError
from .agenda import AgendaItem, SessionPlan, plan_event, plan_sessions
from .cohorts import CohortRef, check_roster_refs, settings_for
from .roster import read_roster
from .schedule import Slot, add_months, holiday_calendar, next_working_day, schedule


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
    audiences: list[str] = field(default_factory=list)  # who the event is for; empty: everyone
    reading: list = field(default_factory=list)  # the modules to read before


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


def group_events(project: Project, ref: CohortRef, pairs: list[PairPlan]) -> list[GroupEvent]:
    """The cohort's group events: those with `days_before_start` that many days before the start (the
    manager briefing, mentor training, mentee orientation), a group kick-off, a mid-point check-in,
    a closing celebration."""
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
        when = c.start - dt.timedelta(days=ev.days_before_start) if ev.days_before_start is not None else None
        day = next_working_day(when or dates.get(ev.id, c.start), off)
        start = dt.datetime.combine(day, c.events_start, tzinfo=tz)
        items = plan_event(ev, project)
        reading = [project.modules[m] for m in ev.reading if m in project.modules]
        events.append(GroupEvent(ev.id, ev.title, ev.purpose, start, sum(i.minutes for i in items), items,
                                 [a.value for a in ev.audiences], reading))
    return sorted(events, key=lambda e: e.start)


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


def pair_facts(p: PairPlan) -> list:
    """What a pair's documents show, as plain data, for input digests. Self-assessment scores are
    left out on purpose: they only matter through the topics chosen, which are included."""
    person = {"mentor", "mentee", "id", "language", "goals"}
    schedule_facts = [
        (s.number, s.kind, s.date.isoformat(), s.start.isoformat(), s.minutes, s.moved_because, str(s.gap_asked),
         sess.module.id if sess.module else None, sess.coaching.id if sess.coaching else None,
         [(i.block.id, i.minutes, [(a.id, m) for a, m in i.activities]) for i in sess.items])
        for s, sess in zip(p.slots, p.sessions)
    ]
    return [p.pair.model_dump(mode="json", include=person), schedule_facts, p.problem, p.problem_detail]
