"""Cohort files and their rosters: loading, settings resolution and checks (no personal data echoed)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..content.models import Cohort, Pair, Roster
from ..content.checks import today
from ..content.project import Project
from ..content.validate import validate
from ..content.yamlload import Document, load_file
from ..errors import BuildError, ContentError, Diagnostic, UnsafeName, YamlError, relpath
from ..paths import safe_component
from .roster import read_roster


@dataclass
class CohortRef:
    """A cohort as the build sees it: its settings, where its roster is, and its output folder id."""

    id: str
    cohort: Cohort
    file: Path
    roster_path: Path


@dataclass
class PairSettings:
    """A pair's scheduling settings: pair override, else cohort, else programme default."""

    weekday: str
    time: dt.time
    cadence_weeks: int
    session_minutes: int
    sessions: int
    max_months: int


def settings_for(project: Project, cohort: Cohort, pair: Pair | None = None) -> PairSettings:
    d = project.programme.defaults

    def pick(name: str):
        for source in (pair, cohort):
            value = getattr(source, name, None) if source is not None else None
            if value is not None:
                return value
        return getattr(d, name)

    weekday = pick("weekday")
    return PairSettings(
        weekday=weekday.value if hasattr(weekday, "value") else str(weekday),
        time=pick("time"),
        cadence_weeks=pick("cadence_weeks"),
        session_minutes=pick("session_minutes"),
        sessions=cohort.sessions or d.sessions,
        max_months=d.max_months,
    )


def load_cohort(project: Project, rel: str | Path) -> tuple[CohortRef | None, list[Diagnostic]]:
    path = (project.root / rel) if not Path(rel).is_absolute() else Path(rel)
    display = relpath(path, project.root)
    try:
        doc = load_file(path, display)
    except YamlError as exc:
        return None, exc.diagnostics
    cohort, diags = validate(doc, Cohort)
    if cohort is None:
        return None, diags
    try:
        cid = safe_component(cohort.id)
    except UnsafeName as exc:
        return None, [doc.diag(("id",), f"this cohort id cannot name a folder: {exc}")]
    roster_path = (path.parent / cohort.roster).resolve()
    outside = roster_outside(project.root, path.parent / cohort.roster)
    if outside:
        return None, [doc.diag(("roster",), outside)]
    if not roster_path.is_file():
        return None, [doc.diag(("roster",), f"the roster {cohort.roster} does not exist")]
    return CohortRef(cid, cohort, path, roster_path), []


def roster_outside(root: Path, roster: Path, what: str = "roster", folder: str = "rosters/") -> str | None:
    """Why a cohort's roster path (or another file it names) leaves the project, if it does. Personal
    data is read only from inside the project, so a cohort file (from anyone with access to the
    repository) cannot make a build read, and print, a file elsewhere on the machine."""
    if not Path(os.path.abspath(roster)).is_relative_to(os.path.abspath(root)):  # '..' as written
        return (f"the {what} path leads out of the project (an absolute path or '..' past its folder); "
                f"keep the {what} inside the project, e.g. {folder}, and name it relative to the cohort file")
    if not roster.resolve().is_relative_to(root.resolve()):
        return (f"the {what} path goes through a symbolic link that leads out of the project; "
                f"copy the {what} into the project instead of linking to it")
    return None


EVALUATION_FILES = ("pre", "post", "survey", "attendance")
ANSWER_FORMATS = (".csv", ".xlsx")  # what form tools export, and all `rm-course report` reads


def _answers_problem(root: Path, path: Path, rel: str) -> str | None:
    if outside := roster_outside(root, path, "answer file", "evaluation/"):
        return outside
    if not path.is_file():
        return f"the file {rel} does not exist (the path is relative to the cohort file)"
    if path.suffix.lower() not in ANSWER_FORMATS:
        return "an answer file is a .csv or .xlsx file, as the form tool exports it"
    if not os.access(path, os.R_OK):
        return f"the file {rel} cannot be read (its permissions)"
    return None


def evaluation_problems(project: Project, ref: CohortRef, kinds=EVALUATION_FILES) -> list[Diagnostic]:
    """The `evaluation:` paths of a cohort file that `report` could not read, each at its line
    (run by `check`, and by `report` for the files not given on its command line)."""
    named = [(kind, rel) for kind in kinds if (rel := getattr(ref.cohort.evaluation, kind))]
    if not named:
        return []
    doc = load_file(ref.file, relpath(ref.file, project.root))
    return [doc.diag(("evaluation", kind), why) for kind, rel in named
            if (why := _answers_problem(project.root, ref.file.parent / rel, rel))]


