"""A pair session told in plain text for its calendar event: what to prepare, what to bring, the agenda."""

from __future__ import annotations

import re

from ..planning.agenda import SessionPlan
from ..planning.schedule import Slot
from ..render.clock import clock, of_day

# Calendar descriptions are plain text: Markdown emphasis and links are reduced to their words.
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`]+")


def plain(markdown: str) -> str:
    return " ".join(_MARKS.sub("", _LINK.sub(r"\1", markdown)).split())


def _mentee_lines(sess: SessionPlan, P: dict, page: str) -> list[str]:
    lines = {"kickoff": [P["fill_assessment"].format(page=page)], "midpoint": [P["review_goals"]],
             "closing": [P["retake_assessment"].format(page=page)]}.get(sess.kind, [])
    if sess.kind != "kickoff":
        lines.append(P["practice_since"])
    if sess.kind == "topic":
        lines.append(P["bring_devices"])
    return lines


def session_description(sess: SessionPlan, slot: Slot, lang: str, P: dict, pages: dict) -> str:
    """The event text of one session: the mentor's and the mentee's preparation, then the agenda."""
    t = lambda text: text.get(lang) if text else ""  # noqa: E731
    booklet = pages.get("mentee-booklet", {}).get("chapter-self-assessment")
    page = P["page_ref"].format(n=booklet) if booklet else ""
    colon = "\u00a0: " if lang == "fr" else ": "
    prepare = [f"{t(a.title)}{colon}{plain(t(a.prepare))}" for item in sess.items for a, _ in item.activities
               if a.prepare]
    parts = [f"{P['mentor']} · {P['prepare']}"]
    parts += [f"- {line}" for line in [*P["mentor_prep"][sess.kind], *prepare]]
    parts += ["", f"{P['mentee']} · {P['prework']}"]
    parts += [f"- {line}" for line in [*_mentee_lines(sess, P, page), *prepare]]
    parts += ["", P["agenda"]]
    at = of_day(slot.start)
    for item in sess.items:
        parts.append(f"{clock(at, lang)} · {t(item.block.title)} ({item.minutes} min)")
        parts += [f"  · {t(a.title)} ({minutes} min)" for a, minutes in item.activities]
        at += item.minutes
    return "\n".join(parts)
