"""No message about a roster ever holds a cell's value or a key taken from it (issue 17, item 2).

The canary values below appear nowhere else: any of them in the output of `check` (text, json,
GitHub annotations) is a leak.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import run_cli, write_tree

CANARIES = ["Quillonne", "Zarkovianu", "Brevigaard", "Oskelund", "qz-canary-7731", "leakprobe.test",
            "zz-canary-goal", "2031-07-19", "Hexadirecteur", "Canarylab"]
CANARY_ROW = ["p-zz1", "Quillonne Zarkovianu", "Hexadirecteur", "Canarylab", "qz-canary-7731@leakprobe.test",
              "Brevigaard Oskelund", "Cheffe", "Canarylab", "bo.canary@leakprobe.test", "fr", "zz-canary-goal",
              "2031-07-19"]


def leaks(text: str) -> list[str]:
    return [c for c in CANARIES if c.lower() in text.lower()]


def point_roster_at(mini, name: str) -> None:
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"roster: .*", f"roster: ../rosters/{name}", cohort.read_text()))


def check_all_formats(mini) -> dict[str, str]:
    outputs = {}
    for fmt in ("text", "json", "github"):
        code, out, err = run_cli("check", "--project", str(mini), "--format", fmt)
        assert code == 1, (fmt, out, err)
        assert "Traceback" not in err
        outputs[fmt] = out + err
    return outputs


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_without_header_row_names_no_value(mini, delimiter):
    write_tree(mini, {"rosters/noheader.csv": csv_text([CANARY_ROW, CANARY_ROW], delimiter)})
    point_roster_at(mini, "noheader.csv")
    for fmt, out in check_all_formats(mini).items():
        assert not leaks(out), (fmt, out)
        assert "rosters/noheader.csv:1:" in out or '"line": 1' in out or "line=1" in out, (fmt, out)
    assert "header" in check_all_formats(mini)["text"]


def test_xlsx_without_header_row_names_no_value(mini):
    import openpyxl

    wb = openpyxl.Workbook()
    for row in (CANARY_ROW, CANARY_ROW):
        wb.active.append(row)
    wb.save(mini / "rosters/noheader.xlsx")
    point_roster_at(mini, "noheader.xlsx")
    for fmt, out in check_all_formats(mini).items():
        assert not leaks(out), (fmt, out)


def test_unknown_header_is_named_by_its_column_only(mini):
    header = ["id", "mentor_name", "mentor_email", "mentee_name", "mentee_email", "Quillonne Zarkovianu"]
    row = ["p1", "A B", "a@b.example", "C D", "c@d.example", "x"]
    write_tree(mini, {"rosters/extra.csv": csv_text([header, row])})
    point_roster_at(mini, "extra.csv")
    out = check_all_formats(mini)["text"]
    assert not leaks(out), out
    assert "rosters/extra.csv:1:6:" in out, out


YAML_ROSTER = """\
pairs:
  - id: a1
    Quillonne Zarkovianu: yes
    mentor: {name: "A B", email: "a@b.example", Brevigaard: x}
    mentee: {name: "C D", email: "c@d.example"}
    scores: {Oskelund: 2}
    goals: [zz-canary-goal]
    unavailable: [2031-07-19, "Hexadirecteur"]
  - id: a2
    mentor: {name: "A B", email: "a@b.example"}
    mentee: {name: "C D", email: "c@d.example", Canarylab: 1, Canarylab: 2}
"""


def test_yaml_roster_keys_are_never_echoed(mini):
    write_tree(mini, {"rosters/keys.yml": YAML_ROSTER})
    point_roster_at(mini, "keys.yml")
    for fmt, out in check_all_formats(mini).items():
        assert not leaks(out), (fmt, out)


def test_yaml_roster_unknown_keys_are_located(mini):
    # Without the duplicate key (a reading error that stops everything else), every unknown key shows.
    write_tree(mini, {"rosters/keys.yml": YAML_ROSTER.replace(", Canarylab: 1, Canarylab: 2", "")})
    point_roster_at(mini, "keys.yml")
    out = check_all_formats(mini)["text"]
    assert not leaks(out), out
    assert "rosters/keys.yml:3:5:" in out and "unknown key" in out, out
    assert "rosters/keys.yml:4:49:" in out, out


def test_unknown_dimension_and_goal_are_located_without_their_names(mini):
    write_tree(mini, {"rosters/dims.yml": """\
pairs:
  - id: a1
    mentor: {name: "A B", email: "a@b.example"}
    mentee: {name: "C D", email: "c@d.example"}
    scores: {Oskelund: 2}
    goals: [zz-canary-goal]
"""})
    point_roster_at(mini, "dims.yml")
    for fmt, out in check_all_formats(mini).items():
        assert not leaks(out), (fmt, out)
    out = check_all_formats(mini)["text"]
    assert "rosters/dims.yml:5:24:" in out and "rosters/dims.yml:6:13:" in out, out


def test_yaml_roster_anchor_names_are_never_echoed(mini):
    text = YAML_ROSTER.replace(", Canarylab: 1, Canarylab: 2", "").replace("goals: [zz-canary-goal]",
                                                                  "goals: &QuillonneZarkovianu [x]")
    write_tree(mini, {"rosters/keys.yml": text})
    point_roster_at(mini, "keys.yml")
    out = check_all_formats(mini)["text"]
    assert not leaks(out), out
    assert "anchors" in out
