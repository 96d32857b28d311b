"""Typographic quotes for plain text: straight " and ' become “ ” ‘ ’ in English, « » and ’ in French.

A quote opens when what comes before it is a space, an opening bracket, a dash or the start of a
block, and closes otherwise; `before` carries the last character of the preceding text (inline
markup such as `<em>` splits a quotation across text nodes). Nothing here knows about HTML.
"""

from __future__ import annotations

import re

# After these a quote opens; after anything else (a letter, a digit, punctuation) it closes.
_OPENERS = " \t\n\u00a0\u202f\u2009([{\u2014\u2013-/«“‘"
# An abbreviated year or a dropped letter: ’90s, ’til (an apostrophe, not an opening quote).
_ELISION = re.compile(r"'(?=\d\d(?:s|\b))")

# Double quotes per language; a single quote is ‘ ’ everywhere (in French mostly an apostrophe).
DOUBLE = {"fr": ("«\u202f", "\u202f»"), "en": ("“", "”")}


def _double(lang: str | None) -> tuple[str, str]:
    return DOUBLE["fr"] if lang and lang.lower().split("-")[0] == "fr" else DOUBLE["en"]


def curl(text: str, lang: str | None, before: str = " ") -> str:
    """Replace the straight quotes of `text`; `before` is the character that precedes it."""
    if '"' not in text and "'" not in text:
        return text
    open_double, close_double = _double(lang)
    text = _ELISION.sub("’", text)
    out: list[str] = []
    prev = before or " "
    for i, char in enumerate(text):
        if char not in "\"'":
            out.append(char)
            prev = char
            continue
        # At the end of a text node the next character is unknown (markup follows): judge by `prev`.
        nxt = text[i + 1] if i + 1 < len(text) else "x"
        opening = prev in _OPENERS and not nxt.isspace()
        if char == "'":
            out.append("‘" if opening else "’")  # after a letter or a digit: an apostrophe
        else:
            out.append(open_double if opening else close_double)
        prev = char
    return "".join(out)

