"""Typography for the site and print: quotes, apostrophes and French spacing, on the text of HTML.

Straight quotes become typographic ones in every language (“ ” ‘ ’ in English, « » ’ in French,
`render/quotes.py`). French puts a narrow no-break space (U+202F) before `; : ! ?` and inside « guillemets ».
Authors type an ordinary space (or none) and the renderer sets the right one, so a line
never starts with a colon or a closing guillemet. The rules touch text only: never a tag,
an attribute, a URL written in text, or code; and only where the element's language
(the nearest `lang` attribute) is French, so English quoted inside French stays English.
"""

from __future__ import annotations

import html as htmllib
import re

from .quotes import curl

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"

# Elements whose text is literal: typography would change what the reader must type.
LITERAL = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "var", "tt"})
# Elements with no end tag: they never open a scope.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# Elements that flow within a line: a quotation may open before one and close after it.
INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
     "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
)
RAW_TEXT = ("script", "style")

_SPACES = f" \t\n{NBSP}{NNBSP}\u2009"
# A tag (quoted attribute values may hold ">"), a comment, a doctype or a CDATA section.
_TOKEN = re.compile(r"(?i:<(script|style)\b[^>]*>.*?</\1\s*>)|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_LANG_ATTR = re.compile(r"\slang\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)

# Whitespace (or nothing after a letter, for ! and ?) before high punctuation.
_BEFORE_HIGH = re.compile(rf"[{_SPACES}]+([;:!?])|(?<=[^\W\d_])([!?])")
_AFTER_OPEN = re.compile(rf"«[{_SPACES}]*")
_BEFORE_CLOSE = re.compile(rf"[{_SPACES}]*»")
# Text that looks like an address is left alone (e.g. "voir https://exemple.fr").
_URLISH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.I)
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def _outside_urls(text: str, rule) -> str:
    """Apply `rule` to the text between addresses, never to an address itself."""
    out = []
    last = 0
    for m in _URLISH.finditer(text):
        out.append(rule(text[last : m.start()], text[last - 1] if last else ""))
        out.append(m.group(0))
        last = m.end()
    out.append(rule(text[last:], text[last - 1] if last else ""))
    return "".join(out)


def french_spacing(text: str) -> str:
    """Apply the French spacing rules to plain text (not HTML)."""
    return _outside_urls(text, lambda run, _: _french_run(run))


def apostrophes(text: str) -> str:
    """A straight quote between two letters is an apostrophe: l'outil → l’outil, don't → don’t."""
    return _outside_urls(text, lambda run, _: _APOSTROPHE.sub("’", run))


def quotes(text: str, lang: str | None, before: str = " ") -> str:
    """Straight quotes made typographic, addresses left alone; `before` precedes the text."""
    return _outside_urls(text, lambda run, prev: curl(run, lang, prev or before))


def _french_run(text: str) -> str:
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    text = _BEFORE_CLOSE.sub(NNBSP + "»", text)

    def high(m: re.Match) -> str:
        mark = m.group(1) or m.group(2)
        return NNBSP + mark

    # "?!" or "!!": only the first mark gets the space (the second is preceded by a mark).
    return _BEFORE_HIGH.sub(high, text)


def _is_french(lang: str | None) -> bool:
    return bool(lang) and lang.lower().split("-")[0] == "fr"


def _attr_lang(tag: str) -> str | None:
    m = _LANG_ATTR.search(tag)
    if not m:
        return None
    return next(g for g in m.groups() if g is not None)


def typeset(html: str, lang: str | None = None) -> str:
    """Apply language-specific typography to the text nodes of an HTML document or fragment.

    `lang` is the language of the context the fragment lands in; `lang` attributes inside
    the HTML override it for their element. Markup, attributes and literal elements
    (code, pre, kbd…) are copied unchanged.
    """
    out: list[str] = []
    # Stack of (tag name, language, literal) for the open elements.
    stack: list[tuple[str, str | None, bool]] = [("#root", lang, False)]
    pos = 0
    before = " "  # the last character of text read: whether a quote opens or closes
    for m in _TOKEN.finditer(html):
        if m.start() > pos:
            text, before = _text(html[pos : m.start()], stack[-1], before)
            out.append(text)
        token = m.group(0)
        out.append(token)
        pos = m.end()
        name_match = _TAG_NAME.match(token)
        if not name_match or m.group(1):
            continue  # comment, doctype, processing instruction, a whole script or style
        name = name_match.group(1).lower()
        if name not in INLINE:
            before = " "  # a new block or line: a quote after it opens
        if token.startswith("</"):
            # Close up to the matching element; a stray end tag closes nothing.
            for i in range(len(stack) - 1, 0, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
            continue
        if name in VOID or token.endswith("/>"):
            continue
        parent = stack[-1]
        stack.append((name, _attr_lang(token) or parent[1], parent[2] or name in LITERAL))
    if pos < len(html):
        out.append(_text(html[pos:], stack[-1], before)[0])
    return "".join(out)


def _text(raw: str, scope: tuple[str, str | None, bool], before: str) -> tuple[str, str]:
    """The text node typeset, and the last character the reader sees in it (or `before`)."""
    _, lang, literal = scope
    last = raw[-1] if raw else before
    if literal or not raw.strip():
        return raw, last
    if not _is_french(lang) and not any(q in raw for q in ("'", '"', "&#39;", "&#34;", "&quot;", "&#x27;")):
        return raw, last
    # Work on the characters the reader sees (entities decoded), then escape again.
    plain = htmllib.unescape(raw)
    done = quotes(apostrophes(plain), lang, before)
    if _is_french(lang):
        done = french_spacing(done)
    if done == plain:
        return raw, last
    return done.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), last

