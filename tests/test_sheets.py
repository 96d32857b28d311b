"""The shared table reader: positions of every cell, delimiters, encodings, XLSX, header errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from rm_course.errors import ContentError
from rm_course.planning.sheets import Layout, load_records, read_rows, table_document

LAYOUT = Layout(key="people", noun="sheet", row_noun="person", columns=("id", "topics", "boss_name"),
                required=("id",), lists=("topics",), groups=("boss",), open_prefixes={"score_": "scores"})


def test_semicolon_cp1252_positions(tmp_path: Path):
    path = tmp_path / "s.csv"
    path.write_bytes("id;topics;boss_name;score_ai_use\r\np1;a, b;Zoé;3\r\n;;;\r\n".encode("cp1252"))
    doc, diags = table_document(read_rows(path, "s.csv"), path, "s.csv", LAYOUT)
    assert diags == []
    assert doc.data == {"people": [{"id": "p1", "topics": ["a", "b"], "boss": {"name": "Zoé"},
                                    "scores": {"ai-use": "3"}}]}
    assert doc.positions[("people", 0, "boss", "name")] == (2, 3)
    assert doc.positions[("people", 0, "topics", 1)] == (2, 2)
    assert doc.positions[("people", 0, "scores", "ai-use")] == (2, 4)


def test_header_errors_all_at_once(tmp_path: Path):
    path = tmp_path / "s.csv"
    path.write_text("\ufefftopic,colour\nx,y\n", "utf-8")
    _, diags = table_document(read_rows(path, "s.csv"), path, "s.csv", LAYOUT)
    texts = [d.text() for d in diags]
    assert "s.csv:1:1: the header of column 1 is not a known column; did you mean 'topics'?" in texts
    assert any(t.startswith("s.csv:1:2: the header of column 2 is not a known column; known columns: id, topics")
               for t in texts)
    assert not any("colour" in t for t in texts)  # a header cell is never quoted back
    assert "s.csv:1:1: the column 'id' is missing" in texts


def test_xlsx_and_bad_files(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["ID", "Topics"])
    wb.active.append(["p1", "a|b"])
    wb.save(tmp_path / "s.xlsx")
    doc, diags = load_records(tmp_path / "s.xlsx", "s.xlsx", LAYOUT)
    assert not diags and doc.data["people"][0]["topics"] == ["a", "b"]
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ContentError) as err:
        load_records(tmp_path / "bad.xlsx", "bad.xlsx", LAYOUT)
    assert err.value.diagnostics[0].text().startswith("bad.xlsx:1:1: cannot read this XLSX file")
    with pytest.raises(ContentError):
        load_records(tmp_path / "s.txt", "s.txt", LAYOUT)
