"""Checks of each module against the rest of the curriculum: references, timings, freshness, sources."""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..models import Module
from ..project import Project
from .catalogues import duplicates


def _module_problems(project: Project, m: Module, now: dt.date, tool_ids: set[str], term_ids: set[str]):
    doc = project.docs[f"module:{m.id}"]
    modules = project.modules
    for i, pre in enumerate(m.prerequisites):
        if pre not in modules:
            yield doc.diag(("prerequisites", i), f"unknown prerequisite module {pre!r}")
        elif pre == m.id:
            yield doc.diag(("prerequisites", i), "a module cannot be its own prerequisite")
    for i, tool in enumerate(m.tools):
        if tool not in tool_ids:
            yield doc.diag(("tools", i), f"unknown tool {tool!r}; declare it in curriculum/tools.yml")
    for i, term in enumerate(m.glossary):
        if term not in term_ids:
            yield doc.diag(("glossary", i), f"unknown glossary term {term!r}; add it to curriculum/glossary.yml")
    for dup in duplicates([a.id for a in m.activities]):
        yield doc.diag(("activities",), f"duplicate activity id {dup!r} in this module")
    total = sum(a.minutes for a in m.activities)
    if total > m.minutes:
        yield doc.diag(("minutes",), f"the activities add up to {total} minutes, more than the module's "
                       f"{m.minutes}; raise `minutes` or shorten an activity")
    freshness = project.programme.freshness_days
    age = (now - m.reviewed_on).days
    if age > freshness:
        yield doc.diag(("reviewed_on",), f"last reviewed {age} days ago (limit {freshness}); "
                       "check the content against today's tools and update reviewed_on", severity="warning")
    if m.reviewed_on > now:
        yield doc.diag(("reviewed_on",), "reviewed_on is in the future")
    if not m.sources:
        yield doc.diag((), "the module states facts but lists no sources", severity="warning")


def module_references(project: Project, now: dt.date) -> list[Diagnostic]:
    """Prerequisites, tools and glossary terms must exist; activities must fit the module's time;
    a module is reviewed within the programme's freshness limit and states its sources."""
    tool_ids = {t.id for t in project.tools.tools}
    term_ids = {t.id for t in project.glossary.terms}
    return [d for m in project.modules.values() for d in _module_problems(project, m, now, tool_ids, term_ids)]


def circular_prerequisites(project: Project, now: dt.date) -> list[Diagnostic]:
    """Prerequisites must not go round in a circle (depth-first search, each cycle reported once)."""
    modules = project.modules
    diags: list[Diagnostic] = []
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
                    diags.append(project.docs[f"module:{mid}"].diag(
                        ("prerequisites",), "circular prerequisites: " + " → ".join(cycle)))
            elif pre not in state:
                visit(pre, path + [pre])
        state[mid] = 2

    for mid in modules:
        if mid not in state:
            visit(mid, [mid])
    return diags
