"""The build engine: gather every output, render only what changed, in parallel, then swap atomically.

Each output root (`dist/`, `private/<cohort>/`) is assembled in a temporary folder beside it
(`stage`). Outputs whose inputs did not change are hard-linked from the previous build
(`manifest`); the others are rendered in a process pool (`pool`), where each is hashed
(`Output.key()`, recorded in the manifest) and printed only if its key changed. Only when every
file of a root is ready is the folder swapped in, so a failure or Ctrl-C leaves the last good
output as it was.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..content.load import open_project
from ..content.project import Project
from ..errors import BuildError, ContentError, RmCourseError, template_error
from ..generators.books import book_outputs
from ..generators.digests import with_modules
from ..generators.outputs import Output
from ..generators.private import cohort_outputs
from ..generators.site.builder import build_site, engine_note
from ..planning.cohorts import selected_cohorts
from ..render.safe_markup import markup_problems
from .lock import project_lock
from .lms import lms_changed, make_lms
from .manifest import decide, read_manifest, salt, site_changed, write_manifest
from .pagemap import workbook_pages
from .pool import default_jobs, render_outputs, template_failures
from .progress import Reporter
from .signals import sigterm_as_interrupt
from .stage import RootPlan, Stage, assemble, cleanup_stale, link_or_copy, stage_dir, swap_in


@dataclass
class BuildOptions:
    project: Path
    only: set[str] = field(default_factory=set)
    cohorts: list[str] = field(default_factory=list)
    roster: Path | None = None
    force: bool = False
    jobs: int | None = None
    quiet: bool = False
    wait: float = 600.0  # seconds to wait for another build of the project to finish
    csv_keys: bool = False  # overview.csv headed with machine keys instead of the language's words


@dataclass
class BuildStats:
    built: int = 0
    skipped: int = 0
    pages: int = 0
    site: str | None = None  # "built" or "unchanged" when the build includes the site
    lms: str | None = None  # the same for the LMS packages
    seconds: float = 0.0
    rendered: list[str] = field(default_factory=list)  # files written anew (printed, or data)
    remade: list[str] = field(default_factory=list)  # files whose HTML or data was made again

    def summary(self) -> str:
        identical = len(self.remade) - len(self.rendered)
        return (
            f"Built {self.built}, skipped {self.skipped} unchanged"
            + (f" ({identical} of them rendered again and found identical)" if identical else "")
            + (f", site {self.site}" if self.site else "")
            + (f", LMS packages {self.lms}" if self.lms else "")
            + (f", {self.pages} pages" if self.pages else "") + f" in {self.seconds:.1f} s"
        )


def _dist_plan(opts: BuildOptions, project: Project, parts: set[str]) -> RootPlan:
    dist = RootPlan(root=Path(opts.project) / "dist", site="site" in parts, lms="lms" in parts)
    if "pdf" in parts:
        dist.outputs = book_outputs(project)
    keep = []
    if "pdf" not in parts:
        keep.append("pdf/")
    if "site" not in parts:
        keep.append("site/")
    if "lms" not in parts:
        keep.append("lms/")
    dist.keep_prefixes = tuple(keep)
    return dist


def _cohort_plans(opts: BuildOptions, project: Project) -> list[RootPlan]:
    """One root per cohort to build; every cohort's problems are reported together."""
    roots: list[RootPlan] = []
    problems: list[RmCourseError] = []
    cohorts = selected_cohorts(project, opts.cohorts, opts.roster)
    # The plans cite workbook pages: the workbooks are laid out (or their numbers read back) first.
    pages = workbook_pages(project) if cohorts else {}
    for cohort in cohorts:
        try:
            outs = cohort_outputs(project, cohort, pages, opts.csv_keys)
        except RmCourseError as exc:
            problems.append(exc)
            continue
        # The matching proposal and the evaluation report are written by `rm-course match` and
        # `rm-course report`, not by the build: carry them over.
        roots.append(RootPlan(root=Path(opts.project) / "private" / cohort.id, outputs=outs,
                              keep_prefixes=("matching/", "report/")))
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise BuildError("\n".join(p.format_message() for p in problems))
    return roots


def plan_roots(opts: BuildOptions, project: Project) -> list[RootPlan]:
    """Decide what goes under dist/ and each private/<cohort>/; validates every roster first."""
    parts = opts.only or {"site", "pdf", "lms", "plans"}
    roots: list[RootPlan] = []
    if parts & {"site", "pdf", "lms"}:
        roots.append(_dist_plan(opts, project, parts))
    if "plans" in parts:
        roots += _cohort_plans(opts, project)
    return roots


def _gather(opts: BuildOptions, project: Project) -> list[RootPlan]:
    try:
        return plan_roots(opts, project)
    except RmCourseError:
        raise
    except template_failures() as exc:
        raise template_error(exc) from None


