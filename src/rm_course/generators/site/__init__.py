"""The training site: one MkDocs project per language, generated from the curriculum, built with Material.

`site_files` is pure: it returns every file of each language's MkDocs project (`mkdocs.yml`, the
Markdown pages, theme overrides, stylesheets, fonts). `build_site` writes them into a build folder
and runs MkDocs in strict mode; `site_digest` hashes them so an unchanged site is not rebuilt.

The generated project sticks to Material, its bundled extensions and the project's one Markdown
dialect: no Python hooks, no third-party plugins, so any engine that reads `mkdocs.yml` can build it.
Rosters are never read here: nothing about a person can reach the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from ... import __version__
from ...render import dialect
from ...errors import BuildError
from ...render.glossary_links import TermLinker, module_terms
from ...content.models import AUDIENCES, GlossaryTerm, Module
from ...content.project import Project
from ...resources import defaults_root
from ...render.templating import make_env, md_escape
from ...render.timeline_svg import Point
from ...render.timeline_svg import render as render_timeline

# PDFs the downloads page may list, in this order; only those that exist are listed.
PDF_NAMES = ("mentor-workbook", "mentee-booklet", "manager-brief", "coordinator-guide")

# The order in which each reader meets the tracks: their own preparation first, the rest after.
READING_ORDER: dict[str, tuple[str, ...]] = {
    "mentor": ("mentor-pedagogy", "programme", "digital-history", "business-uses", "mentee-preparation"),
    "mentee": ("mentee-preparation", "programme", "digital-history", "business-uses", "mentor-pedagogy"),
    "manager": ("programme", "mentee-preparation", "mentor-pedagogy", "digital-history", "business-uses"),
    "coordinator": ("programme", "mentor-pedagogy", "mentee-preparation", "digital-history", "business-uses"),
}

SITE_TEMPLATE_DIR = "site"
PAGE_TEMPLATES = {
    "home": "site/home.md",
    "audiences": "site/audiences.md",
    "audience": "site/audience.md",
    "modules": "site/modules.md",
    "track": "site/track.md",
    "module": "site/module.md",
    "glossary": "site/glossary.md",
    "timeline": "site/timeline.md",
    "downloads": "site/downloads.md",
}

log = logging.getLogger(__name__)


# -- addresses -------------------------------------------------------------------------------------

def page_url(docs_path: str) -> str:
    """The address MkDocs gives a page with directory URLs: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    stem = docs_path[:-3] if docs_path.endswith(".md") else docs_path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_link(from_doc: str, to_doc: str) -> str:
    """A Markdown link from one page's source to another's (MkDocs checks and rewrites it)."""
    return posixpath.relpath(to_doc, posixpath.dirname(from_doc) or ".")


def relative_href(from_doc: str, to_doc: str, anchor: str = "") -> str:
    """An address for raw HTML, from one page's URL to another's (MkDocs leaves raw HTML alone)."""
    here = page_url(from_doc).rstrip("/") or "."
    there = page_url(to_doc).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def module_doc(module: Module) -> str:
    return f"modules/{module.track.value}/{module.id}.md"


def track_doc(track: str) -> str:
    return f"modules/{track}/index.md"


def safe_url(url: str) -> str:
    """An http(s) address made safe for a Markdown link target written as `<...>`."""
    from urllib.parse import quote

    if not re.match(r"^https?://", url):
        raise BuildError(f"refusing a link to {url!r}: only http and https addresses are published")
    return quote(url, safe=":/?#[]@!$&'()*+,;=-._~%")


# -- words of the page -----------------------------------------------------------------------------

