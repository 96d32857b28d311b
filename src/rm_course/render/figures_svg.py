"""Figures drawn at build time as SVG: the programme's arc, a session's blocks, the pair's cycle, tool structures.

Every figure reads in black and white: shapes carry a label and a pattern, never colour alone.
Colours come from CSS classes (`rm-fig-…`) so the site and print stylesheets theme them; the
text uses the project's fonts by name. Labels arrive in the page's language, already chosen.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

WIDTH = 640
FONT = "'Source Sans 3', sans-serif"
PATTERNS = ("solid", "hatch", "dots", "cross", "plain")
INK = ("#1d3557", "#1f2933")  # (strong fill, ink) when the caller passes no brand colours
_DEFS = (
    '<defs>'
    '<pattern id="rm-fig-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="8" height="8" class="rm-fig-fill-light"/><line x1="0" y1="0" x2="0" y2="8" class="rm-fig-ink" stroke-width="2.5"/></pattern>'
    '<pattern id="rm-fig-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
    '<rect width="7" height="7" class="rm-fig-fill-light"/><circle cx="3.5" cy="3.5" r="1.4" class="rm-fig-dot"/></pattern>'
    '<pattern id="rm-fig-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" class="rm-fig-fill-light"/><path d="M0 4H8M4 0V8" class="rm-fig-ink" stroke-width="1"/></pattern>'
    '<marker id="rm-fig-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
    '<path d="M0 0L10 5L0 10z" class="rm-fig-dot"/></marker>'
    '</defs>'
)


@dataclass(frozen=True)
class Node:
    """A box of a structure diagram and the boxes under it."""

    label: str
    children: tuple["Node", ...] = field(default_factory=tuple)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _fill(pattern: str) -> str:
    """A shape's fill and outline: a pattern, the strong colour (solid) or the light one (plain)."""
    if pattern in ("hatch", "dots", "cross"):
        return f'fill="url(#rm-fig-{pattern})" class="rm-fig-edge"'
    return f'class="rm-fig-edge rm-fig-fill-{"strong" if pattern == "solid" else "light"}"'


def _style(primary: str, ink: str) -> str:
    """Colours inside the figure, so it prints the same wherever it lands; a page may override them."""
    return (
        f"<style>.rm-fig-text{{fill:{ink}}}.rm-fig-muted{{fill:{ink}}}.rm-fig-on-dot{{fill:#fff}}"
        f".rm-fig-line{{stroke:{ink}}}.rm-fig-ink{{stroke:{ink}}}.rm-fig-dot{{fill:{ink}}}"
        f".rm-fig-edge{{stroke:{ink}}}.rm-fig-fill-strong{{fill:{primary}}}.rm-fig-fill-light{{fill:#fff}}"
        f".rm-fig-label-bg{{fill:#fff;opacity:.92}}</style>"
    )


def _lines(text: str, chars: int) -> list[str]:
    # Split on ordinary spaces only: a no-break space (French typography) keeps its words together.
    words = " ".join(re.split(r"[ \t\r\n]+", text.strip()))
    return textwrap.wrap(words, max(chars, 4), break_long_words=True, break_on_hyphens=False) or [""]


