"""Checks of the shared files: unique ids, references to modules, sources of dated facts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ...errors import Diagnostic
from ..project import Project


def duplicates(ids: list[str]) -> list[str]:
    """The ids listed more than once."""
    return [i for i, n in Counter(ids).items() if n > 1]


def duplicate_ids(project: Project, now: dt.date) -> list[Diagnostic]:
    """Ids must be unique in each catalogue (the last repeat is the one reported)."""
    diags = []
    for key, items, field_name in (
        ("tools", project.tools.tools, "tools"),
        ("glossary", project.glossary.terms, "terms"),
        ("assessment", project.assessment.dimensions, "dimensions"),
        ("sessions", project.sessions.session_types, "session_types"),
        ("sessions", project.sessions.group_events, "group_events"),
        ("tracks", project.tracks.tracks, "tracks"),
    ):
        ids = [str(getattr(it, "id", "")) for it in items]
        for dup in duplicates(ids):
            last = len(ids) - 1 - ids[::-1].index(dup)
            diags.append(project.docs[key].diag((field_name, last, "id"), f"duplicate id {dup!r}; ids must be unique"))
    return diags


def references_to_modules(project: Project, now: dt.date) -> list[Diagnostic]:
    """Glossary terms and assessment dimensions may only name modules that exist."""
    diags = []
    modules = project.modules
    for i, term in enumerate(project.glossary.terms):
        for j, mid in enumerate(term.modules):
            if mid not in modules:
                diags.append(project.docs["glossary"].diag(("terms", i, "modules", j), f"unknown module {mid!r}"))
    for i, dim in enumerate(project.assessment.dimensions):
        for j, mid in enumerate(dim.modules):
            if mid not in modules:
                diags.append(project.docs["assessment"].diag(("dimensions", i, "modules", j),
                                                             f"unknown module {mid!r}"))
    return diags


def timeline_sources(project: Project, now: dt.date) -> list[Diagnostic]:
    """A dated fact needs a source (a warning)."""
    return [project.docs["timeline"].diag(("events", i), "a dated fact without a source", severity="warning")
            for i, ev in enumerate(project.timeline.events) if ev.source is None]
