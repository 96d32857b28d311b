"""The one Markdown dialect shared by the site and the PDFs.

`pymdownx.snippets` is deliberately absent: it reads local files named in the text. `attr_list`
and `md_in_html` are absent too, so text cannot attach attributes such as `onclick` to elements.
"""

from __future__ import annotations

import markdown

EXTENSIONS: list[str] = [
    "abbr",
    "admonition",
    "def_list",
    "footnotes",
    "sane_lists",
    "tables",
    "toc",
    "pymdownx.betterem",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
    "pymdownx.tilde",
]

EXTENSION_CONFIGS: dict[str, dict] = {
    "pymdownx.tasklist": {"custom_checkbox": True},
    "toc": {"permalink": False},
}


def mkdocs_extensions() -> list:
    """The dialect in the shape `mkdocs.yml` expects."""
    return [{name: EXTENSION_CONFIGS[name]} if name in EXTENSION_CONFIGS else name for name in EXTENSIONS]


def to_html(text: str) -> str:
    """Render Markdown with the dialect (a fresh converter: footnote state must not leak)."""
    return markdown.markdown(text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
