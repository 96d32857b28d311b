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

    @property
    def total(self) -> float:
        return round(sum(self.parts.values()), 3)


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


def reporting_line(a: Volunteer, b: Volunteer, managers: dict[str, str]) -> bool:
    """True when one is the other's manager or manager's manager, or they share a manager."""
    def chain(v: Volunteer) -> list[str]:
        up, boss = [], v.manager_id
        while boss is not None and len(up) < 2:
            up.append(boss)
            boss = managers.get(boss)
        return up

    if a.manager_id is not None and a.manager_id == b.manager_id:
        return True
    return (a.employee_id is not None and a.employee_id in chain(b)) or (
        b.employee_id is not None and b.employee_id in chain(a))


def broken_rules(mentee: Volunteer, mentor: Volunteer, rules: Matching, managers: dict[str, str]) -> list[str]:
    """The hard rules a pair would break, in the order of RULES."""
    broken = []
    if reporting_line(mentee, mentor, managers):
        broken.append("reporting-line")
    if not rules.allow_same_department and mentee.department.casefold() == mentor.department.casefold():
        broken.append("department")
    if not set(mentee.languages) & set(mentor.languages):
        broken.append("language")
    if not set(mentee.availability) & set(mentor.availability):
        broken.append("availability")
    if not rules.allow_remote and mentee.site.casefold() != mentor.site.casefold():
        broken.append("site")
    return broken


def score(mentee: Volunteer, mentor: Volunteer, rules: Matching, expand) -> Candidate:
    """The weighted score of a pair; `expand(topic)` gives the module ids a topic stands for."""
    strengths = set(mentor.topics).union(*(expand(t) for t in mentor.topics)) if mentor.topics else set()
    covered = tuple(t for t in mentee.topics if t in strengths or expand(t) & strengths)
    w = rules.weights
    shared = set(mentee.availability) & set(mentor.availability)
    values = {
        "topics": len(covered) / len(mentee.topics) if mentee.topics else 0.0,
        "availability": len(shared) / len(set(mentee.availability)),
        "preference": 0.5 * (mentor.id in mentee.prefers) + 0.5 * (mentee.id in mentor.prefers),
        "site": float(mentee.site.casefold() == mentor.site.casefold()),
    }
    parts = {c: round(getattr(w, c) * values[c], 3) for c in CRITERIA}
    return Candidate(mentor, parts, covered)


def _solve(feasible: list[list[Candidate | None]], capacity: int) -> dict[int, int]:
    """Mentee row → mentor index: as many pairs as possible, then the highest total."""
    rows = len(feasible)
    mentors = len(feasible[0]) if rows else 0
    if not rows or not mentors:
        return {}
    cols = mentors * capacity
    scale = rows * cols + 1  # tie-breaks added up stay below one score unit
    top = max((round(c.total * UNITS) for row in feasible for c in row if c), default=0) + 1
    big = float(top * scale * (rows + 1))  # one more pair always beats any gain in score
    cost = np.full((rows, cols), big)
    for i, row in enumerate(feasible):
        for j, cand in enumerate(row):
            if cand is not None:
                for k in range(capacity):
                    col = k * mentors + j  # first copies first, earlier rows first
                    cost[i, col] = float(-round(cand.total * UNITS) * scale + col)
    r, c = linear_sum_assignment(cost)
    return {int(i): int(j) % mentors for i, j in zip(r, c) if cost[i, j] < big}


def _ranked(row: list[Candidate | None]) -> list[Candidate]:
    return sorted((c for c in row if c is not None), key=lambda c: -c.total)  # stable: row order on ties


def propose(volunteers: list[Volunteer], rules: Matching, expand=lambda t: set()) -> Proposal:
    """Match the sheet's mentees to its mentors under `rules`."""
    mentees = [v for v in volunteers if v.side == Side.mentee]
    mentors = [v for v in volunteers if v.side == Side.mentor]
    managers = {v.employee_id: v.manager_id for v in volunteers if v.employee_id and v.manager_id}
    feasible: list[list[Candidate | None]] = []
    excluded: list[dict[str, int]] = []
    for me in mentees:
        row, counts = [], {}
        for mo in mentors:
            broken = broken_rules(me, mo, rules, managers)
            for rule in broken:
                counts[rule] = counts.get(rule, 0) + 1
            row.append(None if broken else score(me, mo, rules, expand))
        feasible.append(row)
        excluded.append(counts)
    chosen = _solve(feasible, rules.mentor_capacity)
    owner = {}  # mentor id → mentee ids it was given
    for i, j in chosen.items():
        owner.setdefault(mentors[j].id, []).append(mentees[i].id)
    results = [_result(me, feasible[i], excluded[i], chosen.get(i), mentors, owner)
               for i, me in enumerate(mentees)]
    used = {mentors[j].id for j in chosen.values()}
    compatible = {c.mentor.id for row in feasible for c in row if c is not None}
    left = [(mo, "not-needed" if mo.id in compatible else "no-compatible") for mo in mentors if mo.id not in used]
    return Proposal(results, left, rules, mentors)


def _result(me: Volunteer, row: list[Candidate | None], counts: dict[str, int], j: int | None,
            mentors: list[Volunteer], owner: dict[str, list[str]]) -> MenteeResult:
    ranked = _ranked(row)
    if j is None:
        why = "compatible-taken" if ranked else "no-compatible"
        taken = {c.mentor.id: owner[c.mentor.id][0] for c in ranked[:3] if c.mentor.id in owner}
        return MenteeResult(me, None, ranked[:3], counts, why, taken)
    proposed = row[j]
    ranked.sort(key=lambda c: (-c.total, c is not proposed))  # on a tie, the proposed one first
    shortlist = ranked[:3]
    if proposed not in shortlist:
        shortlist = ranked[:2] + [proposed]
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
