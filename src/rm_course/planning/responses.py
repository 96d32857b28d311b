"""Read the evaluation's files (self-assessments, attendance, survey) as a form tool exports them.

Each file is a CSV or XLSX with one header row, in French or English (`HEADERS`), read by the
shared table reader so every problem is reported at once as `file:row:column`, never with the
value: answers are personal data. A self-assessment's dimension columns may be named by the
dimension's id, `score_<id>`, or its title in either language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BeforeValidator, ConfigDict, Field
from typing import Annotated

from ..content.models import Assessment, Strict
from ..content.project import Project
from ..content.validate import validate
from ..errors import ContentError, Diagnostic, UnsafeName, relpath
from ..paths import safe_component
from .cohorts import ANSWER_FORMATS, EVALUATION_FILES, CohortRef, evaluation_problems, settings_for
from .evaluation import EvaluationInputs, SurveyAnswer
from .roster import read_roster
from .sheets import Layout, read_rows, table_document

# What each column may be called in a header (compared without accents, case or spaces).
HEADERS = {
    "pair": ("pair", "pair_id", "binome", "id_binome", "id"),
    "goals": ("goals", "goals_reached", "objectifs", "objectifs_atteints"),
    "session": ("session", "seance", "session_number", "numero_de_seance"),
    "held": ("held", "took_place", "tenue", "realisee", "a_eu_lieu"),
    "date": ("date",),
    "submitted": ("submitted", "submitted_at", "timestamp", "horodateur", "horodatage", "start_time",
                  "completion_time", "heure_de_fin"),
    "role": ("role",),
    "satisfaction": ("satisfaction",),
    "recommend": ("recommend", "would_recommend", "recommandation", "recommanderiez_vous"),
    "highlight": ("highlight", "highlights", "point_fort", "points_forts", "moment_fort"),
    "consent": ("consent", "quote_ok", "accord", "accord_citation"),
    "again": ("again", "take_part_again", "participer_de_nouveau", "a_nouveau"),
}
YES = {"yes", "y", "oui", "o", "1", "true", "vrai", "x"}
NO = {"no", "n", "non", "0", "false", "faux"}
PARTLY = {"partly", "partially", "in_part", "en_partie", "partiellement"}
ROLES = {"mentor": "mentor", "mentore": "mentee", "mentoree": "mentee", "mentee": "mentee"}


def plain(text: str | None) -> str:
    """A header or answer compared loosely: no accents, lower case, spaces and dashes as `_`."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).strip().lower()
    return "_".join(text.replace("-", " ").replace("'", " ").replace("’", " ").split())


def _choice(table: dict[str, str], what: str):
    def parse(value):
        if value is None or not isinstance(value, str):
            return value
        key = plain(value)
        if key in table:
            return table[key]
        raise ValueError(f"write {what}")
    return BeforeValidator(parse)


YesNo = Annotated[bool, _choice({**{k: True for k in YES}, **{k: False for k in NO}}, "yes or no (oui ou non)")]
Goal = Annotated[str, _choice({**{k: "yes" for k in YES}, **{k: "no" for k in NO}, **{k: "partly" for k in PARTLY}},
                              "yes, partly or no (oui, en partie ou non)")]
Role = Annotated[str, _choice(ROLES, "mentor or mentee (mentor ou mentoré)")]


class _Private(Strict):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class AssessmentRow(_Private):
    submitted: str | None = Field(default=None, description="When the form was sent (ignored).")
    pair: str = Field(min_length=1, description="The pair's id, as in the roster.")
    scores: dict[str, Annotated[int, Field(ge=1, le=4)]] = Field(default_factory=dict)
    goals: Goal | None = Field(default=None, description="Were the pair's goals reached: yes, partly, no.")


class AttendanceRow(_Private):
    pair: str = Field(min_length=1)
    session: int = Field(ge=1, le=20)
    held: YesNo = True
    date: str | None = None


