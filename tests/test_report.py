"""`rm-course report`: aggregates checked by hand, small groups withheld, located errors, the PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from rm_course.content.load import open_project
from rm_course.errors import ContentError
from rm_course.planning.cohorts import selected_cohorts
from rm_course.planning.evaluation import EvaluationInputs, SurveyAnswer, evaluate
from rm_course.planning.responses import EvaluationFiles, load_evaluation, resolve_files
from rm_course.planning.roster import read_roster

EXAMPLES = REPO / "examples"
DIMS = ["professional-networking", "collaboration-tools", "online-meetings", "information-management",
        "generative-ai", "security-privacy", "digital-culture"]


def example_files(folder: Path = EXAMPLES) -> EvaluationFiles:
    return EvaluationFiles(pre=folder / "example-2027-pre.csv", post=folder / "example-2027-post.csv",
                           survey=folder / "example-2027-survey.csv",
                           attendance=folder / "example-2027-attendance.csv")


@pytest.fixture(scope="module")
def example():
    project = open_project(REPO)
    ref = selected_cohorts(project, ["example-2027"], None)[0]
    return load_evaluation(project, ref, example_files())


def test_example_numbers_match_a_hand_computation(example):
    ev = evaluate(example, threshold=5)
    p = ev.participation
    # 13 pairs × 7 sessions; p07 stopped after session 3 (4 not held), p03, p09 and p11 cancelled 4.
    assert (p.pairs, p.planned, p.held) == (13, 91, 91 - 4 - 4)
    assert p.pairs_complete == 13 - 4  # p03, p07, p09, p11
    # p13 has no kick-off answers and p07 none at closing: 11 pairs answered both.
    assert (p.pre, p.post, p.both) == (12, 12, 11)
    genai = next(d for d in ev.dimensions if d.dimension == "generative-ai")
    # Before, pairs p01–p12 without p07: 1 2 1 1 2 2 1 2 2 2 1; after: 2 2 1 3 2 2 3 3 2 3 2.
    assert genai.n == 11
    assert genai.pre == round(17 / 11, 2) and genai.post == round(25 / 11, 2)
    assert genai.improved == 6
    meetings = next(d for d in ev.dimensions if d.dimension == "online-meetings")
    assert meetings.change == 0.0
    # Goals at closing, 12 pairs: 7 yes, 4 partly, 1 no.
    assert ev.goals.counts == {"yes": 7, "partly": 4, "no": 1}
    # Recommend: 10 9 9 8 7 6 10 10 7 9 8 4 9 8 9 10 6 9 10 7 8 9 8 → 12 promoters, 8 passives, 3 detractors.
    assert (ev.nps.n, ev.nps.promoters, ev.nps.passives, ev.nps.detractors) == (23, 12, 8, 3)
    assert ev.nps.score == round(100 * (12 - 3) / 23) == 39
    # Satisfaction: 5 5 4 4 4 3 5 5 3 4 4 2 5 4 4 5 3 4 5 4 4 5 3 → sum 94 over 23.
    assert ev.satisfaction.mean == round(94 / 23, 2)
    assert ev.satisfaction.counts == {1: 0, 2: 1, 3: 4, 4: 10, 5: 8}
    assert set(ev.by_role) == {"mentor", "mentee"} and ev.by_role["mentor"].n == 11
    # One answer refused to be quoted and three wrote nothing: 19 highlights.
    assert len(ev.highlights) == 19
    assert ev.notes == []


def small_cohort(answered: dict[str, int]) -> EvaluationInputs:
    """Eight pairs; dimension d answered before and after by the first answered[d] pairs."""
    pairs = [f"p{i}" for i in range(8)]
    pre = {p: {d: 1 for d, n in answered.items() if i < n} for i, p in enumerate(pairs)}
    post = {p: {d: 3 for d, n in answered.items() if i < n} for i, p in enumerate(pairs)}
    survey = [SurveyAnswer(role="mentor", satisfaction=5, recommend=10, highlight=f"good {i}") for i in range(6)]
    survey += [SurveyAnswer(role="mentee", satisfaction=2, recommend=3) for _ in range(3)]
    return EvaluationInputs(dimensions=list(answered), planned={p: 7 for p in pairs}, pre=pre, post=post,
                            survey=survey)


def test_a_dimension_answered_by_fewer_than_the_threshold_is_suppressed():
    ev = evaluate(small_cohort({"generative-ai": 4, "digital-culture": 8}), threshold=5)
    small, big = ev.dimensions
    assert small.suppressed and small.n == 4 and small.pre is None and small.change is None
    assert not big.suppressed and (big.pre, big.post, big.improved) == (1.0, 3.0, 8)
    assert ("dimension", {"dimension": "generative-ai", "n": 4}) in ev.notes
    # Three mentees: their mean would follow from the whole and the mentors', so both roles are merged.
    assert ev.by_role == {} and ("roles", {"n": 3}) in ev.notes
    assert ev.satisfaction.n == 9 and ev.satisfaction.mean == round((6 * 5 + 3 * 2) / 9, 2)
    # Six highlights from six people: quoted, in an order that is not the rows'.
    assert sorted(ev.highlights) == [f"good {i}" for i in range(6)]
    assert evaluate(small_cohort({"generative-ai": 4}), threshold=3).dimensions[0].pre == 1.0


def test_highlights_need_consent_when_the_form_asked():
    survey = [SurveyAnswer(highlight=f"h{i}", consent=(i % 2 == 0) if i else None) for i in range(12)]
    ev = evaluate(EvaluationInputs(dimensions=[], planned={}, survey=survey), threshold=5)
    assert sorted(ev.highlights) == sorted(f"h{i}" for i in range(2, 12, 2))


def test_every_problem_at_once_located_without_values(tmp_path: Path):
    project = open_project(REPO)
    ref = selected_cohorts(project, ["example-2027"], None)[0]
    pre = tmp_path / "pre.csv"
    pre.write_text("Binôme;IA générative;score_telepathy\np99;3;1\np01;secret-9;2\np02;2;1\np02;2;1\n", "utf-8")
    survey = tmp_path / "survey.csv"
    survey.write_text("Rôle,Satisfaction,Recommandation,Point fort\nboss,6,11,Zoé Martin told me\n", "utf-8")
    attendance = tmp_path / "attendance.csv"
    attendance.write_text("pair;session;held\np01;9;oui\np01;1;peut-être\n", "utf-8")
    files = EvaluationFiles(pre=pre, post=EXAMPLES / "example-2027-post.csv", survey=survey, attendance=attendance)
    with pytest.raises(ContentError) as info:
        load_evaluation(project, ref, files)
    text = info.value.format_message()
    where = [f"{d.file}:{d.line}:{d.col}" for d in info.value.diagnostics]
    assert f"{pre}:1:3" in where  # the unknown dimension, at its header cell
    assert any(w.startswith(str(survey)) for w in where) and any(w.startswith(str(attendance)) for w in where)
    assert len([w for w in where if w.startswith(str(survey) + ":2:")]) == 3  # role, satisfaction, recommend
    assert f"{attendance}:2:2" in where and f"{attendance}:3:3" in where
    for value in ("secret-9", "boss", "Zoé", "peut-être", "telepathy"):
        assert value not in text


def test_report_writes_both_pdfs_and_figures_with_no_individual_data(tmp_path: Path):
    pypdf = pytest.importorskip("pypdf")
    project = tmp_path / "programme"
    for folder in ("curriculum", "cohorts", "examples"):
        shutil.copytree(REPO / folder, project / folder)
    # The files named in the example cohort file.
    code, _, err = run_cli("report", "--project", str(project), "--jobs", "1")
    assert code == 0, err
    out = project / "private" / "example-2027" / "report"
    texts = {}
    for lang, title in (("fr", "Bilan du programme"), ("en", "Programme evaluation")):
        reader = pypdf.PdfReader(out / f"report-{lang}.pdf")
        assert len(reader.pages) == 4
        texts[lang] = "\n".join(page.extract_text() for page in reader.pages)
        assert title in texts[lang]
        for name in ("change", "sessions", "satisfaction", "nps", "goals"):
            svg = (out / "figures" / lang / f"{name}.svg").read_text("utf-8")
            assert "<text" in svg and "Source Sans 3" in svg  # text kept as text, in the house font
            assert (out / "figures" / lang / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    assert "Net promoter score: 39" in texts["en"].replace("\n", " ")
    assert "IA générative" in texts["fr"] and "Generative AI" in texts["en"]
    # Nothing of the roster and no pair id: every figure is over a group.
    roster, _ = read_roster(REPO / "examples" / "example-cohort.yml")
    names = [person.name for pair in roster.pairs for person in (pair.mentor, pair.mentee)]
    everything = "\n".join(texts.values()) + "".join(
        p.read_text("utf-8") for p in out.rglob("*.svg"))
    for name in names:
        assert name not in everything
    for pid in ("p01", "p07", "p13"):
        assert pid not in everything


def test_readme_documents_the_report_for_coordinators():
    readme = (REPO / "README.md").read_text("utf-8")
    coordinators = readme[readme.index("### Coordinators"):readme.index("### Performance")]
    assert "rm-course report" in coordinators
    for column in ("`pair`", "`goals`", "`session`", "`held`", "`satisfaction`", "`recommend`", "`highlight`"):
        assert column in coordinators


def test_small_groups_are_withheld_in_the_pdf_too(tmp_path: Path):
    pypdf = pytest.importorskip("pypdf")
    project = tmp_path / "programme"
    for folder in ("curriculum", "cohorts", "examples"):
        shutil.copytree(REPO / folder, project / folder)
    programme = project / "curriculum" / "programme.yml"
    programme.write_text(programme.read_text("utf-8") + "evaluation:\n  min_group: 12\n", "utf-8")
    files = example_files(project / "examples")
    # 11 pairs answered both self-assessments and 11 mentors the survey: under 12.
    code, _, err = run_cli("report", "--project", str(project), "--cohort", "example-2027", "--pre", str(files.pre),
                           "--post", str(files.post), "--survey", str(files.survey), "--jobs", "1")
    assert code == 0, err
    out = project / "private" / "example-2027" / "report"
    assert not (out / "figures" / "en" / "change.svg").exists() and (out / "figures" / "en" / "sessions.svg").exists()
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out / "report-en.pdf").pages)
    text = " ".join(text.split())
    assert "What is not published" in text
    assert "Generative AI: 11 answers before and after, fewer than the threshold of 12; dimension not published." in text
    assert "only everyone’s satisfaction is published" in text
    assert "Mentors’ average satisfaction" not in text


def test_a_form_export_in_xlsx_is_read(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    project = open_project(REPO)
    ref = selected_cohorts(project, ["example-2027"], None)[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Horodateur", "Rôle", "Satisfaction", "Would recommend", "Highlight", "Again"])
    for i in range(6):
        sheet.append(["2027-06-10 16:00", "Mentoré" if i % 2 else "mentor", 4, 9 - i, f"h{i}", "Oui"])
    survey = tmp_path / "survey.xlsx"
    book.save(survey)
    files = EvaluationFiles(pre=EXAMPLES / "example-2027-pre.csv", post=EXAMPLES / "example-2027-post.csv",
                            survey=survey)
    inputs = load_evaluation(project, ref, files)
    assert inputs.held is None
    assert [a.role for a in inputs.survey] == ["mentor", "mentee"] * 3
    ev = evaluate(inputs, threshold=3)
    assert (ev.nps.promoters, ev.nps.passives, ev.nps.detractors) == (1, 2, 3)
    assert ev.again.counts == {True: 6, False: 0}


def test_a_build_keeps_the_report(mini: Path):
    report = mini / "private" / "test-cohort" / "report"
    report.mkdir(parents=True)
    (report / "report-en.pdf").write_bytes(b"%PDF-1.7 the last report")
    code, _, err = run_cli("build", "--project", str(mini), "--only", "plans", "--quiet", "--jobs", "1")
    assert code == 0, err
    assert (mini / "private" / "test-cohort" / "overview.pdf").is_file()
    assert (report / "report-en.pdf").read_bytes() == b"%PDF-1.7 the last report"


def test_files_come_from_the_flags_else_the_cohort_file(tmp_path: Path):
    project = open_project(REPO)
    ref = selected_cohorts(project, ["example-2027"], None)[0]
    named = resolve_files(project, ref, EvaluationFiles(survey=tmp_path / "other.csv"))
    assert named.pre == ref.file.parent / "../examples/example-2027-pre.csv"
    assert named.survey == tmp_path / "other.csv"
    bare = ref.cohort.model_copy(update={"evaluation": ref.cohort.evaluation.model_copy(
        update={"pre": None, "post": "../../outside.csv", "survey": "../examples/missing.csv"})})
    with pytest.raises(ContentError) as info:
        resolve_files(project, type(ref)(ref.id, bare, ref.file, ref.roster_path), EvaluationFiles())
    messages = [f"{d.field}: {d.message}" for d in info.value.diagnostics]
    assert any(m.startswith("evaluation.pre: no file; pass --pre FILE") for m in messages)
    assert any(m.startswith("evaluation.post: the answer file path leads out of the project") for m in messages)
    assert any(m.startswith("evaluation.survey: the file") for m in messages)


def test_bad_input_leaves_the_last_report_and_prints_no_traceback(tmp_path: Path):
    project = tmp_path / "programme"
    for folder in ("curriculum", "cohorts", "examples"):
        shutil.copytree(REPO / folder, project / folder)
    report = project / "private" / "example-2027" / "report"
    report.mkdir(parents=True)
    (report / "report-fr.pdf").write_bytes(b"the last good report")
    (project / "examples" / "example-2027-survey.csv").write_text("Satisfaction;Recommandation\n9;5\n", "utf-8")
    code, _, err = run_cli("report", "--project", str(project))
    assert code == 1
    assert "example-2027-survey.csv:2:1: rows[0].satisfaction" in err and "Traceback" not in err
    assert [p.name for p in report.iterdir()] == ["report-fr.pdf"]
    assert (report / "report-fr.pdf").read_bytes() == b"the last good report"


def test_chart_text_is_taken_literally():
    from rm_course.planning.evaluation import DimensionChange
    from rm_course.render import charts

    plt = charts.pyplot(str(REPO))
    labels = {"before": "Before", "after": "After", "change": "Change", "level_axis": "Level", "decimal": ".",
              "suppressed_short": "withheld: {n}"}
    fig = charts.dumbbell(plt, [DimensionChange("d", 6, 1.0, 2.5, 3)], {"d": "Budget $x^2$ & <b>tools</b>"}, labels)
    svg = charts.to_svg(fig)
    plt.close("all")
    assert "Budget $x^2$ &amp; &lt;b&gt;tools&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.startswith("<svg") and "<metadata>" not in svg
