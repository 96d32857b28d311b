"""Render outputs in a pool of forked print workers (or in this process when there is little to do).

A worker renders an output's HTML (or bytes), hashes it (`Output.key`) and prints it only if the
key changed since the last build: the HTML never gathers in the main process.
"""

from __future__ import annotations

import gc
import os
import signal
from dataclasses import dataclass
from pathlib import Path

from ..errors import template_error
from ..generators.outputs import Output
from . import pdf
from .progress import Reporter

RECYCLE_AFTER = 40  # documents a print worker handles before a fresh one replaces it


def template_failures() -> tuple[type[BaseException], ...]:
    """What a failing template raises: shown as a template error, never as a traceback."""
    import jinja2

    return (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError)


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


def run_task(task: tuple[int, str, str | None, str, str]) -> Result:
    """Render one output (in a worker): hash it, and write it only if it differs from the last build."""
    index, path, old_key, salt, project_root = task
    out = _TASKS[index]
    try:
        key = out.key(salt)
    except template_failures() as exc:
        raise template_error(exc) from None
    uses = sorted(out.uses) if out.uses is not None else None
    if key == old_key:
        return Result(index, key, uses, written=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pages = 0
    if out.printed:
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
    global _TASKS
    _TASKS = [out for out, _, _ in tasks]
    args = [(i, str(path), old_key, salt, str(project_root)) for i, (_, path, old_key) in enumerate(tasks)]
    try:
        # In this process when there is little to do; a long run goes to recycled workers even
        # with one job, so memory stays flat.
        if (jobs <= 1 and len(args) <= RECYCLE_AFTER) or len(args) == 1:
            pdf.init_worker(str(project_root))
            for a in args:
                result = run_task(a)
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
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The build's SIGTERM handler is inherited through fork; a worker must simply die of SIGTERM,
    # by the kernel and not by a Python handler that waits for the interpreter to run it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pdf.init_worker(project_root, forked=True)


def _pooled(args: list, project_root: Path, jobs: int, reporter: Reporter):
    """Run `run_task` over `args` in a pool of `jobs` forked workers; yield results as they come."""
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
    pdf.init_worker(str(project_root))  # here, once: the workers inherit the unpacked fonts
    gc.freeze()
    try:
        with ctx.Pool(max(1, min(jobs, len(args))), initializer=_start_worker, initargs=(str(project_root),),
                      maxtasksperchild=RECYCLE_AFTER) as pool:
            try:
                for result in pool.imap_unordered(run_task, args, chunksize=1):
                    reporter.advance(_TASKS[result.index].label)
                    yield result
            except BaseException:
                pool.terminate()
                raise
            # Done: let the workers leave on their own, instead of the signals of `terminate`.
            pool.close()
            pool.join()
    finally:
        gc.unfreeze()
