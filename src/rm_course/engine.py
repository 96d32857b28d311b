"""The build engine: gather every output, render only what changed, in parallel, then swap atomically.

Each output root (`dist/`, `private/<cohort>/`) is assembled in a temporary folder beside it.
Unchanged files are hard-linked from the previous build (keyed by `Output.key()`, recorded in a
manifest); changed PDFs are printed in a process pool. Only when every file of a root is ready
is the folder swapped in, so a failure or Ctrl-C leaves the last good output as it was.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import BuildError, RmCourseError
from .outputs import Output
from .progress import Reporter

MANIFEST = ".rm-course-manifest.json"
RECYCLE_AFTER = 40  # documents a print worker handles before a fresh one replaces it
SITE_KEY = "site/"  # manifest entry for the whole site (MkDocs has no partial builds)


@dataclass
class BuildOptions:
    project: Path
    only: set[str] = field(default_factory=set)
    cohorts: list[str] = field(default_factory=list)
    roster: Path | None = None
    force: bool = False
    jobs: int | None = None
    quiet: bool = False


@dataclass
class RootPlan:
    """Everything to be written under one output root."""

    root: Path
    outputs: list[Output] = field(default_factory=list)
    site: bool = False  # rebuild dist/site
    keep_prefixes: tuple[str, ...] = ()  # what to carry over untouched (parts not being rebuilt)


@dataclass
class BuildStats:
    built: int = 0
    skipped: int = 0
    pages: int = 0
    site: str = "not built"
    seconds: float = 0.0
    rendered: list[str] = field(default_factory=list)  # files written anew (printed, or data)
    remade: list[str] = field(default_factory=list)  # files whose HTML or data was made again


def _read_manifest(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _salt() -> str:
    return f"rm-course {__version__}"


def _stage_dir(root: Path) -> Path:
    root.parent.mkdir(parents=True, exist_ok=True)
    return root.parent / f".{root.name}.tmp-{uuid.uuid4().hex[:8]}"


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _carry_tree(src: Path, dst: Path) -> None:
    """Copy a tree by hard links (cheap; every later write replaces a file, never edits it)."""
    for path in src.rglob("*"):
        if path.is_file() and not path.is_symlink():
            _link_or_copy(path, dst / path.relative_to(src))


def swap_in(stage: Path, root: Path) -> None:
    """Replace `root` by `stage` with two renames; the old tree is removed afterwards."""
    old = None
    if root.exists():
        old = root.parent / f".{root.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(root, old)
    os.replace(stage, root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cleanup_stale(parent: Path, name: str) -> None:
    """Remove temporary folders a killed build left behind."""
    if parent.is_dir():
        for p in parent.glob(f".{name}.tmp-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in parent.glob(f".{name}.old-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in parent.glob(f".{name}.html-*"):
            shutil.rmtree(p, ignore_errors=True)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def render_pdfs(todo: list[tuple[Path, Output]], project_root: Path, jobs: int, reporter: Reporter) -> int:
    """Print every PDF of `todo` to its path; return the total page count."""
    from . import pdf

    pages = 0
    if not todo:
        return 0
    args = [(str(path), str(out.spilled), out.lang, out.title, str(project_root), out.label) for path, out in todo]
    # In this process when there is little to print; a long run goes to recycled workers even
    # with one job, so memory stays flat.
    if (jobs <= 1 and len(todo) <= RECYCLE_AFTER) or len(todo) == 1:
        pdf.init_worker(str(project_root))
        for a in args:
            pages += _render_one(a)
            reporter.advance(a[5])
        return pages
    import multiprocessing as mp

    # fork: workers inherit the imported modules; init_worker loads fonts and CSS once each.
    # Frozen objects are never visited by a worker's garbage collector, so the memory they share
    # with this process stays shared instead of being copied page by page. WeasyPrint's native
    # libraries keep about half a megabyte per document printed: a worker is replaced after
    # RECYCLE_AFTER documents, which keeps memory flat for any cohort size at ~1 % of the time.
    ctx = mp.get_context("fork")
    gc.freeze()
    try:
        with ctx.Pool(max(1, min(jobs, len(args))), initializer=pdf.init_worker, initargs=(str(project_root),),
                      maxtasksperchild=RECYCLE_AFTER) as pool:
            try:
                # Big documents first, so the last worker is not left with the longest job.
                order = sorted(args, key=lambda a: -Path(a[1]).stat().st_size)
                for label, n in pool.imap_unordered(_render_star, order, chunksize=1):
                    pages += n
                    reporter.advance(label)
            except BaseException:
                pool.terminate()
                raise
    finally:
        gc.unfreeze()
    return pages


def _render_star(a):
    return a[5], _render_one(a)


def _render_one(a) -> int:
    from . import pdf

    path, html_file, lang, title, root, label = a
    html = Path(html_file).read_text("utf-8")
    data = pdf.render_pdf(html, lang=lang, title=title, project_root=root, source=label)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page") - data.count(b"/Type /Pages")


def plan_roots(opts: BuildOptions, project) -> list[RootPlan]:
    """Decide what goes under dist/ and each private/<cohort>/; validates every roster first."""
    parts = opts.only or {"site", "pdf", "plans"}
    roots: list[RootPlan] = []
    root = Path(opts.project)
    if parts & {"site", "pdf"}:
        dist = RootPlan(root=root / "dist", site="site" in parts)
        if "pdf" in parts:
            from .books import book_outputs

            dist.outputs = book_outputs(project)
        keep = []
        if "pdf" not in parts:
            keep.append("pdf/")
        if "site" not in parts:
            keep.append("site/")
        dist.keep_prefixes = tuple(keep)
        roots.append(dist)
    if "plans" in parts:
        from .plans import selected_cohorts, cohort_outputs

        problems: list = []
        for cohort in selected_cohorts(project, opts.cohorts, opts.roster):
            try:
                outs = cohort_outputs(project, cohort)
            except RmCourseError as exc:
                problems.append(exc)
                continue
            roots.append(RootPlan(root=root / "private" / cohort.id, outputs=outs))
        if problems:
            if len(problems) == 1:
                raise problems[0]
            raise BuildError("\n".join(p.format_message() for p in problems))
    return roots


def _decide(plan: RootPlan, old: dict, salt: str, spill: Path, project) -> tuple[list[Output], dict, list[str]]:
    """Which outputs must be printed or written, the manifest the new build will record, and which
    outputs had to be rendered again to know.

    Two levels: an output whose inputs equal the last build's (its own data, plus the digests of
    the modules it read last time) is kept without even rendering its HTML; otherwise its HTML is
    rendered and hashed, and it is printed only if that key changed (an edit elsewhere in the
    curriculum leaves most documents identical).
    """
    from .inputs import with_modules

    old_out, old_in, old_uses = old.get("outputs", {}), old.get("inputs", {}), old.get("uses", {})
    keep = plan.keep_prefixes
    outputs = {k: v for k, v in old_out.items() if keep and k.startswith(keep)}
    inputs = {k: v for k, v in old_in.items() if keep and k.startswith(keep)}
    uses = {k: v for k, v in old_uses.items() if keep and k.startswith(keep)}
    changed: list[Output] = []
    remade: list[str] = []
    seen: set[str] = set()
    for o in plan.outputs:
        if o.dest in seen:
            raise BuildError(f"two outputs share one path under {plan.root.name}/: {o.dest} (a duplicate id?)")
        seen.add(o.dest)
        exists = (plan.root / o.dest).is_file()
        if o.inputs and exists and o.dest in old_out:
            read_before = old_uses.get(o.dest, o.uses)
            if old_in.get(o.dest) == with_modules(project, o.inputs, read_before):
                outputs[o.dest], inputs[o.dest] = old_out[o.dest], old_in[o.dest]
                if read_before is not None:
                    uses[o.dest] = read_before
                continue
        key = o.key(salt)  # renders the document, which records the modules it reads
        remade.append(o.dest)
        outputs[o.dest] = key
        if o.inputs:
            inputs[o.dest] = with_modules(project, o.inputs, o.uses)
            if o.uses is not None:
                uses[o.dest] = sorted(o.uses)
        if not exists or old_out.get(o.dest) != key:
            changed.append(o)
            if o.html is not None:
                spill.mkdir(parents=True, exist_ok=True)
                o.spill(spill / f"{len(changed):06d}.html")
        else:
            o.html = None  # identical to the last build: keep the file, free the text
    return changed, {"version": 3, "outputs": outputs, "inputs": inputs, "uses": uses}, remade


def _site_changed(project, plan: RootPlan, old: dict, manifest: dict) -> bool:
    """Whether the site must be rebuilt (whole: MkDocs has no partial builds); records its keys."""
    from .inputs import digest, project_digest, tree_digest
    from .resources import defaults_root

    pdf_keys = sorted(v for k, v in manifest["outputs"].items() if k.startswith("pdf/"))
    inputs = digest(project_digest(project), tree_digest(project.root / "site", defaults_root() / "site"), pdf_keys)
    old_out, old_in = old.get("outputs", {}), old.get("inputs", {})
    exists = (plan.root / "site").is_dir()
    manifest["inputs"][SITE_KEY] = inputs
    if exists and old_in.get(SITE_KEY) == inputs and SITE_KEY in old_out:
        manifest["outputs"][SITE_KEY] = old_out[SITE_KEY]
        return False
    from .site import site_digest

    key = site_digest(project) + ":" + ":".join(pdf_keys)
    manifest["outputs"][SITE_KEY] = key
    return not exists or old_out.get(SITE_KEY) != key


def template_error(exc: Exception) -> BuildError:
    """A clear message for a failure inside a template: the template file, its line, what went wrong."""
    import traceback

    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".md", ".css", ".yml", ".svg", ".xml")):
            where = f"{frame.filename}:{frame.lineno}: "
            break
    if not where and getattr(exc, "lineno", None):
        where = f"{getattr(exc, 'filename', None) or getattr(exc, 'name', '')}:{exc.lineno}: "
    return BuildError(f"{where}{type(exc).__name__}: {exc}; fix the template (no output was changed)")


def _gather(opts: BuildOptions, project) -> list[RootPlan]:
    import jinja2

    try:
        return plan_roots(opts, project)
    except RmCourseError:
        raise
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise template_error(exc) from None


def run_build(opts: BuildOptions) -> BuildStats:
    """Build everything asked for; raise an RmCourseError (previous output untouched) on failure."""
    from .project import open_project

    start = time.perf_counter()
    opts.project = Path(opts.project).resolve()
    project = open_project(opts.project)
    roots = _gather(opts, project)
    jobs = opts.jobs or default_jobs()
    salt = _salt()
    stats = BuildStats()
    reporter = Reporter(quiet=opts.quiet)

    # Decide what must be rendered, root by root.
    work: list[tuple[RootPlan, Path, dict, list[Output]]] = []
    pdf_todo: list[tuple[Path, Output]] = []
    spills: list[Path] = []  # HTML waiting to be printed, beside each output root
    try:
        for plan in roots:
            cleanup_stale(plan.root.parent, plan.root.name)
            old = _read_manifest(plan.root) if plan.root.is_dir() and not opts.force else {}
            spill = plan.root.parent / f".{plan.root.name}.html-{uuid.uuid4().hex[:8]}"
            spills.append(spill)
            changed, manifest, remade = _decide(plan, old, salt, spill, project)
            stats.remade += [f"{plan.root.name}/{dest}" for dest in remade]
            stats.skipped += len(plan.outputs) - len(changed)
            needs_site = False
            if plan.site:
                needs_site = _site_changed(project, plan, old, manifest)
                if not needs_site:
                    stats.site = "unchanged"
            unchanged_root = not changed and not needs_site and plan.root.is_dir() and manifest == old
            plan.site = needs_site
            if not unchanged_root:
                work.append((plan, _stage_dir(plan.root), manifest, changed))

        stages = [w[1] for w in work]
        try:
            for plan, stage, manifest, changed in work:
                stage.mkdir(parents=True)
                changed_dests = {o.dest for o in changed}
                # Carry over what is unchanged: files kept by key, and parts not rebuilt.
                for o in plan.outputs:
                    if o.dest not in changed_dests:
                        _link_or_copy(plan.root / o.dest, stage / o.dest)
                for prefix in plan.keep_prefixes:
                    src = plan.root / prefix.rstrip("/")
                    if src.is_dir():
                        _carry_tree(src, stage / prefix.rstrip("/"))
                if not plan.site and (plan.root / "site").is_dir() and "site/" not in plan.keep_prefixes:
                    _carry_tree(plan.root / "site", stage / "site")
                for o in changed:
                    if o.printed:
                        pdf_todo.append((stage / o.dest, o))
                        stats.rendered.append(f"{plan.root.name}/{o.dest}")
                    else:
                        target = stage / o.dest
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(o.data or b"")
                        stats.built += 1
                        stats.rendered.append(f"{plan.root.name}/{o.dest}")

            if pdf_todo:
                from .pdf import subsetting_path

                reporter.start(f"Printing {len(pdf_todo)} PDF(s) with {jobs} worker(s), font subsetting: "
                               f"{subsetting_path()}", total=len(pdf_todo))
                stats.pages = render_pdfs(pdf_todo, Path(opts.project), jobs, reporter)
                reporter.stop()
                stats.built += len(pdf_todo)

            for plan, stage, manifest, _ in work:
                if plan.site:
                    from .site import build_site

                    reporter.note("Building the training site (MkDocs, strict)")
                    build_site(project, stage / "site", work_dir=Path(opts.project) / "build" / "site-src",
                               pdf_dir=stage / "pdf", quiet=opts.quiet)
                    stats.site = "built"
                (stage / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")

            for plan, stage, *_ in work:
                swap_in(stage, plan.root)
        finally:
            reporter.stop()
            for stage in stages:
                if stage.exists():
                    shutil.rmtree(stage, ignore_errors=True)

        stats.seconds = time.perf_counter() - start
        identical = len(set(stats.remade) - set(stats.rendered))
        reporter.summary(
            f"Built {stats.built}, skipped {stats.skipped} unchanged"
            + (f" ({identical} of them rendered again and found identical)" if identical else "")
            + f", site {stats.site}" + (f", {stats.pages} pages" if stats.pages else "") + f" in {stats.seconds:.1f} s"
        )
        return stats
    finally:
        for spill in spills:
            shutil.rmtree(spill, ignore_errors=True)


def remove_cohort_outputs(project_dir: Path, cohort_id: str) -> str | None:
    """Delete private/<cohort_id>/ (and any leftovers); return what was removed."""
    from .paths import UnsafeName, safe_component

    try:
        name = safe_component(cohort_id)
    except UnsafeName as exc:
        raise BuildError(f"not a cohort id: {exc}") from None
    private = Path(project_dir) / "private"
    target = private / name
    cleanup_stale(private, name)
    if not target.is_dir():
        return None
    if not target.resolve().is_relative_to(private.resolve()):
        raise BuildError(f"refusing to delete {cohort_id!r}: outside private/")
    shutil.rmtree(target)
    return str(Path("private") / name)
