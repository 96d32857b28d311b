"""Build benchmark, run on demand: `python bench/bench.py [--pairs 50,200] [--with-1000] [--jobs N]`.

For each cohort size it generates a cohort from the shipped example roster in a scratch copy of
the project and measures, in one run:

- full build (plans only, a fresh `rm-course build` process), no-op rebuild (fresh process),
  one-module edit, one-pair edit;
- peak memory summed over all processes (sampled from /proc), pages per second;
- ratios against (a) a naive sequential loop calling WeasyPrint once per document with the same
  HTML and (b) the floor: WeasyPrint alone laying out the same pages as one long document per core.

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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def base_project(dest: Path) -> Path:
    """A copy of the project with its site and workbooks built once (the cohorts reuse them)."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".git", ".venv", "dist", "private", "build",
                                                              "node_modules", "__pycache__", "tests", "bench"))
    run_build(dest, "--only", "site", "--only", "pdf")
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
    """Samples the resident memory of a process tree every 50 ms; keeps the peak of the sum."""

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
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_build(project: Path, *args: str) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "rm_course", "build", "--project", str(project), "--quiet", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with PeakMemory(proc.pid) as mem:
        out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{err}")
    return elapsed, mem.peak, err


def collect_html(project: Path, cohort_id: str) -> list[tuple[str, str, str, str]]:
    """The exact HTML the build printed for the cohort: (html, lang, title, label)."""
    from rm_course.plans import cohort_outputs, selected_cohorts
    from rm_course.project import open_project

    p = open_project(project)
    ref = [r for r in selected_cohorts(p, [cohort_id], None)][0]
    docs = [o for o in cohort_outputs(p, ref) if o.printed]
    for o in docs:
        o.materialize()
    return [(o.html, o.lang, o.title, o.label) for o in docs]


def _print(html: str, project: str) -> int:
    """WeasyPrint called the obvious way: fresh stylesheets and fonts, one document, same settings."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from rm_course import pdf, symbols

    fetcher = pdf.make_fetcher(project)
    fonts = FontConfiguration()
    css = [CSS(string=symbols.css(), base_url=pdf.base_url(project), url_fetcher=fetcher, font_config=fonts),
           CSS(string=pdf.print_css_path(project).read_text("utf-8"), base_url=pdf.base_url(project),
               url_fetcher=fetcher, font_config=fonts)]
    document = HTML(string=html, base_url=pdf.base_url(project), url_fetcher=fetcher).render(
        stylesheets=css, font_config=fonts)
    document.write_pdf(pdf_variant=pdf.PDF_VARIANT)
    return len(document.pages)


def naive_loop(docs, project: Path) -> tuple[float, int]:
    """(a) WeasyPrint once per document, sequentially."""
    start = time.perf_counter()
    pages = sum(_print(html, str(project)) for html, *_ in docs)
    return time.perf_counter() - start, pages


def _floor_worker(args) -> int:
    html, project = args
    return _print(html, project)


def floor(docs, project: Path, jobs: int) -> float:
    """(b) The same pages laid out as one long document per core: no per-document cost at all."""
    import multiprocessing as mp

    bodies = [re.search(r"<body[^>]*>(.*)</body>", h, re.S).group(1) for h, *_ in docs]
    head = re.search(r"^(.*?<body[^>]*>)", docs[0][0], re.S).group(1)
    chunks = [head + "".join(bodies[i::jobs]) + "</body></html>" for i in range(jobs)]
    start = time.perf_counter()
    with mp.get_context("fork").Pool(jobs) as pool:
        pool.map(_floor_worker, [(c, str(project)) for c in chunks])
    return time.perf_counter() - start


def _pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) for p in folder.rglob("*.pdf"))


def edit_module(project: Path) -> None:
    path = project / "curriculum" / "modules" / "business-uses" / "slack-essentials.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("summary:\n  fr: ", "summary:\n  fr: Édition de test. ", 1), "utf-8")


def edit_pair(project: Path) -> None:
    path = project / "examples" / "bench-roster.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("role: ", "role: Nouveau poste — ", 1), "utf-8")


def measure(base: Path, pairs: int, jobs: int, scratch: Path, ratios: bool) -> dict:
    from rm_course import pdf

    project = generate_project(base, scratch / f"p{pairs}", pairs)
    full, mem, _ = run_build(project, "--only", "plans", "--force", "--jobs", str(jobs))
    noop, _, _ = run_build(project, "--only", "plans", "--jobs", str(jobs))
    edit_module(project)
    one_module, _, _ = run_build(project, "--only", "plans", "--jobs", str(jobs))
    edit_pair(project)
    one_pair, _, _ = run_build(project, "--only", "plans", "--jobs", str(jobs))
    docs = collect_html(project, "example-2027")
    pages = _pages(project / "private" / "example-2027")
    naive = fl = float("nan")
    if ratios:
        naive, _ = naive_loop(docs, project)
        fl = floor(docs, project, jobs)
    return {"pairs": pairs, "documents": len(docs), "pages": pages, "full": full, "noop": noop,
            "one_module": one_module, "one_pair": one_pair, "peak_mb": mem / 1e6, "naive": naive, "floor": fl,
            "subsetting": pdf.subsetting_path()}


def _s(v: float) -> str:
    return "—" if v != v else f"{v:.1f} s"


def _x(v: float) -> str:
    return "—" if v != v else f"{v:.2f}"


def report(rows: list[dict], jobs: int) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Build performance",
        "",
        f"Measured {dt.date.today().isoformat()} by `python bench/bench.py` on {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, `--jobs {jobs}`; font subsetting: **{rows[0]['subsetting']}**.",
        "Each cohort is generated from the example roster; times are wall-clock seconds of a fresh "
        "`rm-course build --only plans` process.",
        "",
        "| pairs | PDFs | pages | full build | no-op | one module edited | one pair edited | peak memory | pages/s "
        "| naive loop | × faster than naive | floor | × of floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['pairs']} | {r['documents']} | {r['pages']} | {r['full']:.1f} s | {r['noop']:.2f} s | "
            f"{r['one_module']:.1f} s | {r['one_pair']:.1f} s ({100 * r['one_pair'] / r['full']:.0f} %) | "
            f"{r['peak_mb']:.0f} MB | {r['pages'] / r['full']:.1f} | {_s(r['naive'])} | "
            f"{_x(r['naive'] / r['full'])} | {_s(r['floor'])} | {_x(r['full'] / r['floor'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", default="10,50,200", help="cohort sizes, comma-separated (default 10,50,200)")
    ap.add_argument("--with-1000", action="store_true", help="also measure a 1000-pair cohort")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ratios-at", type=int, default=10,
                    help="cohort size at which the naive loop and the floor are also measured (default 10: "
                         "the naive loop is slow by design, about 7 s per plan here)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update docs/performance.md")
    args = ap.parse_args()
    sizes = [int(s) for s in args.pairs.split(",")] + ([1000] if args.with_1000 else [])
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = base_project(Path(tmp) / "base")
        for n in sizes:
            print(f"measuring {n} pairs…", file=sys.stderr)
            rows.append(measure(base, n, args.jobs, Path(tmp), ratios=n == args.ratios_at))
            print(report(rows[-1:], args.jobs).splitlines()[-1], file=sys.stderr)
    text = report(rows, args.jobs) + f"\nThe whole benchmark ran in {(time.perf_counter() - started) / 60:.0f} minutes.\n"
    print(text)
    if not args.no_write:
        (REPO / "docs" / "performance.md").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
