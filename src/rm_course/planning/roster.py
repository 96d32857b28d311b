"""Read a cohort roster from YAML, CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX.

Spreadsheet rows become the same nested data a YAML roster holds, with each value located at
its row and column, so errors read `roster.csv:5:9: pairs[3].mentee.email: ...` and never echo
the value itself (names and emails are personal data).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..content.models import Roster
from ..content.validate import validate
from ..content.yamlload import Document
from ..errors import ContentError, UnsafeName, relpath
from ..paths import safe_component
from .sheets import Layout, load_records

PERSON_FIELDS = ("name", "role", "department", "email")
PAIR_FIELDS = ("id", "language", "goals", "unavailable", "weekday", "time", "cadence_weeks", "session_minutes")
COLUMNS = (
    list(PAIR_FIELDS)
    + [f"mentor_{f}" for f in PERSON_FIELDS]
    + [f"mentee_{f}" for f in PERSON_FIELDS]
)
LAYOUT = Layout(key="pairs", noun="roster", row_noun="pair", columns=tuple(COLUMNS),
                required=("id", "mentor_name", "mentor_email", "mentee_name", "mentee_email"),
                lists=("goals", "unavailable"), groups=("mentor", "mentee"), open_prefixes={"score_": "scores"})


def read_roster(path: Path, root: Path | None = None) -> tuple[Roster, Document]:
    """Load and validate a roster (and where each value is); raise ContentError (no personal data in messages)."""
    path = Path(path)
    display = relpath(path, root)
    doc, diags = load_records(path, display, LAYOUT)
    roster, problems = validate(doc, Roster, context={"languages": ["fr", "en"]}, private=True)
    diags += problems
    if roster is not None:
        seen: dict[str, int] = {}
        for i, pair in enumerate(roster.pairs):
            try:
                safe = safe_component(pair.id)
            except UnsafeName as exc:
                diags.append(doc.diag(("pairs", i, "id"), f"this pair id cannot name a file: {exc}"))
                continue
            if safe in seen:
                diags.append(doc.diag(("pairs", i, "id"), f"the pair id is the same as pair #{seen[safe] + 1}'s "
                                      "(ids are compared in lower case after Unicode normalisation)"))
            seen[safe] = i
            pair.id = safe
            if pair.language not in ("fr", "en"):
                diags.append(doc.diag(("pairs", i, "language"), "the language must be fr or en"))
            for dim, score in pair.scores.items():
                if not 1 <= score <= 4:
                    d = doc.diag(("pairs", i, "scores", dim), "a score is a level from 1 to 4")
                    diags.append(replace(d, field=f"pairs[{i}].scores"))  # the key may be a name
    if diags:
        raise ContentError(diags)
    return roster, doc
