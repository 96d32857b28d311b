"""A cohort's private documents: per-pair plans, inserts and calendars; the cohort's events and overview.

Everything here is personal data: it is written under private/<cohort>/ only, files are named
after pair ids, and progress labels and messages name pair ids, never people. The pairs are
planned by `rm_course.planning.pairs`; this module only turns the plans into outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..content.project import Project
from ..planning.agenda import SessionPlan
from ..planning.cohorts import CohortRef, selected_cohorts
from ..planning.pairs import GroupEvent, PairPlan, by_department, group_events, pair_facts, plan_pairs
from ..render.calendar_ics import CalendarEvent, to_ics
from ..render.calendar_svg import cohort_calendar_svg
from ..render.clock import clock, of_day, time_range
from ..render.printenv import page_context, print_env, render_document
from .digests import base_digest, digest, print_deps
from .outputs import Output
from .overview_table import overview_csv as table_csv
from .overview_table import safe_csv
from .session_text import session_description

__all__ = ["OVERVIEW_LIST_MAX", "PLAN_CSS", "by_department", "cohort_outputs", "events_calendar", "overview_csv",
           "pair_calendar", "plan_pairs", "safe_csv", "selected_cohorts"]

# Printed after print.css with every private document (templates that extend print/plan-base.html).
PLAN_CSS = ("print/plans.css",)

# Up to this many pairs the overview PDF lists every pair (about 15 landscape pages); a larger
# cohort gets a summary by department instead, and the full list stays in overview.csv: a
# 125-page table is not read on paper, and laying it out took ~380 MB at 1000 pairs.
OVERVIEW_LIST_MAX = 120


# ---------------------------------------------------------------------------- files


def overview_csv(ref: CohortRef, pairs: list[PairPlan], project: Project, lang: str, keys: bool = False) -> bytes:
    """overview.csv of a cohort (see `overview_table`)."""
    words = plan_env(project, lang).get_template("print/plan-labels.html").module.labels[lang]
    return table_csv(pairs, project, lang, words, keys)


def _session_title(project: Project, sess: SessionPlan, lang: str) -> str:
    name = project.programme.name[lang]
    what = sess.session_type.title[lang]
    if sess.module is not None:
        what += " — " + sess.module.title[lang]
    return f"{name} · {sess.number}. {what}"


def pair_calendar(project: Project, ref: CohortRef, p: PairPlan, words: dict, pages: dict | None = None) -> bytes:
    """The pair's sessions; each event says what to prepare and bring (`words`: the plan labels of
    the pair's language, `pages`: the workbook pages the plans cite) and gives the agenda."""
    lang = p.pair.language
    c = ref.cohort
    events = []
    for slot, sess in zip(p.slots, p.sessions):
        events.append(CalendarEvent(
            key=f"{ref.id}/{p.pair.id}/{slot.number}", start=slot.start, minutes=slot.minutes,
            summary=_session_title(project, sess, lang),
            description=session_description(sess, slot, lang, words, pages or {}),
            location=c.location, url=c.video_link,
        ))
    return to_ics(events, name=project.programme.name[lang])


def _event_agenda(e: GroupEvent, lang: str) -> str:
    """An event's blocks, each followed by its run sheet (module → activity, minutes)."""
    lines = []
    for i in e.items:
        lines.append(f"{i.minutes} min — {i.block.title[lang]}")
        lines += [f"  · {m.title[lang]} → {a.title[lang]} ({n} min)" for m, a, n in i.run_sheet]
    return "\n".join(lines)


def events_calendar(project: Project, ref: CohortRef, events: list[GroupEvent], lang: str) -> bytes:
    cal = [CalendarEvent(key=f"{ref.id}/event/{e.id}", start=e.start, minutes=e.minutes,
                         summary=f"{project.programme.name[lang]} · {e.title[lang]}",
                         description=_event_agenda(e, lang),
                         location=ref.cohort.location, url=ref.cohort.video_link) for e in events]
    return to_ics(cal, name=f"{project.programme.name[lang]} — {ref.cohort.name}")


# ---------------------------------------------------------------------------- printed documents


def plan_env(project: Project, lang: str):
    """The print environment (labels, Markdown for print) plus the dates a plan writes."""
    from babel.dates import format_date

    env = print_env(project, lang)
    # British day-month order on A4, American on Letter; French is French either way.
    locale = ("en_US" if project.programme.paper == "Letter" else "en_GB") if lang == "en" else lang
    env.filters["day_full"] = lambda d: format_date(d, format="full", locale=locale)
    env.filters["day_long"] = lambda d: format_date(d, format="long", locale=locale)
    env.filters["day_short"] = lambda d: format_date(d, format="EEE d MMM", locale=locale)
    env.filters["day_fmt"] = lambda d, pattern: format_date(d, format=pattern, locale=locale)
    env.filters["clock"] = lambda minutes: clock(minutes, lang)
    env.filters["time_range"] = lambda start, minutes: time_range(of_day(start), of_day(start) + minutes, lang)
    return env


