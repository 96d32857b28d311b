"""Build benchmark, run on demand: `python bench/bench.py [--pairs 50,200] [--with-1000] [--jobs N]`.

For each cohort size it generates a cohort from the shipped example roster in a scratch copy of
the project and measures, in one run:

- full build (plans only, a fresh `rm-course build` process), no-op rebuild (fresh process),
  one-module edit, one-pair edit, and how many files each edit made again;
- peak memory summed over all processes (proportional set size, so pages shared between the
  main process and its forked workers count once), pages per second, seconds per pair;
- ratios against (a) a naive sequential loop calling WeasyPrint once per document with the same
  HTML and (b) the floor: WeasyPrint alone laying out the same pages as one long document per core.
  Both are linear in pages by construction, so they are timed on a systematic sample of the
  documents (every n-th) and scaled by pages: the naive loop alone would take over an hour at
  200 pairs.

Results are printed and written to docs/performance.md (with the machine and the subsetting path).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def base_project(dest: Path) -> Path:
    """A copy of the project's sources (the cohorts are built from it; plans need no dist/)."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "private", "build",
                                                              "node_modules", "__pycache__", "tests", "bench"))
    return dest


def generate_project(base: Path, dest: Path, pairs: int) -> Path:
    """A copy of the base project whose only cohort has `pairs` pairs cloned from the example roster."""
    import copy

    import yaml

    shutil.copytree(base, dest, symlinks=True)
    example = yaml.safe_load((REPO / "examples" / "example-cohort.yml").read_text("utf-8"))["pairs"]
    fitting = [p for p in example if not p.get("cadence_weeks", 0) > 4]
    out = []
    for i in range(pairs):
        p = copy.deepcopy(fitting[i % len(fitting)])  # shared lists would be written as YAML aliases
        p["id"] = f"b{i + 1:04d}"
        for who in ("mentor", "mentee"):
            person = dict(p[who])
            person["email"] = f"{who}{i + 1}@example.com"
            p[who] = person
        out.append(p)
    roster = dest / "examples" / "bench-roster.yml"
    roster.write_text(yaml.safe_dump({"pairs": out}, allow_unicode=True, sort_keys=False), "utf-8")
    cohort = dest / "cohorts" / "example-2027.yml"
    cohort.write_text(cohort.read_text("utf-8").replace("../examples/example-cohort.yml", "../examples/bench-roster.yml"),
                      "utf-8")
    return dest


class PeakMemory:
    """Samples the memory of a process tree every 200 ms; keeps the peak of the sum.

    Proportional set size (Linux `smaps_rollup`): a page shared by n processes counts 1/n in
    each, so the sum is the memory the build really holds (resident sizes would count the pages
    forked workers share with the main process once per process).
    """

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[int]:
        pids, frontier = [self.pid], [self.pid]
        while frontier:
            parent = frontier.pop()
            try:
                children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
            except OSError:
                continue
            pids += [int(c) for c in children]
            frontier += [int(c) for c in children]
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            total += int(line.split()[1]) * 1024
                            break
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)  # reading smaps costs the kernel time: not faster

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    seconds: float
    peak: int  # bytes
    built: int  # files written anew
    compared: int  # files rendered again and found identical


