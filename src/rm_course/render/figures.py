"""The figures a reader meets, built from the curriculum in one language: the programme's arc, the
sessions' blocks, the pair's cycle, a module's structure diagram and the timeline for print.

`figures_svg` draws; this module chooses what goes in and the words (`figures` in
`templates/site/labels.yml`, shared by the site and print). Each figure comes with its caption and
alternative text, and is given to a page either inline (the site: ids made unique on the page, the
page's fonts apply) or as a `data:` image (print: tagged as a figure with its alternative text).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content.models import Module
from ..content.project import Project
from ..planning.schedule import session_kinds
from . import figures_svg as draw
from .timeline_svg import Point
from .timeline_svg import render as render_timeline
from .typography import NBSP, NNBSP, apostrophes, french_spacing, quotes
from .words import Words

INK = "#1f2933"
# What tells the kinds apart in black and white: a pattern per kind of session and of block.
SESSION_PATTERN = {"kickoff": "solid", "topic": "plain", "midpoint": "hatch", "closing": "dots"}
BLOCK_PATTERN = {"ritual": "plain", "topic": "solid", "business-context": "hatch", "review": "dots"}
PAIR_SESSIONS = ("kickoff", "topic", "midpoint", "closing")
# The timeline printed in parts that each fit half a page: two side by side.
TIMELINE_PER_PAGE = 12
_TIMELINE_STYLE = (
    "<style>.rm-tl-axis{stroke:#8a949e;stroke-width:3}.rm-tl-dot{fill:%s;stroke:#fff;stroke-width:2}"
    ".rm-tl-year{fill:%s;font-weight:700}.rm-tl-date{fill:#4a5560}.rm-tl-title{fill:#1f2933}"
    "text{font-family:'Source Sans 3',sans-serif}</style>"
)
_ID = re.compile(r'\bid="(rm-fig-[a-z-]+)"')


@dataclass(frozen=True)
class Figure:
    """A drawn figure with the words that go with it, in one language."""

    name: str
    svg: str
    alt: str
    caption: str

    def inline(self) -> str:
        """The SVG for an HTML page: its ids (patterns, markers) suffixed with the figure's name, so
        several figures on one page never share an id."""
        svg = self.svg
        for ident in sorted(set(_ID.findall(svg))):
            svg = svg.replace(f'id="{ident}"', f'id="{ident}-{self.name}"').replace(
                f"url(#{ident})", f"url(#{ident}-{self.name})")
        return svg

    def data_url(self) -> str:
        """The SVG as a `data:` image, the one kind of image print accepts besides the assets.

        Inside an image the text has only the drawing's fonts, which lack the narrow no-break
        space: a no-break space of ordinary width takes its place.
        """
        svg = self.svg.replace(NNBSP, NBSP)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def typeset_text(text: str, lang: str) -> str:
    """Plain text with the house typography (quotes, apostrophes, French spacing)."""
    text = quotes(apostrophes(" ".join(str(text).split())), lang)
    return french_spacing(text) if lang == "fr" else text


def _colours(project: Project) -> tuple[str, str]:
    return project.programme.branding.primary, INK


def _words(labels: Mapping[str, Any]) -> Mapping[str, Any]:
    return labels["figures"]


def arc(project: Project, labels: Mapping[str, Any], lang: str) -> Figure:
    """A pair's sessions on a line of weeks, numbered, each labelled with its kind (topics counted)."""
    W, d = _words(labels), project.programme.defaults
    titles = {st.id: st.title[lang] for st in project.sessions.session_types}
    sessions, described, topics = [], [], 0
    for n, kind in enumerate(session_kinds(d.sessions)):
        topics += kind == "topic"
        title = W["topic_n"].format(n=topics) if kind == "topic" else titles.get(kind, kind)
        week = n * d.cadence_weeks
        sessions.append((week, typeset_text(title, lang), SESSION_PATTERN[kind]))
        described.append(W["arc_session"].format(n=n + 1, week=week, title=title))
    weeks = (d.sessions - 1) * d.cadence_weeks
    alt = W["arc_alt"].format(weeks=weeks, sessions="; ".join(described))
    svg = draw.arc(sessions, weeks_label=typeset_text(W["arc_weeks"].format(weeks=weeks, cadence=d.cadence_weeks),
                                                      lang),
                   alt=typeset_text(alt, lang), colours=_colours(project))
    caption = W["arc_caption"].format(sessions=d.sessions, cadence=d.cadence_weeks)
    return Figure("arc", svg, typeset_text(alt, lang), typeset_text(caption, lang))