@dataclass
class Words:
    """Formatting helpers in one language: durations, dates, plurals, sort keys."""

    lang: str
    labels: dict[str, Any]

    def duration(self, minutes: int) -> str:
        hours, rest = divmod(int(minutes), 60)
        if not hours:
            return self.labels["minutes_only"].format(m=rest)
        if not rest:
            return self.labels["hours_only"].format(h=hours)
        return self.labels["hours_minutes"].format(h=hours, m=rest)

    def date(self, value: dt.date | str) -> str:
        """A date in words; a partial date (`2003` or `2003-05`) stays as precise as it is."""
        from babel.dates import format_date

        locale = self.labels["locale"]
        if isinstance(value, dt.date):
            return format_date(value, "long", locale=locale)
        parts = value.split("-")
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), "long", locale=locale)
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "LLLL y", locale=locale)
        return parts[0]

    def day(self, value: str) -> str:
        """The part of a date below the year (`5 May`, `May`), for the timeline figure."""
        from babel.dates import format_date

        parts = value.split("-")
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), "d MMMM", locale=self.labels["locale"])
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "LLLL", locale=self.labels["locale"])
        return ""

    def megabytes(self, size: int) -> str:
        from babel.numbers import format_decimal

        return format_decimal(max(size / 1_000_000, 0.1), "0.0", locale=self.labels["locale"])

    def plural(self, key: str, n: int, **kwargs: Any) -> str:
        forms = self.labels[key]
        return forms["one" if n == 1 else "other"].format(n=n, **kwargs)


def md_text(value: object) -> str:
    """Data as literal Markdown text: `md_escape`, with quotes left as quotes.

    Quotes only matter inside attributes, which data never reaches; as entities they would
    leak into heading anchors and into titles MkDocs reads from the Markdown source.
    """
    return md_escape(value).replace("&\\#39;", "'").replace("&\\#34;", '"')


def html_title(value: object) -> str:
    """A page title for front matter: HTML-escaped (themes print titles as HTML), quoted for YAML."""
    text = str(escape(" ".join(str(value).split()))).replace("&#39;", "'").replace("&#34;", '"')
    return json.dumps(text, ensure_ascii=False)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (é sorts with e)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def md_inline(text: str) -> str:
    """Authored Markdown kept on one line, for list items and table-free inline places."""
    return " ".join(str(text).split())


