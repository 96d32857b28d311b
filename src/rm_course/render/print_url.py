"""A web address written for paper: decoded, without "https://", breakable after its slashes."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

# A line may end after a slash or before ? & # = (where a reader expects the address to go on);
# nowhere else, except as a last resort in a very long segment (print.css: overflow-wrap).
_BREAK = re.compile(r"(?<=/)(?=[^/])|(?=[?&#=])")


def _decoded(part: str) -> str:
    """%C3%A9 → é, unless decoding would show a space, a control character or a broken byte."""
    try:
        text = unquote(part, errors="strict") if "%" in part else part
    except UnicodeDecodeError:
        return part
    return part if any(c.isspace() or ord(c) < 32 or c == "\ufffd" for c in text) else text


def print_url(url: str) -> Markup:
    """The address as printed (the link keeps the exact address): `learn.microsoft.com/<wbr>fr-fr/<wbr>…`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return Markup(escape(url))
    shown = url.split("://", 1)[1] if parts.scheme == "https" and "://" in url else url
    shown = shown.rstrip("/") if parts.path in ("", "/") and not parts.query else shown
    scheme, sep, rest = _decoded(shown).rpartition("://")
    return Markup(escape(scheme + sep)) + Markup("<wbr>").join(escape(p) for p in _BREAK.split(rest))
