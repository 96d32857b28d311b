"""The fonts a printed document may use: which characters they cover, and web fonts unpacked once.

WeasyPrint unpacks a WOFF2 font with fontTools in pure Python, 3.8 s for the shipped fonts,
which every print worker paid when it started (and again each time it was replaced), in every
build. Unpacked fonts are kept in the project's build/fonts/ and, within a build, in memory
(workers are forked after the main process has filled it).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from functools import cache
from pathlib import Path

from ...render import symbols
from ...resources import asset_roots

WEB_FONTS = (".woff2", ".woff")
FONT_CACHE = Path("build") / "fonts"  # in the project: unpacked web fonts, named by content
_unpacked: dict[tuple[str, int, int], bytes] = {}


@cache
def printable_characters(project_root: str) -> frozenset[int]:
    """Code points the fonts of assets/fonts (project, then built-in) can print."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set(symbols.codepoints())
    for root in asset_roots(project_root):
        for path in sorted((root / "fonts").glob("*")):
            if path.suffix.lower() in (".woff2", ".woff", ".ttf", ".otf"):
                covered.update(TTFont(str(path), lazy=True).getBestCmap())
    return frozenset(covered)


def subsetting_path() -> str:
    """Which font subsetter WeasyPrint uses here: "harfbuzz" (fast) or "fonttools" (slow).

    WeasyPrint 70 uses HarfBuzz's subsetter when the library libharfbuzz-subset loads and
    HarfBuzz is at least 4.1.0; otherwise it falls back to fontTools, about twice as slow
    and announced as going away.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


def font_bytes(path: Path, cache: Path | None = None) -> bytes:
    """A font file as WeasyPrint stores it for Fontconfig: WOFF and WOFF2 unpacked exactly as
    WeasyPrint would unpack them (same fontTools calls), other fonts as they are. `cache` is a
    folder where unpacked fonts are kept between builds (None: unpack in memory only)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _unpacked:
        data = path.read_bytes()
        if data[:4] in (b"wOF2", b"wOFF"):
            data = _unpack(data, cache)
        _unpacked[key] = data
    return _unpacked[key]


def _unpack(packed: bytes, cache: Path | None) -> bytes:
    import fontTools
    from fontTools.ttLib import TTFont, woff2

    # Named by the packed font and the unpacker's version: an edited font or another fontTools
    # never reads a stale file.
    name = f"{hashlib.sha256(packed).hexdigest()}-fonttools-{fontTools.version}.ttf"
    kept = cache / name if cache is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    out = io.BytesIO()
    if packed[:4] == b"wOF2":
        woff2.decompress(io.BytesIO(packed), out)
    else:
        font = TTFont(io.BytesIO(packed))
        font.flavor = font.flavorData = None
        font.save(out)
    data = out.getvalue()
    if kept is not None:
        partial = kept.with_name(f".{name}.{os.getpid()}")
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            os.replace(partial, kept)  # whole or absent: a build running beside never reads half a font
        except OSError:  # a read-only project still prints; it unpacks again next time
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    return data


def declared_families(css: str) -> set[str]:
    """The font families a stylesheet names (`font-family: "…"`)."""
    return {m.group(2) for m in re.finditer(r"font-family\s*:\s*([\"'])([^\"']+)\1", css)}
