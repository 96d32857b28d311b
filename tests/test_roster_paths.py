"""A cohort file's roster must be a file of the project: no absolute path, no '..' out of it, no
symbolic link leading elsewhere; `check` and `build` say so on the cohort file's line."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli

CANARY = "Quillon Vantablack"  # a name that appears nowhere else


@pytest.fixture
def outside(tmp_path):
    """A roster outside the project, holding a name that must never be printed."""
    roster = tmp_path / "elsewhere" / "roster.yml"
    roster.parent.mkdir()
    roster.write_text(f"pairs:\n  - id: z1\n    mentor: {{name: \"{CANARY}\"}}\n", "utf-8")
    return roster


def point_roster(mini, target: str) -> None:
    cohort = mini / "cohorts" / "test.yml"
    cohort.write_text(re.sub(r"roster: .*", f"roster: {target}", cohort.read_text("utf-8")), "utf-8")


def cases(mini, outside):
    (mini / "rosters" / "linked.yml").symlink_to(outside)
    depth = len((mini / "cohorts").relative_to(outside.parent.parent).parts)
    return {
        "absolute": (str(outside), "leads out of the project"),
        "dotdot": ("../" * depth + "elsewhere/roster.yml", "leads out of the project"),
        "symlink": ("../rosters/linked.yml", "symbolic link that leads out of the project"),
    }


@pytest.mark.parametrize("case", ["absolute", "dotdot", "symlink"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_roster_outside_the_project_is_refused_on_its_line(mini, outside, case, command):
    target, why = cases(mini, outside)[case]
    point_roster(mini, target)
    outputs = [mini / "private" / "test-cohort" / "overview.csv", mini / "dist" / "index.html"]
    for path in outputs:  # the last good output, which a refused build leaves as it was
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("previous", "utf-8")
    args = ["--only", "plans"] if command == "build" else []
    code, out, err = run_cli(command, "--project", str(mini), *args)
    text = out + err
    assert code == 1, text
    assert re.search(rf"cohorts/test\.yml:\d+:\d+: roster: the roster path [^\n]*{why}", text), text
    assert CANARY not in text and "Traceback" not in text and str(outside.parent) not in text
    for root in ("private", "dist"):
        assert [p.read_text("utf-8") for p in (mini / root).rglob("*") if p.is_file()] == ["previous"]


def test_a_roster_inside_the_project_through_a_link_is_accepted(mini):
    (mini / "cohorts" / "same.yml").symlink_to(mini / "rosters" / "roster.yml")
    point_roster(mini, "same.yml")
    code, out, err = run_cli("check", "--project", str(mini))
    assert code == 0, out + err
