"""Addresses on the training site: where each page lives, and links between pages."""

from __future__ import annotations

import posixpath
import re

from ...content.models import Module
from ...errors import BuildError


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
