"""The printed books (mentor workbook, mentee booklet, manager brief, coordinator guide) and their HTML.

This module decides what each book holds and renders it with the Jinja templates under
`templates/print/`; it returns one Output per book and language, which the build engine
prints to PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ..content.models import Module
from ..content.project import Project
from ..render import figures
from ..render.printenv import page_context, print_env, render_document
from ..render.words import site_labels, sort_key
from .digests import digest, print_deps, project_digest
from .outputs import Output

BOOKS = ("mentor-workbook", "mentee-booklet", "manager-brief", "coordinator-guide")
CHARTER_MODULE = "pair-charter"
MANAGERS_MODULE = "managers-role"


def source_of(project: Project, key: str) -> str:
    """The file a part of the curriculum came from, as the author reads it ("" if none)."""
    doc = project.docs.get(key)
    return doc.display if doc is not None else ""


def module_source(project: Project, module_id: str) -> str:
    """The module's file as the author reads it: relative to the project."""
    return source_of(project, f"module:{module_id}")


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
        source=source_of(project, "tracks"),
        extra=extra,
    )


def _workbook(project: Project, t: Callable, L: dict) -> list[Chapter]:
    chapters = []
    for track in ("mentor-pedagogy", "digital-history", "business-uses"):
        extra = {}
        if track == "digital-history" and project.timeline.events:
            extra = {
                "timeline": sorted(project.timeline.events, key=lambda ev: ev.date),
                "timeline_source": source_of(project, "timeline"),
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
                            extra={"tools": list(project.tools.tools)}, source=source_of(project, "tools")))
    chapters.append(Chapter(id="", num=0, kind="self-assessment", title=t(project.assessment.title),
                            source=source_of(project, "assessment"), extra={"assessment": project.assessment}))
    if project.glossary.terms:
        terms = sorted(project.glossary.terms, key=lambda term: sort_key(t(term.term)))
        chapters.append(Chapter(id="", num=0, kind="glossary", title=L["glossary"],
                                source=source_of(project, "glossary"), extra={"terms": terms}))
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
               "events_source": source_of(project, "sessions"),
               # Run sheets name activities by id: their titles, for the events' tables.
               "activity_titles": {(m.id, a.id): a.title for m in project.modules.values() for a in m.activities}},
    ))
    chapters.append(Chapter(
        id="", num=0, kind="evaluation", title=L["evaluation"], intro=L["evaluation_intro"],
        extra={"assessment": project.assessment, "assessment_source": source_of(project, "assessment")},
    ))
    return _numbered([ch for ch in chapters if ch])


SPECS = {
    "mentor-workbook": Book("mentor-workbook", "mentor", 5, _workbook, "print/mentor-workbook.html"),
    "mentee-booklet": Book("mentee-booklet", "mentee", 4, _booklet, "print/mentee-booklet.html"),
    "manager-brief": Book("manager-brief", "manager", 0, lambda project, t, L: [], "print/manager-brief.html"),
    "coordinator-guide": Book("coordinator-guide", "coordinator", 3, _guide, "print/coordinator-guide.html"),
}


def term_index(project: Project, chapters: list[Chapter], t: Callable) -> list[dict[str, Any]]:
    """Every glossary term the book explains, in the language's order, with the anchors of the
    places that explain it: each module's list of words, then the glossary chapter."""
    found: dict[str, list[str]] = {}
    for ch in chapters:
        for mod in ch.modules:
            for tid in mod.glossary:
                found.setdefault(tid, []).append(f"term-{tid}-{mod.id}")
        if ch.kind == "glossary":
            for term in ch.terms:
                found.setdefault(term.id, []).append(f"gloss-{term.id}")
    terms = {term.id: term for term in project.glossary.terms}
    entries = [{"term": t(terms[tid].term), "anchors": anchors} for tid, anchors in found.items() if tid in terms]
    return sorted(entries, key=lambda e: sort_key(e["term"]))


def _book_context(project: Project, name: str, lang: str, env: jinja2.Environment) -> dict[str, Any]:
    spec = SPECS[name]
    L = env.globals["L"]
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
    context.update(_figures(project, name, lang, env))
    context["index"] = term_index(project, context["chapters"], t)
    if name == "manager-brief":
        context.update(
            role=project.modules.get(MANAGERS_MODULE),
            role_source=module_source(project, MANAGERS_MODULE),
            defaults=project.programme.defaults,
            session_types=project.sessions.session_types,
            sessions_source=source_of(project, "sessions"),
        )
    return context


def _figures(project: Project, name: str, lang: str, env: jinja2.Environment) -> dict[str, Any]:
    """The drawn figures a book shows: the programme's (the brief: its arc), the timeline where the
    history track is printed, and a function giving a module's diagram."""
    words = site_labels(env, lang)
    overview = list(figures.programme_figures(project, words, lang).values())
    return {
        "figure_words": words["figures"],
        "overview_figures": overview[:1] if name == "manager-brief" else overview,
        "timeline_figures": figures.printed_timeline(project, words, lang) if name == "mentor-workbook" else [],
        "module_figure": lambda mod: figures.module_figure(project, mod, lang),
    }


def render_book(project: Project, name: str, lang: str, env: jinja2.Environment | None = None) -> str:
    """The complete HTML of one book in one language, typography applied.

    Pass the same `env` (from print_env) for several books: templates compile once.
    """
    env = env or print_env(project, lang)
    return render_document(env, SPECS[name].template, lang, _book_context(project, name, lang, env))


# ---------------------------------------------------------------------------- outputs


def book_outputs(project: Project) -> list[Output]:
    """One Output per book and language: dest pdf/<lang>/<name>.pdf, the HTML to print.

    The HTML is checked when it is printed (in the build's workers): each module's content
    carries its file in `data-source`, so a reference outside the assets fails the build with
    a message naming that file.
    """
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
            # Rendered only when its inputs changed since the last build (see rm_course.build.manifest).
            outputs.append(Output(dest=dest, label=dest, make=make(name, lang), lang=lang, deps=deps,
                                  inputs=digest(project_digest(project), dest, deps)))
    return outputs