def check_roster_refs(project: Project, roster: Roster, doc: Document) -> list[Diagnostic]:
    """Goals must name modules or tools; scores must name assessment dimensions."""
    modules = set(project.modules)
    tools = {t.id for t in project.tools.tools}
    dims = {d.id for d in project.assessment.dimensions}
    diags = []
    for i, pair in enumerate(roster.pairs):
        for j, goal in enumerate(pair.goals):
            if goal not in modules and goal not in tools:
                diags.append(doc.diag(("pairs", i, "goals", j), "unknown goal: a goal is a module id or a tool id"))
        for dim in pair.scores:
            if dim not in dims:
                d = doc.diag(("pairs", i, "scores", dim), "unknown self-assessment dimension; "
                             f"known: {', '.join(sorted(dims))}")
                diags.append(replace(d, field=f"pairs[{i}].scores"))  # the key may be a name
    return diags


def past_start(project: Project, ref: CohortRef, on: dt.date | None = None) -> list[Diagnostic]:
    """A warning for a cohort whose start date has passed: its first sessions would fall on past dates."""
    if ref.cohort.start >= today(on):
        return []
    doc = load_file(ref.file, relpath(ref.file, project.root))
    return [doc.diag(("start",), f"the cohort starts on {ref.cohort.start.isoformat()}, before today "
                     f"({today(on).isoformat()}): sessions would be planned on dates gone by; set a coming "
                     "start date, or ignore this while the cohort is under way", severity="warning")]


def check_cohorts(project: Project, on: dt.date | None = None) -> list[Diagnostic]:
    """Problems in the cohort files and rosters the programme lists (format only; dates at build),
    and a warning for a start date already past (`on`: today's date, pinned)."""
    diags: list[Diagnostic] = []
    ids: dict[str, str] = {}
    for rel in project.programme.cohorts:
        if not (project.root / rel).is_file():
            continue  # reported by the project checker
        ref, problems = load_cohort(project, rel)
        diags += problems
        if ref is None:
            continue
        if ref.id in ids:
            diags.append(Diagnostic(relpath(ref.file, project.root), 1, 1, f"cohort id {ref.id!r} also used by {ids[ref.id]}"))
        ids[ref.id] = str(rel)
        diags += past_start(project, ref, on)
        diags += evaluation_problems(project, ref)
        try:
            roster, doc = read_roster(ref.roster_path, project.root)
        except ContentError as exc:
            diags += exc.diagnostics
            continue
        diags += check_roster_refs(project, roster, doc)
    return diags


def selected_cohorts(project: Project, ids: list[str], roster: Path | None) -> list[CohortRef]:
    """The cohorts to build: all listed, those named with --cohort, or one ad-hoc --roster."""
    refs: list[CohortRef] = []
    problems = []
    for rel in project.programme.cohorts:
        ref, diags = load_cohort(project, rel)
        problems += diags
        if ref is not None:
            refs.append(ref)
    if problems:
        raise ContentError(problems)
    if roster is not None:
        return [_roster_cohort(refs, roster)]
    if ids:
        known = {r.id: r for r in refs}
        missing = [i for i in ids if i not in known]
        if missing:
            raise BuildError(f"unknown cohort {missing[0]!r}; the programme lists: {', '.join(known) or 'none'}")
        return [known[i] for i in ids]
    return refs


def _roster_cohort(refs: list[CohortRef], roster: Path) -> CohortRef:
    """A cohort for a roster given on the command line: the first cohort's settings (else the
    defaults, starting next Monday), named after the roster file."""
    base = refs[0].cohort if refs else Cohort(id="roster", name="Roster", roster=str(roster),
                                               start=next_monday(dt.date.today()))
    try:
        cid = safe_component(Path(roster).stem)
    except UnsafeName as exc:
        raise BuildError(f"the roster file name cannot name a folder: {exc}") from None
    return CohortRef(cid, base.model_copy(update={"id": cid, "name": base.name}), Path(roster), Path(roster).resolve())


def next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7)
