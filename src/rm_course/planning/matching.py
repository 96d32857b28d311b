"""Propose mentor–mentee pairs from sign-ups: hard rules, a weighted score, one assignment problem.

Pure: volunteers and rules in, a `Proposal` out. The assignment maximises first the number of
pairs, then the total score, with scipy's `linear_sum_assignment` (a mentor taking k mentees is k
columns). Costs are integers with a tie-break by row order, so the same sheet always gives the
same pairs. Every decision is explained: the score per criterion, the rules that excluded the other
mentors, why the proposed mentor won, and why anyone is left without a pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..content.models.matching import Matching, Side, Volunteer
from .match_scores import grid, reporting_lines

CRITERIA = ("topics", "availability", "preference", "site")
RULES = ("reporting-line", "department", "language", "availability", "site")
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday")
UNITS = 1000  # score resolution: a thousandth of a point


@dataclass(frozen=True)
class Candidate:
    """A mentor as seen from one mentee: the score per criterion (weighted) and the topics covered."""

    mentor: Volunteer
    parts: dict[str, float]
    covered: tuple[str, ...]
    total: float = 0.0


@dataclass
class MenteeResult:
    """One mentee's outcome. `why` is a reason code: best, best-taken, no-compatible, compatible-taken."""

    mentee: Volunteer
    proposed: Candidate | None
    shortlist: list[Candidate]
    excluded: dict[str, int]  # rule → how many mentors it excluded
    why: str
    taken_by: dict[str, str] = field(default_factory=dict)  # better mentor id → the mentee id it went to


@dataclass
class Proposal:
    """Every mentee's result, the mentors left over with their reason, and the rules used."""

    mentees: list[MenteeResult]
    unmatched_mentors: list[tuple[Volunteer, str]]  # reason: no-compatible or not-needed
    rules: Matching
    mentors: list[Volunteer] = field(default_factory=list)

    @property
    def pairs(self) -> list[MenteeResult]:
        return [m for m in self.mentees if m.proposed is not None]


def _managers(volunteers: list[Volunteer]) -> dict[str, str]:
    return {v.employee_id: v.manager_id for v in volunteers if v.employee_id and v.manager_id}


def reporting_line(a: Volunteer, b: Volunteer, managers: dict[str, str]) -> bool:
    """True when one is the other's manager or manager's manager, or they share a manager."""
    return bool(reporting_lines([a], [b], managers)[0, 0])


def broken_rules(mentee: Volunteer, mentor: Volunteer, rules: Matching, managers: dict[str, str]) -> list[str]:
    """The hard rules a pair would break, in the order of RULES."""
    g = grid([mentee], [mentor], rules, managers, lambda t: set())
    return [rule for rule in RULES if g.broken[rule][0, 0]]


def covered(mentee: Volunteer, mentor: Volunteer, expand) -> tuple[str, ...]:
    """The mentee's topics that the mentor's strengths cover (the same topic, or a shared module)."""
    strengths = set(mentor.topics).union(*(expand(t) for t in mentor.topics))
    return tuple(t for t in mentee.topics if ({t} | expand(t)) & strengths)


def _solve(units: np.ndarray, capacity: int) -> dict[int, int]:
    """Mentee row → mentor index: as many pairs as possible, then the highest total.

    `units` holds each pair's score in thousandths, -1 where a rule is broken."""
    rows, mentors = units.shape
    if not rows or not mentors:
        return {}
    cols = mentors * capacity
    scale = rows * cols + 1  # tie-breaks added up stay below one score unit
    big = float((units.max() + 2) * scale * (rows + 1))  # one more pair always beats any gain in score
    tiled = np.tile(units, (1, capacity))  # column k * mentors + j is mentor j's (k+1)-th place
    cost = np.where(tiled >= 0, -tiled * scale + np.arange(cols), big)  # first places, earlier rows first
    r, c = linear_sum_assignment(cost)
    return {int(i): int(j) % mentors for i, j in zip(r, c) if cost[i, j] < big}


def propose(volunteers: list[Volunteer], rules: Matching, expand=lambda t: set()) -> Proposal:
    """Match the sheet's mentees to its mentors under `rules`."""
    mentees = [v for v in volunteers if v.side == Side.mentee]
    mentors = [v for v in volunteers if v.side == Side.mentor]
    g = grid(mentees, mentors, rules, _managers(volunteers), expand)
    feasible = g.feasible
    chosen = _solve(np.where(feasible, np.round(g.total * UNITS), -1.0), rules.mentor_capacity)
    owner: dict[str, list[str]] = {}  # mentor id → the mentees it was given
    for i, j in chosen.items():
        owner.setdefault(mentors[j].id, []).append(mentees[i].id)

    def candidate(i: int, j: int) -> Candidate:
        parts = {c: float(g.parts[c][i, j]) for c in CRITERIA}
        return Candidate(mentors[j], parts, covered(mentees[i], mentors[j], expand), float(g.total[i, j]))

    results = []
    for i, me in enumerate(mentees):
        counts = {rule: int(g.broken[rule][i].sum()) for rule in RULES if g.broken[rule][i].any()}
        ok = np.flatnonzero(feasible[i])
        j = chosen.get(i)
        # best first; on a tie, the proposed mentor, then row order
        order = sorted(ok.tolist(), key=lambda k: (-g.total[i, k], k != j, k))
        top = order[:3] if j is None or j in order[:3] else order[:2] + [j]
        results.append(_result(me, [candidate(i, k) for k in top], counts, j, owner))
    used = set(chosen.values())
    compatible = feasible.any(axis=0) if mentees else np.zeros(len(mentors), dtype=bool)
    left = [(mo, "not-needed" if compatible[j] else "no-compatible") for j, mo in enumerate(mentors) if j not in used]
    return Proposal(results, left, rules, mentors)


def _result(me: Volunteer, shortlist: list[Candidate], counts: dict[str, int], j: int | None,
            owner: dict[str, list[str]]) -> MenteeResult:
    if j is None:
        why = "compatible-taken" if shortlist else "no-compatible"
        taken = {c.mentor.id: owner[c.mentor.id][0] for c in shortlist if c.mentor.id in owner}
        return MenteeResult(me, None, shortlist, counts, why, taken)
    proposed = next(c for c in shortlist if owner.get(c.mentor.id) and me.id in owner[c.mentor.id])
    better = [c for c in shortlist if c.total > proposed.total]
    taken = {c.mentor.id: next((o for o in owner.get(c.mentor.id, []) if o != me.id), "") for c in better}
    return MenteeResult(me, proposed, shortlist, counts, "best-taken" if better else "best", taken)


def first_common_slot(a: Volunteer, b: Volunteer) -> tuple[str, str]:
    """The earliest half-day in the week both are free: (weekday, start time)."""
    shared = set(a.availability) & set(b.availability)
    day, half = min((s.split("-") for s in shared), key=lambda p: (WEEK.index(p[0]), p[1]))
    return day, "10:00" if half == "am" else "14:00"


def pair_language(mentee: Volunteer, mentor: Volunteer) -> str:
    """The mentee's first language that the mentor speaks too."""
    return next(lang for lang in mentee.languages if lang in mentor.languages)
