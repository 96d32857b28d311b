"""`rm-course report`: the answer files typed (else those the cohort file names) become one report."""

from __future__ import annotations

from pathlib import Path

from ..build.report import ReportResult, write_report
from ..planning.responses import EvaluationFiles


def report(project_dir: Path, *, cohort: str | None, pre: Path | None, post: Path | None, survey: Path | None,
           attendance: Path | None, jobs: int | None, quiet: bool) -> ReportResult:
    """Write private/<cohort>/report/ from the cohort's self-assessments, survey and attendance."""
    return write_report(project_dir, EvaluationFiles(pre=pre, post=post, survey=survey, attendance=attendance),
                        cohort, jobs=jobs, quiet=quiet)
