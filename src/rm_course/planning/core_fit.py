"""Does each topic module's core path fit the practice block it is taught in, at every slot length in use?"""

from __future__ import annotations

from ..content.corepath import core_minutes, first_core_index
from ..content.models import Module
from ..content.project import Project
from ..errors import Diagnostic, ScheduleError
from .agenda import TOPIC_TRACKS, fit_blocks
from .cohorts import load_cohort


def topic_blocks(project: Project, slot: int) -> list[tuple[str, str, int]]:
    """(block id, block kind, minutes) of the topic session fitted to a `slot`-minute slot, as the
    planner fits it before a module is chosen; empty when the blocks cannot fill that slot."""
    try:
        st = project.session_type("topic")
    except KeyError:  # a missing session type is reported by the session checks
        return []
    try:
        minutes = fit_blocks(st.blocks, slot)
    except ScheduleError:
        return []  # reported by the session checks
    return [(b.id, b.kind.value, m) for b, m in zip(st.blocks, minutes)]


def practice_minutes(project: Project, slot: int) -> int | None:
    """Minutes of the topic session's practice block (its first topic block) in a `slot`-minute slot."""
    return next((m for _, kind, m in topic_blocks(project, slot) if kind == "topic"), None)


def _slots(project: Project, cohorts: list[tuple[str, int]]) -> list[tuple[int, str]]:
    """Each distinct slot length with who uses it: the programme's default, then each cohort's own."""
    seen: dict[int, str] = {project.programme.defaults.session_minutes: "the programme's default"}
    for cid, minutes in cohorts:
        seen.setdefault(minutes, f"cohort {cid}")
    return [(m, who) for m, who in seen.items()]


def _module_problems(project: Project, m: Module, slots: list[tuple[int, str]]):
    doc = project.docs[f"module:{m.id}"]
    first = first_core_index(m)
    if first is None:
        if m.activities:
            yield doc.diag(("activities",), "no activity is on the core path, so the plans fall back to picking "
                           "activities by length; mark the activities a pair does in the practice block "
                           "with `core: true`", severity="warning")
        return
    need = core_minutes(m)
    reported: set[int] = set()
    for slot, who in slots:
        block = practice_minutes(project, slot)
        if block is None or need <= block or block in reported:
            continue
        reported.add(block)
        where = "" if who == "the programme's default" else f" in the {slot}-minute sessions of {who}"
        yield doc.diag(("activities",), f"the core path takes {need} minutes, {need - block} more than the "
                       f"{block}-minute practice block of a topic session{where}; shorten an activity, "
                       "give it a core_variant or take it off the core path")


def core_path_problems(project: Project, cohorts: list[tuple[str, int]] = ()) -> list[Diagnostic]:
    """Every topic module's core path fits the practice block at the default slot and at each
    cohort's own `session_minutes` (given as (cohort id, minutes)); a module without one is warned about."""
    slots = _slots(project, list(cohorts))
    return [d for m in project.modules.values() if m.track.value in TOPIC_TRACKS
            for d in _module_problems(project, m, slots)]


def cohort_slots(project: Project) -> list[tuple[str, int]]:
    """(cohort id, session_minutes) of each cohort file that sets its own slot length (bad files
    are reported by the cohort checks)."""
    out = []
    for rel in project.programme.cohorts:
        if (project.root / rel).is_file():
            ref, _ = load_cohort(project, rel)
            if ref is not None and ref.cohort.session_minutes:
                out.append((ref.id, ref.cohort.session_minutes))
    return out