def indent_block(text: str, spaces: int) -> str:
    """Authored Markdown indented into an admonition body; blank lines stay blank."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in str(text).strip().splitlines())


def reading_order(modules: list[Module], audience: str) -> list[Module]:
    """The modules of one audience in reading order: track preference, then order, prerequisites first."""
    rank = {track: i for i, track in enumerate(READING_ORDER[audience])}
    chosen = sorted(
        (m for m in modules if audience in {a.value for a in m.audiences}),
        key=lambda m: (rank.get(m.track.value, len(rank)), m.order, m.id),
    )
    ids = {m.id for m in chosen}
    placed: list[Module] = []
    done: set[str] = set()
    waiting = list(chosen)
    while waiting:
        for m in waiting:
            if all(p in done or p not in ids for p in m.prerequisites):
                break
        else:  # a cycle cannot pass the checker; keep the preferred order if one slips through
            m = waiting[0]
        waiting.remove(m)
        placed.append(m)
        done.add(m.id)
    return placed


# -- pages -----------------------------------------------------------------------------------------

def _labels(env, lang: str) -> dict[str, Any]:
    source, _, _ = env.loader.get_source(env, f"{SITE_TEMPLATE_DIR}/labels.yml")
    data = yaml.safe_load(source) or {}
    if lang not in data:
        raise BuildError(f"templates/{SITE_TEMPLATE_DIR}/labels.yml has no words for language {lang!r}")
    return data[lang]


def _glossary_groups(terms: list[GlossaryTerm], lang: str) -> list[tuple[str, list[GlossaryTerm]]]:
    groups: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(terms, key=lambda t: sort_key(t.term[lang])):
        first = sort_key(term.term[lang])[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return list(groups.items())


def _timeline_points(project: Project, words: Words) -> list[tuple[Any, Point]]:
    events = sorted(project.timeline.events, key=lambda e: e.date)
    return [
        (e, Point(day=words.day(e.date), year=e.date[:4], title=e.title[words.lang], category=e.category))
        for e in events
    ]


def render_pages(project: Project, lang: str, pdfs: dict[str, int] | None = None) -> dict[str, str]:
    """Every Markdown page of one language, keyed by its path under `docs/`.

    `pdfs` maps the workbook files available in this language to their size in bytes.
    """
    env = make_env(project.root, lang)
    env.filters["md_text"] = md_text
    env.filters["html_title"] = html_title
    labels = _labels(env, lang)
    words = Words(lang, labels)
    modules = list(project.modules.values())
    tracks = [t for t in project.tracks.tracks if project.modules_in(t.id.value)]
    tools = {t.id: t for t in project.tools.tools}
    terms = project.glossary.terms
    term_modules: dict[str, list[Module]] = {t.id: [] for t in terms}
    for m in modules:
        for tid in m.glossary:
            if tid in term_modules and m not in term_modules[tid]:
                term_modules[tid].append(m)
    for t in terms:
        for mid in t.modules:
            if mid in project.modules and project.modules[mid] not in term_modules[t.id]:
                term_modules[t.id].append(project.modules[mid])
    points = _timeline_points(project, words)

    shared = {
        "project": project,
        "programme": project.programme,
        "L": labels,
        "words": words,
        "tracks": tracks,
        "modules": modules,
        "tools": tools,
        "audiences": list(AUDIENCES),
        "md_inline": md_inline,
        "indent_block": indent_block,
        "safe_url": safe_url,
        "module_doc": module_doc,
        "track_doc": track_doc,
        "total": lambda ms: sum(m.minutes for m in ms),
    }
    pages: dict[str, str] = {}

    def render(kind: str, path: str, **extra: Any) -> None:
        def link(to_doc: str, anchor: str = "") -> str:
            return relative_link(path, to_doc) + (f"#{anchor}" if anchor else "")

        def href(to_doc: str, anchor: str = "") -> str:
            return relative_href(path, to_doc, anchor)

        template = env.get_template(PAGE_TEMPLATES[kind])
        text = template.render(**shared, page=path, link=link, href=href, **extra)
        pages[path] = text.rstrip() + "\n"

    render("home", "index.md")
    render("audiences", "audiences/index.md")
    for audience in AUDIENCES:
        render("audience", f"audiences/{audience}.md", audience=audience,
               ordered=reading_order(modules, audience))
    render("modules", "modules/index.md")
    for track in tracks:
        render("track", track_doc(track.id.value), track=track, track_modules=project.modules_in(track.id.value))
    for module in modules:
        path = module_doc(module)
        linker = TermLinker(
            module_terms(terms, module.glossary), lang,
            href=lambda tid, path=path: relative_href(path, "glossary.md", tid),
        )
        render("module", path, module=module, linker=linker,
               audience_names=[labels["audience"][a.value]["plural"] for a in module.audiences],
               tool_names=[tools[t].name if t in tools else t for t in module.tools],
               module_terms=module_terms(terms, module.glossary),
               prerequisites=[project.modules[p] for p in module.prerequisites if p in project.modules])
    groups = _glossary_groups(terms, lang)
    # Letter headings are ordinary headings (a table of contents for long glossaries); a one-letter
    # term id would share their anchor, so they are left out then.
    letters = len(terms) >= 12 and not any(len(t.id) == 1 for t in terms)
    render("glossary", "glossary.md", groups=groups, letters=letters, term_modules=term_modules)
    figure = ""
    if points:
        first, last = points[0][1].year, points[-1][1].year
        figure = render_timeline(
            [p for _, p in points],
            label=labels["timeline_figure"].format(n=len(points), first=first, last=last),
            categories=_timeline_categories(project, labels),
        )
    render("timeline", "timeline.md", events=[e for e, _ in points], figure=figure)
    available = [(name, words.megabytes(pdfs[f"{name}.pdf"])) for name in PDF_NAMES if pdfs and f"{name}.pdf" in pdfs]
    render("downloads", "downloads/index.md", pdfs=available)
    return pages


def _timeline_categories(project: Project, labels: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each category: a CSS class among eight colours (in order of first appearance) and its name."""
    names = labels.get("timeline_categories") or {}
    seen: list[str] = []
    for e in sorted(project.timeline.events, key=lambda e: e.date):
        if e.category not in seen:
            seen.append(e.category)
    return {c: (f"c{i % 8}", names.get(c) or c.replace("-", " ").capitalize()) for i, c in enumerate(seen)}


