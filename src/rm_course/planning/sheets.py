"""Read tabular personal data (rosters, sign-up sheets, form exports) with every cell's position.

API, kept small on purpose:

- `read_rows(path, display)`: the raw rows of a CSV (`,` or `;`, UTF-8 ± BOM or Windows-1252) or the
  first sheet of an XLSX, each cell as stripped text or None; raises ContentError located at 1:1
  (never a cell's value) when the file cannot be read.
- `Layout`: how columns map onto records: plain columns, columns grouped under a prefix
  (`mentor_name` → `{"mentor": {"name": ...}}`), open prefixes (`score_<x>` → `{"scores": {"x": ...}}`),
  columns split into lists, and the columns that must be there.
- `table_document(rows, path, display, layout)`: header + rows → a Document `{layout.key: [records]}`
  whose `positions` give every value's row and column (1-based), plus the header's diagnostics.
- `load_records(path, display, layout)`: YAML (strict loader) or a table, as a Document to validate.

Messages name rows and columns, never a value: cells are personal data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..content.yamlload import Document, load_file
from ..errors import ContentError, Diagnostic, YamlError
from .limits import bounded_csv, bounded_xlsx, check_file_size, check_records

Cell = str | None
LIST_SPLIT = re.compile(r"[\s,;|]+")


@dataclass(frozen=True)
class Layout:
    """How a sheet's columns become records (see the module docstring)."""

    key: str  # records land under this key, as in the YAML form of the file
    noun: str  # "roster", "sign-up sheet": for messages
    row_noun: str  # "pair", "volunteer"
    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # prefixes whose columns nest: "mentor" for mentor_name
    open_prefixes: dict[str, str] = field(default_factory=dict)  # "score_" → "scores"

    def hint(self) -> str:
        extra = [f"{p}<{'dimension' if t == 'scores' else 'name'}>" for p, t in self.open_prefixes.items()]
        return ", ".join(list(self.columns) + extra)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first; French Excel saves 'CSV' as Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def cell_text(value) -> Cell:
    """A cell as text: dates in ISO form, times as HH:MM, whole floats without '.0'; blank → None."""
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


def rows_from_csv(raw: bytes, display: str = "file") -> list[list[Cell]]:
    text = _decode(raw)
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return bounded_csv(text, delimiter, display, cell_text)


def rows_from_xlsx(path: Path, display: str = "file") -> list[list[Cell]]:
    return bounded_xlsx(path, display, cell_text)


def read_rows(path: Path, display: str, noun: str = "file") -> list[list[Cell]]:
    """The rows of a .csv or .xlsx file; ContentError (located, no value) if it cannot be read."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".csv", ".xlsx"):
            check_file_size(path, display, noun)
        if suffix == ".csv":
            return rows_from_csv(Path(path).read_bytes(), display)
        if suffix == ".xlsx":
            return rows_from_xlsx(Path(path), display)
    except ContentError:
        raise
    except OSError as exc:
        raise ContentError([Diagnostic(display, 1, 1, f"cannot read the {noun}: {exc.strerror}")]) from None
    except Exception as exc:  # a corrupt XLSX raises zipfile/openpyxl errors
        if suffix == ".xlsx":
            raise ContentError([Diagnostic(display, 1, 1, f"cannot read this XLSX file ({type(exc).__name__}); "
                                                          "save it again from the spreadsheet")]) from None
        raise
    raise ContentError([Diagnostic(display, 1, 1, f"a {noun} is a .csv or .xlsx file")])


def header_name(text: Cell) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower().replace(" ", "_")


def _columns(header: list[str], display: str, layout: Layout) -> tuple[dict[int, str], list[Diagnostic]]:
    """Which column holds what. A header cell is never quoted back: in a file exported without its
    header row, the first row is a person's data."""
    columns = {c: name for c, name in enumerate(header)
               if name and (name in layout.columns or any(name.startswith(p) for p in layout.open_prefixes))}
    near = any(difflib.get_close_matches(name, layout.columns, n=1, cutoff=0.6) for name in header if name)
    if not columns and not near and any(header):
        return columns, [Diagnostic(display, 1, 1, f"the first row is not a header row: none of its cells names a "
                                                   f"column of a {layout.noun} (was the file exported without its "
                                                   f"header?); add a first row naming the columns: {layout.hint()}")]
    diags: list[Diagnostic] = []
    for c, name in enumerate(header):
        if name and c not in columns:
            close = difflib.get_close_matches(name, layout.columns, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"known columns: {layout.hint()}"
            diags.append(Diagnostic(display, 1, c + 1, f"the header of column {c + 1} is not a known column; {hint}"))
    for required in layout.required:
        if required not in columns.values():
            diags.append(Diagnostic(display, 1, 1, f"the column {required!r} is missing"))
    return columns, diags


def _place(name: str, layout: Layout) -> tuple[str, ...]:
    """Where a column's value goes inside its record."""
    for prefix, target in layout.open_prefixes.items():
        if name.startswith(prefix):
            return (target, name[len(prefix):].replace("_", "-"))
    for group in layout.groups:
        if name.startswith(group + "_"):
            return (group, name[len(group) + 1:])
    return (name,)


def table_document(rows: list[list[Cell]], path: Path, display: str,
                   layout: Layout) -> tuple[Document, list[Diagnostic]]:
    """Turn a header row + data rows into {key: [...]} with positions."""
    doc = Document(path=path, display=display, data={layout.key: []})
    if not rows:
        return doc, [Diagnostic(display, 1, 1, f"the {layout.noun} is empty; it needs a header row and "
                                               f"one row per {layout.row_noun}")]
    columns, diags = _columns([header_name(h) for h in rows[0]], display, layout)
    doc.positions[()] = (1, 1)
    doc.positions[(layout.key,)] = (1, 1)
    if not columns:
        return doc, diags  # without a header, every row would only repeat that it is missing
    nests = list(layout.groups) + list(layout.open_prefixes.values())
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue  # spreadsheets end with blank rows
        loc = (layout.key, len(doc.data[layout.key]))
        record: dict = {n: {} for n in nests}
        doc.positions[loc] = (r, 1)
        for c, name in columns.items():
            value = row[c] if c < len(row) else None
            where = _place(name, layout)
            if value is None:  # an empty cell, or a row cut short: a missing field is shown in its column
                doc.positions[loc + where] = (r, c + 1)
                continue
            target = record[where[0]] if len(where) == 2 else record
            if name in layout.lists:
                items = [v for v in LIST_SPLIT.split(value) if v]
                target[where[-1]] = items
                for i in range(len(items)):
                    doc.positions[loc + where + (i,)] = (r, c + 1)
            else:
                target[where[-1]] = value
            doc.positions[loc + where] = (r, c + 1)
        doc.data[layout.key].append(record)
    return doc, diags


def load_records(path: Path, display: str, layout: Layout) -> tuple[Document, list[Diagnostic]]:
    """A YAML file or a table, as a Document to validate; ContentError if it cannot be read at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        try:
            check_file_size(path, display, layout.noun)
            return check_records(load_file(path, display, private=True), layout.key), []
        except YamlError as exc:
            raise ContentError(exc.diagnostics) from None
        except OSError as exc:
            raise ContentError([Diagnostic(display, 1, 1, f"cannot read the {layout.noun}: {exc.strerror}")]) from None
    if suffix not in (".csv", ".xlsx"):
        raise ContentError([Diagnostic(display, 1, 1, f"a {layout.noun} is a .yml, .csv or .xlsx file")])
    return table_document(read_rows(path, display, layout.noun), path, display, layout)