def _label(x: float, y: float, text: str, *, size: int = 14, chars: int = 24, anchor: str = "middle",
           cls: str = "rm-fig-text") -> str:
    """Wrapped text centred vertically on y."""
    lines = _lines(text, chars)
    top = y - (len(lines) - 1) * size * 0.6 + size * 0.35
    return "".join(
        f'<text x="{x:.0f}" y="{top + i * size * 1.2:.0f}" font-size="{size}" text-anchor="{anchor}" '
        f'class="{cls}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def _svg(body: str, height: float, alt: str, kind: str, colours: tuple[str, str]) -> str:
    return (
        f'<svg class="rm-figure-svg rm-fig-{kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="{_attr(alt)}" font-family="{FONT}">'
        f"{_style(*colours)}{_DEFS}{body}</svg>"
    )


def arc(sessions: list[tuple[int, str, str]], *, weeks_label: str, alt: str, colours: tuple[str, str] = INK) -> str:
    """The programme on a line of weeks: (week, label, pattern) per session, labels alternating above and below."""
    last = max((w for w, _, _ in sessions), default=1) or 1
    left, right, axis_y = 40, WIDTH - 40, 120
    scale = (right - left - 40) / last  # the arrow head points past the last session
    parts = [f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" class="rm-fig-line" stroke-width="3" '
             f'marker-end="url(#rm-fig-arrow)"/>']
    for week in range(0, last + 1):
        x = left + week * scale
        parts.append(f'<line x1="{x:.0f}" y1="{axis_y - 4}" x2="{x:.0f}" y2="{axis_y + 4}" class="rm-fig-line"/>')
    for n, (week, label, pattern) in enumerate(sessions):
        x = left + week * scale
        up = n % 2 == 0
        y = axis_y - 58 if up else axis_y + 58
        parts.append(f'<line x1="{x:.0f}" y1="{axis_y}" x2="{x:.0f}" y2="{y + (22 if up else -22)}" class="rm-fig-line"/>')
        parts.append(f'<circle cx="{x:.0f}" cy="{axis_y}" r="14" {_fill(pattern)} stroke-width="2"/>')
        if pattern != "solid":
            parts.append(f'<circle cx="{x:.0f}" cy="{axis_y}" r="8.5" class="rm-fig-label-bg"/>')
        parts.append(f'<text x="{x:.0f}" y="{axis_y + 5}" font-size="13" font-weight="700" text-anchor="middle" '
                     f'class="{"rm-fig-on-dot" if pattern == "solid" else "rm-fig-text"}">{n + 1}</text>')
        parts.append(_label(x, y, label, size=13, chars=14))
    parts.append(_label(left, axis_y + 110, weeks_label, size=12, chars=80, anchor="start", cls="rm-fig-muted"))
    return _svg("".join(parts), axis_y + 125, alt, "arc", colours)


def blocks(rows: list[tuple[str, list[tuple[str, int, str]]]], *, minutes_label: str, alt: str,
           colours: tuple[str, str] = INK) -> str:
    """Each session type as a bar of its blocks, widths in proportion to their minutes.

    `rows` holds (session title, [(block title, minutes, pattern)]); `minutes_label` formats "{n} min".
    """
    longest = max((sum(m for _, m, _ in bs) for _, bs in rows), default=1) or 1
    left, bar_h, gap = 8, 64, 46
    scale = (WIDTH - 2 * left) / longest
    parts: list[str] = []
    y = 22
    for title, bs in rows:
        total = sum(m for _, m, _ in bs)
        parts.append(f'<text x="{left}" y="{y}" font-size="15" font-weight="700" class="rm-fig-text">'
                     f'{escape(title)} · {escape(minutes_label.format(n=total))}</text>')
        x, key = float(left), []
        for n, (name, minutes, pattern) in enumerate(bs, start=1):
            w = minutes * scale
            parts.append(f'<rect x="{x:.1f}" y="{y + 8}" width="{w:.1f}" height="{bar_h}" {_fill(pattern)} '
                         f'stroke-width="1.5"/>')
            chars = int(w / 6.2)
            # A block too narrow for its words carries its number; the words go in the key under the bar.
            fits = chars >= 7 and len(_lines(name, chars)) <= 3
            if w >= 16:
                parts.append(f'<rect x="{x + 3:.1f}" y="{y + 12}" width="{w - 6:.1f}" height="{bar_h - 8}" '
                             f'class="rm-fig-label-bg" rx="3"/>')
            if fits:
                parts.append(_label(x + w / 2, y + 8 + bar_h / 2 - 7, name, size=11, chars=chars))
                parts.append(_label(x + w / 2, y + 8 + bar_h - 12, minutes_label.format(n=minutes), size=11,
                                    chars=chars, cls="rm-fig-muted"))
            else:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 8 + bar_h / 2 + 5:.0f}" font-size="13" '
                             f'font-weight="700" text-anchor="middle" class="rm-fig-text">{n}</text>')
                key.append(f"{n}. {name} ({minutes_label.format(n=minutes)})")
            x += w
        y += bar_h + gap
        if key:
            lines = _lines(" · ".join(key), 100)
            parts.extend(f'<text x="{left}" y="{y - gap + 26 + i * 14}" font-size="11.5" class="rm-fig-muted">'
                         f'{escape(line)}</text>' for i, line in enumerate(lines))
            y += len(lines) * 14 + 4
    return _svg("".join(parts), y - gap + 24, alt, "blocks", colours)


