"""Bounded readers for tables of personal data: file size, rows, columns and cell size are capped.

A roster or sign-up sheet comes from a spreadsheet export, so a wrong export (a whole HR
database, an unclosed quote that swallows the rest of the file, an XLSX whose declared
dimension claims a million rows) must stop with a clear, located message instead of filling
memory. Messages give rows and columns, never a cell's value.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from ..errors import ContentError, Diagnostic

MAX_FILE_BYTES = 10_000_000  # a 1,000-pair roster is about 200 kB as CSV
MAX_UNPACKED_BYTES = 100_000_000  # what an XLSX may unpack to (it is a zip archive)
MAX_ROWS = 10_000  # data rows, the header not counted
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters in one cell

Cell = str | None


def check_file_size(path: Path, display: str, noun: str) -> None:
    """Refuse a file too large to be a roster before anything reads it."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise ContentError([Diagnostic(display, 1, 1, f"cannot read the {noun}: {exc.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise ContentError([Diagnostic(display, 1, 1, f"the {noun} is {size / 1e6:.1f} MB; the limit is "
                                                      f"{MAX_FILE_BYTES // 1_000_000} MB (export only the cohort's rows)")])


class _Bounds:
    """Problems found while rows are read, and whether reading must stop."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Diagnostic] = []

    def add(self, row: int, col: int, message: str) -> None:
        self.problems.append(Diagnostic(self.display, row, col, message))

    def check_row(self, number: int, row: list[Cell], width: int) -> bool:
        """Check one row (1-based, header included) whose last filled cell is in column `width`;
        False once there are too many rows."""
        if number > MAX_ROWS + 1:
            self.add(number, 1, f"more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,} (one row per person "
                                "or pair): split the file or remove the rows that do not belong")
            return False
        if width > MAX_COLUMNS:
            self.add(number, MAX_COLUMNS + 1, f"this row has cells beyond column {MAX_COLUMNS}, the limit; "
                                              "remove the columns that do not belong")
        for c, cell in enumerate(row[:MAX_COLUMNS], start=1):
            if cell is not None and len(cell) > MAX_CELL:
                self.add(number, c, f"this cell has {len(cell):,} characters; the limit is {MAX_CELL:,}")
        return True

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def bounded_csv(text: str, delimiter: str, display: str, cell) -> list[list[Cell]]:
    """The rows of a CSV text (each cell through `cell`), within the limits; ContentError otherwise."""
    bounds = _Bounds(display)
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        number = len(rows) + 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bounds.add(number, 1, _csv_problem(exc))
            break
        row = [cell(c) for c in raw[:MAX_COLUMNS]]
        if not bounds.check_row(number, row, _width(raw)):
            break
        rows.append(row)
    bounds.raise_if_any()
    return rows


def _width(raw: list[str]) -> int:
    """The column of a CSV row's last filled cell (0 for a blank row)."""
    for i in range(len(raw) - 1, -1, -1):
        if raw[i].strip():
            return i + 1
    return 0


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell starting on this row is longer than the CSV reader accepts ({csv.field_size_limit():,} "
                f"characters; a cell may have {MAX_CELL:,}): a quote (\") is probably never closed")
    return f"this row cannot be read as CSV ({exc}); save the file again from the spreadsheet"


def check_unpacked_size(path: Path, display: str) -> None:
    """An XLSX is a zip archive: refuse one that unpacks to more than a roster can need."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return  # reported by the reader, which fails on it the same way
    if total > MAX_UNPACKED_BYTES:
        raise ContentError([Diagnostic(display, 1, 1, f"this XLSX file unpacks to {total / 1e6:.0f} MB; the limit "
                                                      f"is {MAX_UNPACKED_BYTES // 1_000_000} MB (export only the "
                                                      "cohort's rows, without images)")])


def bounded_xlsx(path: Path, display: str, cell) -> list[list[Cell]]:
    """The rows of the first sheet of an XLSX, read in read-only mode within the limits."""
    import openpyxl

    check_unpacked_size(path, display)
    bounds = _Bounds(display)
    rows: list[list[Cell]] = []
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        # The declared dimension (`<dimension ref="A1:XFD1048576"/>`) is the writer's claim, not
        # the data: trusting it pads every row to it. Rows and columns are bounded here instead.
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1,
                                                     values_only=True), start=1):
            row = [cell(v) for v in values]
            width = max((i + 1 for i, v in enumerate(row) if v is not None), default=0)
            if not bounds.check_row(number, row, width):
                break
            rows.append(row[:MAX_COLUMNS])
    finally:
        wb.close()
    bounds.raise_if_any()
    return rows


def check_records(doc, key: str):
    """The same limits for a YAML file of records: the number of records and each value's size."""
    records = doc.data.get(key) if isinstance(doc.data, dict) else None
    problems: list[Diagnostic] = []
    if isinstance(records, list) and len(records) > MAX_ROWS:
        line, col = doc.where((key, MAX_ROWS))
        problems.append(Diagnostic(doc.display, line, col, f"more than {MAX_ROWS:,} entries; the limit is "
                                                           f"{MAX_ROWS:,}: split the file"))
    for loc, (line, col) in doc.positions.items():
        value = _value_at(doc.data, loc)
        if isinstance(value, str) and len(value) > MAX_CELL:
            problems.append(Diagnostic(doc.display, line, col, f"this value has {len(value):,} characters; the "
                                                               f"limit is {MAX_CELL:,}"))
    if problems:
        raise ContentError(problems)
    return doc


def _value_at(data, loc):
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
