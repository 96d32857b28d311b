"""The cohort calendar figure: sessions per week, stacked by kind, with the group events marked."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import escape

KIND_STYLE = {  # colour and greyscale-safe pattern weight: readable printed in black and white
    "kickoff": ("#1d3557", "Lancement", "Kick-off"),
    "topic": ("#6c8ebf", "Séance thématique", "Topic session"),
    "midpoint": ("#b5381f", "Bilan intermédiaire", "Mid-point review"),
    "closing": ("#2a9d8f", "Clôture", "Closing"),
}


WIDTH, LEFT, TOP, PLOT_H = 680, 34, 46, 170  # the figure, its left margin, the plot's top and height


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def cohort_calendar_svg(pairs, events, lang: str) -> str:
    """An inline SVG (safe to embed: every text is escaped)."""
    days = [s.date for p in pairs for s in p.slots] + [e.start.date() for e in events]
    if not days:
        return ""
    first, last = _monday(min(days)), _monday(max(days))
    weeks = (last - first).days // 7 + 1
    counts: dict[int, Counter] = {}
    for p in pairs:
        for s in p.slots:
            counts.setdefault((_monday(s.date) - first).days // 7, Counter())[s.kind] += 1
    peak = max((sum(c.values()) for c in counts.values()), default=1)
    width, left, top, plot_h = WIDTH, LEFT, TOP, PLOT_H
    bar = (width - left - 10) / weeks
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {top + plot_h + 70}" '
           f'role="img" aria-label="{escape("Séances par semaine" if lang == "fr" else "Sessions per week")}" '
           'font-family="Source Sans 3, sans-serif" font-size="10">']
    # legend
    x = left
    for kind, (colour, fr, en) in KIND_STYLE.items():
        out.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14}" y="17">{escape(fr if lang == "fr" else en)}</text>')
        x += 130
    out.append(f'<path d="M{x + 5} 8 l5 9 h-10 z" fill="#1b1b1b"/>'
               f'<text x="{x + 14}" y="17">{escape("événement collectif" if lang == "fr" else "group event")}</text>')
    # axis and grid
    for v in range(0, peak + 1, max(1, peak // 4)):
        y = top + plot_h - plot_h * v / peak
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d4da" stroke-width="0.5"/>'
                   f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{v}</text>')
    for w in range(weeks):
        stack = top + plot_h
        for kind in KIND_STYLE:
            n = counts.get(w, Counter())[kind]
            if n:
                h = plot_h * n / peak
                stack -= h
                out.append(f'<rect x="{left + w * bar + 1:.1f}" y="{stack:.1f}" width="{max(bar - 2, 1):.1f}" '
                           f'height="{h:.1f}" fill="{KIND_STYLE[kind][0]}" stroke="#ffffff" stroke-width="0.5"/>')
        monday = first + dt.timedelta(weeks=w)
        if w % max(1, weeks // 12) == 0:
            out.append(f'<text x="{left + w * bar + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
                       f'{monday.day:02d}/{monday.month:02d}</text>')
    marks, lines = _event_marks(events, first, bar, lang)
    out += marks
    height = top + plot_h + 52 + 11 * max(lines, 1)
    out[0] = out[0].replace(f'viewBox="0 0 {width} {top + plot_h + 70}"', f'viewBox="0 0 {width} {height}"')
    out.append("</svg>")
    return "".join(out)


def _event_marks(events, first: dt.date, bar: float, lang: str) -> tuple[list[str], int]:
    """A drawn triangle under each group event's week and its title; returns them and the lines used."""
    width, left, top, plot_h = WIDTH, LEFT, TOP, PLOT_H
    out: list[str] = []
    rows: list[float] = []  # right edge of the last event label on each line
    for e in events:
        w = (_monday(e.start.date()) - first).days // 7
        cx = left + w * bar + bar / 2
        # A drawn triangle: the print fonts have no geometric shapes.
        y = top + plot_h + 22
        title = e.title.get(lang, "")
        half = len(title) * 2.3  # about 4.6 units per character at font-size 8
        lx = min(max(cx, half), width - half)  # never cut at the figure's edges
        # Labels of events a week or two apart would overlap: put each on the first free line.
        row = next((i for i, edge in enumerate(rows) if lx - half > edge + 6), len(rows))
        if row == len(rows):
            rows.append(0)
        rows[row] = lx + half
        out.append(f'<path d="M{cx:.1f} {y} l5 9 h-10 z" fill="#1b1b1b"/>'
                   f'<text x="{lx:.1f}" y="{top + plot_h + 44 + 11 * row}" text-anchor="middle" font-size="8">'
                   f'{escape(title)}</text>')
    return out, len(rows)
