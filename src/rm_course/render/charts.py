"""The evaluation report's charts, drawn with matplotlib: SVG with text kept as text, and PNG for slides.

Every chart reads in black and white (markers, hatching and direct labels carry the meaning,
never colour alone) and uses the project's own fonts: the WOFF2 files of assets/fonts are
unpacked once for matplotlib's metrics, and the SVG names the family, which the PDF renderer
takes from the same files. Labels come from the caller in the document's language.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from functools import cache
from pathlib import Path

from ..planning.evaluation import Counted, DimensionChange, NetPromoter
from ..resources import asset_roots

FAMILY = "Source Sans 3"
INK, MID, LIGHT = "#1a1a1a", "#555555", "#bbbbbb"
WIDTH = 6.8  # inches: the text width of an A4 page with the house margins
_registered: set[str] = set()


@cache
def _chart_fonts(project_root: str) -> tuple[str, ...]:
    """The project's Source Sans 3 faces unpacked to TTF, for matplotlib (it cannot read WOFF2).

    Kept in the project's build/fonts/charts/, named by the packed font's digest: unpacked once,
    never stale, and a run beside never reads half a file (each is written whole, then renamed)."""
    from fontTools.ttLib import TTFont

    out = Path(project_root) / "build" / "fonts" / "charts"
    wanted: dict[str, Path] = {}
    for root in reversed(asset_roots(project_root)):  # the project's files win over the built-in ones
        for path in sorted((root / "fonts").glob("source-sans-3-*.woff2")):
            wanted[path.stem] = path
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for stem, path in wanted.items():
        kept = out / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}-{stem}.ttf"
        files.append(str(kept))
        if kept.is_file():
            continue
        font = TTFont(str(path))
        font.flavor = None
        # The web fonts' name tables say "Source Sans 3 ExtraLight" for every weight (they
        # were cut from the variable font); the PDF names the family in @font-face instead.
        names = font["name"]
        names.removeNames(nameID=16)
        names.removeNames(nameID=17)
        for record in names.names:
            if record.nameID in (1, 4):
                record.string = FAMILY if record.nameID == 1 else f"{FAMILY} {stem}"
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        font.save(str(partial))
        os.replace(partial, kept)
    return tuple(files)


def pyplot(project_root: str):
    """matplotlib's pyplot, headless, with the house style (fonts registered once)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for ttf in _chart_fonts(project_root):
        if ttf not in _registered:  # matplotlib lists a font again each time it is added
            font_manager.fontManager.addfont(ttf)
            _registered.add(ttf)
    plt.rcParams.update({
        "svg.fonttype": "none",  # text stays text: selectable, searchable, printed with the PDF's fonts
        "svg.hashsalt": "rm-course",  # stable ids: the same data gives the same file
        "text.parse_math": False,  # a "$" in a dimension's title is a dollar, not TeX to interpret
        "font.family": FAMILY, "font.size": 9, "axes.edgecolor": MID, "axes.labelcolor": INK,
        "text.color": INK, "xtick.color": INK, "ytick.color": INK, "hatch.linewidth": 0.8,
        "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100,
    })
    return plt


def to_svg(fig) -> str:
    """An SVG element to embed in HTML: no XML prolog, no doctype, no metadata."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)


def data_url(svg: str) -> str:
    """An SVG as a `data:` URL for an <img>: the figure's internal references (markers, clip
    paths, hatching) then stay inside the image, which reads nothing else."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def to_png(fig, dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def dumbbell(plt, changes: list[DimensionChange], titles: dict[str, str], L: dict):
    """Each dimension's mean level before (open circle) and after (filled square), 1 to 4."""
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * len(changes) + 1.1))
    rows = list(reversed(changes))
    for y, c in enumerate(rows):
        if c.suppressed:
            ax.text(2.5, y, L["suppressed_short"].format(n=c.n), ha="center", va="center", style="italic", color=MID)
            continue
        ax.plot([c.pre, c.post], [y, y], color=LIGHT, linewidth=3, zorder=1, solid_capstyle="butt")
        # The circle is larger than the square: when nothing changed, its ring still shows.
        ax.scatter([c.pre], [y], s=70, marker="o", facecolor="white", edgecolor=INK, linewidth=1.4, zorder=2)
        ax.scatter([c.post], [y], s=30, marker="s", facecolor=INK, edgecolor=INK, zorder=3)
        change = ("+" if c.change > 0 else "±" if c.change == 0 else "") + decimal(c.change, L)
        ax.text(4.12, y, change.replace("-", "−"), va="center", ha="left", fontsize=9)
    ax.set_yticks(range(len(rows)), [titles.get(c.dimension, c.dimension) for c in rows])
    ax.set_xlim(0.9, 4.1)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks([1, 2, 3, 4], ["1", "2", "3", "4"])
    ax.set_xlabel(L["level_axis"])
    ax.grid(axis="x", color=LIGHT, linewidth=0.5, linestyle=":")
    ax.set_axisbelow(True)
    ax.scatter([], [], marker="o", facecolor="white", edgecolor=INK, label=L["before"])
    ax.scatter([], [], marker="s", color=INK, label=L["after"])
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.text(1.0, 1.0, L["change"], transform=ax.transAxes, ha="left", va="bottom", fontsize=8, color=MID)
    fig.subplots_adjust(right=0.88)
    return fig