# -- configuration ---------------------------------------------------------------------------------

def _site_dirs(project: Project) -> list[Path]:
    """`site/` folders, built-in first, the project's last: the project's files win."""
    dirs = [defaults_root() / "site"]
    own = Path(project.root) / "site"
    if own.is_dir() and own.resolve() != dirs[0].resolve():
        dirs.append(own)
    return [d for d in dirs if d.is_dir()]


def _asset_dirs(project: Project) -> list[Path]:
    dirs = [defaults_root() / "assets"]
    own = Path(project.root) / "assets"
    if own.is_dir() and own.resolve() != dirs[0].resolve():
        dirs.append(own)
    return [d for d in dirs if d.is_dir()]


def _collect(dirs: list[Path]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for base in dirs:
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                files[path.relative_to(base).as_posix()] = path
    return files


def _nav(project: Project, lang: str, labels: dict[str, Any], tracks) -> list:
    """The navigation. Page titles come from each page's heading (already escaped); section
    titles are written here, so they are HTML-escaped: MkDocs themes print them as they are."""
    def title(text: str) -> str:
        return str(escape(text))

    track_sections = []
    for track in tracks:
        tid = track.id.value
        track_sections.append(
            {title(track.title[lang]): [track_doc(tid)] + [module_doc(m) for m in project.modules_in(tid)]}
        )
    return [
        "index.md",
        {title(labels["audiences"]): ["audiences/index.md"] + [f"audiences/{a}.md" for a in AUDIENCES]},
        {title(labels["modules"]): ["modules/index.md"] + track_sections},
        "glossary.md",
        "timeline.md",
        "downloads/index.md",
    ]


def mkdocs_config(project: Project, lang: str, base: dict[str, Any], labels_by_lang: dict[str, dict],
                  *, logo: str | None) -> dict[str, Any]:
    """The generated `mkdocs.yml` of one language: the hand-written base plus programme data.

    Every string from the programme is HTML-escaped: MkDocs themes print config values unescaped.
    """
    prog = project.programme
    labels = labels_by_lang[lang]
    cfg = dict(base)
    cfg["site_name"] = str(escape(prog.name[lang]))
    if prog.tagline:
        cfg["site_description"] = str(escape(prog.tagline[lang]))
    if prog.site_url:
        cfg["site_url"] = prog.site_url.rstrip("/") + f"/{lang}/"
    cfg["copyright"] = str(escape(f"© {prog.organisation}"))
    cfg["docs_dir"] = "docs"
    theme = dict(base.get("theme") or {})
    theme["language"] = lang
    theme["font"] = False  # fonts ship with the site: an intranet reaches no font service
    theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
    theme["favicon"] = "assets/brand/favicon.svg"
    if logo:
        theme["logo"] = f"assets/brand/{logo}"
    cfg["theme"] = theme
    extra = dict(base.get("extra") or {})
    extra["alternate"] = [
        {"name": str(escape(labels_by_lang[other]["language_name"])), "link": f"../{other}/", "lang": other}
        for other in project.languages
    ]
    cfg["extra"] = extra
    cfg["extra_css"] = list(base.get("extra_css") or []) + ["assets/stylesheets/brand.css"]
    extensions = dialect.mkdocs_extensions()
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    for ext in base.get("markdown_extensions") or []:
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        if name not in names:
            extensions.append(ext)
    cfg["markdown_extensions"] = extensions
    plugins = []
    for plugin in base.get("plugins") or ["search"]:
        name = next(iter(plugin)) if isinstance(plugin, dict) else plugin
        options = dict(plugin[name] or {}) if isinstance(plugin, dict) else {}
        if name == "search":
            options["lang"] = lang
        plugins.append({name: options} if options else name)
    cfg["plugins"] = plugins
    tracks = [t for t in project.tracks.tracks if project.modules_in(t.id.value)]
    cfg["nav"] = _nav(project, lang, labels, tracks)
    return cfg


def _link_colour(primary: str, accent: str) -> str:
    """Links use the accent when it is readable on white, else the primary, else a dark grey."""
    from ...content.checks import contrast

    for colour in (accent, primary):
        if contrast(colour, "#ffffff") >= 4.5:
            return colour
    return "#1f2933"


def _favicon(primary: str, text: str) -> str:
    """A small mark in the brand colours: two overlapping rings, the pair learning both ways."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{primary}"/>'
        f'<circle cx="25" cy="32" r="13" fill="none" stroke="{text}" stroke-width="5"/>'
        f'<circle cx="39" cy="32" r="13" fill="none" stroke="{text}" stroke-width="5" opacity=".75"/>'
        "</svg>\n"
    )


def site_files(project: Project, pdfs: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, bytes]]:
    """Every file of each language's MkDocs project, keyed by language then by relative path.

    `pdfs` gives, per language, the PDF files available and their sizes (for the downloads page);
    the files themselves are copied by `build_site`.
    """
    site_dirs = _site_dirs(project)
    site_tree = _collect(site_dirs)
    if "mkdocs.yml" not in site_tree:
        raise BuildError("site/mkdocs.yml is missing: the site needs its base configuration")
    base = yaml.safe_load(site_tree["mkdocs.yml"].read_text("utf-8")) or {}
    fonts = {k: v for k, v in _collect([d / "fonts" for d in _asset_dirs(project)]).items()}
    branding = project.programme.branding
    logo_name = None
    logo_bytes = None
    if branding.logo:
        logo_path = _find_asset(project, branding.logo)
        logo_name = "logo" + logo_path.suffix.lower()
        logo_bytes = logo_path.read_bytes()

    labels_by_lang = {lang: _labels(make_env(project.root, lang), lang) for lang in project.languages}
    out: dict[str, dict[str, bytes]] = {}
    for lang in project.languages:
        env = make_env(project.root, lang)
        files: dict[str, bytes] = {}
        for rel, path in site_tree.items():
            if rel == "mkdocs.yml":
                continue
            if rel.startswith("overrides/"):
                files[rel] = path.read_bytes()
            else:  # stylesheets and scripts are served with the pages
                files[f"docs/{rel}"] = path.read_bytes()
        for rel, path in fonts.items():
            files[f"docs/assets/fonts/{rel}"] = path.read_bytes()
        brand_css = env.get_template(f"{SITE_TEMPLATE_DIR}/brand.css").render(
            branding=branding, link_colour=_link_colour(branding.primary, branding.accent)
        )
        files["docs/assets/stylesheets/brand.css"] = brand_css.encode("utf-8")
        files["docs/assets/brand/favicon.svg"] = _favicon(branding.primary, branding.primary_text).encode()
        if logo_name and logo_bytes is not None:
            files[f"docs/assets/brand/{logo_name}"] = logo_bytes
        for rel, text in render_pages(project, lang, (pdfs or {}).get(lang)).items():
            files[f"docs/{rel}"] = text.encode("utf-8")
        cfg = mkdocs_config(project, lang, base, labels_by_lang, logo=logo_name)
        header = "# Generated by rm-course from the curriculum and site/mkdocs.yml; edits here are overwritten.\n"
        files["mkdocs.yml"] = (header + yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)).encode("utf-8")
        out[lang] = files
    return out


def _find_asset(project: Project, rel: str) -> Path:
    for base in reversed(_asset_dirs(project)):
        candidate = (base / rel).resolve()
        if candidate.is_relative_to(base.resolve()) and candidate.is_file():
            return candidate
    raise BuildError(f"branding.logo: {rel!r} is not a file inside assets/")


def root_page(project: Project) -> str:
    """dest/index.html: sends a visitor to their browser's language, with plain links as fallback."""
    env = make_env(project.root, project.programme.default_language)
    entries = []
    for lang in project.languages:
        labels = _labels(make_env(project.root, lang), lang)
        entries.append({"lang": lang, "name": labels["language_name"], "title": project.programme.name[lang]})
    return env.get_template(f"{SITE_TEMPLATE_DIR}/root.html").render(
        languages=entries, default=project.programme.default_language,
        organisation=project.programme.organisation, branding=project.programme.branding,
        link_colour=_link_colour(project.programme.branding.primary, project.programme.branding.accent),
    )


def _versions() -> str:
    parts = [f"rm-course {__version__}"]
    for dist in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} -")
    return ", ".join(parts)


