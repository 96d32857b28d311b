"""Resource limits on rosters: file size, rows, columns, cell size, XLSX dimension (issue 17, item 6)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

from rm_course.planning import limits

from conftest import run_cli

HEADER = "id,mentor_name,mentor_email,mentee_name,mentee_email\n"


def row(i: int) -> str:
    return f"p{i},Mentor {i},m{i}@x.example,Mentee {i},e{i}@x.example\n"


def use_roster(mini, name: str, data: bytes) -> None:
    (mini / "rosters" / name).write_bytes(data)
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", f"roster: ../rosters/{name}", cohort.read_text()))


def check(mini) -> str:
    code, _, err = run_cli("check", "--project", str(mini))
    assert code == 1 and "Traceback" not in err, err
    return err


def test_a_csv_field_past_the_csv_reader_limit_is_located(mini):
    use_roster(mini, "r.csv", (HEADER + row(1) + 'p2,"' + "x" * 200_000 + '",a@b.example,C,c@d.example\n').encode())
    assert "rosters/r.csv:3:1:" in check(mini)


def test_an_unclosed_quote_is_explained(mini):
    use_roster(mini, "r.csv", (HEADER + row(1) + 'p2,"Jean\n' + "".join(row(i) for i in range(3, 6000))).encode())
    err = check(mini)
    assert "rosters/r.csv:3:1:" in err and "quote" in err


def test_a_long_cell_is_located(mini):
    use_roster(mini, "r.csv", (HEADER + f"p1,{'y' * 20_000},m@x.example,E,e@x.example\n").encode())
    err = check(mini)
    assert "rosters/r.csv:2:2:" in err and "10,000" in err


def test_too_many_rows(mini):
    use_roster(mini, "r.csv", (HEADER + "".join(row(i) for i in range(limits.MAX_ROWS + 5))).encode())
    err = check(mini)
    assert f"rosters/r.csv:{limits.MAX_ROWS + 2}:1:" in err and "rows" in err


def test_too_many_columns(mini):
    use_roster(mini, "r.csv", (HEADER.strip() + ",x" * 300 + "\n" + row(1).strip() + ",1" * 300 + "\n").encode())
    assert f"rosters/r.csv:1:{limits.MAX_COLUMNS + 1}:" in check(mini)


def test_too_large_a_file(mini):
    use_roster(mini, "r.csv", HEADER.encode() + b"#" * (limits.MAX_FILE_BYTES + 1))
    err = check(mini)
    assert "rosters/r.csv:1:1:" in err and "MB" in err


def xlsx(path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)


FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'


def forge_dimension(path, ref="A1:XFD1048576", far_cell=False):
    """Rewrite the sheet's declared dimension, as a hostile or broken writer would (and, with
    `far_cell`, put a cell in the sheet's last row and column)."""
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    items[sheet] = re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), items[sheet])
    assert ref.encode() in items[sheet]
    if far_cell:
        items[sheet] = items[sheet].replace(b"</sheetData>", FAR_CELL + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            out.writestr(name, data)


def test_an_xlsx_with_a_forged_dimension_reads_only_its_cells(tmp_path):
    path = tmp_path / "r.xlsx"
    xlsx(path, [HEADER.strip().split(","), row(1).strip().split(",")])
    forge_dimension(path)
    code = ("from pathlib import Path; from rm_course.planning.limits import bounded_xlsx;"
            f"rows = bounded_xlsx(Path({str(path)!r}), 'r.xlsx', lambda v: v); print(len(rows), len(rows[0]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows, width = map(int, done.stdout.split())
    assert rows == 2 and width <= limits.MAX_COLUMNS


def test_an_xlsx_with_a_forged_dimension_is_checked_quickly(mini):
    xlsx(mini / "rosters/r.xlsx", [HEADER.strip().split(","), row(1).strip().split(",")])
    forge_dimension(mini / "rosters/r.xlsx")
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", "roster: ../rosters/r.xlsx", cohort.read_text()))
    done = subprocess.run([sys.executable, "-m", "rm_course", "check", "--project", str(mini)],
                          capture_output=True, text=True, timeout=90)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr


def test_an_xlsx_with_a_cell_in_its_last_row_stops_at_the_row_limit(mini):
    xlsx(mini / "rosters/r.xlsx", [HEADER.strip().split(","), row(1).strip().split(",")])
    forge_dimension(mini / "rosters/r.xlsx", far_cell=True)
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", "roster: ../rosters/r.xlsx", cohort.read_text()))
    done = subprocess.run([sys.executable, "-m", "rm_course", "check", "--project", str(mini)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"rosters/r.xlsx:{limits.MAX_ROWS + 2}:1:" in done.stderr


def test_an_xlsx_with_too_many_rows(mini):
    rows = [HEADER.strip().split(",")] + [row(i).strip().split(",") for i in range(limits.MAX_ROWS + 3)]
    xlsx(mini / "rosters/r.xlsx", rows)
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", "roster: ../rosters/r.xlsx", cohort.read_text()))
    assert f"rosters/r.xlsx:{limits.MAX_ROWS + 2}:1:" in check(mini)


def test_an_xlsx_that_unpacks_to_too_much(mini):
    path = mini / "rosters/r.xlsx"
    xlsx(path, [HEADER.strip().split(","), row(1).strip().split(",")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (limits.MAX_UNPACKED_BYTES + 1))
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", "roster: ../rosters/r.xlsx", cohort.read_text()))
    err = check(mini)
    assert "rosters/r.xlsx:1:1:" in err and "unpacks" in err


@pytest.mark.parametrize("text", ["pairs:\n" + "  - {id: p, mentor: {name: a, email: a@b.c}, "
                                  "mentee: {name: b, email: b@c.d}}\n" * (limits.MAX_ROWS + 1)])
def test_a_yaml_roster_with_too_many_pairs(mini, text):
    use_roster(mini, "r.yml", text.encode())
    err = check(mini)
    assert "rosters/r.yml:" in err and "10,000" in err
