"""A small font made in memory for the spaces and symbols the shipped latin fonts lack.

The fonts in assets/fonts are latin subsets: they have no narrow no-break space (which
French needs before `: ; ! ?`), no arrow and no check mark. Rather than let the renderer
borrow them from whatever fonts a machine has, this font draws them with straight strokes.
It is built with fontTools, byte-identical every time, and passed to WeasyPrint as a
`data:` URL; print.css names it last in every font stack.
"""

from __future__ import annotations

import io
import math
from functools import cache

FAMILY = "rm-course symbols"

# Blank glyphs: advance widths in thousandths of an em.
SPACES = {
    0x0020: 200, 0x00A0: 200, 0x2000: 500, 0x2001: 1000, 0x2002: 500, 0x2003: 1000, 0x2004: 333,
    0x2005: 250, 0x2006: 167, 0x2007: 500, 0x2008: 250, 0x2009: 125, 0x200A: 83, 0x202F: 125,
    0x205F: 222, 0x2060: 0, 0x200B: 0, 0x200C: 0, 0x200D: 0, 0xFEFF: 0,
}

STEM = 70  # stroke width, close to the regular weight of the text fonts
AXIS = 270  # height of the maths axis: arrows and operators are centred on it

Point = tuple[float, float]


def _stroke(a: Point, b: Point, width: float = STEM) -> list[Point]:
    """The rectangle covering the segment a–b, with square ends a little past each point."""
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    half = width / 2
    x1, y1, x2, y2 = x1 - ux * half * 0.6, y1 - uy * half * 0.6, x2 + ux * half * 0.6, y2 + uy * half * 0.6
    nx, ny = -uy * half, ux * half
    return [(x1 + nx, y1 + ny), (x2 + nx, y2 + ny), (x2 - nx, y2 - ny), (x1 - nx, y1 - ny)]


def _polyline(*points: Point, width: float = STEM) -> list[list[Point]]:
    return [_stroke(a, b, width) for a, b in zip(points, points[1:])]


def _rect(x1: float, y1: float, x2: float, y2: float) -> list[Point]:
    return [(x1, y1), (x1, y2), (x2, y2), (x2, y1)]


def _box() -> list[list[Point]]:
    outer, inner = _rect(90, -20, 690, 580), _rect(90 + STEM, -20 + STEM, 690 - STEM, 580 - STEM)
    return [outer, inner[::-1]]  # the inner square, drawn the other way round, is a hole


def _arrow(x1: float, x2: float, y: float = AXIS, head: float = 190) -> list[list[Point]]:
    """A shaft from x1 to x2 with an open head at x2 (pointing left when x2 < x1)."""
    d = 1 if x2 > x1 else -1
    return [_stroke((x1, y), (x2 - d * 20, y)),
            *_polyline((x2 - d * head, y + head), (x2, y), (x2 - d * head, y - head))]


_CHECK = ((170, 300), (330, 130), (620, 560))
_CROSS = [((170, 80), (610, 520)), ((170, 520), (610, 80))]