class SurveyRow(_Private):
    submitted: str | None = None
    role: Role | None = None
    satisfaction: int | None = Field(default=None, ge=1, le=5)
    recommend: int | None = Field(default=None, ge=0, le=10)
    highlight: str | None = None
    consent: YesNo | None = None
    again: YesNo | None = None


def _rows_model(row: type) -> type:
    return type(f"{row.__name__}s", (_Private,), {"__annotations__": {"rows": list[row]}})


SURVEY_LAYOUT = Layout(key="rows", noun="survey", row_noun="answer",
                       columns=("submitted", "role", "satisfaction", "recommend", "highlight", "consent", "again"))
ATTENDANCE_LAYOUT = Layout(key="rows", noun="attendance sheet", row_noun="session",
                           columns=("pair", "session", "held", "date"), required=("pair", "session"))


def assessment_layout() -> Layout:
    return Layout(key="rows", noun="self-assessment", row_noun="respondent", columns=("submitted", "pair", "goals"),
                  required=("pair",), open_prefixes={"score_": "scores"})


def canonical_header(rows: list[list], assessment: Assessment | None) -> list[list]:
    """The rows with the header renamed to the canonical column names (unknown names stay as they are)."""
    if not rows:
        return rows
    names = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
    if assessment is not None:
        for dim in assessment.dimensions:
            for alias in (dim.id, "score_" + dim.id, *dim.title.values()):
                names[plain(alias)] = "score_" + dim.id.replace("-", "_")
    return [[names.get(plain(h), h) for h in rows[0]], *rows[1:]]


def _unknown_dimensions(header: list, display: str, assessment: Assessment) -> list[Diagnostic]:
    dims = {"score_" + d.id.replace("-", "_") for d in assessment.dimensions}
    return [Diagnostic(display, 1, c + 1, "unknown self-assessment dimension; name the column after a dimension's "
                       f"id or title: {', '.join(d.id for d in assessment.dimensions)}")
            for c, name in enumerate(header) if isinstance(name, str) and name.startswith("score_") and name not in dims]


def read_table(path: Path, root: Path, layout: Layout, row: type, assessment: Assessment | None = None):
    """The rows that are valid (with their index), their Document, and every problem found.

    Each row is checked on its own, so one bad cell does not hide the problems of the others."""
    display = relpath(path, root)
    if Path(path).suffix.lower() not in ANSWER_FORMATS:
        return [], None, [Diagnostic(display, 1, 1, f"a {layout.noun} is a .csv or .xlsx file (export it from the form)")]
    try:
        rows = canonical_header(read_rows(Path(path), display, layout.noun), assessment)
    except ContentError as exc:
        return [], None, list(exc.diagnostics)
    doc, diags = table_document(rows, Path(path), display, layout)
    if assessment is not None and rows:
        diags += _unknown_dimensions(rows[0], display, assessment)
    if any(d.line == 1 for d in diags):  # a wrong header: the rows would only repeat it
        return [], doc, diags
    _, problems = validate(doc, _rows_model(row), private=True)
    valid = []
    for i, record in enumerate(doc.data[layout.key]):
        try:
            valid.append((i, row.model_validate(record)))
        except ValueError:
            continue  # reported above, located
    return valid, doc, diags + problems


@dataclass(frozen=True)
class EvaluationFiles:
    """Where the evaluation's answers are; attendance is optional. None: as the cohort file says."""

    pre: Path | None = None
    post: Path | None = None
    survey: Path | None = None
    attendance: Path | None = None


def resolve_files(project: Project, ref: CohortRef, files: EvaluationFiles) -> EvaluationFiles:
    """The files given, else those the cohort file names (relative to it); every one missing at once."""
    named = ref.cohort.evaluation
    display = relpath(ref.file, project.root)
    found: dict[str, Path | None] = {}
    diags = evaluation_problems(project, ref, [k for k in EVALUATION_FILES if getattr(files, k) is None])
    for kind in EVALUATION_FILES:
        given = getattr(files, kind)
        rel = getattr(named, kind)
        path = Path(given) if given is not None else (ref.file.parent / rel if rel else None)
        if path is None and kind != "attendance":
            diags.append(Diagnostic(display, 1, 1, f"no file; pass --{kind} FILE or name it in the cohort file "
                                    f"(evaluation: {kind}: FILE)", f"evaluation.{kind}"))
        found[kind] = path
    if diags:
        raise ContentError(diags)
    return EvaluationFiles(**found)


