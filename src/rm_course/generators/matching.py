"""The matching proposal's files: the proposed roster, the shortlists table and the coordinator's PDF.

Pure: a `Proposal` in, bytes or HTML out; `commands/match.py` writes them under
private/<cohort>/matching/. Everything here is personal data and never leaves private/.
"""

from __future__ import annotations

import csv
import io

import yaml

from ..content.project import Project
from ..planning.matching import CRITERIA, RULES, Candidate, MenteeResult, Proposal, first_common_slot, pair_language
from ..render.printenv import page_context, print_env, render_document
from .private import OVERVIEW_LIST_MAX, PLAN_CSS, safe_csv

LABELS = "print/matching-labels.html"
TEMPLATE = "print/matching.html"
__all__ = ["LABELS", "PLAN_CSS", "TEMPLATE", "labels", "matching_html", "proposed_roster", "shortlists_csv"]


def labels(project: Project, lang: str) -> dict:
    """The words of the proposal in `lang` (a project may override the labels template)."""
    env = print_env(project, lang)
    return env.get_template(LABELS).module.labels[lang]  # type: ignore[attr-defined]


def roster_goals(project: Project, topics: list[str]) -> list[str]:
    """A mentee's topics as roster goals: module and tool ids kept, a dimension gives its first module."""
    tools = {t.id for t in project.tools.tools}
    dims = {d.id: d.modules for d in project.assessment.dimensions}
    goals: list[str] = []
    for topic in topics:
        goal = topic if topic in project.modules or topic in tools else next(
            (m for m in dims.get(topic, []) if m not in goals), None)
        if goal and goal not in goals:
            goals.append(goal)
    return goals


def _person(v) -> dict:
    person = {"name": v.name, "role": v.role, "department": v.department, "email": v.email}
    return {k: val for k, val in person.items() if val is not None}


def proposed_roster(project: Project, proposal: Proposal) -> bytes:
    """The proposed pairs in the cohort roster format: `rm-course build --roster` takes it as is."""
    pairs = []
    for r in proposal.pairs:
        mentor, mentee = r.proposed.mentor, r.mentee
        weekday, time = first_common_slot(mentee, mentor)
        pairs.append({"id": mentee.id, "language": pair_language(mentee, mentor), "mentor": _person(mentor),
                      "mentee": _person(mentee), "goals": roster_goals(project, mentee.topics),
                      "weekday": weekday, "time": time})
    head = ("# Proposed by rm-course match: a proposal for the volunteers to confirm, not a decision.\n"
            "# Personal data: keep this file in private/.\n")
    body = yaml.safe_dump({"pairs": pairs}, allow_unicode=True, sort_keys=False, width=100)
    return (head + body).encode("utf-8")


def number(value: float, lang: str, digits: int = 2) -> str:
    """A score as the language writes it (3,50 in French)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def topic_namer(project: Project, lang: str):
    """topic id → its name: a module's title, a tool's name or a dimension's title."""
    names = {t.id: t.name for t in project.tools.tools}
    names |= {d.id: d.title.get(lang) for d in project.assessment.dimensions}
    names |= {m.id: m.title.get(lang) for m in project.modules.values()}
    return lambda topic: names.get(topic, topic)


def _excluded(counts: dict[str, int], L: dict) -> str:
    parts = [f"{L['rules'][rule]}{L['colon']} {counts[rule]}" for rule in RULES if counts.get(rule)]
    return "; ".join(parts) or L["excluded_none"]


def why_text(r: MenteeResult, L: dict) -> str:
    """Why the proposed mentor won, or why there is none."""
    return L["why"][r.why].format(ids=", ".join(r.taken_by), others=", ".join(r.taken_by.values()))


def _candidate_cells(c: Candidate, proposed: bool, lang: str) -> list:
    return [c.mentor.id, c.mentor.name, "yes" if proposed else "", number(c.total, lang),
            *(number(c.parts[k], lang) for k in CRITERIA), " ".join(c.covered)]


def shortlists_csv(proposal: Proposal, L: dict, lang: str) -> bytes:
    """One row per shortlisted mentor of each mentee, then the people without a pair (formula-safe)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    w.writerow(["side", "id", "name", "rank", "mentor_id", "mentor_name", "proposed", "total",
                *(f"score_{k}" for k in CRITERIA), "topics_covered", "excluded", "reason"])
    for r in proposal.mentees:
        me = r.mentee
        if not r.shortlist:
            w.writerow([safe_csv(x) for x in ("mentee", me.id, me.name, "", "", "", "", "", "", "", "", "", "",
                                              _excluded(r.excluded, L), why_text(r, L))])
        for rank, c in enumerate(r.shortlist, start=1):
            cells = ["mentee", me.id, me.name, rank, *_candidate_cells(c, c is r.proposed, lang),
                     _excluded(r.excluded, L), why_text(r, L) if c is r.proposed or r.proposed is None else ""]
            w.writerow([safe_csv(x) for x in cells])
    for mentor, reason in proposal.unmatched_mentors:
        w.writerow([safe_csv(x) for x in ("mentor", mentor.id, mentor.name, "", "", "", "", "", "", "", "", "",
                                          "", "", L["mentor_why"][reason])])
    return buf.getvalue().encode("utf-8-sig")  # with a BOM: spreadsheets then read UTF-8


def matching_html(project: Project, proposal: Proposal, lang: str, cohort_name: str) -> str:
    """The coordinator's PDF (HTML for the print pipeline), in `lang`."""
    env = print_env(project, lang)
    L = env.get_template(LABELS).module.labels[lang]  # type: ignore[attr-defined]
    rows = []
    for r in proposal.mentees:
        slot = first_common_slot(r.mentee, r.proposed.mentor) if r.proposed else None
        rows.append({"r": r, "why": why_text(r, L), "excluded": _excluded(r.excluded, L),
                     "language": pair_language(r.mentee, r.proposed.mentor) if r.proposed else None,
                     "slot": slot})
    ctx = {**page_context(project, lang), "programme": project.programme, "project": project, "lang": lang,
           "doc_title": f"{project.programme.name[lang]} — {L['title']}", "doc_kind": "matching",
           "cohort_name": cohort_name, "rows": rows, "proposal": proposal, "M": L, "criteria": CRITERIA, "topic_name": topic_namer(project, lang),
           "num": lambda value, digits=2: number(value, lang, digits),
           "volunteers": len(proposal.mentees) + len(proposal.mentors), "list_max": OVERVIEW_LIST_MAX}
    return render_document(env, TEMPLATE, lang, ctx)
