"""Checks of the session types and group events: every pair session exists and its blocks can fill the slot."""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..project import Project

PAIR_SESSION_TYPES = ("kickoff", "topic", "midpoint", "closing")


def fits(blocks, slot: int) -> bool:
    return sum(b.min_minutes for b in blocks) <= slot <= sum(b.max_minutes for b in blocks)


def _agenda_problems(project: Project, group: str, i: int, st, length: int | None):
    doc = project.docs["sessions"]
    for j, b in enumerate(st.blocks):
        if not b.min_minutes <= b.minutes <= b.max_minutes:
            yield doc.diag((group, i, "blocks", j), f"minutes ({b.minutes}) must lie between min_minutes "
                           f"({b.min_minutes}) and max_minutes ({b.max_minutes})")
    for j, mid in enumerate(st.modules):
        if mid not in project.modules:
            yield doc.diag((group, i, "modules", j), f"unknown module {mid!r}")
    if length is None:
        yield doc.diag((group, i), "a group event needs `minutes`")
    elif not fits(st.blocks, length):
        lo = sum(b.min_minutes for b in st.blocks)
        hi = sum(b.max_minutes for b in st.blocks)
        yield doc.diag((group, i, "blocks"), f"the blocks fill {lo}–{hi} minutes and cannot fill a {length}-minute "
                       "slot; widen their min/max bounds")


def session_types(project: Project, now: dt.date) -> list[Diagnostic]:
    """The four pair session types exist; each block's preferred length lies within its bounds; the
    blocks can fill the slot (a pair session) or the event's own length (a group event)."""
    diags = []
    ids = {st.id for st in project.sessions.session_types}
    for needed in PAIR_SESSION_TYPES:
        if needed not in ids:
            diags.append(project.docs["sessions"].diag(("session_types",), f"the session type {needed!r} is missing"))
    slot = project.programme.defaults.session_minutes
    for group, items in (("session_types", project.sessions.session_types),
                         ("group_events", project.sessions.group_events)):
        for i, st in enumerate(items):
            length = st.minutes if group == "group_events" else slot
            diags += _agenda_problems(project, group, i, st, length)
    return diags
