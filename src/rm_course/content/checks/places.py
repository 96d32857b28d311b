"""Checks of where the programme runs: its timezone and its country's public holidays must exist.

Without them the plans build fails late, deep in scheduling; here they are reported on their line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from functools import cache

from ...errors import Diagnostic
from ..project import Project


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _countries() -> frozenset[str]:
    import holidays  # a quarter of a second to import: only when a programme is checked

    return frozenset(holidays.list_supported_countries())


def _suggest(value: str, known: frozenset[str]) -> str:
    same_case = {k.lower(): k for k in known}
    close = same_case.get(value.lower()) or next(iter(difflib.get_close_matches(value, sorted(known), 1)), None)
    return f"; did you mean {close!r}?" if close else ""


def timezone_problem(name: str) -> str | None:
    """Why `name` is not an IANA timezone this machine knows (None when it is)."""
    if name in _timezones():
        try:
            zoneinfo.ZoneInfo(name)
            return None
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            pass
    return (f"unknown timezone {name!r}; use an IANA name such as Europe/Paris or America/Montreal"
            + _suggest(name, _timezones()))


def country_problem(code: str) -> str | None:
    """Why `code` names no public-holiday calendar (None when it does)."""
    if code in _countries():
        return None
    return (f"no public-holiday calendar for the country {code!r}; use an ISO 3166 code such as FR, BE or CA"
            + _suggest(code, _countries()))


def timezone_and_country(project: Project, now: dt.date) -> list[Diagnostic]:
    """The programme's timezone and country exist (sessions are scheduled in them)."""
    doc = project.docs["programme"]
    prog = project.programme
    diags = []
    if problem := timezone_problem(prog.timezone):
        diags.append(doc.diag(("timezone",), problem))
    if problem := country_problem(prog.country):
        diags.append(doc.diag(("country",), problem))
    return diags