# (advance width, contours) per code point.
GLYPHS: dict[int, tuple[int, list[list[Point]]]] = {
    0x2190: (800, _arrow(700, 100)),  # ←
    0x2192: (800, _arrow(100, 700)),  # →
    0x2194: (900, _arrow(450, 800) + _arrow(450, 100)),  # ↔
    0x21D2: (800, [_stroke((100, AXIS + 85), (600, AXIS + 85)), _stroke((100, AXIS - 85), (600, AXIS - 85)),
                   *_polyline((500, AXIS + 230), (710, AXIS), (500, AXIS - 230))]),  # ⇒
    0x21D0: (800, [_stroke((200, AXIS + 85), (700, AXIS + 85)), _stroke((200, AXIS - 85), (700, AXIS - 85)),
                   *_polyline((300, AXIS + 230), (90, AXIS), (300, AXIS - 230))]),  # ⇐
    0x2713: (780, _polyline(*_CHECK)),  # ✓
    0x2714: (780, _polyline(*_CHECK, width=110)),  # ✔
    0x2717: (780, [_stroke(*_CROSS[0]), _stroke(*_CROSS[1])]),  # ✗
    0x2718: (780, [_stroke(*_CROSS[0], width=110), _stroke(*_CROSS[1], width=110)]),  # ✘
    0x2610: (780, _box()),  # ☐
    0x2611: (780, _box() + _polyline((230, 290), (350, 160), (560, 450))),  # ☑
    0x2705: (780, _box() + _polyline((230, 290), (350, 160), (560, 450), width=90)),  # ✅ (in black and white)
    0x2612: (780, _box() + [_stroke((240, 130), (540, 430)), _stroke((240, 430), (540, 130))]),  # ☒
    0x2264: (700, _polyline((580, 560), (130, 370), (580, 180)) + [_stroke((130, 40), (580, 40))]),  # ≤
    0x2265: (700, _polyline((130, 560), (580, 370), (130, 180)) + [_stroke((130, 40), (580, 40))]),  # ≥
    0x2260: (700, [_stroke((110, AXIS + 110), (590, AXIS + 110)), _stroke((110, AXIS - 110), (590, AXIS - 110)),
                   _stroke((230, -20), (470, 560))]),  # ≠
    0x25B8: (560, [[(130, 80), (130, 460), (450, AXIS)]]),  # ▸
}


def _clockwise(contour: list[Point]) -> list[Point]:
    """TrueType fills clockwise outlines; the strokes above are built in either direction."""
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(contour, contour[1:] + contour[:1]))
    return contour if area < 0 else contour[::-1]


def digest() -> str:
    """Changes whenever the font would (without building it)."""
    import hashlib

    return hashlib.sha256(repr((FAMILY, sorted(SPACES.items()), sorted(GLYPHS.items()))).encode()).hexdigest()


def codepoints() -> frozenset[int]:
    """Every character this font can print."""
    return frozenset(SPACES) | frozenset(GLYPHS)


@cache
def font_bytes() -> bytes:
    """The font as TrueType bytes (identical on every call and every machine)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = {cp: f"uni{cp:04X}" for cp in sorted(codepoints())}
    names[0x20] = "space"
    order = [".notdef", *names.values()]
    glyphs, metrics = {}, {".notdef": (500, 0)}
    glyphs[".notdef"] = TTGlyphPen(None).glyph()
    for cp, name in names.items():
        pen = TTGlyphPen(None)
        if cp in GLYPHS:
            width, contours = GLYPHS[cp]
            for i, contour in enumerate(contours):
                # A hole (the inside of a box) keeps its direction: it follows its outer contour.
                points = contour if (cp in (0x2610, 0x2611, 0x2612, 0x2705) and i == 1) else _clockwise(contour)
                pen.moveTo(_round(points[0]))
                for point in points[1:]:
                    pen.lineTo(_round(point))
                pen.closePath()
        else:
            width = SPACES[cp]
        glyphs[name] = pen.glyph()
        metrics[name] = (width, 0)
    fb = FontBuilder(1000, isTTF=True)
    fb.font.recalcTimestamp = False
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(names)
    fb.setupGlyf(glyphs)
    glyf = fb.font["glyf"]
    fb.setupHorizontalMetrics({name: (w, getattr(glyf[name], "xMin", 0)) for name, (w, _) in metrics.items()})
    fb.setupHorizontalHeader(ascent=1024, descent=-400)
    fb.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=1024, sTypoDescender=-400, usWinAscent=1024, usWinDescent=400,
                sxHeight=486, sCapHeight=660)
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = 0x7C25B080  # a fixed date: 2000-01-01
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


def _round(point: Point) -> tuple[int, int]:
    return round(point[0]), round(point[1])


def css() -> str:
    """The @font-face rule that makes the font available to a stylesheet."""
    import base64

    data = base64.b64encode(font_bytes()).decode("ascii")
    return f'@font-face {{ font-family: "{FAMILY}"; src: url("data:font/ttf;base64,{data}") format("truetype"); }}\n'
