"""Session dates for a pair: a fixed cadence on the preferred weekday, moved around holidays.

Session k is planned k × cadence weeks after the first; one that falls on a weekend, a public
holiday or a date the pair cannot make moves to the next possible working day of that week,
else of the following week, and later sessions keep the original cadence. Times are local to
the programme's timezone, so 14:00 stays 14:00 across a daylight-saving change; a time that does
not exist on its day (the spring gap) starts an hour later, and the slot says so (`gap_asked`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from ..errors import ScheduleError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Slot:
    """One scheduled session."""

    number: int  # 1-based
    kind: str  # kickoff, topic, midpoint, closing
    planned: dt.date
    date: dt.date
    start: dt.datetime  # timezone-aware
    minutes: int
    moved_because: str | None = None
    # The local time asked for when it fell in the spring daylight-saving gap (it does not exist
    # that day), so the plan can say why the session starts an hour later than the others.
    gap_asked: dt.time | None = None

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.minutes)


def session_kinds(n: int) -> list[str]:
    """Kick-off first, closing last, a mid-point review in the middle, topics elsewhere."""
    kinds = ["topic"] * n
    kinds[0], kinds[-1] = "kickoff", "closing"
    kinds[(n - 1) // 2 if n % 2 else n // 2] = "midpoint"
    return kinds


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@cache
def holiday_calendar(country: str, years: range):
    """Public holidays of the programme's country (the `holidays` library keeps them current)."""
    import holidays

    try:
        return holidays.country_holidays(country, years=list(years))
    except NotImplementedError:
        raise ScheduleError(f"no public-holiday calendar for country {country!r}; use an ISO code such as FR") from None


def _blocked(day: dt.date, off, unavailable: set[dt.date]) -> str | None:
    if day.weekday() >= 5:
        return "weekend"
    if day in off:
        return f"public holiday ({off.get(day)})"
    if day in unavailable:
        return "the pair is unavailable"
    return None


def _candidates(planned: dt.date):
    """The planned day, the rest of its working week, then the next working week."""
    yield planned
    monday = planned - dt.timedelta(days=planned.weekday())
    for i in range(planned.weekday() + 1, 5):
        yield monday + dt.timedelta(days=i)
    for i in range(5):
        yield monday + dt.timedelta(days=7 + i)


def next_working_day(day: dt.date, off) -> dt.date:
    """`day`, or the next working day of its week or the following one (else `day` itself)."""
    for d in _candidates(day):
        if _blocked(d, off, set()) is None:
            return d
    return day


def schedule(
    *,
    pair_id: str,
    start: dt.date,
    weekday: str,
    at: dt.time,
    cadence_weeks: int,
    sessions: int,
    minutes: int,
    max_months: int,
    timezone: str,
    country: str,
    unavailable: list[dt.date] = (),
) -> list[Slot]:
    """Every session of one pair; raise ScheduleError naming the pair when they cannot fit."""
    tz = ZoneInfo(timezone)
    first = start + dt.timedelta(days=(WEEKDAYS.index(weekday) - start.weekday()) % 7)
    limit = add_months(start, max_months)
    off = holiday_calendar(country, range(start.year, limit.year + 2))
    blocked_days = set(unavailable)
    kinds = session_kinds(sessions)
    slots: list[Slot] = []
    previous: dt.date | None = None
    for k in range(sessions):
        planned = first + dt.timedelta(weeks=k * cadence_weeks)
        chosen, reason = None, None
        for day in _candidates(planned):
            why = _blocked(day, off, blocked_days)
            if why is None and (previous is None or day > previous):
                chosen = day
                break
            reason = reason or why
        if chosen is None:
            raise ScheduleError(
                f"pair {pair_id}: session {k + 1} (planned {planned.isoformat()}) finds no free working day in "
                "that week or the next; remove some unavailable dates or change the weekday",
                {"reason": "no-day", "session": k + 1, "planned": planned},
            )
        if chosen > limit:
            raise ScheduleError(
                f"pair {pair_id}: session {k + 1} of {sessions} would fall on {chosen.isoformat()}, after the "
                f"programme's maximum of {max_months} months (last possible day {limit.isoformat()}); "
                "use a shorter cadence or fewer sessions for this pair, or fewer unavailable dates",
                {"reason": "too-late", "session": k + 1, "sessions": sessions, "date": chosen, "limit": limit,
                 "months": max_months},
            )
        local = dt.datetime.combine(chosen, at, tzinfo=tz)
        # A wall-clock time inside the spring-forward gap does not exist: move it to the next valid hour.
        in_gap = local.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None)
        if in_gap:
            local = (local + dt.timedelta(hours=1)).astimezone(dt.timezone.utc).astimezone(tz)
        slots.append(Slot(k + 1, kinds[k], planned, chosen, local, minutes, None if chosen == planned else reason,
                          at if in_gap else None))
        previous = chosen
    return slots
