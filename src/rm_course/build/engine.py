"""The build engine: gather every output, render only what changed, in parallel, then swap atomically.

Each output root (`dist/`, `private/<cohort>/`) is assembled in a temporary folder beside it.
Outputs whose inputs did not change are hard-linked from the previous build; the others are
rendered in a process pool, where each is hashed (`Output.key()`, recorded in a manifest) and
printed only if its key changed. Only when every file of a root is ready is the folder swapped
in, so a failure or Ctrl-C leaves the last good output as it was.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import BuildError, RmCourseError
from ..generators.outputs import Output
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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Outputs to render, reached by index from the workers: they are forked after this is set, so
# they inherit the outputs (and the project behind their `make` functions) without pickling.
_TASKS: list[Output] = []


@dataclass
class Result:
    """What rendering one output found: its key, the modules it read, and whether it was written."""

    index: int
    key: str
    uses: list[str] | None
    written: bool
    pages: int = 0


def _run_task(task: tuple[int, str, str | None, str, str]) -> Result:
    """Render one output (in a worker): hash it, and write it only if it differs from the last build."""
    import jinja2

    index, path, old_key, salt, project_root = task
    out = _TASKS[index]
    try:
        key = out.key(salt)
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise template_error(exc) from None
    uses = sorted(out.uses) if out.uses is not None else None
    if key == old_key:
        return Result(index, key, uses, written=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pages = 0
    if out.printed:
        from . import pdf

        data = pdf.render_pdf(out.html, lang=out.lang, title=out.title, project_root=project_root, source=out.label,
                              stylesheets=out.stylesheets)
        pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    else:
        data = out.data or b""
    Path(path).write_bytes(data)
    out.html = out.data = None  # written: free the text
    return Result(index, key, uses, written=True, pages=pages)


def render_outputs(tasks: list[tuple[Output, Path, str | None]], project_root: Path, salt: str, jobs: int,
                   reporter: Reporter):
    """Render every (output, path, last key) of `tasks`; yield a Result for each as it finishes."""
    from . import pdf

    global _TASKS
    _TASKS = [out for out, _, _ in tasks]
    args = [(i, str(path), old_key, salt, str(project_root)) for i, (_, path, old_key) in enumerate(tasks)]
    try:
        # In this process when there is little to do; a long run goes to recycled workers even
        # with one job, so memory stays flat.
        if (jobs <= 1 and len(args) <= RECYCLE_AFTER) or len(args) == 1:
            pdf.init_worker(str(project_root))
            for a in args:
                result = _run_task(a)
                reporter.advance(tasks[a[0]][0].label)
                yield result
            return
        # A document that grows with the cohort (the overview of 1000 pairs lays out ~500 MB) is
        # printed by a worker of its own first, so two such layouts never add up in memory.
        alone = [a for a in args if _TASKS[a[0]].alone]
        if alone:
            yield from _pooled(alone, project_root, 1, reporter)
        yield from _pooled([a for a in args if not _TASKS[a[0]].alone], project_root, jobs, reporter)
    finally:
        _TASKS = []


def _start_worker(project_root: str) -> None:
    """A print worker ignores Ctrl-C: a terminal sends it to the whole process group, and a worker
    dying of it would be replaced by the pool while the main process stops it. The main process
    alone handles the interrupt, and terminates the pool."""
    from . import pdf

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pdf.init_worker(project_root, forked=True)


def _pooled(args: list, project_root: Path, jobs: int, reporter: Reporter):
    """Run `_run_task` over `args` in a pool of `jobs` forked workers; yield results as they come."""
    if not args:
        return
    import multiprocessing as mp

    # fork: workers inherit the imported modules, the outputs and the unpacked fonts; each loads
    # its own font configuration and stylesheets. Frozen objects are never visited by a worker's
    # garbage collector, so the memory they share with this process stays shared instead of being
    # copied page by page.
    # WeasyPrint's native libraries keep about half a megabyte per document printed: a worker is
    # replaced after RECYCLE_AFTER documents, which keeps memory flat at ~1 % of the time.
    ctx = mp.get_context("fork")
    from . import pdf

    pdf.init_worker(str(project_root))  # here, once: the workers inherit the unpacked fonts
    gc.freeze()
    try:
        with ctx.Pool(max(1, min(jobs, len(args))), initializer=_start_worker, initargs=(str(project_root),),
                      maxtasksperchild=RECYCLE_AFTER) as pool:
            try:
                for result in pool.imap_unordered(_run_task, args, chunksize=1):
                    reporter.advance(_TASKS[result.index].label)
                    yield result
            except BaseException:
                pool.terminate()
                raise
    finally:
        gc.unfreeze()


def plan_roots(opts: BuildOptions, project) -> list[RootPlan]:
    """Decide what goes under dist/ and each private/<cohort>/; validates every roster first."""
    parts = opts.only or {"site", "pdf", "plans"}
    roots: list[RootPlan] = []
    root = Path(opts.project)
    if parts & {"site", "pdf"}:
        dist = RootPlan(root=root / "dist", site="site" in parts)
        if "pdf" in parts:
            from ..generators.books import book_outputs

            dist.outputs = book_outputs(project)
        keep = []
        if "pdf" not in parts:
            keep.append("pdf/")
        if "site" not in parts:
            keep.append("site/")
        dist.keep_prefixes = tuple(keep)
        roots.append(dist)
    if "plans" in parts:
        from ..generators.private import selected_cohorts, cohort_outputs

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


def _decide(plan: RootPlan, old: dict, project) -> tuple[list[Output], dict]:
    """Which outputs must be rendered, and the manifest entries of those that need not be.

    An output whose inputs equal the last build's (its own data, plus the digests of the modules
    it read last time) is kept without rendering anything. The others are rendered (in the
    workers), hashed, and written only if their key changed: an edit elsewhere in the
    curriculum leaves most documents identical.
    """
    from ..generators.digests import with_modules

    old_out, old_in, old_uses = old.get("outputs", {}), old.get("inputs", {}), old.get("uses", {})
    keep = plan.keep_prefixes
    manifest = {"version": 3, **{part: {k: v for k, v in entries.items() if keep and k.startswith(keep)}
                                 for part, entries in (("outputs", old_out), ("inputs", old_in), ("uses", old_uses))}}
    todo: list[Output] = []
    seen: set[str] = set()
    for o in plan.outputs:
        if o.dest in seen:
            raise BuildError(f"two outputs share one path under {plan.root.name}/: {o.dest} (a duplicate id?)")
        seen.add(o.dest)
        if o.inputs and o.dest in old_out and (plan.root / o.dest).is_file():
            read_before = old_uses.get(o.dest, o.uses)
            if old_in.get(o.dest) == with_modules(project, o.inputs, read_before):
                manifest["outputs"][o.dest], manifest["inputs"][o.dest] = old_out[o.dest], old_in[o.dest]
                if read_before is not None:
                    manifest["uses"][o.dest] = read_before
                continue
        todo.append(o)
    return todo, manifest


def _site_changed(project, plan: RootPlan, old: dict, manifest: dict) -> bool:
    """Whether the site must be rebuilt (whole: MkDocs has no partial builds); records its keys."""
    from ..generators.digests import digest, project_digest, tree_digest
    from ..resources import defaults_root

    pdf_keys = sorted(v for k, v in manifest["outputs"].items() if k.startswith("pdf/"))
    inputs = digest(project_digest(project), tree_digest(project.root / "site", defaults_root() / "site"), pdf_keys)
    old_out, old_in = old.get("outputs", {}), old.get("inputs", {})
    exists = (plan.root / "site").is_dir()
    manifest["inputs"][SITE_KEY] = inputs
    if exists and old_in.get(SITE_KEY) == inputs and SITE_KEY in old_out:
        manifest["outputs"][SITE_KEY] = old_out[SITE_KEY]
        return False
    from ..generators.site import site_digest

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


@dataclass
class _Stage:
    """One output root being assembled beside the old one."""

    plan: RootPlan
    folder: Path
    old: dict
    manifest: dict
    todo: list[Output]


def _assemble(st: _Stage) -> None:
    """Fill a stage with everything carried over: outputs kept, parts not rebuilt, the old site."""
    plan = st.plan
    st.folder.mkdir(parents=True)
    todo = {o.dest for o in st.todo}
    for o in plan.outputs:
        if o.dest not in todo:
            _link_or_copy(plan.root / o.dest, st.folder / o.dest)
    for prefix in plan.keep_prefixes:
        src = plan.root / prefix.rstrip("/")
        if src.is_dir():
            _carry_tree(src, st.folder / prefix.rstrip("/"))
    if "site/" not in plan.keep_prefixes and (plan.root / "site").is_dir():
        _carry_tree(plan.root / "site", st.folder / "site")  # replaced below if it must be rebuilt


def run_build(opts: BuildOptions) -> BuildStats:
    """Build everything asked for; raise an RmCourseError (previous output untouched) on failure."""
    from ..generators.digests import with_modules
    from ..content.project import open_project

    start = time.perf_counter()
    opts.project = Path(opts.project).resolve()
    project = open_project(opts.project)
    roots = _gather(opts, project)
    jobs = opts.jobs or default_jobs()
    salt = _salt()
    stats = BuildStats()
    reporter = Reporter(quiet=opts.quiet)

    # Decide, root by root, what must be rendered; a root with nothing to do is left alone.
    stages: list[_Stage] = []
    for plan in roots:
        cleanup_stale(plan.root.parent, plan.root.name)
        old = _read_manifest(plan.root) if plan.root.is_dir() and not opts.force else {}
        todo, manifest = _decide(plan, old, project)
        if not todo and plan.root.is_dir():
            site_changed = plan.site and _site_changed(project, plan, old, manifest)
            if not site_changed and manifest == old:
                stats.skipped += len(plan.outputs)
                if plan.site:
                    stats.site = "unchanged"
                continue
        stages.append(_Stage(plan, _stage_dir(plan.root), old, manifest, todo))

    try:
        tasks: list[tuple[Output, Path, str | None]] = []
        owner: list[_Stage] = []
        for st in stages:
            _assemble(st)
            stats.skipped += len(st.plan.outputs) - len(st.todo)
            for o in st.todo:
                exists = (st.plan.root / o.dest).is_file()
                tasks.append((o, st.folder / o.dest, st.old.get("outputs", {}).get(o.dest) if exists else None))
                owner.append(st)

        if tasks:
            from .pdf import subsetting_path

            reporter.start(f"Rendering {len(tasks)} file(s) with {min(jobs, len(tasks))} worker(s), "
                           f"font subsetting: {subsetting_path()}", total=len(tasks))
            for r in render_outputs(tasks, Path(opts.project), salt, jobs, reporter):
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
                    _link_or_copy(st.plan.root / out.dest, st.folder / out.dest)
            reporter.stop()

        for st in stages:
            if st.plan.site:
                if _site_changed(project, st.plan, st.old, st.manifest):
                    from ..generators.site import build_site

                    reporter.note("Building the training site (MkDocs, strict)")
                    shutil.rmtree(st.folder / "site", ignore_errors=True)
                    build_site(project, st.folder / "site", work_dir=Path(opts.project) / "build" / "site-src",
                               pdf_dir=st.folder / "pdf", quiet=opts.quiet)
                    stats.site = "built"
                else:
                    stats.site = "unchanged"
            (st.folder / MANIFEST).write_text(json.dumps(st.manifest, indent=1, sort_keys=True), "utf-8")

        for st in stages:
            swap_in(st.folder, st.plan.root)
    finally:
        reporter.stop()
        for st in stages:
            if st.folder.exists():
                shutil.rmtree(st.folder, ignore_errors=True)

    stats.seconds = time.perf_counter() - start
    identical = len(stats.remade) - len(stats.rendered)
    reporter.summary(
        f"Built {stats.built}, skipped {stats.skipped} unchanged"
        + (f" ({identical} of them rendered again and found identical)" if identical else "")
        + f", site {stats.site}" + (f", {stats.pages} pages" if stats.pages else "") + f" in {stats.seconds:.1f} s"
    )
    return stats


def remove_cohort_outputs(project_dir: Path, cohort_id: str) -> str | None:
    """Delete private/<cohort_id>/ (and any leftovers); return what was removed."""
    from ..paths import UnsafeName, safe_component

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
