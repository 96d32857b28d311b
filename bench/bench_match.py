"""Matching benchmark, run on demand: `python bench/bench_match.py [--volunteers 1000] [--pdf]`.

Generates a sign-up sheet of invented volunteers (half mentors, half mentees; departments, sites,
languages, half-days, topics, a three-level hierarchy, a few preferences) in a scratch copy of the
project, then times reading and checking the sheet, the matching itself (rules, scores and the
assignment) and, with `--pdf`, the whole `rm-course match` command, which also prints the PDF.
Prints the figures; docs/performance.md keeps them by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEPARTMENTS = ["Finance", "RH", "DSI", "Marketing", "Ventes", "Juridique", "Achats", "Logistique", "R&D", "Qualité"]
SITES = ["Lyon", "Paris", "Nantes", "Lille"]
SLOTS = [f"{d}-{h}" for d in ("monday", "tuesday", "wednesday", "thursday", "friday") for h in ("am", "pm")]
TOPICS = ["linkedin-profile", "genai-assistants", "teams-essentials", "information-overload", "privacy-security",
          "slack-essentials", "collaborative-documents", "video-meetings-hybrid", "linkedin", "chatgpt",
          "microsoft-copilot", "smartphone", "generative-ai", "security-privacy"]
HEADER = ["id", "side", "name", "email", "department", "site", "languages", "availability", "topics",
          "employee_id", "manager_id", "prefers"]


def sheet(path: Path, n: int, seed: int = 14) -> None:
    """n invented volunteers: mentees are senior (they manage), mentors junior (they report)."""
    rng = random.Random(seed)
    mentees, mentors = n // 2, n - n // 2
    rows = []
    for i in range(n):
        mentee = i < mentees
        vid = f"e{i:04d}" if mentee else f"m{i:04d}"
        boss = f"E{rng.randrange(10)}" if mentee else f"E{1000 + rng.randrange(mentees)}"
        langs = rng.choice(["fr", "fr", "fr en", "en fr", "en"])
        prefers = f"m{mentees + rng.randrange(mentors):04d}" if mentee and rng.random() < 0.05 else ""
        rows.append([vid, "mentee" if mentee else "mentor", f"Volunteer {vid}", f"{vid}@example.com",
                     rng.choice(DEPARTMENTS), rng.choice(SITES), langs, " ".join(rng.sample(SLOTS, 3)),
                     " ".join(rng.sample(TOPICS, 3)), f"E{1000 + i}", boss, prefers])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--volunteers", type=int, default=1000)
    ap.add_argument("--pdf", action="store_true", help="also time the whole command, PDF included")
    args = ap.parse_args()
    from rm_course.content.load import load_project
    from rm_course.planning.matching import propose
    from rm_course.planning.signups import read_signups, topic_expander

    with tempfile.TemporaryDirectory() as tmp:
        project_dir = Path(tmp) / "project"
        for part in ("curriculum", "templates", "assets", "site", "cohorts", "examples"):
            shutil.copytree(REPO / part, project_dir / part)
        path = project_dir / "signups.csv"
        sheet(path, args.volunteers)
        project = load_project(project_dir)[0]
        # Wall-clock and CPU seconds: the machine may be shared, and CPU time shows what the work costs.
        t0, c0 = time.perf_counter(), time.process_time()
        people, _ = read_signups(path, project)
        t1, c1 = time.perf_counter(), time.process_time()
        proposal = propose(people, project.programme.matching, topic_expander(project))
        t2, c2 = time.perf_counter(), time.process_time()
        print(f"{args.volunteers} volunteers: read and checked in {t1 - t0:.2f} s (CPU {c1 - c0:.2f} s), "
              f"matched in {t2 - t1:.2f} s (CPU {c2 - c1:.2f} s); {len(proposal.pairs)} pairs, "
              f"{len(proposal.mentees) - len(proposal.pairs)} mentees without")
        if args.pdf:
            t3, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-m", "rm_course", "match", str(path), "--project", str(project_dir)],
                           check=True)
            pages = subprocess.run(["pdfinfo", str(next(project_dir.glob("private/*/matching/matching-*.pdf")))],
                                   capture_output=True, text=True).stdout
            count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            print(f"whole command (fresh process, PDF of {count} pages included): {time.perf_counter() - t3:.1f} s "
                  f"(CPU {cpu:.1f} s)")


if __name__ == "__main__":
    main()
