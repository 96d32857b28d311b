"""`rm-course match` end to end on the fixture programme: files, privacy, atomicity, and a build of
the proposed roster."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli
from rm_course.content.load import load_project
from rm_course.generators.matching import proposed_roster
from rm_course.planning.cohorts import check_roster_refs
from rm_course.planning.matching import propose
from rm_course.planning.roster import read_roster
from rm_course.planning.signups import read_signups, topic_expander

FORMULA = "=HYPERLINK(\"http://x\")"
HEADER = "id,side,name,email,department,site,languages,availability,topics,employee_id,manager_id,prefers\n"
SHEET = HEADER + "".join([
    "m1,mentor,Aubépine Zorzi,a.z@example.com,DSI,Lyon,fr en,monday-am thursday-pm,linkedin teams-meetings,E10,E5,\n",
    "m2,mentor,Corentin Vasquelle,c.v@example.com,Marketing,Lyon,fr,thursday-pm,linkedin-basics,E11,E6,e1\n",
    f"m3,mentor,{FORMULA},f.x@example.com,Achats,Paris,en,friday-pm,teams,E12,E21,\n",
    "e1,mentee,Églantine Morvandelle,e.m@example.com,Finance,Lyon,fr,thursday-pm,linkedin networking,E20,E8,\n",
    "e2,mentee,Hippolyte Carabasse,h.c@example.com,Ventes,Paris,en fr,monday-am,teams meetings,E21,E9,\n",
    "e3,mentee,Ombeline Fauchereau,o.f@example.com,RH,Nantes,fr,tuesday-am,web-history,E22,E30,\n",
])
NAMES = ("Aubépine", "Corentin", "Églantine", "Hippolyte", "Ombeline", "HYPERLINK")


def test_match_writes_the_proposal_and_build_takes_it(mini: Path):
    (mini / "signups.csv").write_text(SHEET, "utf-8")
    code, out, err = run_cli("match", str(mini / "signups.csv"), "--project", str(mini))
    assert code == 0, err
    assert "2 pair(s) proposed, 1 mentee(s)" in out
    assert not any(n in out + err for n in NAMES)
    folder = mini / "private" / "test-cohort" / "matching"
    assert sorted(p.name for p in folder.iterdir()) == ["matching-en.pdf", "matching-fr.pdf", "proposed-roster.yml",
                                                        "shortlists.csv"]
    table = (folder / "shortlists.csv").read_text("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in table or "'=HYPERLINK" in table
    assert "\n=" not in table and ";=" not in table and ",=" not in table
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(folder / "matching-fr.pdf").pages)
    assert "Proposition de binômes" in text and "Ombeline Fauchereau" in text  # e3, left without a pair
    english = " ".join(page.extract_text() for page in PdfReader(folder / "matching-en.pdf").pages)
    assert "Proposed pairs" in english and "Three possible mentors" in english and "Ombeline Fauchereau" in english
    assert "binôme" not in english
    # e2 (monday-am) can only meet m1; e1 is then left with m2, who asked for her
    roster, _ = read_roster(folder / "proposed-roster.yml")
    assert {(p.id, p.mentor.email) for p in roster.pairs} == {("e1", "c.v@example.com"), ("e2", "a.z@example.com")}
    code, out, err = run_cli("build", "--project", str(mini), "--only", "plans", "--quiet",
                             "--roster", str(folder / "proposed-roster.yml"))
    assert code == 0, err
    plans = mini / "private" / "proposed-roster" / "pairs"
    assert (plans / "e1" / "mentor-plan.pdf").is_file() and (plans / "e2" / "sessions.ics").is_file()
    # a build of the cohort itself carries the proposal over (the stage copies kept prefixes)
    from rm_course.build.engine import BuildOptions, plan_roots
    from rm_course.content.load import open_project

    roots = plan_roots(BuildOptions(project=mini, only={"plans"}), open_project(mini))
    assert [r.keep_prefixes for r in roots if r.root.name == "test-cohort"] == [("matching/",)] or all(
        "matching/" in r.keep_prefixes for r in roots if r.root.name == "test-cohort")


def test_bad_sheet_leaves_the_last_proposal(mini: Path):
    (mini / "signups.csv").write_text(SHEET, "utf-8")
    assert run_cli("match", str(mini / "signups.csv"), "--project", str(mini))[0] == 0
    pdf = mini / "private" / "test-cohort" / "matching" / "matching-fr.pdf"
    before = pdf.read_bytes()
    bad = SHEET.replace("a.z@example.com", "Aubépine Zorzi").replace("thursday-pm,linkedin-basics", "jeudi,nope")
    (mini / "signups.csv").write_text(bad, "utf-8")
    code, out, err = run_cli("match", str(mini / "signups.csv"), "--project", str(mini))
    assert code == 1
    assert "signups.csv:2:4:" in err and "signups.csv:3:8:" in err and "signups.csv:3:9:" in err
    assert "Traceback" not in err and not any(n in err for n in NAMES)
    assert pdf.read_bytes() == before


def test_shipped_sheet_gives_a_roster_the_programme_accepts(tmp_path: Path):
    project = load_project(REPO)[0]
    people, _ = read_signups(REPO / "examples" / "signups-example-2027.csv", project)
    proposal = propose(people, project.programme.matching, topic_expander(project))
    (tmp_path / "proposed.yml").write_bytes(proposed_roster(project, proposal))
    roster, doc = read_roster(tmp_path / "proposed.yml")
    assert len(roster.pairs) == len(proposal.pairs) >= 15
    assert check_roster_refs(project, roster, doc) == []
