"""Words of a page in one language: durations, dates, sizes, plurals, and alphabetical order."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import BuildError, template_path

SITE_LABELS = "site/labels.yml"  # the words of the site, durations among them


def site_labels(env, lang: str) -> dict[str, Any]:
    """The site's words in one language (`templates/site/labels.yml`, the project's or the built-in)."""
    source, filename, _ = env.loader.get_source(env, SITE_LABELS)
    try:
        data = yaml.safe_load(source) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{template_path(filename or SITE_LABELS)}:{mark.line + 1}:{mark.column + 1}" if mark else SITE_LABELS
        raise BuildError(f"{where}: invalid YAML: {exc.problem or exc.context}; fix the file "
                         "(no output was changed)") from None
    if lang not in data:
        raise BuildError(f"templates/{SITE_LABELS} has no words for language {lang!r}")
    return data[lang]


def duration(minutes: int, labels: Mapping[str, Any]) -> str:
    """Minutes as a reader says them: `45 min`, `2 h`, `1 h 30`, in the words of `labels`
    (`minutes_only`, `hours_only`, `hours_minutes`: templates/site/labels.yml)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return labels["minutes_only"].format(m=rest)
    if not rest:
        return labels["hours_only"].format(h=hours)
    return labels["hours_minutes"].format(h=hours, m=rest)


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
        return duration(minutes, self.labels)

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