def run_build(project: Path, *args: str) -> Run:
    """A fresh `rm-course build` process, timed and watched; its summary line is parsed."""
    cmd = [sys.executable, "-m", "rm_course", "build", "--project", str(project), "--quiet", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with PeakMemory(proc.pid) as mem:
        _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{err}")
    built = re.search(r"Built (\d+)", err)
    compared = re.search(r"(\d+) of them rendered again", err)
    return Run(elapsed, mem.peak, int(built.group(1)) if built else 0, int(compared.group(1)) if compared else 0)


def sample_html(project: Path, cohort_id: str, every: int) -> tuple[list[tuple[str, str, tuple[str, ...]]], int]:
    """Every n-th printed document of the cohort, as the build printed it: ([(html, label, stylesheets)],
    count). With n = 0, none: only the count."""
    from rm_course.generators.private import cohort_outputs
    from rm_course.planning.cohorts import selected_cohorts
    from rm_course.content.load import open_project

    p = open_project(project)
    ref = selected_cohorts(p, [cohort_id], None)[0]
    docs = sorted((o for o in cohort_outputs(p, ref) if o.printed), key=lambda o: o.dest)
    sample = docs[::every] if every else []
    for o in sample:
        o.materialize()
    return [(o.html, o.label, o.stylesheets) for o in sample], len(docs)


def _setup(project: str, stylesheets: tuple[str, ...] = ()):
    """Fonts and stylesheets, as a fresh WeasyPrint user would load them (WeasyPrint's own URL
    fetcher: the build's unpacks each web font once per build, a naive user's every time)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from rm_course import resources
    from rm_course.build import pdf
    from rm_course.render import symbols

    fetcher, fonts, base = URLFetcher(), FontConfiguration(), pdf.base_url(project)
    texts = [symbols.css()] + [resources.template_file(project, n).read_text("utf-8") for n in (resources.PRINT_CSS, *stylesheets)]
    return fetcher, fonts, [CSS(string=t, base_url=base, url_fetcher=fetcher, font_config=fonts) for t in texts]


def _print(html: str, project: str, stylesheets: tuple[str, ...], setup=None) -> int:
    """WeasyPrint called the obvious way: one document, the build's settings (fresh fonts and
    stylesheets unless `setup` is given)."""
    from weasyprint import HTML

    from rm_course.build import pdf

    fetcher, fonts, css = setup or _setup(project, stylesheets)
    document = HTML(string=html, base_url=pdf.base_url(project), url_fetcher=fetcher).render(
        stylesheets=css, font_config=fonts, pdf_variant=pdf.PDF_VARIANT)
    document.write_pdf(pdf_variant=pdf.PDF_VARIANT, pdf_identifier=True)
    return len(document.pages)


def naive_loop(docs, project: Path) -> tuple[float, int]:
    """(a) WeasyPrint once per document, sequentially: (seconds, pages)."""
    start = time.perf_counter()
    pages = sum(_print(html, str(project), css) for html, _, css in docs)
    return time.perf_counter() - start, pages


def _floor_worker(args) -> float:
    html, project, css = args
    setup = _setup(project, css)  # not timed: at full size it is paid once per core, a negligible share
    start = time.perf_counter()
    _print(html, project, css, setup)
    return time.perf_counter() - start


def floor(docs, project: Path, jobs: int) -> float:
    """(b) The same pages laid out as one long document per core: no per-document cost at all.
    The time of the slowest core, layout and PDF writing only."""
    import multiprocessing as mp

    bodies = [re.search(r"<body[^>]*>(.*)</body>", h, re.S).group(1) for h, _, _ in docs]
    head = re.search(r"^(.*?<body[^>]*>)", docs[0][0], re.S).group(1)
    css = tuple(dict.fromkeys(name for _, _, names in docs for name in names))
    chunks = [head + "".join(bodies[i::jobs]) + "</body></html>" for i in range(jobs)]
    with mp.get_context("fork").Pool(jobs) as pool:
        return max(pool.map(_floor_worker, [(c, str(project), css) for c in chunks]))


def _count(path: Path) -> int:
    from pypdf import PdfReader

    return int(PdfReader(path).trailer["/Root"]["/Pages"]["/Count"])  # the page tree's root: not flattened


def _pages(folder: Path, jobs: int) -> int:
    """Pages of every PDF in `folder`, counted on every core (pypdf reads a plan in about 0.1 s:
    minutes for a 1000-pair cohort)."""
    import multiprocessing as mp

    with mp.get_context("fork").Pool(jobs) as pool:
        return sum(pool.map(_count, sorted(folder.rglob("*.pdf")), chunksize=16))


EDITED_MODULE = "business-uses/slack-essentials.yml"
NOTES = "## Reading these figures"


def edit_module(project: Path) -> None:
    path = project / "curriculum" / "modules" / EDITED_MODULE
    text = path.read_text("utf-8")
    path.write_text(text.replace("summary:\n  fr: ", "summary:\n  fr: Édition de test. ", 1), "utf-8")


def edit_pair(project: Path) -> None:
    path = project / "examples" / "bench-roster.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("role: ", "role: Nouveau poste — ", 1), "utf-8")


def measure(base: Path, pairs: int, jobs: int, scratch: Path, every: int) -> dict:
    """Every figure for one cohort size; the ratios too when `every` (the sampling step) is set."""
    from rm_course.build import pdf

    project = generate_project(base, scratch / f"p{pairs}", pairs)
    full = run_build(project, "--only", "plans", "--force", "--jobs", str(jobs))
    pages = _pages(project / "private" / "example-2027", jobs)
    row = {"pairs": pairs, "pages": pages, "full": full, "naive": float("nan"), "floor": float("nan"),
           "subsetting": pdf.subsetting_path()}
    # The ratios right after the full build: this machine's speed drifts over half an hour.
    docs, row["documents"] = sample_html(project, "example-2027", every)
    if every:
        naive, sample_pages = naive_loop(docs, project)
        scale = pages / sample_pages
        row.update(naive=naive * scale, floor=floor(docs, project, jobs) * scale, sample=len(docs),
                   sample_pages=sample_pages, every=every)
    del docs
    row["noop"] = run_build(project, "--only", "plans", "--jobs", str(jobs))
    edit_module(project)
    row["one_module"] = run_build(project, "--only", "plans", "--jobs", str(jobs))
    edit_pair(project)
    row["one_pair"] = run_build(project, "--only", "plans", "--jobs", str(jobs))
    row["peak_mb"] = max(row[k].peak for k in ("full", "noop", "one_module", "one_pair")) / 1e6
    shutil.rmtree(project)
    return row


def _s(v: float) -> str:
    return "—" if v != v else f"{v:.0f} s"


def _x(v: float) -> str:
    return "—" if v != v else f"{v:.2f}"


def _edit(r: Run, full: Run) -> str:
    return f"{r.seconds:.1f} s ({100 * r.seconds / full.seconds:.0f} %; {r.built} new, {r.compared} identical)"


def report(rows: list[dict], jobs: int) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Build performance",
        "",
        f"Measured {dt.date.today().isoformat()} by `python bench/bench.py` on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, `--jobs {jobs}`; font subsetting: **{rows[0]['subsetting']}**.",
        "Each cohort is generated from the example roster; times are wall-clock seconds of a fresh "
        "`rm-course build --only plans` process. Edits: one module's summary "
        f"(`{EDITED_MODULE}`), then one pair's role; \"new\" files were printed or written again, "
        "\"identical\" ones were rendered again and found unchanged.",
        "",
        "| pairs | PDFs | pages | full build | per pair | pages/s | no-op | one module edited | one pair edited "
        "| peak memory | naive loop | × faster than naive | floor | × of floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        full = r["full"]
        lines.append(
            f"| {r['pairs']} | {r['documents']} | {r['pages']} | {full.seconds:.1f} s | "
            f"{full.seconds / r['pairs']:.2f} s | {r['pages'] / full.seconds:.1f} | {r['noop'].seconds:.2f} s | "
            f"{_edit(r['one_module'], full)} | {_edit(r['one_pair'], full)} | {r['peak_mb']:.0f} MB | "
            f"{_s(r['naive'])} | {_x(r['naive'] / full.seconds)} | {_s(r['floor'])} | {_x(full.seconds / r['floor'])} |"
        )
    sampled = [r for r in rows if "sample" in r]
    if sampled:
        lines.append("")
        for r in sampled:
            lines.append(f"Naive loop and floor at {r['pairs']} pairs: timed on {r['sample']} of the {r['documents']} "
                         f"documents (one in {r['every']}, {r['sample_pages']} pages) and scaled by pages.")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default="50,200", help="cohort sizes, comma-separated (default 50,200)")
    ap.add_argument("--with-1000", action="store_true", help="also measure a 1000-pair cohort (about 90 minutes more)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ratios-at", type=int, default=200,
                    help="cohort size at which the naive loop and the floor are measured (default 200)")
    ap.add_argument("--sample-every", type=int, default=30,
                    help="time the naive loop and the floor on every n-th document (default 30; 1: all of them)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update docs/performance.md")
    args = ap.parse_args()
    sizes = [int(s) for s in args.pairs.split(",")] + ([1000] if args.with_1000 else [])
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = base_project(Path(tmp) / "base")
        for n in sizes:
            print(f"measuring {n} pairs…", file=sys.stderr)
            every = args.sample_every if n == args.ratios_at else 0
            rows.append(measure(base, n, args.jobs, Path(tmp), every))
            print("\n".join(report(rows[-1:], args.jobs).splitlines()[7:]), file=sys.stderr)
    text = report(rows, args.jobs) + f"\nThe whole benchmark ran in {(time.perf_counter() - started) / 60:.0f} minutes.\n"
    print(text)
    if not args.no_write:
        # The figures are replaced; the hand-written reading of them below them is kept.
        out = REPO / "docs" / "performance.md"
        previous = out.read_text("utf-8") if out.is_file() else ""
        notes = previous[previous.find(NOTES):] if NOTES in previous else ""
        out.write_text(text + ("\n" + notes if notes else ""), "utf-8")


if __name__ == "__main__":
    main()