def site_digest(project: Project) -> str:
    """A hash of every input of the site: pages, configuration, site/ files, fonts, versions.

    The PDFs are not part of it: the build engine adds their keys itself.
    """
    h = hashlib.sha256(_versions().encode())
    for lang, files in site_files(project).items():
        for rel in sorted(files):
            h.update(f"\0{lang}\0{rel}\0".encode())
            h.update(hashlib.sha256(files[rel]).digest())
    h.update(root_page(project).encode())
    return h.hexdigest()


# -- build -----------------------------------------------------------------------------------------

class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run_mkdocs(config_file: Path, site_dir: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.propagate
    logger.addHandler(collect)
    # MkDocs' progress lines are noise here and its warnings come back in the BuildError, once.
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit, OSError) as exc:
        details = "\n".join(f"  {m}" for m in collect.messages)
        raise BuildError(
            f"MkDocs could not build {config_file.parent.name}: {exc}" + (f"\n{details}" if details else "")
        ) from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate = saved
    if collect.messages:  # strict mode aborts on these already; this catches any that slip past
        raise BuildError("MkDocs warned:\n" + "\n".join(f"  {m}" for m in collect.messages))


def _check_work_dir(project: Project, work_dir: Path) -> None:
    work = work_dir.resolve()
    for name in ("site", "curriculum", "templates", "assets"):
        inside = (Path(project.root) / name).resolve()
        if work == inside or work.is_relative_to(inside):
            raise BuildError(f"the site's build folder must not be inside {name}/: {work_dir}")


