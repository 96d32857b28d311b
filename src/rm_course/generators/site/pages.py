"""The Markdown pages of the training site in one language, rendered from `templates/site/*.md`.

Data from the curriculum is escaped for Markdown and HTML (`md_text`, `md_escape`); authored
Markdown goes in as written. Glossary terms a module lists are linked at their first use in each
block. Rosters are never read here: nothing about a person can reach the site.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

from ...content.models import AUDIENCES, GlossaryTerm, Module
from ...content.project import Project
from ...render.glossary_links import TermLinker, module_terms
from ...render.templating import make_env, md_escape
from ...render.figures import module_figure, programme_figures, timeline_categories, timeline_points
from ...render.timeline_svg import Point
from ...render.timeline_svg import render as render_timeline
from ...render.words import Words, site_labels, sort_key
from ..books import BOOKS
from .addresses import module_doc, relative_href, relative_link, safe_url, track_doc

# PDFs the downloads page may list (the books), in this order; only those that exist are listed.
PDF_NAMES = BOOKS

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


# -- text helpers for the templates ------------------------------------------------------------------

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


# -- what the pages show -----------------------------------------------------------------------------

def labels_for(env, lang: str) -> dict[str, Any]:
    """The site's words in one language (`templates/site/labels.yml`)."""
    return site_labels(env, lang)


def _glossary_groups(terms: list[GlossaryTerm], lang: str) -> list[tuple[str, list[GlossaryTerm]]]:
    groups: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(terms, key=lambda t: sort_key(t.term[lang])):
        first = sort_key(term.term[lang])[:1].upper()
        groups.setdefault(first if first.isalpha() else "#", []).append(term)
    return list(groups.items())


def _term_modules(project: Project, modules: list[Module]) -> dict[str, list[Module]]:
    """For each glossary term, the modules that use it (listed by the module or by the term)."""
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
    return term_modules


# -- rendering ---------------------------------------------------------------------------------------

class _Pages:
    """The pages of one language as they are rendered, with what every template receives."""

    def __init__(self, project: Project, lang: str):
        self.project, self.lang = project, lang
        self.env = make_env(project.root, lang)
        self.env.filters["md_text"] = md_text
        self.env.filters["html_title"] = html_title
        self.labels = labels_for(self.env, lang)
        self.words = Words(lang, self.labels)
        self.modules = list(project.modules.values())
        self.tracks = [t for t in project.tracks.tracks if project.modules_in(t.id.value)]
        self.tools = {t.id: t for t in project.tools.tools}
        self.shared = {
            "project": project,
            "programme": project.programme,
            "L": self.labels,
            "words": self.words,
            "tracks": self.tracks,
            "modules": self.modules,
            "tools": self.tools,
            "audiences": list(AUDIENCES),
            "md_inline": md_inline,
            "indent_block": indent_block,
            "safe_url": safe_url,
            "module_doc": module_doc,
            "track_doc": track_doc,
            "total": lambda ms: sum(m.minutes for m in ms),
            "figures": programme_figures(project, self.labels, lang),
        }
        self.pages: dict[str, str] = {}

    def render(self, kind: str, path: str, **extra: Any) -> None:
        def link(to_doc: str, anchor: str = "") -> str:
            return relative_link(path, to_doc) + (f"#{anchor}" if anchor else "")

        def href(to_doc: str, anchor: str = "") -> str:
            return relative_href(path, to_doc, anchor)

        template = self.env.get_template(PAGE_TEMPLATES[kind])
        text = template.render(**self.shared, page=path, link=link, href=href, **extra)
        self.pages[path] = text.rstrip() + "\n"

    def module_page(self, module: Module) -> None:
        project, terms = self.project, self.project.glossary.terms
        path = module_doc(module)
        linker = TermLinker(
            module_terms(terms, module.glossary), self.lang,
            href=lambda tid, path=path: relative_href(path, "glossary.md", tid),
        )
        self.render("module", path, module=module, linker=linker,
                    audience_names=[self.labels["audience"][a.value]["plural"] for a in module.audiences],
                    tool_names=[self.tools[t].name if t in self.tools else t for t in module.tools],
                    module_terms=module_terms(terms, module.glossary),
                    figure=module_figure(project, module, self.lang),
                    prerequisites=[project.modules[p] for p in module.prerequisites if p in project.modules])

    def glossary_page(self, term_modules: dict[str, list[Module]]) -> None:
        terms = self.project.glossary.terms
        groups = _glossary_groups(terms, self.lang)
        # Letter headings are ordinary headings (a table of contents for long glossaries); a one-letter
        # term id would share their anchor, so they are left out then.
        letters = len(terms) >= 12 and not any(len(t.id) == 1 for t in terms)
        self.render("glossary", "glossary.md", groups=groups, letters=letters, term_modules=term_modules)

    def timeline_page(self, points: list[tuple[Any, Point]]) -> None:
        figure = ""
        if points:
            first, last = points[0][1].year, points[-1][1].year
            # A narrow drawing for phones and a wide one for desktops; the stylesheet shows one.
            figure = "\n".join(
                render_timeline(
                    [p for _, p in points],
                    label=self.labels["timeline_figure"].format(n=len(points), first=first, last=last),
                    categories=timeline_categories(self.project, self.labels), width=width,
                )
                for width in (400, 760)
            )
        self.render("timeline", "timeline.md", events=[e for e, _ in points], figure=figure)


def render_pages(project: Project, lang: str, pdfs: dict[str, int] | None = None) -> dict[str, str]:
    """Every Markdown page of one language, keyed by its path under `docs/`.

    `pdfs` maps the workbook files available in this language to their size in bytes.
    """
    site = _Pages(project, lang)
    term_modules = _term_modules(project, site.modules)
    points = timeline_points(project, site.words)
    site.render("home", "index.md")
    site.render("audiences", "audiences/index.md")
    for audience in AUDIENCES:
        site.render("audience", f"audiences/{audience}.md", audience=audience,
                    ordered=reading_order(site.modules, audience))
    site.render("modules", "modules/index.md")
    for track in site.tracks:
        site.render("track", track_doc(track.id.value), track=track,
                    track_modules=project.modules_in(track.id.value))
    for module in site.modules:
        site.module_page(module)
    site.glossary_page(term_modules)
    site.timeline_page(points)
    available = [(name, site.words.megabytes(pdfs[f"{name}.pdf"]))
                 for name in PDF_NAMES if pdfs and f"{name}.pdf" in pdfs]
    site.render("downloads", "downloads/index.md", pdfs=available)
    return site.pages
