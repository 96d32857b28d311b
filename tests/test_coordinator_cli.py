"""The coordinator's commands as a user meets them: help, the cohort's answer files in check, sign-up formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run_cli
from rm_course.build.engine import BuildStats
from rm_course.content.load import load_project
from rm_course.errors import ContentError
from rm_course.planning.cohorts import selected_cohorts
from rm_course.planning.responses import EvaluationFiles, resolve_files
from rm_course.planning.signups import read_signups

SHEET = REPO / "examples" / "signups-example-2027"


def test_help_lists_every_command_on_one_untruncated_line():
    code, out, _ = run_cli("--help")
    assert code == 0
    listed = out.split("Commands:")[1].strip().splitlines()
    names = [line.split()[0] for line in listed]
    assert {"base", "match", "report", "check", "build"} <= set(names)
    assert len(listed) == len(names) and not any(line.endswith("...") for line in listed)
    assert "rm-course match signups.csv" in out and "rm-course report" in out


@pytest.mark.parametrize("command, words", [
    ("match", ["SIGNUPS", ".xlsx", "proposed-roster.yml", "shortlists.csv", "matching-<lang>.pdf",
               "private/<cohort>/matching/", "Example:", "--cohort"]),
    ("report", ["--pre", "--post", "--survey", "--attendance", "report-<lang>.pdf", "figures/<lang>/",
                "private/<cohort>/report/", "Example:", "min_group"]),
])
def test_command_help_says_inputs_outputs_and_an_example(command, words):
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    for word in words:
        assert word in out, word


def test_summary_names_what_was_built():
    assert BuildStats(lms="built", built=2).summary().startswith("Built 2, skipped 0 unchanged, LMS packages built")
    assert "site" not in BuildStats(lms="built").summary()
    assert "site" not in BuildStats(built=3, pages=40).summary()  # --only pdf
    assert ", site unchanged, LMS packages built in " in BuildStats(site="unchanged", lms="built").summary()


def _cohort_with_answers(mini: Path, outside: Path) -> Path:
    (mini / "answers").mkdir()
    (mini / "answers" / "pre.csv").write_text("pair;score_x\n", "utf-8")
    (mini / "answers" / "survey.txt").write_text("not a table\n", "utf-8")
    (outside / "post.csv").write_text("pair\n", "utf-8")
    cohort = mini / "cohorts" / "test.yml"
    cohort.write_text(cohort.read_text("utf-8") + (
        "evaluation:\n"
        "  pre: ../answers/pre.csv\n"
        f"  post: {outside / 'post.csv'}\n"
        "  survey: ../answers/survey.txt\n"
        "  attendance: ../answers/missing.csv\n"), "utf-8")
    return cohort


def test_check_locates_every_bad_answer_path_as_report_does(mini: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _cohort_with_answers(mini, outside)
    code, _, err = run_cli("check", "--project", str(mini), "--today", "2027-01-01")
    assert code == 1
    display = "cohorts/test.yml"
    expected = {
        f"{display}:10:9: evaluation.post: the answer file path leads out of the project",
        f"{display}:11:11: evaluation.survey: an answer file is a .csv or .xlsx file",
        f"{display}:12:15: evaluation.attendance: the file ../answers/missing.csv does not exist",
    }
    for start in expected:
        assert any(line.startswith(start) for line in err.splitlines()), (start, err)
    assert "evaluation.pre" not in err  # inside, present and a table: fine
    # `report` reports the very same diagnostics for the files it is not given on its command line
    project, _ = load_project(mini)
    ref = selected_cohorts(project, [], None)[0]
    with pytest.raises(ContentError) as info:
        resolve_files(project, ref, EvaluationFiles(survey=mini / "answers" / "pre.csv"))
    reported = {d.text() for d in info.value.diagnostics}
    in_check = {line for line in err.splitlines() if "evaluation." in line}
    assert reported == {line for line in in_check if "evaluation.survey" not in line}


def test_check_refuses_an_answer_file_linked_from_outside(mini: Path, tmp_path: Path):
    (tmp_path / "secret.csv").write_text("pair\n", "utf-8")
    (mini / "answers").mkdir()
    (mini / "answers" / "pre.csv").symlink_to(tmp_path / "secret.csv")
    cohort = mini / "cohorts" / "test.yml"
    cohort.write_text(cohort.read_text("utf-8") + "evaluation:\n  pre: ../answers/pre.csv\n", "utf-8")
    code, _, err = run_cli("check", "--project", str(mini), "--today", "2027-01-01")
    assert code == 1 and "cohorts/test.yml:9:8: evaluation.pre: the answer file path goes through a symbolic link" in err


def test_the_shipped_cohort_answer_paths_pass_check():
    project, _ = load_project(REPO)
    ref = selected_cohorts(project, ["example-2027"], None)[0]
    assert resolve_files(project, ref, EvaluationFiles()).pre.is_file()


def test_the_three_sign_up_formats_read_identically(tmp_path: Path):
    project, _ = load_project(REPO)
    people = {suffix: read_signups(SHEET.with_suffix(suffix), project)[0] for suffix in (".csv", ".xlsx", ".yml")}
    assert len(people[".csv"]) == 40
    assert people[".yml"] == people[".csv"] == people[".xlsx"]
    # a YAML sheet is located by line: a bad value in the shipped one is found where it was written
    text = SHEET.with_suffix(".yml").read_text("utf-8").replace("side: mentee", "side: sponsor", 1)
    bad = tmp_path / "signups.yml"
    bad.write_text(text, "utf-8")
    with pytest.raises(ContentError) as info:
        read_signups(bad, project)
    line = text.splitlines().index("    side: sponsor") + 1
    assert [d.line for d in info.value.diagnostics] == [line]