def available_pdfs(pdf_dir: Path | None, languages: list[str]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for lang in languages:
        folder = pdf_dir / lang if pdf_dir else None
        found[lang] = [folder / f"{n}.pdf" for n in PDF_NAMES if folder and (folder / f"{n}.pdf").is_file()]
    return found


def build_site(project: Project, dest: Path, *, work_dir: Path, pdf_dir: Path | None = None,
               quiet: bool = False) -> None:
    """Generate each language's MkDocs project into `work_dir/<lang>/` and build it into `dest/<lang>/`.

    Also writes `dest/index.html` (the language chooser) and copies the PDFs found in
    `pdf_dir/<lang>/` into `dest/<lang>/downloads/`. Raises BuildError on any MkDocs warning.
    """
    # Absolute: MkDocs resolves a relative site_dir against the folder of mkdocs.yml.
    dest, work_dir = Path(dest).resolve(), Path(work_dir).resolve()
    _check_work_dir(project, work_dir)
    pdfs = available_pdfs(pdf_dir, project.languages)
    sources = site_files(project, {lang: {p.name: p.stat().st_size for p in paths} for lang, paths in pdfs.items()})
    dest.mkdir(parents=True, exist_ok=True)
    for lang, files in sources.items():
        root = work_dir / lang
        if root.exists():
            shutil.rmtree(root)
        for rel, data in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for pdf in pdfs[lang]:
            # In docs/, so MkDocs checks the page's links to them and copies them with the site.
            shutil.copyfile(pdf, root / "docs" / "downloads" / pdf.name)
        _run_mkdocs(root / "mkdocs.yml", dest / lang)
        if not quiet:
            log.info("built the %s site into %s", lang, dest / lang)
    (dest / "index.html").write_text(root_page(project), encoding="utf-8")
