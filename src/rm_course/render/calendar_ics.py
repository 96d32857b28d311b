"""RFC 5545 calendars: stable UIDs that reveal no one, DTSTAMP in UTC, a VTIMEZONE per TZID."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass


@dataclass
class CalendarEvent:
    key: str  # stable, person-free identity, e.g. "cohort-id/pair-id/3"
    start: dt.datetime  # timezone-aware
    minutes: int
    summary: str
    description: str = ""
    location: str | None = None
    url: str | None = None


def stamp() -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else today at midnight UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    today = dt.datetime.now(dt.timezone.utc).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)


def uid(key: str) -> str:
    """A UID derived from ids only (a hash), so it is stable and names nobody."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@rm-course"


def to_ics(events: list[CalendarEvent], *, name: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//rm-course//reverse mentoring plans//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    when = stamp()
    for ev in events:
        e = Event()
        e.add("uid", uid(ev.key))
        e.add("dtstamp", when)
        e.add("dtstart", ev.start)
        e.add("dtend", ev.start + dt.timedelta(minutes=ev.minutes))
        e.add("summary", ev.summary)
        if ev.description:
            e.add("description", ev.description)
        if ev.location:
            e.add("location", ev.location)
        if ev.url:
            e.add("url", ev.url)
        cal.add_component(e)
    if events:
        first = min(e.start for e in events).date()
        last = max(e.start for e in events).date()
        cal.add_missing_timezones(first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366))
    return cal.to_ical()
