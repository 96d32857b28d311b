"""The hard rules and the score of every mentee × mentor pair at once, as numpy matrices.

1000 volunteers make 250,000 pairs: each rule and each criterion is one array operation over
all of them (codes, bit masks and matrix products), never a Python loop over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..content.models.matching import Matching, Volunteer

WEEK_SLOTS = tuple(f"{d}-{h}" for d in ("monday", "tuesday", "wednesday", "thursday", "friday") for h in ("am", "pm"))


@dataclass
class Grid:
    """`broken[rule]`: booleans, mentees × mentors; `parts[criterion]`: weighted scores; `total`."""

    broken: dict[str, np.ndarray]
    parts: dict[str, np.ndarray]
    total: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        return ~np.logical_or.reduce(list(self.broken.values()))


def _codes(values: list[str]) -> np.ndarray:
    """Equal texts (ignoring case) get equal integer codes."""
    table: dict[str, int] = {}
    return np.array([table.setdefault(v.casefold(), len(table)) for v in values], dtype=np.int64)


def _one_hot(items: list[list[str]], universe: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(items), max(len(universe), 1)), dtype=np.float64)
    for i, row in enumerate(items):
        for item in row:
            if item in universe:
                out[i, universe[item]] = 1.0
    return out


def _chain(v: Volunteer, managers: dict[str, str]) -> list[str]:
    """The person's manager and manager's manager, as far as the sheet knows them."""
    up, boss = [], v.manager_id
    while boss is not None and len(up) < 2:
        up.append(boss)
        boss = managers.get(boss)
    return up


def reporting_lines(mentees: list[Volunteer], mentors: list[Volunteer], managers: dict[str, str]) -> np.ndarray:
    """True where one is the other's manager or manager's manager, or both have the same manager."""
    out = np.zeros((len(mentees), len(mentors)), dtype=bool)
    by_manager: dict[str, list[int]] = {}
    by_up: dict[str, list[int]] = {}
    by_employee: dict[str, int] = {}
    for j, mo in enumerate(mentors):
        if mo.manager_id is not None:
            by_manager.setdefault(mo.manager_id, []).append(j)
        for boss in _chain(mo, managers):
            by_up.setdefault(boss, []).append(j)
        if mo.employee_id is not None:
            by_employee[mo.employee_id] = j
    for i, me in enumerate(mentees):
        hits = by_manager.get(me.manager_id, []) if me.manager_id is not None else []
        hits = hits + (by_up.get(me.employee_id, []) if me.employee_id is not None else [])
        hits += [by_employee[b] for b in _chain(me, managers) if b in by_employee]
        out[i, hits] = True
    return out


def _topics(mentees: list[Volunteer], mentors: list[Volunteer], expand) -> np.ndarray:
    """Share of each mentee's topics that each mentor's strengths cover (0 without topics)."""
    stands = {t: {t} | expand(t) for v in mentees + mentors for t in v.topics}
    universe: dict[str, int] = {}
    for ids in stands.values():
        for m in sorted(ids):
            universe.setdefault(m, len(universe))
    strengths = _one_hot([sorted(set().union(*(stands[t] for t in mo.topics))) for mo in mentors], universe)
    wants = [(i, t) for i, me in enumerate(mentees) for t in me.topics]
    if not wants or not mentors:
        return np.zeros((len(mentees), len(mentors)))
    hits = (_one_hot([sorted(stands[t]) for _, t in wants], universe) @ strengths.T) > 0
    owner = np.zeros((len(mentees), len(wants)))
    owner[[i for i, _ in wants], np.arange(len(wants))] = 1.0
    counts = np.array([max(len(me.topics), 1) for me in mentees], dtype=np.float64)
    return (owner @ hits) / counts[:, None]


def grid(mentees: list[Volunteer], mentors: list[Volunteer], rules: Matching, managers: dict[str, str],
         expand) -> Grid:
    """Every pair's broken rules and weighted score."""
    dept = _codes([v.department for v in mentees + mentors])
    site = _codes([v.site for v in mentees + mentors])
    n = len(mentees)
    same_dept = dept[:n, None] == dept[None, n:]
    same_site = site[:n, None] == site[None, n:]
    langs = {lang: k for k, lang in enumerate(sorted({x for v in mentees + mentors for x in v.languages}))}
    common_lang = (_one_hot([v.languages for v in mentees], langs) @ _one_hot([v.languages for v in mentors], langs).T) > 0
    slots = {s: k for k, s in enumerate(WEEK_SLOTS)}
    me_slots = _one_hot([sorted(set(v.availability)) for v in mentees], slots)
    shared = me_slots @ _one_hot([sorted(set(v.availability)) for v in mentors], slots).T
    no = np.zeros_like(same_dept)
    broken = {
        "reporting-line": reporting_lines(mentees, mentors, managers),
        "department": no if rules.allow_same_department else same_dept,
        "language": ~common_lang,
        "availability": shared == 0,
        "site": no if rules.allow_remote else ~same_site,
    }
    index = {mo.id: j for j, mo in enumerate(mentors)}
    prefers = np.zeros(same_dept.shape)
    for i, me in enumerate(mentees):
        for other in me.prefers:
            if other in index:
                prefers[i, index[other]] += 0.5
    mentee_index = {me.id: i for i, me in enumerate(mentees)}
    for j, mo in enumerate(mentors):
        for other in mo.prefers:
            if other in mentee_index:
                prefers[mentee_index[other], j] += 0.5
    w = rules.weights
    values = {"topics": _topics(mentees, mentors, expand),
              "availability": shared / np.maximum(me_slots.sum(axis=1), 1)[:, None],
              "preference": prefers, "site": same_site.astype(np.float64)}
    parts = {c: np.round(getattr(w, c) * v, 3) for c, v in values.items()}
    return Grid(broken, parts, np.round(sum(parts.values()), 3))