def _stages(roots: list[RootPlan], project: Project, force: bool, stats: BuildStats) -> list[Stage]:
    """Decide, root by root, what must be rendered; a root with nothing to do is left alone."""
    stages: list[Stage] = []
    for plan in roots:
        cleanup_stale(plan.root.parent, plan.root.name)
        old = read_manifest(plan.root) if plan.root.is_dir() and not force else {}
        todo, manifest = decide(plan, old, project)
        if not todo and plan.root.is_dir():
            changed = plan.site and site_changed(project, plan, old, manifest)
            changed = (plan.lms and lms_changed(project, plan, old, manifest)) or changed
            if not changed and manifest == old:
                stats.skipped += len(plan.outputs)
                if plan.site:
                    stats.site = "unchanged"
                if plan.lms:
                    stats.lms = "unchanged"
                continue
        stages.append(Stage(plan, stage_dir(plan.root), old, manifest, todo))
    return stages


Task = tuple[Output, Path, "str | None"]  # an output, where it goes, its key in the last build


def _tasks(stages: list[Stage], stats: BuildStats) -> tuple[list[Task], list[Stage]]:
    """Fill each stage with what it keeps; return the outputs to render and the stage of each."""
    tasks: list[Task] = []
    owner: list[Stage] = []
    for st in stages:
        assemble(st)
        stats.skipped += len(st.plan.outputs) - len(st.todo)
        for o in st.todo:
            exists = (st.plan.root / o.dest).is_file()
            tasks.append((o, st.folder / o.dest, st.old.get("outputs", {}).get(o.dest) if exists else None))
            owner.append(st)
    return tasks, owner


def _render(tasks: list[Task], owner: list[Stage], project: Project, opts: BuildOptions, jobs: int,
            stats: BuildStats, reporter: Reporter) -> None:
    """Render every task; record each key (and inputs, and modules read) in its stage's manifest."""
    from .pdf import subsetting_path

    reporter.start(f"Rendering {len(tasks)} file(s) with {min(jobs, len(tasks))} worker(s), "
                   f"font subsetting: {subsetting_path()}", total=len(tasks))
    for r in render_outputs(tasks, Path(opts.project), salt(), jobs, reporter):
        out, st = tasks[r.index][0], owner[r.index]
        where = f"{st.plan.root.name}/{out.dest}"
        stats.remade.append(where)
        st.manifest["outputs"][out.dest] = r.key
        if out.inputs:
            st.manifest["inputs"][out.dest] = with_modules(project, out.inputs, r.uses)
            if r.uses is not None:
                st.manifest["uses"][out.dest] = r.uses
        if r.written:
            stats.built += 1
            stats.pages += r.pages
            stats.rendered.append(where)
        else:  # rendered again and identical: the last build's file stands
            stats.skipped += 1
            link_or_copy(st.plan.root / out.dest, st.folder / out.dest)
    reporter.stop()


def _finish(st: Stage, project: Project, opts: BuildOptions, stats: BuildStats, reporter: Reporter) -> None:
    """Build the stage's site if it changed, make its LMS packages, then write its manifest."""
    if st.plan.site:
        if site_changed(project, st.plan, st.old, st.manifest):
            reporter.note(engine_note(project))
            shutil.rmtree(st.folder / "site", ignore_errors=True)
            build_site(project, st.folder / "site", work_dir=Path(opts.project) / "build" / "site-src",
                       pdf_dir=st.folder / "pdf", quiet=opts.quiet)
            stats.site = "built"
        else:
            stats.site = "unchanged"
    if st.plan.lms:
        stats.lms = make_lms(st, project, Path(opts.project), reporter)
    write_manifest(st.folder, st.manifest)


def run_build(opts: BuildOptions) -> BuildStats:
    """Build everything asked for; raise an RmCourseError (previous output untouched) on failure.

    One build at a time per project (a second one waits up to `opts.wait` seconds), and SIGTERM
    stops it as Ctrl-C does (`Terminated`)."""
    opts.project = Path(opts.project).resolve()
    with sigterm_as_interrupt(), project_lock(opts.project, wait=opts.wait, say=Reporter().note):
        return _build(opts)


def _build(opts: BuildOptions) -> BuildStats:
    start = time.perf_counter()
    project = open_project(opts.project)
    if unsafe := markup_problems(project):  # refused before anything is built, as `check` does
        raise ContentError(unsafe)
    roots = _gather(opts, project)
    jobs = opts.jobs or default_jobs()
    stats = BuildStats()
    reporter = Reporter(quiet=opts.quiet)
    stages = _stages(roots, project, opts.force, stats)
    try:
        tasks, owner = _tasks(stages, stats)
        if tasks:
            _render(tasks, owner, project, opts, jobs, stats, reporter)
        for st in stages:
            _finish(st, project, opts, stats, reporter)
        for st in stages:
            swap_in(st.folder, st.plan.root)
    finally:
        reporter.stop()
        for st in stages:
            if st.folder.exists():
                shutil.rmtree(st.folder, ignore_errors=True)
    stats.seconds = time.perf_counter() - start
    reporter.summary(stats.summary())
    return stats