def cycle(steps: list[str], *, alt: str, colours: tuple[str, str] = INK) -> str:
    """Steps around a loop with arrows from each to the next, the last back to the first."""
    cx, cy, r = WIDTH / 2, 170, 120
    box_w, box_h = 200, 60  # words large enough to read when a phone shrinks the drawing to half
    n = max(len(steps), 1)
    centres = [(cx + r * 1.55 * math.sin(2 * math.pi * i / n), cy - r * math.cos(2 * math.pi * i / n))
               for i in range(n)]
    parts: list[str] = []
    for i in range(n):
        (x1, y1), (x2, y2) = centres[i], centres[(i + 1) % n]
        # From the edge of one box to the edge of the next: shorten the segment at both ends.
        dx, dy = x2 - x1, y2 - y1
        s = 0.34 if n > 2 else 0.25  # the part of each segment hidden under the boxes
        parts.append(f'<line x1="{x1 + dx * s:.0f}" y1="{y1 + dy * s:.0f}" x2="{x2 - dx * s:.0f}" '
                     f'y2="{y2 - dy * s:.0f}" class="rm-fig-line" stroke-width="2.5" marker-end="url(#rm-fig-arrow)"/>')
    for i, ((x, y), step) in enumerate(zip(centres, steps)):
        pattern = PATTERNS[i % 4]
        parts.append(f'<rect x="{x - box_w / 2:.0f}" y="{y - box_h / 2:.0f}" width="{box_w}" height="{box_h}" rx="8" '
                     f'{_fill(pattern)} stroke-width="2"/>')
        parts.append(f'<rect x="{x - box_w / 2 + 8:.0f}" y="{y - 19:.0f}" width="{box_w - 16}" height="38" rx="4" '
                     f'class="rm-fig-label-bg"/>')
        parts.append(_label(x, y, f"{i + 1}. {step}", size=19, chars=18))
    return _svg("".join(parts), cy + r + 50, alt, "cycle", colours)


def tree(root: Node, *, alt: str, colours: tuple[str, str] = INK) -> str:
    """A structure left to right: each level a column, each box level with the middle of its children,
    so no two links cross."""
    placed: list[list] = []  # [node, level, y, parent index]
    rows = 0
    gap = 14

    def depth(node: Node) -> int:
        return 1 + max((depth(c) for c in node.children), default=0)

    levels = depth(root)
    col_w = WIDTH / levels
    box_w = min(col_w - 36, 200)
    chars = int(box_w / 8.2)  # Source Sans at 14 units: about 7.5 units a character, and a margin

    def most_lines(node: Node) -> int:
        return max([len(_lines(node.label, chars))] + [most_lines(c) for c in node.children])

    box_h = max(50, 18 + 17 * most_lines(root))

    def place(node: Node, level: int, parent: int | None) -> float:
        nonlocal rows
        index = len(placed)
        placed.append([node, level, 0.0, parent])
        if node.children:
            ys = [place(c, level + 1, index) for c in node.children]
            y = (ys[0] + ys[-1]) / 2
        else:
            y = gap + rows * (box_h + gap) + box_h / 2
            rows += 1
        placed[index][2] = y
        return y

    place(root, 0, None)
    height = rows * (box_h + gap) + gap
    parts: list[str] = []
    for node, level, y, parent in placed:
        if parent is None:
            continue
        x, px, py = col_w * level + col_w / 2, col_w * (level - 1) + col_w / 2, placed[parent][2]
        parts.append(f'<path d="M{px + box_w / 2:.0f} {py:.0f} C{px + box_w / 2 + 18:.0f} {py:.0f} '
                     f'{x - box_w / 2 - 18:.0f} {y:.0f} {x - box_w / 2:.0f} {y:.0f}" fill="none" '
                     f'class="rm-fig-line" stroke-width="2" marker-end="url(#rm-fig-arrow)"/>')
    for node, level, y, _ in placed:
        x = col_w * level + col_w / 2
        pattern = ("solid", "hatch", "plain", "dots")[min(level, 3)]
        parts.append(f'<rect x="{x - box_w / 2:.0f}" y="{y - box_h / 2:.0f}" width="{box_w:.0f}" height="{box_h}" '
                     f'rx="6" {_fill(pattern)} stroke-width="2"/>')
        cls = "rm-fig-on-dot" if pattern == "solid" else "rm-fig-text"
        if pattern in ("hatch", "dots"):
            bg = len(_lines(node.label, chars)) * 17 + 10
            parts.append(f'<rect x="{x - box_w / 2 + 6:.0f}" y="{y - bg / 2:.0f}" width="{box_w - 12:.0f}" '
                         f'height="{bg}" rx="4" class="rm-fig-label-bg"/>')
        parts.append(_label(x, y, node.label, size=14, chars=chars, cls=cls))
    return _svg("".join(parts), height, alt, "tree", colours)