class CohortDocuments:
    """Makes the outputs of one cohort: what all its documents share, and one print environment
    per language (templates compile once)."""

    def __init__(self, project: Project, ref: CohortRef, pages: dict | None = None, csv_keys: bool = False):
        self.project, self.ref, self.csv_keys = project, ref, csv_keys
        self.deps = print_deps(project, PLAN_CSS)
        # lang → book → anchor → page: the workbook pages the plans cite, so they key the plans too.
        self.pages = pages or {}
        # Modules are left out here: each document adds the digests of the modules it read.
        self.shared = digest(base_digest(project), ref.id, ref.cohort, self.deps, self.pages)
        self.envs: dict[str, Any] = {}

    def env(self, lang: str):
        if lang not in self.envs:
            self.envs[lang] = plan_env(self.project, lang)
        return self.envs[lang]

    def words(self, lang: str) -> dict:
        """The plan labels of one language (print/plan-labels.html), for the calendars."""
        return self.env(lang).get_template("print/plan-labels.html").module.labels[lang]

    def printed(self, dest: str, label: str, lang: str, title: str, template: str,
                context: dict | Callable[[], dict], *inputs, alone: bool = False) -> Output:
        """A PDF whose HTML is rendered only if its inputs (and the modules it read) changed.
        `context` is the template's data, or a function returning it (for costly data); `alone`
        marks a document that grows with the cohort (printed while no other is, for memory)."""
        project = self.project
        out = Output(dest, label, lang=lang, title=title, deps=self.deps,
                     inputs=digest(self.shared, dest, template, *inputs), alone=alone, stylesheets=PLAN_CSS)

        def make() -> str:
            data = context() if callable(context) else context
            ctx = {**page_context(project, lang), "programme": project.programme, "project": project,
                   "cohort": self.ref.cohort, "lang": lang, "doc_title": title,
                   "pages": self.pages.get(lang, {}), **data}
            with project.modules.recording() as used:
                html = render_document(self.env(lang), template, lang, ctx)
            sessions = [s for p in data.get("pairs", [data.get("plan")]) if p for s in p.sessions]
            out.uses = frozenset(used | {s.module.id for s in sessions if s.module})
            return html

        out.make = make
        return out

    def plain(self, dest: str, label: str, make_data: Callable[[], bytes], *inputs) -> Output:
        """A file (calendar, table) made only if its inputs changed; it reads no module text."""
        return Output(dest, label, make_data=make_data, inputs=digest(self.shared, dest, *inputs), uses=frozenset())

    def pair_outputs(self, p: PairPlan) -> list[Output]:
        """A scheduled pair's mentor and mentee plans, booklet insert and calendar."""
        project, ref = self.project, self.ref
        lang = p.pair.language
        facts = digest(pair_facts(p))  # once per pair: every document of the pair shows these
        ctx = {"pair": p.pair, "plan": p, "sessions": list(zip(p.slots, p.sessions)),
               "assessment": project.assessment}
        folder = f"pairs/{p.pair.id}"
        outs = []
        for audience, name in (("mentor", "mentor-plan"), ("mentee", "mentee-plan")):
            title = f"{project.programme.name[lang]} — plan {p.pair.id}"
            outs.append(self.printed(f"{folder}/{name}.pdf", f"{ref.id} {p.pair.id} {name}", lang, title,
                                     "print/plan.html", {**ctx, "audience": audience, "doc_kind": f"plan {name}"},
                                     facts))
        title = f"{project.programme.name[lang]} — {p.pair.id}"
        outs.append(self.printed(f"{folder}/booklet-insert.pdf", f"{ref.id} {p.pair.id} insert", lang, title,
                                 "print/insert.html", {**ctx, "doc_kind": "plan insert"}, facts))
        outs.append(self.plain(f"{folder}/sessions.ics", f"{ref.id} {p.pair.id} calendar",
                               lambda: pair_calendar(project, ref, p, self.words(lang), self.pages.get(lang)),
                               facts))
        return outs

    def cohort_outputs(self, pairs: list[PairPlan]) -> list[Output]:
        """The cohort-wide documents: group events (PDF and calendar), overview (PDF and table)."""
        project, ref = self.project, self.ref
        lang0 = project.programme.default_language
        events = group_events(project, ref, pairs)
        # The group events are placed from the pairs' dates: the pairs' facts cover them.
        everyone = digest([pair_facts(p) for p in pairs])

        def context(kind: str):
            return lambda: {"events": events, "pairs": pairs, "calendar_svg": cohort_calendar_svg(pairs, events, lang0),
                            "departments": by_department(pairs), "list_max": OVERVIEW_LIST_MAX, "doc_kind": kind}

        title = f"{project.programme.name[lang0]} — {ref.cohort.name}"
        return [
            self.printed("group-events.pdf", f"{ref.id} group events", lang0, title, "print/events.html",
                         context("plan events"), everyone, alone=True),
            self.plain("group-events.ics", f"{ref.id} group events calendar",
                       lambda: events_calendar(project, ref, events, lang0), everyone),
            self.printed("overview.pdf", f"{ref.id} overview", lang0, title, "print/overview.html",
                         context("plan overview"), everyone, alone=True),
            self.plain("overview.csv", f"{ref.id} overview table",
                       lambda: table_csv(pairs, project, lang0, self.words(lang0), self.csv_keys), everyone,
                       self.csv_keys),
        ]


def cohort_outputs(project: Project, ref: CohortRef, pages: dict | None = None, csv_keys: bool = False) -> list[Output]:
    """Every private output of one cohort (validates the roster and agendas first); `pages`
    (lang → book → anchor → page) lets the plans give the workbook page of what they cite;
    `csv_keys` heads overview.csv with stable machine keys instead of the language's words."""
    pairs = plan_pairs(project, ref)
    documents = CohortDocuments(project, ref, pages, csv_keys)
    outs: list[Output] = []
    for p in pairs:
        if not p.scheduled:
            click.echo(f"warning: {ref.id}: {p.problem}", err=True)
            continue
        outs += documents.pair_outputs(p)
    return outs + documents.cohort_outputs(pairs)
