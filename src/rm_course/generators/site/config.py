"""The generated `mkdocs.yml` of one language: the hand-written base plus the programme's data.

The generated project uses Material and its bundled extensions only (no hooks, no third-party
plugins), so any engine that reads `mkdocs.yml` can build it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from ...content.colour import READABLE, contrast
from ...content.models import AUDIENCES
from ...content.project import Project
from ...render import dialect
from ...resources import overlay
from .addresses import module_doc, track_doc
from .csp import site_policy

SEARCH_SEPARATOR = r"[\s\-'’‘“”«»\u00a0\u202f]+"


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


def _extensions(base: dict[str, Any]) -> list:
    """The project's Markdown dialect, then any further extension the base configuration names."""
    extensions = dialect.mkdocs_extensions()
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    for ext in base.get("markdown_extensions") or []:
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        if name not in names:
            extensions.append(ext)
    return extensions


def _plugins(base: dict[str, Any], lang: str) -> list:
    """The base configuration's plugins (search by default), search set to the page language."""
    plugins = []
    for plugin in base.get("plugins") or ["search"]:
        name = next(iter(plugin)) if isinstance(plugin, dict) else plugin
        options = dict(plugin[name] or {}) if isinstance(plugin, dict) else {}
        if name == "search":
            options["lang"] = lang
            # Pages and index carry typographic quotes and no-break spaces: split words on them too,
            # so a query typed with a straight apostrophe finds "l’outil".
            options.setdefault("separator", SEARCH_SEPARATOR)
        plugins.append({name: options} if options else name)
    return plugins


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
    # Zensical writes only inside the project's folder; rm-course moves the result into dist/ (MkDocs is
    # given its site_dir directly).
    cfg["site_dir"] = "site"
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
    # Read by site/overrides/main.html; the theme and site/ are what the pages trust to run script.
    extra["content_security_policy"] = site_policy((d / "overrides" for d in overlay("site", project.root)),
                                                   prog.site.engine.value)
    cfg["extra"] = extra
    cfg["extra_css"] = list(base.get("extra_css") or []) + ["assets/stylesheets/brand.css"]
    cfg["markdown_extensions"] = _extensions(base)
    cfg["plugins"] = _plugins(base, lang)
    tracks = [t for t in project.tracks.tracks if project.modules_in(t.id.value)]
    cfg["nav"] = _nav(project, lang, labels, tracks)
    return cfg


def link_colour(primary: str, accent: str) -> str:
    """Links use the accent when it is readable on white, else the primary, else a dark grey."""
    for colour in (accent, primary):
        if contrast(colour, "#ffffff") >= READABLE:
            return colour
    return "#1f2933"


def favicon(primary: str, text: str) -> str:
    """A small mark in the brand colours: two overlapping rings, the pair learning both ways."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{primary}"/>'
        f'<circle cx="25" cy="32" r="13" fill="none" stroke="{text}" stroke-width="5"/>'
        f'<circle cx="39" cy="32" r="13" fill="none" stroke="{text}" stroke-width="5" opacity=".75"/>'
        "</svg>\n"
    )
