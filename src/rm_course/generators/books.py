"""The printed books (mentor workbook, mentee booklet, manager brief, coordinator guide) and their HTML.

This module decides what each book holds and renders it with the Jinja templates under
`templates/print/`; the build engine turns the HTML into PDF (see `rm_course.pdf`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..render import dialect
from ..errors import BuildError
from ..content.models import Module
from .outputs import Output
from ..content.project import Project
from ..render.templating import make_env
from ..render.typography import typeset

BOOKS = ("mentor-workbook", "mentee-booklet", "manager-brief", "coordinator-guide")
CHARTER_MODULE = "pair-charter"
MANAGERS_MODULE = "managers-role"


# ---------------------------------------------------------------------------- Markdown for print


_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_ID = re.compile(r"(\sid=\")([^\"]+)(\")")
_FRAGMENT = re.compile(r"(\shref=\"#)([^\"]+)(\")")
_BACKREF = re.compile(r"(?:&#160;|\u00a0)?<a class=\"footnote-backref\"[^>]*>.*?</a>", re.S)
_DEFAULT_TITLE = re.compile(
    r"(<div class=\"admonition (\w+)[^\"]*\">\s*<p class=\"admonition-title\">|<details class=\"(\w+)[^\"]*\">\s*<summary>)([^<]*)(</p>|</summary>)"
)
_SINGLE_P = re.compile(r"\A\s*<p>(.*)</p>\s*\Z", re.S)
# One line with no character Markdown gives a meaning to: a paragraph, as it is.
_PLAIN = re.compile(r"\A(?![-+*>=] |\d+[.)] |\s)[^\\`*_{}\[\]<>#|!~^&\n\r\t:=]*(?<!\s)\Z")


@cache
def _converter() -> markdown.Markdown:
    """One converter with the project's dialect, reset between texts.

    `dialect.to_html` builds a converter per call, which costs more than converting: a book
    converts thousands of short texts. `reset()` clears footnotes and abbreviations.
    """
    return markdown.Markdown(extensions=dialect.EXTENSIONS, extension_configs=dialect.EXTENSION_CONFIGS)


class PrintMarkdown:
    """The project's Markdown dialect, arranged for a printed document.

    Headings move to the level where the text lands (`top`: a section body's first heading
    sits under the section's h3, so it becomes an h4) and keep their steps below it,
    ids get a prefix unique in the document (footnotes of two modules must not collide),
    footnote back-links go (there is nothing to click on paper) and admonitions without a
    title get one in the document's language.
    """

    def __init__(self, admonition_titles: dict[str, str]):
        self.titles = admonition_titles
        self.count = 0

    def __call__(self, text: str | None, top: int = 4) -> Markup:
        if not text:
            return Markup("")
        self.count += 1
        prefix = f"md{self.count}-"
        if _PLAIN.match(text):
            html = f"<p>{text}</p>"  # what the converter would give, a hundred times faster
        else:
            html = _converter().reset().convert(text)
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        if levels:
            shift = top - min(levels)
            html = _HEADING.sub(lambda m: f"<{m.group(1)}h{max(1, min(6, int(m.group(2)) + shift))}", html)
        html = _ID.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}{m.group(3)}", html)
        html = _FRAGMENT.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}{m.group(3)}", html)
        html = _BACKREF.sub("", html)
        html = _DEFAULT_TITLE.sub(self._title, html)
        return Markup(html)

    def inline(self, text: str | None) -> Markup:
        """For a one-line text (a list item, a cell): without the wrapping paragraph."""
        html = str(self(text))
        m = _SINGLE_P.match(html)
        return Markup(m.group(1) if m and "<p>" not in m.group(1) else html)

    def _title(self, m: re.Match) -> str:
        kind = m.group(2) or m.group(3)
        title = m.group(4)
        if title == kind.capitalize() and kind in self.titles:
            title = self.titles[kind]
        return f"{m.group(1)}{title}{m.group(5)}"


# ---------------------------------------------------------------------------- context


def _tint(colour: str, white: float) -> str:
    """Mix a #rrggbb colour with white (white=0.9 keeps 10% of the colour)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * white) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _source(project: Project, key: str) -> str:
    doc = project.docs.get(key)
    return doc.display if doc is not None else ""


def module_source(project: Project, module_id: str) -> str:
    """The module's file as the author reads it: relative to the project."""
    return _source(project, f"module:{module_id}")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by the environments of every language (keyed by source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_bytecode = _MemoryBytecodeCache()


def print_env(project: Project, lang: str) -> jinja2.Environment:
    """The template environment for print: the project's env plus print-only filters."""
    env = make_env(project.root, lang)
    env.bytecode_cache = _bytecode
    try:
        labels = env.get_template("print/labels.html").module.labels  # type: ignore[attr-defined]
    except jinja2.TemplateError as exc:
        raise BuildError(f"templates/print/labels.html: {exc}") from exc
    if lang not in labels:
        raise BuildError(f"templates/print/labels.html has no labels for the language {lang!r}")
    L = labels[lang]
    t = env.filters["t"]
    tools = {tool.id: tool.name for tool in project.tools.tools}
    terms = {term.id: term for term in project.glossary.terms}

    def long_date(value) -> str:
        from babel.dates import format_date

        return format_date(value, format="long", locale=lang)

    def event_date(value: str) -> str:
        """A timeline date as precise as its source: 2003, May 2003 or 5 May 2003."""
        import datetime as dt

        from babel.dates import format_date

        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return format_date(dt.date(parts[0], parts[1], 1), format="LLLL y", locale=lang)
        return format_date(dt.date(*parts), format="long", locale=lang)

    _fresh_markdown(env, L)
    env.filters["tool_name"] = lambda tool_id: tools.get(tool_id, tool_id)
    env.filters["module_title"] = lambda mid: t(project.modules[mid].title) if mid in project.modules else mid
    env.filters["glossary_term"] = lambda tid: terms[tid]
    env.filters["date"] = long_date
    env.filters["event_date"] = event_date
    env.globals["L"] = L
    return env


def _fresh_markdown(env: jinja2.Environment, L: dict) -> None:
    """Give the environment a new Markdown converter: ids restart for each document."""
    md = PrintMarkdown(dict(L.get("admonition", {})))
    env.filters["pmd"] = md
    env.filters["pmd_inline"] = md.inline


def page_context(project: Project, lang: str) -> dict[str, Any]:
    """What the print templates need besides their own data: language, programme, brand, logo."""
    prog = project.programme
    b = prog.branding
    logo = f"assets/{b.logo}" if b.logo else None
    return {
        "lang": lang,
        "programme": prog,
        "brand": {
            "primary": b.primary,
            "primary_text": b.primary_text,
            "accent": b.accent,
            "accent_text": b.accent_text,
            "primary_tint": _tint(b.primary, 0.9),
            "accent_tint": _tint(b.accent, 0.9),
        },
        "logo": logo,
    }


# ---------------------------------------------------------------------------- books


@dataclass
class Chapter:
    """A chapter of a book: what the template needs to render it and list it in the contents."""

    id: str
    num: int
    kind: str  # track, charter, goals, self-assessment, glossary, checklists, evaluation, notes
    title: str
    intro: str | None = None
    modules: list[Module] = field(default_factory=list)
    module_sources: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Kind-specific data (timeline, terms, phases…) reads like an attribute in templates.
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(name)


@dataclass
class Book:
    name: str
    reader: str  # who holds it: mentor, mentee, manager, coordinator
    write: int  # ruled lines under each activity (0: none)
    chapters: Callable[[Project, Callable, dict], list[Chapter]]  # (project, t filter, labels)
    template: str


def _numbered(chapters: list[Chapter]) -> list[Chapter]:
    for i, ch in enumerate(chapters, start=1):
        ch.num = i
        ch.id = f"ch{i}-{ch.kind}"
    return chapters


def _track_chapter(project: Project, track: str, t: Callable, **extra) -> Chapter | None:
    modules = project.modules_in(track)
    if not modules:
        return None
    info = next((tr for tr in project.tracks.tracks if tr.id.value == track), None)
    return Chapter(
        id="", num=0, kind="track",
        title=t(info.title) if info else track,
        intro=t(info.description) if info else None,
        modules=modules,
        module_sources={m.id: module_source(project, m.id) for m in modules},
        source=_source(project, "tracks"),
        extra=extra,
    )


def _workbook(project: Project, t: Callable, L: dict) -> list[Chapter]:
    chapters = []
    for track in ("mentor-pedagogy", "digital-history", "business-uses"):
        extra = {}
        if track == "digital-history" and project.timeline.events:
            extra = {
                "timeline": sorted(project.timeline.events, key=lambda ev: ev.date),
                "timeline_source": _source(project, "timeline"),
            }
        ch = _track_chapter(project, track, t, **extra)
        if ch:
            ch.extra.setdefault("timeline", None)
            chapters.append(ch)
    return _numbered(chapters)


def _charter(project: Project, L: dict) -> Chapter | None:
    charter = project.modules.get(CHARTER_MODULE)
    if charter is None:
        return None
    return Chapter(
        id="", num=0, kind="charter", title=L["charter"], modules=[charter],
        module_sources={charter.id: module_source(project, charter.id)},
    )


def _booklet(project: Project, t: Callable, L: dict) -> list[Chapter]:
    chapters: list[Chapter | None] = [_track_chapter(project, "mentee-preparation", t, timeline=None)]
    chapters.append(_charter(project, L))
    chapters.append(Chapter(id="", num=0, kind="goals", title=L["goals"], intro=L["goals_intro"],
                            extra={"tools": list(project.tools.tools)}, source=_source(project, "tools")))
    chapters.append(Chapter(id="", num=0, kind="self-assessment", title=t(project.assessment.title),
                            source=_source(project, "assessment"), extra={"assessment": project.assessment}))
    if project.glossary.terms:
        terms = sorted(project.glossary.terms, key=lambda term: _sort_key(t(term.term)))
        chapters.append(Chapter(id="", num=0, kind="glossary", title=L["glossary"],
                                source=_source(project, "glossary"), extra={"terms": terms}))
    chapters.append(Chapter(id="", num=0, kind="notes", title=L["notes_pages"]))
    return _numbered([ch for ch in chapters if ch])


def _guide(project: Project, t: Callable, L: dict) -> list[Chapter]:
    chapters: list[Chapter | None] = [_track_chapter(project, "programme", t, timeline=None)]
    phases = [
        {"title": m.title, "checks": m.checklist, "source": module_source(project, m.id)}
        for m in project.modules_in("programme") if m.checklist
    ]
    chapters.append(Chapter(
        id="", num=0, kind="checklists", title=L["checklists"], intro=L["checklists_intro"],
        extra={"phases": phases, "events": project.sessions.group_events,
               "events_source": _source(project, "sessions")},
    ))
    chapters.append(Chapter(
        id="", num=0, kind="evaluation", title=L["evaluation"], intro=L["evaluation_intro"],
        extra={"assessment": project.assessment, "assessment_source": _source(project, "assessment")},
    ))
    return _numbered([ch for ch in chapters if ch])


SPECS = {
    "mentor-workbook": Book("mentor-workbook", "mentor", 5, _workbook, "print/mentor-workbook.html"),
    "mentee-booklet": Book("mentee-booklet", "mentee", 4, _booklet, "print/mentee-booklet.html"),
    "manager-brief": Book("manager-brief", "manager", 0, lambda project, t, L: [], "print/manager-brief.html"),
    "coordinator-guide": Book("coordinator-guide", "coordinator", 3, _guide, "print/coordinator-guide.html"),
}


def render_book(project: Project, name: str, lang: str, env: jinja2.Environment | None = None) -> str:
    """The complete HTML of one book in one language, typography applied.

    Pass the same `env` (from print_env) for several books: templates compile once.
    """
    spec = SPECS[name]
    env = env or print_env(project, lang)
    L = env.globals["L"]
    _fresh_markdown(env, L)
    t = env.filters["t"]
    texts = L["books"][name]
    context = page_context(project, lang)
    context.update(
        doc_title=f"{texts['title']} — {t(project.programme.name)}",
        doc_kind=name,
        book={"name": name, "title": texts["title"], "audience": texts["audience"], "intro": texts["intro"],
              "reader": spec.reader, "write": spec.write},
        chapters=spec.chapters(project, t, L),
    )
    if name == "manager-brief":
        context.update(
            role=project.modules.get(MANAGERS_MODULE),
            role_source=module_source(project, MANAGERS_MODULE),
            defaults=project.programme.defaults,
            session_types=project.sessions.session_types,
            sessions_source=_source(project, "sessions"),
        )
    try:
        html = env.get_template(spec.template).render(context)
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or spec.template
        line = getattr(exc, "lineno", None)
        raise BuildError(f"{where}{f':{line}' if line else ''}: {exc}") from exc
    return typeset(html, lang)


# ---------------------------------------------------------------------------- outputs


def print_deps(project: Project, stylesheets: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Digests of what a printed document uses besides its HTML: the print stylesheet, the
    further template `stylesheets` it is printed with, and the assets."""
    from ..render import symbols
    from ..build.pdf import PRINT_CSS, asset_roots, template_css_path

    deps = [f"css:{hashlib.sha256(template_css_path(project.root, name).read_bytes()).hexdigest()}"
            for name in (PRINT_CSS, *stylesheets)]
    deps.append(f"symbols:{symbols.digest()}")
    for root in asset_roots(project.root):
        h = hashlib.sha256()
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
        deps.append(f"assets:{h.hexdigest()}")
    return tuple(deps)


def book_outputs(project: Project) -> list[Output]:
    """One Output per book and language: dest pdf/<lang>/<name>.pdf, the HTML to print.

    The HTML is checked when it is printed (`rm_course.pdf.render_pdf`, in the workers):
    each module's content carries its file in `data-source`, so a reference outside the
    assets fails the build with a message naming that file.
    """
    from .digests import digest, project_digest

    deps = print_deps(project)
    outputs = []
    envs: dict = {}

    def make(name: str, lang: str):
        def render() -> str:
            if lang not in envs:
                envs[lang] = print_env(project, lang)
            return render_book(project, name, lang, envs[lang])
        return render

    for lang in project.languages:
        for name in BOOKS:
            dest = f"pdf/{lang}/{name}.pdf"
            # Rendered only when its inputs changed since the last build (see rm_course.engine).
            outputs.append(Output(dest=dest, label=dest, make=make(name, lang), lang=lang, deps=deps,
                                  inputs=digest(project_digest(project), dest, deps)))
    return outputs


def _title_of(html: str) -> str:
    import html as htmllib

    m = re.search(r"<title>(.*?)</title>", html, re.S)
    return htmllib.unescape(m.group(1)).strip() if m else ""