def _pair_id(value: str, known: dict[str, int]) -> str | None:
    try:
        pid = safe_component(value)
    except UnsafeName:
        return None
    return pid if pid in known else None


def _assessment(path: Path, root: Path, assessment: Assessment, planned: dict[str, int], diags: list[Diagnostic]):
    """{pair id: {dimension: level}} and {pair id: goals answer} from one self-assessment file."""
    rows, doc, problems = read_table(path, root, assessment_layout(), AssessmentRow, assessment)
    diags += problems
    scores: dict[str, dict[str, int]] = {}
    goals: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, row in rows:
        pid = _pair_id(row.pair, planned)
        if pid is None:
            diags.append(doc.diag(("rows", i, "pair"), "this pair id is not in the cohort's roster; "
                                  "use the id the roster gives the pair"))
            continue
        if pid in first:
            diags.append(doc.diag(("rows", i, "pair"), f"a second answer for this pair (the first is on row "
                                  f"{first[pid]}); keep one row per pair"))
            continue
        first[pid] = doc.where(("rows", i))[0]
        scores[pid] = dict(row.scores)
        if row.goals is not None:
            goals[pid] = row.goals
    return scores, goals


def _attendance(path: Path, root: Path, planned: dict[str, int], diags: list[Diagnostic]) -> dict[str, set[int]]:
    rows, doc, problems = read_table(path, root, ATTENDANCE_LAYOUT, AttendanceRow)
    diags += problems
    held: dict[str, set[int]] = {p: set() for p in planned}
    seen: dict[tuple[str, int], int] = {}
    for i, row in rows:
        pid = _pair_id(row.pair, planned)
        if pid is None:
            diags.append(doc.diag(("rows", i, "pair"), "this pair id is not in the cohort's roster"))
            continue
        if row.session > planned[pid]:
            diags.append(doc.diag(("rows", i, "session"), f"this pair has {planned[pid]} sessions planned; "
                                  "number sessions from 1"))
            continue
        if (pid, row.session) in seen:
            diags.append(doc.diag(("rows", i, "session"), "this session of this pair is already on row "
                                  f"{seen[pid, row.session]}; keep one row per session"))
            continue
        seen[pid, row.session] = doc.where(("rows", i))[0]
        if row.held:
            held[pid].add(row.session)
    return held


def _survey(path: Path, root: Path, diags: list[Diagnostic]) -> list[SurveyAnswer]:
    rows, doc, problems = read_table(path, root, SURVEY_LAYOUT, SurveyRow)
    diags += problems
    if doc is not None and not problems and not rows:
        diags.append(Diagnostic(doc.display, 1, 1, "the survey has no answers; export it with one row per answer"))
    return [SurveyAnswer(**row.model_dump(exclude={"submitted"})) for _, row in rows]


def load_evaluation(project: Project, ref: CohortRef, files: EvaluationFiles) -> EvaluationInputs:
    """Read and check every file of a cohort's evaluation; ContentError with every problem found."""
    roster, _ = read_roster(ref.roster_path, project.root)
    planned = {p.id: settings_for(project, ref.cohort, p).sessions for p in roster.pairs}
    diags: list[Diagnostic] = []
    pre, _ = _assessment(files.pre, project.root, project.assessment, planned, diags)
    post, goals = _assessment(files.post, project.root, project.assessment, planned, diags)
    held = _attendance(files.attendance, project.root, planned, diags) if files.attendance else None
    survey = _survey(files.survey, project.root, diags)
    if diags:
        raise ContentError(diags)
    return EvaluationInputs(dimensions=[d.id for d in project.assessment.dimensions], planned=planned,
                            pre=pre, post=post, goals=goals, held=held, survey=survey)
