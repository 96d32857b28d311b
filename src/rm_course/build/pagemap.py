"""The page each module and chapter starts on in the workbooks, for the plans' cross-references.

The workbooks are separate PDFs, so a plan can only say "(p. 6)" if the workbook has been laid
out first. It is laid out exactly as it is printed (same HTML, fonts and stylesheets), which is
deterministic, and the result is kept in `build/page-maps/` under the workbook's input digest:
a build whose curriculum did not change reads the numbers back instead of laying it out again.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..content.project import Project
from ..generators.books import book_outputs
from .pdf import page_numbers

# The books a plan points into: the mentor re-reads in the workbook, the mentee in the booklet.
CROSS_REFERENCED = ("mentor-workbook", "mentee-booklet")
CACHE = Path("build") / "page-maps"
# Only the anchors a plan can point to are kept: modules and chapters.
PREFIXES = ("mod-", "ch")

PageMaps = dict[str, dict[str, dict[str, int]]]  # lang → book → anchor → page


def _cached(path: Path) -> dict[str, int] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _store(path: Path, pages: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(pages, sort_keys=True), "utf-8")
    tmp.replace(path)
    for old in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.json"):
        if old != path:  # the numbers of an older curriculum
            old.unlink(missing_ok=True)


def workbook_pages(project: Project, languages: set[str] | None = None) -> PageMaps:
    """Anchor → page for every cross-referenced book in each language (all the project's by default)."""
    root = Path(project.root)
    maps: PageMaps = {}
    for out in book_outputs(project):
        lang, name = out.dest.split("/")[1], Path(out.dest).stem
        if name not in CROSS_REFERENCED or (languages is not None and lang not in languages):
            continue
        path = root / CACHE / f"{name}-{lang}-{out.inputs[:24]}.json"
        pages = _cached(path)
        if pages is None:
            out.materialize()
            found = page_numbers(out.html, lang=lang, title=out.title, project_root=str(root), source=out.dest,
                                 stylesheets=out.stylesheets)
            pages = {k: v for k, v in found.items() if k.startswith(PREFIXES)}
            for anchor, page in sorted(pages.items(), key=lambda kv: kv[1]):
                # A chapter by its kind too ("chapter-self-assessment"): its number varies per book.
                if (m := re.fullmatch(r"ch\d+-([a-z-]+)", anchor)):
                    pages.setdefault(f"chapter-{m.group(1)}", page)
            _store(path, pages)
        maps.setdefault(lang, {})[name] = pages
    return maps
