"""Cross-reference, timing, translation and freshness checks over a loaded project."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

from ...errors import Diagnostic
from ..models import Module
from ..project import Project

PAIR_SESSION_TYPES = ("kickoff", "topic", "midpoint", "closing")


def today(pinned: dt.date | None = None) -> dt.date:
    """The date checks compare against: --today, else SOURCE_DATE_EPOCH, else the clock."""
    if pinned:
        return pinned
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def fits(blocks, slot: int) -> bool:
    return sum(b.min_minutes for b in blocks) <= slot <= sum(b.max_minutes for b in blocks)


def programme_span_days(sessions: int, cadence_weeks: int) -> int:
    """Days from the first to the last session when nothing has to move."""
    return (sessions - 1) * cadence_weeks * 7


def max_days(months: int) -> int:
    return int(months * 30.44)


def _duplicates(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def check_project(project: Project, *, on: dt.date | None = None) -> list[Diagnostic]:
    """Every problem that needs more than one file to see; warnings carry severity='warning'."""
    diags: list[Diagnostic] = []
    docs = project.docs
    modules = project.modules
    tool_ids = {t.id for t in project.tools.tools}
    term_ids = {t.id for t in project.glossary.terms}
    now = today(on)
    prog = project.programme

    def mod_doc(m: Module):
        return docs[f"module:{m.id}"]

    # -- catalogues: duplicate ids
    for key, items, field_name in (
        ("tools", project.tools.tools, "tools"),
        ("glossary", project.glossary.terms, "terms"),
        ("assessment", project.assessment.dimensions, "dimensions"),
        ("sessions", project.sessions.session_types, "session_types"),
        ("sessions", project.sessions.group_events, "group_events"),
        ("tracks", project.tracks.tracks, "tracks"),
    ):
        ids = [str(getattr(it, "id", "")) for it in items]
        for dup in _duplicates(ids):
            last = len(ids) - 1 - ids[::-1].index(dup)
            diags.append(docs[key].diag((field_name, last, "id"), f"duplicate id {dup!r}; ids must be unique"))

    # -- modules
    for m in modules.values():
        doc = mod_doc(m)
        for i, pre in enumerate(m.prerequisites):
            if pre not in modules:
                diags.append(doc.diag(("prerequisites", i), f"unknown prerequisite module {pre!r}"))
            elif pre == m.id:
                diags.append(doc.diag(("prerequisites", i), "a module cannot be its own prerequisite"))
        for i, tool in enumerate(m.tools):
            if tool not in tool_ids:
                diags.append(doc.diag(("tools", i), f"unknown tool {tool!r}; declare it in curriculum/tools.yml"))
        for i, term in enumerate(m.glossary):
            if term not in term_ids:
                diags.append(doc.diag(("glossary", i), f"unknown glossary term {term!r}; add it to curriculum/glossary.yml"))
        for dup in _duplicates([a.id for a in m.activities]):
            diags.append(doc.diag(("activities",), f"duplicate activity id {dup!r} in this module"))
        total = sum(a.minutes for a in m.activities)
        if total > m.minutes:
            diags.append(
                doc.diag(("minutes",), f"the activities add up to {total} minutes, more than the module's "
                         f"{m.minutes}; raise `minutes` or shorten an activity")
            )
        age = (now - m.reviewed_on).days
        if age > prog.freshness_days:
            diags.append(
                doc.diag(("reviewed_on",), f"last reviewed {age} days ago (limit {prog.freshness_days}); "
                         "check the content against today's tools and update reviewed_on", severity="warning")
            )
        if m.reviewed_on > now:
            diags.append(doc.diag(("reviewed_on",), "reviewed_on is in the future"))
        if not m.sources:
            diags.append(doc.diag((), "the module states facts but lists no sources", severity="warning"))

    # -- circular prerequisites (depth-first search, report each cycle once)
    state: dict[str, int] = {}
    reported: set[frozenset] = set()

    def visit(mid: str, path: list[str]) -> None:
        state[mid] = 1
        for pre in modules[mid].prerequisites:
            if pre not in modules:
                continue
            if state.get(pre) == 1:
                cycle = path[path.index(pre):] + [pre]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    m = modules[mid]
                    diags.append(mod_doc(m).diag(("prerequisites",), "circular prerequisites: " + " → ".join(cycle)))
            elif pre not in state:
                visit(pre, path + [pre])
        state[mid] = 2

    for mid in modules:
        if mid not in state:
            visit(mid, [mid])

    # -- glossary and assessment point at modules
    for i, term in enumerate(project.glossary.terms):
        for j, mid in enumerate(term.modules):
            if mid not in modules:
                diags.append(docs["glossary"].diag(("terms", i, "modules", j), f"unknown module {mid!r}"))
    for i, dim in enumerate(project.assessment.dimensions):
        for j, mid in enumerate(dim.modules):
            if mid not in modules:
                diags.append(docs["assessment"].diag(("dimensions", i, "modules", j), f"unknown module {mid!r}"))

    # -- timeline: a dated fact needs a source
    for i, ev in enumerate(project.timeline.events):
        if ev.source is None:
            diags.append(docs["timeline"].diag(("events", i), "a dated fact without a source", severity="warning"))

    # -- session types: blocks must be able to fill the slot
    slot = prog.defaults.session_minutes
    ids = {st.id for st in project.sessions.session_types}
    for needed in PAIR_SESSION_TYPES:
        if needed not in ids:
            diags.append(docs["sessions"].diag(("session_types",), f"the session type {needed!r} is missing"))
    for group, items in (("session_types", project.sessions.session_types), ("group_events", project.sessions.group_events)):
        for i, st in enumerate(items):
            for j, b in enumerate(st.blocks):
                if not b.min_minutes <= b.minutes <= b.max_minutes:
                    diags.append(docs["sessions"].diag(
                        (group, i, "blocks", j), f"minutes ({b.minutes}) must lie between min_minutes "
                        f"({b.min_minutes}) and max_minutes ({b.max_minutes})"))
            for j, mid in enumerate(st.modules):
                if mid not in modules:
                    diags.append(docs["sessions"].diag((group, i, "modules", j), f"unknown module {mid!r}"))
            length = st.minutes if group == "group_events" else slot
            if length is None:
                diags.append(docs["sessions"].diag((group, i), "a group event needs `minutes`"))
            elif not fits(st.blocks, length):
                lo = sum(b.min_minutes for b in st.blocks)
                hi = sum(b.max_minutes for b in st.blocks)
                diags.append(docs["sessions"].diag(
                    (group, i, "blocks"), f"the blocks fill {lo}–{hi} minutes and cannot fill a {length}-minute "
                    "slot; widen their min/max bounds"))

    # -- programme defaults must fit the maximum duration
    d = prog.defaults
    span = programme_span_days(d.sessions, d.cadence_weeks)
    if span > max_days(d.max_months):
        diags.append(docs["programme"].diag(
            ("defaults",), f"{d.sessions} sessions every {d.cadence_weeks} weeks take {span} days, more than "
            f"max_months ({d.max_months}); fewer sessions or a shorter cadence"))

    # -- brand colours must stay readable (WCAG AA, 4.5:1)
    b = prog.branding
    for bg, fg in (("primary", "primary_text"), ("accent", "accent_text")):
        ratio = contrast(getattr(b, bg), getattr(b, fg))
        if ratio < 4.5:
            diags.append(docs["programme"].diag(
                ("branding", fg), f"{fg} on {bg} has a contrast of {ratio:.1f}:1, under 4.5:1; pick darker or lighter colours"))
    ratio = contrast(b.accent, "#ffffff")
    if ratio < 4.5:
        diags.append(docs["programme"].diag(
            ("branding", "accent"), f"the accent colour has a contrast of {ratio:.1f}:1 on white pages (links); "
            "it needs 4.5:1"))
    if b.logo:
        logo = project.root / "assets" / b.logo
        if not logo.is_file():
            diags.append(docs["programme"].diag(("branding", "logo"), f"the logo assets/{b.logo} does not exist"))

    # -- cohorts: every listed cohort file must exist (rosters are read by the plans build)
    for i, rel in enumerate(prog.cohorts):
        if not (project.root / rel).is_file():
            diags.append(docs["programme"].diag(("cohorts", i), f"the cohort file {rel} does not exist"))
    return diags
