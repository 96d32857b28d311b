"""Times of day as each language's house style writes them: « 14 h – 15 h 15 », "14:00–15:15"."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_time

NBSP = "\u00a0"

# French house style (Imprimerie nationale) drops zero minutes and keeps the number with its
# "h"; babel has no pattern for "minutes only when not zero", so the pattern is chosen here.
_FR_WHOLE = f"H'{NBSP}h'"
_FR_MINUTES = f"H'{NBSP}h{NBSP}'mm"
_EN = "HH:mm"


def _time(minutes: int) -> dt.time:
    minutes %= 24 * 60
    return dt.time(minutes // 60, minutes % 60)


def clock(minutes: int, lang: str) -> str:
    """A time given in minutes after midnight: « 14 h », « 15 h 15 »; "14:00", "15:15"."""
    t = _time(minutes)
    if lang == "fr":
        return format_time(t, _FR_MINUTES if t.minute else _FR_WHOLE, locale="fr")
    return format_time(t, _EN, locale="en")


def time_range(start: int, end: int, lang: str) -> str:
    """From `start` to `end` (minutes after midnight): « 14 h – 15 h 15 », "14:00–15:15"; a
    French range never breaks before its dash."""
    if lang == "fr":
        return f"{clock(start, lang)}{NBSP}– {clock(end, lang)}"
    return f"{clock(start, lang)}–{clock(end, lang)}"


def of_day(t: dt.time | dt.datetime) -> int:
    """Minutes after midnight of a time or a datetime."""
    return t.hour * 60 + t.minute
