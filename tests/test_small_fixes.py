"""The smaller cases of issue 17, item 9: located UTF-8 and tab errors, truncated rows, past
cohorts, and example names that never collide with the curriculum's."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from rm_course.content.yamlload import load_file
from rm_course.errors import YamlError
from rm_course.planning.roster import read_roster

from conftest import REPO, run_cli, write_tree


def yaml_problem(tmp_path: Path, raw: bytes) -> str:
    path = tmp_path / "f.yml"
    path.write_bytes(raw)
    with pytest.raises(YamlError) as caught:
        load_file(path, "f.yml")
    return caught.value.diagnostics[0].text()


def test_invalid_utf8_is_located_at_line_and_column(tmp_path):
    text = yaml_problem(tmp_path, "a: b\nname: \"crème \xe9\"\n".encode("utf-8").replace(b"\xc3\xa9", b"\xe9"))
    assert text.startswith("f.yml:2:14:"), text  # the column counts characters, not bytes
    assert "UTF-8" in text


def test_a_tab_in_the_indentation_is_explained(tmp_path):
    text = yaml_problem(tmp_path, b"a:\n  b: 1\n\tc: 2\n")
    assert text.startswith("f.yml:3:1:") and "tab" in text and "spaces" in text, text


def test_a_truncated_row_reports_every_missing_field(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id,mentor_name,mentor_email,mentee_name,mentee_email\np1,A B,a@b.example,C D,c@d.example\n"
                    "p2,A B\n", "utf-8")
    with pytest.raises(Exception) as caught:
        read_roster(path, tmp_path)
    texts = [d.text() for d in caught.value.diagnostics]
    assert [t.split(": ")[0] for t in texts] == ["r.csv:3:3", "r.csv:3:4", "r.csv:3:5"], texts


def test_a_cohort_starting_in_the_past_warns(mini):
    cohort = mini / "cohorts/test.yml"
    cohort.write_text(re.sub(r"start: .*", "start: 2020-03-02", cohort.read_text()))
    code, _, err = run_cli("check", "--project", str(mini), "--today", "2026-11-22")
    assert code == 0, err
    assert "cohorts/test.yml:4:8: warning: start:" in err and "2020-03-02" in err, err


def test_the_example_roster_names_nobody_from_the_curriculum():
    """A leak scan looks for the example roster's names: the curriculum's case studies must not
    use them, or every published page would look like a leak."""
    roster, _ = read_roster(REPO / "examples/example-cohort.yml")
    parts = {part for pair in roster.pairs for person in (pair.mentor, pair.mentee)
             for part in re.split(r"[\s'-]+", person.name) if len(part) > 2}
    found = subprocess.run(["grep", "-rliwE", "|".join(sorted(parts)), "curriculum", "templates", "site"],
                           cwd=REPO, capture_output=True, text=True).stdout
    assert found == ""


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_example_roster_variants_agree(ext):
    def people(r):
        return [(p.id, p.mentor.name, p.mentor.email, p.mentee.name, p.mentee.email) for p in r.pairs]

    assert people(read_roster(REPO / f"examples/example-cohort.{ext}")[0]) == \
        people(read_roster(REPO / "examples/example-cohort.yml")[0])