def sessions_held(plt, per_session: list[tuple[int, int]], L: dict):
    """Per session number: pairs that held it (solid) out of those that planned it (hatched)."""
    fig, ax = plt.subplots(figsize=(WIDTH, 1.8))
    xs = list(range(1, len(per_session) + 1))
    planned = [p for p, _ in per_session]
    held = [h for _, h in per_session]
    ax.bar(xs, planned, width=0.66, facecolor="white", edgecolor=MID, hatch="///", label=L["planned"])
    ax.bar(xs, held, width=0.66, facecolor=INK, edgecolor=INK, label=L["held"])
    for x, p, h in zip(xs, planned, held):
        ax.text(x, p + 0.15, f"{h}/{p}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlabel(L["session_number"])
    ax.set_ylabel(L["pairs"])
    ax.set_ylim(0, max(planned) * 1.22 + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return fig


def satisfaction(plt, counts: Counted, L: dict):
    """How many gave each satisfaction level, 1 to 5, each bar labelled with its count."""
    fig, ax = plt.subplots(figsize=(WIDTH / 2, 2.3))
    xs = [1, 2, 3, 4, 5]
    values = [counts.counts.get(x, 0) for x in xs]
    ax.bar(xs, values, width=0.66, facecolor="white", edgecolor=INK, hatch="\\\\\\")
    for x, v in zip(xs, values):
        ax.text(x, v + 0.15, str(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlabel(L["satisfaction_axis"])
    ax.set_ylim(0, max(values) * 1.25 + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(L["satisfaction_title"].format(mean=decimal(counts.mean, L, 1), n=counts.n), fontsize=9, loc="left")
    return fig


# Stacked shares: each part a different hatching, so a black-and-white copy tells them apart.
PATTERNS = ({"facecolor": INK, "hatch": None}, {"facecolor": "white", "hatch": "...."},
            {"facecolor": "white", "hatch": "////"})


def decimal(value: float, L: dict, places: int = 2) -> str:
    """A number as the document's language writes it (4,1 in French)."""
    return f"{value:.{places}f}".replace(".", L["decimal"])


def stacked_share(plt, parts: list[tuple[str, int]], title: str, L: dict):
    """One horizontal bar split into parts, told apart by hatching; the legend gives counts and shares."""
    from matplotlib.patches import Patch

    fig, ax = plt.subplots(figsize=(WIDTH / 2, 0.5))
    total = sum(n for _, n in parts) or 1
    left = 0.0
    handles = []
    for (label, n), style in zip(parts, PATTERNS):
        ax.barh([0], [n / total], left=left, height=0.8, edgecolor=INK, **style)
        left += n / total
        handles.append(Patch(edgecolor=INK, label=L["share_item"].format(label=label, n=n, pct=round(100 * n / total)),
                             **style))
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.4, 0.4)
    ax.axis("off")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.1), ncol=1, frameon=False, fontsize=8,
              handlelength=2.2, handleheight=1.1)
    ax.set_title(title, fontsize=9, loc="left")
    return fig


def nps(plt, score: NetPromoter, L: dict):
    return stacked_share(plt, [(L["promoters"], score.promoters), (L["passives"], score.passives),
                               (L["detractors"], score.detractors)], L["nps_title"].format(score=score.score, n=score.n), L)


def goals(plt, counts: Counted, L: dict):
    return stacked_share(plt, [(L["goal_answers"][a], counts.counts.get(a, 0)) for a in ("yes", "partly", "no")],
                         L["goals_title"].format(n=counts.n), L)


def per_session(planned: dict[str, int], held: dict[str, set[int]]) -> list[tuple[int, int]]:
    """(pairs that planned session k, pairs that held it) for k = 1 … the longest plan."""
    longest = max(planned.values(), default=0)
    return [(sum(1 for n in planned.values() if n >= k), sum(1 for s in held.values() if k in s))
            for k in range(1, longest + 1)]

