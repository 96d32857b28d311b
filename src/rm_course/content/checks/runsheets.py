"""Checks of the run sheets of sessions and events: each named activity exists and fits its block."""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..project import Project


def _block_problems(project: Project, loc: tuple, block):
    doc = project.docs["sessions"]
    for k, ref in enumerate(block.uses):
        module = project.modules.get(ref.module)
        if module is None:
            yield doc.diag(loc + ("uses", k, "module"), f"unknown module {ref.module!r}")
        elif ref.activity not in {a.id for a in module.activities}:
            known = ", ".join(a.id for a in module.activities) or "none"
            yield doc.diag(loc + ("uses", k, "activity"),
                           f"the module {ref.module!r} has no activity {ref.activity!r}; its activities: {known}")
    used = sum(ref.minutes for ref in block.uses)
    if used > block.minutes:
        yield doc.diag(loc + ("uses",), f"the run sheet takes {used} minutes, {used - block.minutes} more than "
                       f"the block's {block.minutes}; shorten an activity or raise the block's `minutes`")


def run_sheets(project: Project, now: dt.date) -> list[Diagnostic]:
    """Every `uses` names a known module and activity and fits its block's minutes; every `reading`
    names a known module."""
    doc = project.docs["sessions"]
    diags: list[Diagnostic] = []
    for group in ("session_types", "group_events"):
        for i, st in enumerate(getattr(project.sessions, group)):
            for j, mid in enumerate(st.reading):
                if mid not in project.modules:
                    diags.append(doc.diag((group, i, "reading", j), f"unknown module {mid!r} to read before"))
            for j, block in enumerate(st.blocks):
                diags += _block_problems(project, (group, i, "blocks", j), block)
    return diags
