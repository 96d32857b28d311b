"""Reading time of a module's text, from its word count, in one language (shared by the site and print)."""

from __future__ import annotations

import math
import re

# Words a minute for careful reading of instructional text; French reads a little slower than
# English (longer words on average).
WORDS_PER_MINUTE = {"en": 200, "fr": 180}
_DEFAULT_WPM = 200
# Markdown that is not read: link targets, images, code fences and inline markup characters.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(markdown: str) -> int:
    """Words a reader reads in a Markdown text (link targets and images are not read)."""
    text = _LINK_TARGET.sub("]", _IMAGE.sub("", markdown))
    return len(_WORD.findall(text))


def reading_minutes(texts: list[str], lang: str) -> int:
    """Minutes to read `texts` in `lang`, rounded up (at least 1 when there is anything to read)."""
    words = sum(word_count(t) for t in texts)
    return math.ceil(words / WORDS_PER_MINUTE.get(lang, _DEFAULT_WPM)) if words else 0


def module_reading_minutes(module, lang: str) -> int:
    """Minutes to read a module's teaching sections (titles and bodies) alone, in `lang`."""
    return reading_minutes([t for s in module.sections for t in (s.title[lang], s.body[lang])], lang)
