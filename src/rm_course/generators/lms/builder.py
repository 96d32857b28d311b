"""Make every SCORM package of the programme from its built site: `dist/lms/<lang>/<package>.zip`.

Packages are made from the curriculum's pages only (the site never reads a roster), so nothing
personal can reach them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path

from ...content.project import Project
from ...errors import BuildError
from .archive import zip_bytes
from .manifest import LAUNCH, manifest_xml
from .packages import LEFT_OUT, Package, plan_packages
from .pages import STYLESHEET, rewrite_page, rewrite_search_index

RUNTIME = "assets/javascripts/rm-scorm.js"
CONFIG = "assets/javascripts/rm-scorm-package.js"
SEARCH_INDEX = "search/search_index.json"
SUSPEND_LIMIT = 4096  # SCORM 1.2's cmi.suspend_data


@dataclass(frozen=True)
class Made:
    """One package written: where, how big, and what it adds to the site's own files."""

    path: Path
    size: int  # bytes of the zip
    files: int
    pages_size: int  # bytes of the site's files it was made from (pages and assets, uncompressed)
    runtime_size: int  # bytes of the manifest, launch page, runtime, its settings and stylesheet


def runtime_file(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def runtime_digest() -> str:
    """Part of the packages' key: a change of the runtime or of this code makes them again."""
    h = hashlib.sha256()
    here = resources.files(__package__)
    for item in sorted((i for i in here.iterdir() if i.name.endswith((".py", ".js", ".html", ".css"))),
                       key=lambda i: i.name):
        h.update(item.name.encode() + b"\0" + item.read_bytes())
    return h.hexdigest()


def _site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _is_asset(rel: str, lang: str) -> bool:
    """Files every package carries: the theme, fonts, images; not source maps, sitemaps or PDFs."""
    if rel.endswith((".html", ".map")) or rel.startswith(LEFT_OUT) or rel.startswith("sitemap.xml"):
        return False
    if rel == SEARCH_INDEX:
        return False
    if rel.startswith("assets/javascripts/lunr/"):  # the search worker loads only these
        name = rel.rsplit("/", 1)[-1]
        return name in ("lunr.stemmer.support.min.js", "lunr.multi.min.js", f"lunr.{lang}.min.js")
    return True


def _used_fonts_only(assets: list[str], site: dict[str, Path]) -> list[str]:
    """The assets without the fonts no stylesheet names (the site ships the PDFs' fonts too)."""
    css = "".join(site[rel].read_text("utf-8", "replace") for rel in assets if rel.endswith(".css"))
    return [rel for rel in assets
            if not rel.endswith((".woff2", ".woff", ".ttf", ".otf")) or rel.rsplit("/", 1)[-1] in css]


def max_suspend_length(boxes: list[int]) -> int:
    """The longest suspend data the runtime can write for a package (see runtime.js)."""
    pages = -(-len(boxes) // 4)
    ticks = sum(-(-b // 4) for b in boxes if b) + max(0, sum(1 for b in boxes if b) - 1)
    return len("1|12345678||") + pages + ticks


def _config(package: Package, standard: str, boxes: list[int]) -> bytes:
    ident = hashlib.sha256(json.dumps([package.pages, boxes]).encode()).hexdigest()[:8]
    settings = {"standard": standard, "id": ident, "pages": list(package.pages), "boxes": boxes,
                "all": list(package.all_pages)}
    return b"window.RM_SCORM_PACKAGE = " + json.dumps(settings, ensure_ascii=True).encode() + b";\n"


def _launch(package: Package) -> bytes:
    text = runtime_file("launch.html").decode("utf-8")
    for key, value in (("{lang}", package.lang), ("{title}", package.title), ("{start}", package.pages[0])):
        text = text.replace(key, escape(value, quote=True))
    return text.encode("utf-8")


def package_files(package: Package, standard: str, site: dict[str, Path]) -> tuple[dict[str, bytes], int]:
    """Every file of one package (its manifest included), and the size of the site files it used."""
    missing = [p for p in package.all_pages if p not in site]
    if missing:
        raise BuildError(f"the {package.lang} site has no page {missing[0]} for the package {package.name}")
    assets = _used_fonts_only([rel for rel in site if _is_asset(rel, package.lang)], site)
    runtime = {LAUNCH: _launch(package), RUNTIME: runtime_file("runtime.js"),
               STYLESHEET: runtime_file("rm-scorm.css")}
    names = set(package.all_pages) | set(assets) | set(runtime) | {CONFIG, SEARCH_INDEX}
    files: dict[str, bytes] = {rel: site[rel].read_bytes() for rel in assets}
    used = sum(len(b) for b in files.values())
    boxes: dict[str, int] = {}
    for page in package.all_pages:
        html = site[page].read_text("utf-8")
        used += len(html.encode("utf-8"))
        text, boxes[page] = rewrite_page(page, html, names)
        files[page] = text.encode("utf-8")
    counts = [boxes[p] for p in package.pages]
    if max_suspend_length(counts) > SUSPEND_LIMIT:
        raise BuildError(f"the package {package.name} has too many pages and checklist boxes to keep the "
                         f"learner's progress in SCORM's 4,096 characters: choose `lms: packages: [modules]`")
    if SEARCH_INDEX in site:
        files[SEARCH_INDEX] = rewrite_search_index(site[SEARCH_INDEX].read_bytes(), set(package.all_pages))
    files.update(runtime)
    files[CONFIG] = _config(package, standard, counts)
    files["imsmanifest.xml"] = manifest_xml(standard, f"rm-course-{package.lang}-{package.name}", package.title,
                                            sorted(files))
    return files, used


def build_lms(project: Project, site_dir: Path, dest: Path, standard: str, kinds: list[str],
              progress=None) -> list[Made]:
    """Write every package of every language of the site in `site_dir/<lang>/` into `dest/<lang>/`."""
    made: list[Made] = []
    for lang in project.languages:
        site = _site_files(Path(site_dir) / lang)
        if not site:
            raise BuildError(f"there is no built {lang} site to make the LMS packages from: build the site first")
        for package in plan_packages(project, lang, kinds, [p for p in site if p.endswith(".html")]):
            if progress is not None:
                progress(f"{lang}/{package.name}.zip")
            files, used = package_files(package, standard, site)
            data = zip_bytes(files)
            path = Path(dest) / lang / f"{package.name}.zip"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            extra = sum(len(files[n]) for n in (LAUNCH, RUNTIME, CONFIG, STYLESHEET, "imsmanifest.xml"))
            made.append(Made(path, len(data), len(files), used, extra))
    return made
