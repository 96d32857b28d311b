"""Write a cohort's evaluation report into private/<cohort>/report/, whole or not at all.

The report folder is assembled beside the old one and swapped in (`stage`), its PDFs printed by
the build's print workers (`pool`): bad input or a failed render leaves the last report as it was.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..content.load import open_project
from ..errors import BuildError
from ..generators.report import report_outputs
from ..planning.cohorts import CohortRef, selected_cohorts
from ..planning.evaluation import evaluate
from ..planning.responses import EvaluationFiles, load_evaluation, resolve_files
from .lock import project_lock
from .manifest import salt
from .pool import default_jobs, render_outputs
from .progress import Reporter
from .signals import sigterm_as_interrupt
from .stage import cleanup_stale, stage_dir, swap_in


@dataclass
class ReportResult:
    folder: Path
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: int = 0  # figures suppressed or merged

    def summary(self) -> str:
        held_back = f", {self.notes} figure(s) withheld (groups too small)" if self.notes else ""
        return (f"Wrote {len(self.files)} file(s){held_back} into {self.folder} "
                f"in {self.seconds:.1f} s")


def pick_cohort(project, cohort_id: str | None) -> CohortRef:
    """The cohort named, or the programme's only one."""
    refs = selected_cohorts(project, [cohort_id] if cohort_id else [], None)
    if not refs:
        raise BuildError("the programme lists no cohort; add one to curriculum/programme.yml (cohorts:)")
    if len(refs) > 1:
        raise BuildError(f"the programme has {len(refs)} cohorts; name one with --cohort "
                         f"({', '.join(r.id for r in refs)})")
    return refs[0]


def write_report(project_dir: Path, files: EvaluationFiles, cohort_id: str | None = None, *,
                 jobs: int | None = None, quiet: bool = False) -> ReportResult:
    """Read the cohort's answers, aggregate them and write the report; raise on any problem first."""
    start = time.perf_counter()
    root = Path(project_dir).resolve()
    project = open_project(root)
    ref = pick_cohort(project, cohort_id)
    inputs = load_evaluation(project, ref, resolve_files(project, ref, files))
    ev = evaluate(inputs, project.programme.evaluation.min_group)
    outputs = report_outputs(project, ref, ev, inputs.held, inputs.planned)
    reporter = Reporter(quiet=quiet)
    # A build of the project stages and swaps private/<cohort>/ too: one writer at a time.
    with sigterm_as_interrupt(), project_lock(root, wait=600.0, say=reporter.note, wait_flag=False):
        result = _write(root / "private" / ref.id / "report", outputs, root, ref.id, jobs, reporter)
    result.notes = len(ev.notes)
    result.seconds = time.perf_counter() - start
    reporter.summary(result.summary())
    return result


def _write(target: Path, outputs: list, root: Path, cohort_id: str, jobs: int | None,
           reporter: Reporter) -> ReportResult:
    """Print every output into a folder beside `target`, then swap it in."""
    cleanup_stale(target.parent, target.name)
    folder = stage_dir(target)
    result = ReportResult(target)
    try:
        tasks = [(o, folder / o.dest, None) for o in outputs]
        reporter.start(f"Writing the report of {cohort_id}: {len(tasks)} file(s)", total=len(tasks))
        for r in render_outputs(tasks, root, salt(), jobs or default_jobs(), reporter):
            result.files.append(outputs[r.index].dest)
        reporter.stop()
        swap_in(folder, target)
    finally:
        reporter.stop()
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
    return result
