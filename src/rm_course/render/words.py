"""Words of a page in one language: durations, dates, sizes, plurals, and alphabetical order."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (é sorts with e)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Words:
    """Formatting helpers in one language: durations, dates, plurals, sort keys."""

    lang: str
    labels: dict[str, Any]

    def duration(self, minutes: int) -> str:
        hours, rest = divmod(int(minutes), 60)
        if not hours:
            return self.labels["minutes_only"].format(m=rest)
        if not rest:
            return self.labels["hours_only"].format(h=hours)
        return self.labels["hours_minutes"].format(h=hours, m=rest)

    def date(self, value: dt.date | str) -> str:
        """A date in words; a partial date (`2003` or `2003-05`) stays as precise as it is."""
        from babel.dates import format_date

        locale = self.labels["locale"]
        if isinstance(value, dt.date):
            return format_date(value, "long", locale=locale)
        parts = value.split("-")
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), "long", locale=locale)
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "LLLL y", locale=locale)
        return parts[0]

    def day(self, value: str) -> str:
        """The part of a date below the year (`5 May`, `May`), for the timeline figure."""
        from babel.dates import format_date

        parts = value.split("-")
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), "d MMMM", locale=self.labels["locale"])
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "LLLL", locale=self.labels["locale"])
        return ""

    def megabytes(self, size: int) -> str:
        from babel.numbers import format_decimal

        return format_decimal(max(size / 1_000_000, 0.1), "0.0", locale=self.labels["locale"])

    def plural(self, key: str, n: int, **kwargs: Any) -> str:
        forms = self.labels[key]
        return forms["one" if n == 1 else "other"].format(n=n, **kwargs)
