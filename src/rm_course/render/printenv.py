"""The print environment: templates, labels, Markdown arranged for paper, and the brand's colours.

Shared by every printed document (books and private documents alike): `print_env` makes the
template environment of one language, `render_document` renders one document's HTML with a fresh
Markdown converter and French typography, `page_context` gives the data every page shows.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..content.project import Project
from ..errors import BuildError, template_error
from . import dialect
from .print_url import print_url
from .templating import make_env
from .typography import typeset
from .words import duration, site_labels


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


# ---------------------------------------------------------------------------- environment


def tint(colour: str, white: float) -> str:
    """Mix a #rrggbb colour with white (white=0.9 keeps 10% of the colour)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * white) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


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
        raise template_error(exc) from None
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

    fresh_markdown(env, L)
    env.filters["tool_name"] = lambda tool_id: tools.get(tool_id, tool_id)
    env.filters["module_title"] = lambda mid: t(project.modules[mid].title) if mid in project.modules else mid
    env.filters["glossary_term"] = lambda tid: terms[tid]
    env.filters["print_url"] = print_url
    env.filters["date"] = long_date
    env.filters["event_date"] = event_date
    env.filters["duration"] = _duration_filter(env, lang)
    env.globals["L"] = L
    return env


def _duration_filter(env: jinja2.Environment, lang: str):
    """`{{ minutes|duration }}`: minutes in the site's words (`1 h 30`), the same helper as the
    site's pages; the words are read the first time a template asks."""
    words: dict[str, Any] = {}

    def in_words(minutes: int) -> str:
        if not words:
            words.update(site_labels(env, lang))
        return duration(minutes, words)

    return in_words


def fresh_markdown(env: jinja2.Environment, L: dict) -> None:
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
            "primary_tint": tint(b.primary, 0.9),
            "accent_tint": tint(b.accent, 0.9),
        },
        "logo": logo,
    }


def render_document(env: jinja2.Environment, template: str, lang: str, context: dict[str, Any]) -> str:
    """One printed document's HTML, French typography applied; a template error names the template.

    A fresh Markdown converter per document: its ids restart, so one document's content never
    changes another's HTML (and cache key).
    """
    fresh_markdown(env, env.globals["L"])
    try:
        html = env.get_template(template).render(context)
    except jinja2.TemplateError as exc:
        raise template_error(exc) from None
    return typeset(html, lang)
