"""Read a cohort roster from YAML, CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX.

Spreadsheet rows become the same nested data a YAML roster holds, with each value located at
its row and column, so errors read `roster.csv:5:9: pairs[3].mentee.email: ...` and never echo
the value itself (names and emails are personal data).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from pathlib import Path

from ..content.models import Roster
from ..content.validate import validate
from ..content.yamlload import Document, load_file
from ..errors import ContentError, Diagnostic, UnsafeName, YamlError, relpath
from ..paths import safe_component

PERSON_FIELDS = ("name", "role", "department", "email")
PAIR_FIELDS = ("id", "language", "goals", "unavailable", "weekday", "time", "cadence_weeks", "session_minutes")
COLUMNS = (
    list(PAIR_FIELDS)
    + [f"mentor_{f}" for f in PERSON_FIELDS]
    + [f"mentee_{f}" for f in PERSON_FIELDS]
)
_LIST_SPLIT = re.compile(r"[\s,;|]+")


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first; French Excel saves 'CSV' as Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _rows_from_csv(raw: bytes) -> list[list[str | None]]:
    text = _decode(raw)
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [[_cell_text(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _rows_from_xlsx(path: Path) -> list[list[str | None]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [[_cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _table_document(rows: list[list[str | None]], path: Path, display: str) -> tuple[Document, list[Diagnostic]]:
    """Turn a header row + data rows into {pairs: [...]} with positions."""
    doc = Document(path=path, display=display, data={"pairs": []})
    diags: list[Diagnostic] = []
    if not rows:
        diags.append(Diagnostic(display, 1, 1, "the roster is empty; it needs a header row and one row per pair"))
        return doc, diags
    header = [unicodedata.normalize("NFKC", (h or "")).strip().lower().replace(" ", "_") for h in rows[0]]
    columns: dict[int, str] = {}
    for c, name in enumerate(header):
        if not name:
            continue
        if name in COLUMNS or name.startswith("score_"):
            columns[c] = name
        else:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known columns: {', '.join(COLUMNS)}, score_<dimension>"
            diags.append(Diagnostic(display, 1, c + 1, f"unknown column {name!r}{hint}"))
    for required in ("id", "mentor_name", "mentor_email", "mentee_name", "mentee_email"):
        if required not in columns.values():
            diags.append(Diagnostic(display, 1, 1, f"the column {required!r} is missing"))
    doc.positions[()] = (1, 1)
    doc.positions[("pairs",)] = (1, 1)
    n = 0
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue  # spreadsheets end with blank rows
        loc = ("pairs", n)
        pair: dict = {"mentor": {}, "mentee": {}, "scores": {}}
        doc.positions[loc] = (r, 1)
        for c, name in columns.items():
            value = row[c] if c < len(row) else None
            if value is None:
                continue
            if name.startswith("mentor_") or name.startswith("mentee_"):
                who, key = name.split("_", 1)
                pair[who][key] = value
                doc.positions[loc + (who, key)] = (r, c + 1)
            elif name.startswith("score_"):
                dim = name[len("score_"):].replace("_", "-")
                pair["scores"][dim] = value
                doc.positions[loc + ("scores", dim)] = (r, c + 1)
            elif name in ("goals", "unavailable"):
                pair[name] = [v for v in _LIST_SPLIT.split(value) if v]
                doc.positions[loc + (name,)] = (r, c + 1)
                for i in range(len(pair[name])):
                    doc.positions[loc + (name, i)] = (r, c + 1)
            else:
                pair[name] = value
                doc.positions[loc + (name,)] = (r, c + 1)
        doc.data["pairs"].append(pair)
        n += 1
    return doc, diags


def read_roster(path: Path, root: Path | None = None) -> tuple[Roster, Document]:
    """Load and validate a roster (and where each value is); raise ContentError (no personal data in messages)."""
    path = Path(path)
    display = relpath(path, root)
    suffix = path.suffix.lower()
    diags: list[Diagnostic] = []
    try:
        if suffix in (".yml", ".yaml"):
            doc = load_file(path, display)
        elif suffix == ".csv":
            doc, diags = _table_document(_rows_from_csv(path.read_bytes()), path, display)
        elif suffix == ".xlsx":
            doc, diags = _table_document(_rows_from_xlsx(path), path, display)
        else:
            raise ContentError([Diagnostic(display, 1, 1, "a roster is a .yml, .csv or .xlsx file")])
    except YamlError as exc:
        raise ContentError(exc.diagnostics) from None
    except OSError as exc:
        raise ContentError([Diagnostic(display, 1, 1, f"cannot read the roster: {exc.strerror}")]) from None
    except Exception as exc:  # a corrupt XLSX raises zipfile/openpyxl errors
        if suffix == ".xlsx":
            raise ContentError([Diagnostic(display, 1, 1, f"cannot read this XLSX file ({type(exc).__name__}); "
                                                          "save it again from the spreadsheet")]) from None
        raise
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
                    diags.append(doc.diag(("pairs", i, "scores", dim), "a score is a level from 1 to 4"))
    if diags:
        raise ContentError(diags)
    return roster, doc
