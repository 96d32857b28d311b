"""The site's "page not found" pages: one at the root and one per language, each self-contained.

A server answers a missing address at any depth with the same file, so the page cannot link its
styles or logo by a relative address, and an absolute one breaks under a sub-path (a company
intranet): everything it shows is inside it.
"""

from __future__ import annotations

import base64

from ...content.project import Project
from ...render.templating import make_env
from ...render.typography import typeset
from ...resources import builtin_templates, find_file
from .config import favicon, link_colour
from .csp import page_policy, with_policy
from .pages import SITE_TEMPLATE_DIR, labels_for

TEMPLATE = f"{SITE_TEMPLATE_DIR}/404.html"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def _logo_url(project: Project) -> str:
    """The programme's logo as a data: URL, or the brand mark when there is none."""
    branding = project.programme.branding
    # The site build has checked the logo already (files.site_files): a missing one failed there.
    path = find_file("assets", branding.logo, project.root) if branding.logo else None
    if path is None:
        data, media = favicon(branding.primary, branding.primary_text).encode(), "image/svg+xml"
    else:
        data, media = path.read_bytes(), MEDIA_TYPES.get(path.suffix.lower(), "image/png")
    return f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"


def not_found_page(project: Project, lang: str, *, every_language: bool = False) -> str:
    """The page in one language (or every one, `lang` first); links point at the site's address
    when the programme gives one."""
    prog = project.programme
    env = make_env(project.root, lang)
    languages = [
        {"lang": other, "name": labels_for(make_env(project.root, other), other)["language_name"],
         "title": prog.name[other]}
        for other in project.languages
    ]
    base = "/"
    if prog.site_url:
        base = prog.site_url.rstrip("/") + "/"
    shown = [lang] + [other for other in project.languages if other != lang] if every_language else [lang]
    sections = [{"lang": other, "L": labels_for(make_env(project.root, other), other)} for other in shown]
    html = env.get_template(TEMPLATE).render(
        lang=lang, languages=languages, programme=prog, branding=prog.branding, sections=sections,
        link_colour=link_colour(prog.branding.primary, prog.branding.accent), logo=_logo_url(project), base=base,
    )
    html = typeset(html, lang)  # each section's own lang attribute sets its typography
    return with_policy(html, page_policy(builtin_templates() / TEMPLATE), "404.html")


def not_found_pages(project: Project) -> dict[str, str]:
    """{path in the site: page}: `404.html` in the default language, `<lang>/404.html` in each."""
    pages = {"404.html": not_found_page(project, project.programme.default_language, every_language=True)}
    for lang in project.languages:
        pages[f"{lang}/404.html"] = not_found_page(project, lang)
    return pages
