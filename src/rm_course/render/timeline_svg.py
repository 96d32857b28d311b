"""The timeline figure: a vertical SVG drawn at build time, narrow enough to read on a phone."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 400  # user units; the figure scales to the column, about 1:1 on a phone
LEFT = 118  # x of the axis: dates sit to its left, titles to its right
TITLE_SIZE = 15
DATE_SIZE = 14
LINE_HEIGHT = 19
GAP = 16
CHARS_PER_LINE = 30  # Source Sans at 15 units averages about 8.4 units per character


@dataclass(frozen=True)
class Point:
    """One event on the figure: its label in the page language, already formatted."""

    day: str  # the date below the year ("5 May", "May"), empty for a year alone
    year: str
    title: str
    category: str


def _wrap(text: str, chars: int = CHARS_PER_LINE) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), chars, break_long_words=True) or [""]


def _legend(categories: dict[str, tuple[str, str]], width: int = WIDTH) -> tuple[list[str], int]:
    """Dots and names of the categories, in rows across the width; returns the rows and their height."""
    rows: list[str] = []
    x, y = 8.0, 18
    for css, name in categories.values():
        item = 22 + len(name) * 7.2 + 14
        if x + item > width and x > 8:
            x, y = 8.0, y + 22
        rows.append(f'<g class="rm-tl-{css}"><circle class="rm-tl-dot" cx="{x + 6:.0f}" cy="{y - 4}" r="5"/>'
                    f'<text class="rm-tl-legend" x="{x + 16:.0f}" y="{y}" font-size="13">{escape(name)}</text></g>')
        x += item
    return rows, y + 14


def render(points: list[Point], *, label: str, categories: dict[str, tuple[str, str]], width: int = WIDTH) -> str:
    """The SVG text. Colours come from CSS classes, so the brand stylesheet themes it.

    `categories` maps a category to its CSS class and its name in the page language (the legend);
    `label` is the accessible name of the figure; the list under it carries the same facts.
    `width` in user units: the default reads about 1:1 on a phone, a wider one suits a desktop column.
    """
    chars = CHARS_PER_LINE + int((width - WIDTH) / 8.4)
    rows, top = _legend(categories, width) if len(categories) > 1 else ([], 0)
    y = top + GAP + 4
    previous_year = None
    for point in points:
        lines = _wrap(point.title, chars)
        cat = categories[point.category][0] if point.category in categories else "other"
        show_year = point.year != previous_year
        previous_year = point.year
        rows.append(f'<g class="rm-tl-event rm-tl-{cat}">')
        rows.append(f'<circle class="rm-tl-dot" cx="{LEFT}" cy="{y + 6}" r="6"/>')
        if show_year:
            rows.append(
                f'<text class="rm-tl-year" x="{LEFT - 16}" y="{y + 11}" text-anchor="end" '
                f'font-size="{DATE_SIZE + 2}">{escape(point.year)}</text>'
            )
        if point.day:
            rows.append(
                f'<text class="rm-tl-date" x="{LEFT - 16}" y="{y + 11 + (LINE_HEIGHT if show_year else 0)}" '
                f'text-anchor="end" font-size="{DATE_SIZE - 1}">{escape(point.day)}</text>'
            )
        for n, line in enumerate(lines):
            rows.append(
                f'<text class="rm-tl-title" x="{LEFT + 18}" y="{y + 11 + n * LINE_HEIGHT}" '
                f'font-size="{TITLE_SIZE}">{escape(line)}</text>'
            )
        rows.append("</g>")
        used = max(len(lines), 2 if (show_year and point.day) else 1)
        y += used * LINE_HEIGHT + GAP
    height = y + 4
    axis = f'<line class="rm-tl-axis" x1="{LEFT}" y1="{top + 8}" x2="{LEFT}" y2="{height - 8}"/>'
    body = "\n".join(rows)
    return (
        f'<svg class="rm-timeline-svg rm-timeline-svg--{"narrow" if width <= WIDTH else "wide"}" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}">\n'
        f"{axis}\n{body}\n</svg>"
    )
