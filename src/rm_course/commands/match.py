"""`rm-course match`: propose pairs from a sign-up sheet into private/<cohort>/matching/, atomically."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ..build.lock import project_lock
from ..build.signals import sigterm_as_interrupt
from ..build.stage import cleanup_stale, stage_dir, swap_in
from ..content.load import open_project
from ..content.project import Project
from ..errors import BuildError, UnsafeName
from ..generators.matching import PLAN_CSS, labels, matching_html, proposed_roster, shortlists_csv
from ..paths import safe_component
from ..planning.cohorts import selected_cohorts
from ..planning.matching import Proposal, propose
from ..planning.signups import read_signups, topic_expander


@dataclass
class MatchSummary:
    """What a run did, in counts and paths only (no personal data)."""

    folder: Path
    pairs: int
    mentees_unmatched: int
    mentors_unmatched: int
    lang: str = "en"  # the programme's default language: the PDF named in the summary

    def text(self) -> str:
        return (f"{self.pairs} pair(s) proposed, {self.mentees_unmatched} mentee(s) and {self.mentors_unmatched} "
                f"mentor(s) without a pair; see {self.folder}/matching-{self.lang}.pdf")


def cohort_for(project: Project, cohort: str | None) -> tuple[str, str]:
    """The cohort's folder id and display name: a listed cohort, or a new id for a cohort still to come."""
    if cohort is None:
        refs = selected_cohorts(project, [], None)
        if not refs:
            raise BuildError("the programme lists no cohort; name the cohort to match for with --cohort ID")
        return refs[0].id, refs[0].cohort.name
    try:
        cid = safe_component(cohort)
    except UnsafeName as exc:
        raise BuildError(f"not a cohort id: {exc}") from None
    known = {r.id: r.cohort.name for r in selected_cohorts(project, [], None)}
    return cid, known.get(cid, cid)


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr)


def write_matching(project: Project, proposal: Proposal, cohort_id: str, cohort_name: str) -> Path:
    """Write the files into a stage beside private/<cohort>/matching/, then swap it in."""
    from ..build.pdf import render_pdf

    root = Path(project.root) / "private" / cohort_id / "matching"
    lang = project.programme.default_language
    data = {"proposed-roster.yml": proposed_roster(project, proposal),
            "shortlists.csv": shortlists_csv(proposal, labels(project, lang), lang)}
    for pdf_lang in project.languages:  # a coordinator may share it with a sponsor of either language
        html = matching_html(project, proposal, pdf_lang, cohort_name)
        title = f"{project.programme.name[pdf_lang]} — {labels(project, pdf_lang)['title']}"
        data[f"matching-{pdf_lang}.pdf"] = render_pdf(html, lang=pdf_lang, title=title, project_root=str(project.root),
                                                      source=f"{cohort_id} matching", stylesheets=PLAN_CSS)
    # A build of the cohort carries matching/ over: swapping during one would lose this proposal.
    # SIGTERM is Ctrl-C here too, as in a build: the stage is removed, the last proposal kept.
    with sigterm_as_interrupt(), project_lock(project.root, wait=600, say=_to_stderr, wait_flag=False):
        cleanup_stale(root.parent, root.name)
        stage = stage_dir(root)
        try:
            stage.mkdir()
            for name, content in data.items():
                (stage / name).write_bytes(content)
            swap_in(stage, root)
        except BaseException:  # Ctrl-C too: the last proposal stays as it was
            shutil.rmtree(stage, ignore_errors=True)
            raise
    return root


def run_match(project_dir: Path, signups: Path, cohort: str | None = None) -> MatchSummary:
    """Read the sheet, propose pairs under the programme's rules, write the proposal; return counts."""
    project = open_project(Path(project_dir))
    cohort_id, cohort_name = cohort_for(project, cohort)
    people, _ = read_signups(Path(signups), project)
    proposal = propose(people, project.programme.matching, topic_expander(project))
    folder = write_matching(project, proposal, cohort_id, cohort_name)
    return MatchSummary(folder.relative_to(Path(project.root)), len(proposal.pairs),
                        len(proposal.mentees) - len(proposal.pairs), len(proposal.unmatched_mentors),
                        project.programme.default_language)
