"""Jinja environments: project templates first, built-in ones last, strict everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..resources import builtin_templates, overlay
from ..content.corepath import core_minutes
from . import dialect
from .reading import module_reading_minutes

BUILTIN_PREFIX = "builtin"


def md_escape(value: object) -> str:
    """Make data literal in Markdown *and* HTML: no link, no tag, no attribute list, one line."""
    text = " ".join(str(value).split())  # a newline would start a new Markdown block
    text = str(escape(text))  # < > & " ' become entities; Markdown leaves entities alone
    # Backslash-escape Markdown punctuation so `[x](javascript:...)` or `{: onclick=...}` stay text.
    return re.sub(r"([\\`*_{}\[\]()#+!|~^])", r"\\\1", text)


def search_path(project_root: Path | None) -> list[Path]:
    """Folders searched for a template name, in order (project first, built-in last)."""
    return overlay("templates", project_root)


def make_env(project_root: Path | None, lang: str = "en") -> jinja2.Environment:
    """An environment where `x.html` looks in the project then the built-ins, and
    `builtin/x.html` always names the built-in one (so an override can extend it)."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({BUILTIN_PREFIX: jinja2.FileSystemLoader(str(builtin_templates()))}),
            jinja2.FileSystemLoader([str(p) for p in search_path(project_root)]),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "svg"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["lang"] = lang

    def t(text, language: str | None = None):
        """Pick the text in the current language."""
        if text is None:
            return ""
        if isinstance(text, dict):
            return text.get(language or lang) or next(iter(text.values()))
        return text

    env.filters["t"] = t
    env.filters["md_escape"] = md_escape
    env.filters["markdown"] = lambda text: Markup(dialect.to_html(text))
    # One reading-time helper for the site and the books: a module's sections, read alone.
    env.filters["reading_minutes"] = lambda module: module_reading_minutes(module, lang)
    env.filters["core_minutes"] = core_minutes
    return env
