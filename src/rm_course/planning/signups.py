"""Read and check a sign-up sheet of volunteer mentors and mentees (YAML, CSV or XLSX).

Errors are located `file:row:column` (tables) or `file:line:col` (YAML) and never echo a value.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from ..content.models.matching import SLOT_PATTERN, SignUps, Volunteer
from ..content.project import Project
from ..content.validate import validate
from ..content.yamlload import Document
from ..errors import ContentError, Diagnostic, relpath
from .sheets import Layout, load_records

LAYOUT = Layout(
    key="volunteers", noun="sign-up sheet", row_noun="volunteer",
    columns=("id", "side", "name", "email", "role", "department", "site", "languages", "availability",
             "topics", "employee_id", "manager_id", "prefers"),
    required=("id", "side", "name", "email", "department", "site", "languages", "availability"),
    lists=("languages", "availability", "topics", "prefers"),
)


def topic_ids(project: Project) -> tuple[set[str], set[str], set[str]]:
    """Module ids, tool ids and self-assessment dimension ids: what a topic may name."""
    return (set(project.modules), {t.id for t in project.tools.tools},
            {d.id for d in project.assessment.dimensions})


def topic_expander(project: Project):
    """topic → the module ids it stands for: a module itself, a tool's modules, a dimension's modules."""
    by_tool: dict[str, set[str]] = {}
    for module in project.modules.values():
        for tool in module.tools:
            by_tool.setdefault(tool, set()).add(module.id)
    by_dimension = {d.id: set(d.modules) for d in project.assessment.dimensions}
    modules = set(project.modules)

    def expand(topic: str) -> set[str]:
        return {topic} if topic in modules else by_tool.get(topic, set()) | by_dimension.get(topic, set())

    return expand


def _check_row(i: int, v: Volunteer, doc: Document, project: Project, known: set[str]) -> list[Diagnostic]:
    diags = []
    loc = ("volunteers", i)
    for j, lang in enumerate(v.languages):
        if lang not in project.languages:
            diags.append(doc.diag(loc + ("languages", j), f"a language is one of {', '.join(project.languages)}"))
    for j, slot in enumerate(v.availability):
        if not re.fullmatch(SLOT_PATTERN, slot):
            diags.append(doc.diag(loc + ("availability", j), "a slot is a weekday and a half-day, "
                                                             "e.g. tuesday-am or thursday-pm"))
    for j, topic in enumerate(v.topics):
        if topic not in known:
            diags.append(doc.diag(loc + ("topics", j), "unknown topic: a topic is a module, tool or "
                                                       "self-assessment dimension id of the curriculum"))
    if v.employee_id is not None and v.employee_id == v.manager_id:
        diags.append(doc.diag(loc + ("manager_id",), "a person cannot be their own manager"))
    return diags


def _check_sheet(rows: list[tuple[int, Volunteer]], doc: Document) -> list[Diagnostic]:
    """Duplicates and preferences across rows (of the rows that validate)."""
    diags: list[Diagnostic] = []
    ids: dict[str, int] = {}
    employees: dict[str, int] = {}
    people = dict(rows)
    for i, v in rows:
        if v.id in ids:
            diags.append(doc.diag(("volunteers", i, "id"), f"this id is already used on entry #{ids[v.id] + 1}"))
        ids.setdefault(v.id, i)
        if v.employee_id is not None:
            if v.employee_id in employees:
                diags.append(doc.diag(("volunteers", i, "employee_id"),
                                      f"this employee id is already used on entry #{employees[v.employee_id] + 1}"))
            employees.setdefault(v.employee_id, i)
    for i, v in rows:
        for j, other in enumerate(v.prefers):
            if other not in ids:
                diags.append(doc.diag(("volunteers", i, "prefers", j), "no sign-up has this id"))
            elif people[ids[other]].side == v.side:
                diags.append(doc.diag(("volunteers", i, "prefers", j),
                                      f"a preference names a sign-up of the other side (this one is a {v.side.value} too)"))
    return diags


def read_signups(path: Path, project: Project) -> tuple[list[Volunteer], Document]:
    """Load and check a sign-up sheet; raise ContentError with every problem (no values in messages)."""
    display = relpath(Path(path), project.root)
    doc, diags = load_records(Path(path), display, LAYOUT)
    sheet, problems = validate(doc, SignUps, context={"languages": project.languages}, private=True)
    diags += problems
    people = list(enumerate(sheet.volunteers)) if sheet is not None else _valid_rows(doc)
    modules, tools, dims = topic_ids(project)
    for i, v in people:
        diags += _check_row(i, v, doc, project, modules | tools | dims)
    diags += _check_sheet(people, doc)
    if diags:
        raise ContentError(diags)
    return sheet.volunteers, doc


def _valid_rows(doc: Document) -> list[tuple[int, Volunteer]]:
    """The rows that validate on their own, so their other problems are reported in the same run."""
    rows = doc.data.get("volunteers") if isinstance(doc.data, dict) else None
    good = []
    for i, record in enumerate(rows if isinstance(rows, list) else []):
        try:
            good.append((i, Volunteer.model_validate(record)))
        except ValidationError:
            continue
    return good
