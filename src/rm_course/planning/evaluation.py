"""A cohort's evaluation as aggregates only: participation, pre→post change, goals, satisfaction, NPS.

Confidentiality is built in rather than left to the templates: every figure is computed over a
group, a group smaller than the threshold (the programme's `evaluation.min_group`) is suppressed
or merged and says so, free-text answers lose every link to the row they came from, and nothing
here holds or returns an individual's score.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from statistics import fmean

GOAL_ANSWERS = ("yes", "partly", "no")


@dataclass(frozen=True)
class SurveyAnswer:
    """One end-of-programme survey answer (anonymous: no pair id)."""

    role: str | None = None  # "mentor" or "mentee"
    satisfaction: int | None = None  # 1–5
    recommend: int | None = None  # 0–10
    highlight: str | None = None
    consent: bool | None = None  # may the highlight be quoted (None: the form did not ask)
    again: bool | None = None  # would take part again


@dataclass
class EvaluationInputs:
    """What the files said, already validated: self-assessments keyed by pair id."""

    dimensions: list[str]  # in the assessment's order
    planned: dict[str, int]  # pair id → sessions planned
    pre: dict[str, dict[str, int]] = field(default_factory=dict)
    post: dict[str, dict[str, int]] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)  # pair id → yes / partly / no
    held: dict[str, set[int]] | None = None  # pair id → session numbers held; None: no attendance file
    survey: list[SurveyAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class DimensionChange:
    """The mean level before and after over the pairs that answered both; None when suppressed."""

    dimension: str
    n: int
    pre: float | None = None
    post: float | None = None
    improved: int | None = None  # how many moved up at least one level

    @property
    def suppressed(self) -> bool:
        return self.pre is None

    @property
    def change(self) -> float | None:
        return None if self.pre is None else round(self.post - self.pre, 2)


@dataclass(frozen=True)
class Participation:
    pairs: int
    planned: int
    held: int | None  # None: no attendance file
    pairs_complete: int | None  # pairs that held every planned session
    pre: int
    post: int
    both: int
    survey: int

    @property
    def completion(self) -> float | None:
        return None if self.held is None or not self.planned else self.held / self.planned


@dataclass(frozen=True)
class Counted:
    """A distribution over answers, with its respondents; `counts` is empty when suppressed."""

    n: int
    counts: dict = field(default_factory=dict)
    mean: float | None = None

    @property
    def suppressed(self) -> bool:
        return not self.counts


@dataclass(frozen=True)
class NetPromoter:
    n: int
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    suppressed: bool = False

    @property
    def score(self) -> int | None:
        """Promoters (9–10) minus detractors (0–6), in percentage points of the respondents."""
        if self.suppressed or not self.n:
            return None
        return round(100 * (self.promoters - self.detractors) / self.n)


@dataclass
class Evaluation:
    """Everything the report shows; `notes` lists what was suppressed or merged, and why."""

    threshold: int
    participation: Participation
    dimensions: list[DimensionChange]
    goals: Counted
    satisfaction: Counted
    by_role: dict[str, Counted]  # empty when a role's group was too small (merged into the whole)
    nps: NetPromoter
    again: Counted
    highlights: list[str]
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (kind, facts) for the templates


def _mean(values: list[int]) -> float:
    return round(fmean(values), 2)


def dimension_changes(inputs: EvaluationInputs, threshold: int, notes: list) -> list[DimensionChange]:
    """Pre→post per dimension, over the pairs with both answers; a small group is suppressed."""
    out = []
    for dim in inputs.dimensions:
        both = [(inputs.pre[p][dim], inputs.post[p][dim]) for p in sorted(inputs.pre)
                if dim in inputs.pre[p] and dim in inputs.post.get(p, {})]
        if len(both) < threshold:
            out.append(DimensionChange(dim, len(both)))
            notes.append(("dimension", {"dimension": dim, "n": len(both)}))
            continue
        out.append(DimensionChange(dim, len(both), pre=_mean([a for a, _ in both]), post=_mean([b for _, b in both]),
                                   improved=sum(1 for a, b in both if b > a)))
    return out


def participation(inputs: EvaluationInputs) -> Participation:
    planned = sum(inputs.planned.values())
    held = complete = None
    if inputs.held is not None:
        counts = {p: len({s for s in inputs.held.get(p, set()) if 1 <= s <= n}) for p, n in inputs.planned.items()}
        held = sum(counts.values())
        complete = sum(1 for p, n in inputs.planned.items() if counts[p] >= n)
    both = sum(1 for p in inputs.pre if p in inputs.post)
    return Participation(pairs=len(inputs.planned), planned=planned, held=held, pairs_complete=complete,
                         pre=len(inputs.pre), post=len(inputs.post), both=both, survey=len(inputs.survey))


def counted(values: list, answers: tuple, threshold: int, kind: str, notes: list, mean: bool = False) -> Counted:
    """How many gave each answer; suppressed (with a note) under the threshold."""
    if len(values) < threshold:
        if values:  # a question nobody was asked needs no note: the report says it was not asked
            notes.append((kind, {"n": len(values)}))
        return Counted(len(values))
    counts = {a: sum(1 for v in values if v == a) for a in answers}
    return Counted(len(values), counts, _mean(values) if mean else None)


def net_promoter(values: list[int], threshold: int, notes: list) -> NetPromoter:
    if len(values) < threshold:
        notes.append(("nps", {"n": len(values)}))
        return NetPromoter(len(values), suppressed=True)
    return NetPromoter(len(values), promoters=sum(1 for v in values if v >= 9),
                       passives=sum(1 for v in values if 7 <= v <= 8), detractors=sum(1 for v in values if v <= 6))


def satisfaction_by_role(survey: list[SurveyAnswer], threshold: int, notes: list) -> dict[str, Counted]:
    """Satisfaction per role, or nothing: with one role too small, the other would give it away
    (the whole minus one group is the other group), so both are merged into the whole."""
    groups = {role: [a.satisfaction for a in survey if a.role == role and a.satisfaction is not None]
              for role in ("mentor", "mentee")}
    if not any(groups.values()):
        return {}
    if any(len(v) < threshold for v in groups.values()):
        notes.append(("roles", {"n": min(len(v) for v in groups.values())}))
        return {}
    return {role: Counted(len(v), {s: v.count(s) for s in range(1, 6)}, _mean(v)) for role, v in groups.items()}


def unattributed(texts: list[str]) -> list[str]:
    """Free-text answers in an order that owes nothing to the rows they came from: sorted by a
    hash of the text, so the same answers always come out in the same order."""
    unique = {" ".join(t.split()) for t in texts if t and t.strip()}
    return sorted(unique, key=lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())


def highlights(survey: list[SurveyAnswer], threshold: int, notes: list) -> list[str]:
    """Quotable highlights: only with consent when the form asked (a blank answer is no consent),
    and only from enough people."""
    asked = any(a.consent is not None for a in survey)
    texts = [a.highlight for a in survey if a.highlight and (a.consent is True or not asked)]
    if len(texts) < threshold:
        if texts:
            notes.append(("highlights", {"n": len(texts)}))
        return []
    return unattributed(texts)


def evaluate(inputs: EvaluationInputs, threshold: int = 5) -> Evaluation:
    """Every aggregate of the report; groups smaller than `threshold` suppressed or merged."""
    notes: list[tuple[str, dict]] = []
    survey = inputs.survey
    sat = [a.satisfaction for a in survey if a.satisfaction is not None]
    rec = [a.recommend for a in survey if a.recommend is not None]
    again = [a.again for a in survey if a.again is not None]
    return Evaluation(
        threshold=threshold,
        participation=participation(inputs),
        dimensions=dimension_changes(inputs, threshold, notes),
        goals=counted(list(inputs.goals.values()), GOAL_ANSWERS, threshold, "goals", notes),
        satisfaction=counted(sat, (1, 2, 3, 4, 5), threshold, "satisfaction", notes, mean=True),
        by_role=satisfaction_by_role(survey, threshold, notes),
        nps=net_promoter(rec, threshold, notes),
        again=counted(again, (True, False), threshold, "again", notes),
        highlights=highlights(survey, threshold, notes),
        notes=notes,
    )