def blocks(project: Project, labels: Mapping[str, Any], lang: str) -> Figure:
    """Each pair session type as a bar of its blocks, in order, with their minutes."""
    W, words = _words(labels), Words(lang, dict(labels))
    kinds = {st.id: st for st in project.sessions.session_types}
    rows, described = [], []
    for st in (kinds[k] for k in PAIR_SESSIONS if k in kinds):
        bs = [(typeset_text(b.title[lang], lang), b.minutes, BLOCK_PATTERN.get(b.kind.value, "plain"))
              for b in st.blocks if b.minutes]
        rows.append((typeset_text(st.title[lang], lang), bs))
        described.append(W["blocks_session"].format(
            title=st.title[lang], minutes=words.duration(sum(m for _, m, _ in bs)),
            blocks=", ".join(W["block"].format(title=b.title[lang], minutes=words.duration(b.minutes))
                             for b in st.blocks if b.minutes)))
    alt = typeset_text(W["blocks_alt"].format(sessions=". ".join(described)), lang)
    svg = draw.blocks(rows, minutes_label=labels["minutes_only"].replace("{m}", "{n}"), alt=alt,
                      colours=_colours(project))
    return Figure("blocks", svg, alt, typeset_text(W["blocks_caption"], lang))


def cycle(project: Project, labels: Mapping[str, Any], lang: str) -> Figure:
    """The pair's cycle: prepare → session → practise → feedback, and round again."""
    W = _words(labels)
    steps = [typeset_text(s, lang) for s in W["cycle_steps"]]
    alt = typeset_text(W["cycle_alt"].format(steps=", ".join(W["cycle_steps"]), first=W["cycle_steps"][0]), lang)
    svg = draw.cycle(steps, alt=alt, colours=_colours(project))
    return Figure("cycle", svg, alt, typeset_text(W["cycle_caption"], lang))


def programme_figures(project: Project, labels: Mapping[str, Any], lang: str) -> dict[str, Figure]:
    """The three figures of the programme, by name (`arc`, `blocks`, `cycle`)."""
    return {f.name: f for f in (arc(project, labels, lang), blocks(project, labels, lang),
                                cycle(project, labels, lang))}


def _node(node, lang: str) -> draw.Node:
    return draw.Node(typeset_text(node.label[lang], lang), tuple(_node(c, lang) for c in node.children))


def module_figure(project: Project, module: Module, lang: str) -> Figure | None:
    """The module's structure diagram (its `figure`), or None when it declares none."""
    fig = module.figure
    if fig is None:
        return None
    alt = typeset_text(fig.alt[lang], lang)
    svg = draw.tree(_node(fig.tree, lang), alt=alt, colours=_colours(project))
    return Figure(f"module-{module.id}", svg, alt, typeset_text(fig.caption[lang], lang))


def timeline_points(project: Project, words: Words) -> list[tuple[Any, Point]]:
    """The timeline's events in date order, each with its point on the figure."""
    events = sorted(project.timeline.events, key=lambda e: e.date)
    return [
        (e, Point(day=words.day(e.date), year=e.date[:4], title=e.title[words.lang], category=e.category))
        for e in events
    ]


def timeline_categories(project: Project, labels: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Each category: a CSS class among eight colours (in order of first appearance) and its name."""
    names = labels.get("timeline_categories") or {}
    seen: list[str] = []
    for e in sorted(project.timeline.events, key=lambda e: e.date):
        if e.category not in seen:
            seen.append(e.category)
    return {c: (f"c{i % 8}", names.get(c) or c.replace("-", " ").capitalize()) for i, c in enumerate(seen)}


def printed_timeline(project: Project, labels: Mapping[str, Any], lang: str) -> list[Figure]:
    """The timeline for paper: in parts that fit a page, colours inside the drawing, and no colour
    legend (categories told by colour alone would not survive black and white print)."""
    words = Words(lang, dict(labels))
    points = [p for _, p in timeline_points(project, words)]
    points = [Point(p.day, p.year, typeset_text(p.title, lang), p.category) for p in points]
    count = -(-len(points) // TIMELINE_PER_PAGE)
    size = -(-len(points) // count) if count else 0  # parts of even length
    parts = [points[i:i + size] for i in range(0, len(points), size)] if size else []
    primary = project.programme.branding.primary
    figures = []
    for n, part in enumerate(parts, start=1):
        first, last = part[0].year, part[-1].year
        alt = typeset_text(labels["timeline_figure"].format(n=len(part), first=first, last=last), lang)
        svg = render_timeline(part, label=alt, categories={})
        svg = svg.replace(">", ">" + _TIMELINE_STYLE % (primary, primary), 1)
        caption = _words(labels)["timeline_part"].format(first=first, last=last, n=n, of=len(parts))
        figures.append(Figure(f"timeline-{n}", svg, alt, typeset_text(caption, lang)))
    return figures
