"""overview.csv: every session of every pair, one row each, in the programme's language.

A spreadsheet user reads the headers and values in the programme's language (`Binôme`,
`Séance de lancement`, `déplacée : jour férié`); a script asks for the stable machine keys
(`--csv-keys`: `pair`, `kickoff`, `moved: weekend`), which do not change with the language or
a reworded label.
"""

from __future__ import annotations

import csv
import io

from babel.dates import format_date

from ..content.project import Project
from ..planning.pairs import PairPlan
from ..render.clock import clock, of_day

KEYS = ("pair", "mentor", "mentee", "mentee_department", "language", "session", "type", "date", "start", "end",
        "minutes", "topic", "status")


def safe_csv(value) -> str:
    """A cell a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _why_moved(why: str, words: dict) -> str:
    if why == "weekend":
        return words["why_weekend"]
    if why.startswith("public holiday (") and why.endswith(")"):
        return words["why_holiday_named"].format(name=why[16:-1])
    if why == "the pair is unavailable":
        return words["why_unavailable"]
    return why


def _unfit(p: PairPlan, words: dict, lang: str) -> str:
    """Why a pair could not be scheduled, in the language (as the overview PDF says it)."""
    d = p.problem_detail or {}
    if d.get("reason") not in words["unfit"]:
        return p.problem or ""
    day = lambda key: format_date(d[key], format="long", locale=lang) if d.get(key) else ""  # noqa: E731
    return words["unfit"][d["reason"]].format(session=d.get("session"), sessions=d.get("sessions"),
                                              months=d.get("months"), date=day("date"), limit=day("limit"),
                                              planned=day("planned"))


def _topic(sess, lang: str) -> str:
    # A kick-off, mid-point or closing session has no module: its purpose says what it is about.
    return (sess.module.title if sess.module else sess.session_type.purpose).get(lang, "")


def _rows(pairs: list[PairPlan], project: Project, lang: str, words: dict, keys: bool):
    colon = "\u00a0: " if lang == "fr" else ": "
    for p in pairs:
        who = (p.pair.id, p.pair.mentor.name, p.pair.mentee.name, p.pair.mentee.department, p.pair.language)
        if not p.scheduled:
            status = "not scheduled: " + (p.problem or "") if keys else words["csv_unscheduled"] + colon + _unfit(
                p, words, lang)
            yield (*who, "", "", "", "", "", "", "", status)
            continue
        for slot, sess in zip(p.slots, p.sessions):
            start = of_day(slot.start)
            if keys:
                status = "moved: " + slot.moved_because if slot.moved_because else "planned"
            else:
                status = (words["csv_moved"] + colon + _why_moved(slot.moved_because, words)
                          if slot.moved_because else words["csv_planned"])
            yield (*who, slot.number, slot.kind if keys else sess.session_type.title.get(lang, slot.kind),
                   slot.date.isoformat(), clock(start, "en"), clock(start + slot.minutes, "en"), slot.minutes,
                   _topic(sess, lang), status)


def overview_csv(pairs: list[PairPlan], project: Project, lang: str, words: dict, keys: bool = False) -> bytes:
    """The table (`;`-separated in French, as French spreadsheets expect): headers in `lang`
    (`words`: its plan labels), or the stable `KEYS` with coded values when `keys`."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    w.writerow(KEYS if keys else [words["csv_headers"][k] for k in KEYS])
    for row in _rows(pairs, project, lang, words, keys):
        w.writerow([safe_csv(x) for x in row])
    # UTF-8 with BOM so Excel opens accents correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
