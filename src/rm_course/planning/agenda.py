"""What each session covers and its timed agenda, fitted exactly to the slot.

Topics: the mentee's goals first, then the modules of their weakest self-assessment
dimensions, then the rest of the business-uses and digital-history tracks; a module's
prerequisites (within those tracks) come before it. Agendas start from each block's preferred
length and stretch or trim blocks within their bounds until they add up to the slot; a slot
that cannot be filled within the bounds is an error, never filler.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.corepath import core_path, extensions
from ..content.models import Activity, AgendaBlock, Module, Pair, SessionType
from ..content.project import Project
from ..errors import ScheduleError

TOPIC_TRACKS = ("business-uses", "digital-history")
# When a slot is longer than preferred, grow the teaching first; when shorter, trim rituals first.
_GROW_ORDER = ("topic", "business-context", "review", "ritual")


@dataclass
class AgendaItem:
    block: AgendaBlock
    minutes: int
    activities: list[tuple[Activity, int]] = field(default_factory=list)  # (activity, minutes)
    extensions: list[Activity] = field(default_factory=list)  # optional, never counted in `minutes`
    run_sheet: list[tuple[Module, Activity, int]] = field(default_factory=list)  # an event's (module, activity, minutes)


@dataclass
class SessionPlan:
    number: int
    kind: str
    session_type: SessionType
    module: Module | None
    items: list[AgendaItem]
    coaching: Module | None  # the mentor-pedagogy module that feeds the facilitator notes

    @property
    def minutes(self) -> int:
        return sum(i.minutes for i in self.items)


def choose_topics(project: Project, pair: Pair, count: int) -> list[Module]:
    """The `count` topic modules for a pair, in the order they will be taught."""
    candidates = [m for m in project.modules.values() if m.track.value in TOPIC_TRACKS]
    by_id = {m.id: m for m in candidates}
    wanted: list[str] = []

    def want(mid: str) -> None:
        if mid in wanted or mid not in by_id:
            return
        for pre in by_id[mid].prerequisites:  # prerequisites before what needs them
            want(pre)
        wanted.append(mid)

    for goal in pair.goals:
        if goal in by_id:
            want(goal)
        else:  # a tool id: its modules, business uses first
            for m in candidates:
                if goal in m.tools:
                    want(m.id)
    dims = {d.id: (i, d) for i, d in enumerate(project.assessment.dimensions)}
    scored = sorted((score, dims[d][0], d) for d, score in pair.scores.items() if d in dims)
    for score, _, dim in scored:
        if score <= 2:
            for mid in dims[dim][1].modules:
                want(mid)
    for m in candidates:
        want(m.id)
    return [by_id[mid] for mid in wanted[:count]]


def _pick_activities(module: Module, lo: int, hi: int) -> list[Activity]:
    """Activities in the module's order that fit the block; hands-on work is never dropped first."""
    chosen: list[Activity] = []
    total = 0
    ordered = sorted(module.activities, key=lambda a: (a.kind.value != "hands-on", module.activities.index(a)))
    for a in ordered:
        if total + a.minutes <= hi:
            chosen.append(a)
            total += a.minutes
    return sorted(chosen, key=module.activities.index)


def _topic_activities(module: Module, block: AgendaBlock) -> tuple[list[Activity], list[Activity]]:
    """What a topic block runs and what it lists as optional: the module's core path (shortened
    variants applied) and the rest; a module without a core path falls back to picking by length."""
    core = core_path(module)
    if core:
        return core, extensions(module)
    acts = _pick_activities(module, block.min_minutes, block.max_minutes)
    return acts, [a for a in module.activities if a not in acts]


def _spread(total: int, weights: list[int]) -> list[int]:
    """Split `total` minutes in proportion to `weights` (largest remainder, deterministic)."""
    if not weights:
        return []
    s = sum(weights) or len(weights)
    raw = [total * (w or 1) / s for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))[: total - sum(out)]:
        out[i] += 1
    return out


def fit_blocks(blocks: list[AgendaBlock], slot: int, preferred: dict[str, int] | None = None) -> list[int]:
    """Minutes per block adding up to `slot`, each within its bounds; ScheduleError otherwise."""
    lo = sum(b.min_minutes for b in blocks)
    hi = sum(b.max_minutes for b in blocks)
    if not lo <= slot <= hi:
        raise ScheduleError(f"the agenda blocks fill {lo}–{hi} minutes and cannot fill a {slot}-minute slot")
    minutes = [min(max((preferred or {}).get(b.id, b.minutes), b.min_minutes), b.max_minutes) for b in blocks]
    diff = slot - sum(minutes)
    order = sorted(range(len(blocks)), key=lambda i: (_GROW_ORDER.index(blocks[i].kind.value), i))
    if diff < 0:
        order = order[::-1]
    for i in order:
        if diff == 0:
            break
        b = blocks[i]
        room = (b.max_minutes - minutes[i]) if diff > 0 else (b.min_minutes - minutes[i])
        step = min(diff, room) if diff > 0 else max(diff, room)
        minutes[i] += step
        diff -= step
    assert diff == 0 and sum(minutes) == slot
    return minutes


def plan_sessions(project: Project, pair: Pair, kinds: list[str], slot_minutes: int) -> list[SessionPlan]:
    """The agenda of every session of a pair."""
    topics = choose_topics(project, pair, kinds.count("topic"))
    coaching = [m for m in project.modules_in("mentor-pedagogy")]
    plans: list[SessionPlan] = []
    t = 0
    for n, kind in enumerate(kinds, start=1):
        st = project.session_type(kind)
        module = None
        if kind == "topic":
            if t >= len(topics):
                raise ScheduleError(f"pair {pair.id}: not enough topic modules for {kinds.count('topic')} topic sessions")
            module = topics[t]
            t += 1
        preferred: dict[str, int] = {}
        picked: dict[str, tuple[list[Activity], list[Activity]]] = {}
        for b in st.blocks:
            if b.kind.value == "topic" and module is not None:
                picked[b.id] = _topic_activities(module, b)
                preferred[b.id] = sum(a.minutes for a in picked[b.id][0]) or b.minutes
        try:
            minutes = fit_blocks(st.blocks, slot_minutes, preferred)
        except ScheduleError as exc:
            raise ScheduleError(f"pair {pair.id}, session {n} ({kind}): {exc}") from None
        items = []
        for b, m in zip(st.blocks, minutes):
            acts, extra = picked.get(b.id, ([], []))
            items.append(AgendaItem(b, m, list(zip(acts, _spread(m, [a.minutes for a in acts]))), extra))
        coach = coaching[(n - 1) % len(coaching)] if coaching else None
        plans.append(SessionPlan(n, kind, st, module, items, coach))
    return plans


def plan_event(event: SessionType, project: Project | None = None) -> list[AgendaItem]:
    """A group event's agenda, fitted to its own length, each block with its run sheet."""
    minutes = fit_blocks(event.blocks, event.minutes or sum(b.minutes for b in event.blocks))
    return [AgendaItem(b, m, run_sheet=run_sheet(project, b) if project else []) for b, m in zip(event.blocks, minutes)]


def run_sheet(project: Project, block: AgendaBlock) -> list[tuple[Module, Activity, int]]:
    """The (module, activity, minutes) a block's `uses` names; unknown ones are left out (check reports them)."""
    out = []
    for ref in block.uses:
        module = project.modules.get(ref.module)
        act = next((a for a in module.activities if a.id == ref.activity), None) if module else None
        if act is not None:
            out.append((module, act, ref.minutes))
    return out
