"""Safe file and folder names from ids (pair ids, cohort ids): never a path escape or a reserved name."""

from __future__ import annotations

import re
import unicodedata

from .errors import UnsafeName

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_component(raw: str) -> str:
    """Return `raw` as one safe path component, or raise UnsafeName saying why.

    Ids are normalised (NFKC, lower case) and must be made of letters, digits, `-` and `_`;
    Windows device names and empty ids are refused rather than silently rewritten, so two
    different ids can never end up in the same folder.
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    if not text:
        raise UnsafeName("the id is empty")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", text):
        raise UnsafeName("an id may only use letters a–z, digits, '-' and '_' (max 40), starting with a letter or digit")
    if text.split(".")[0] in _WINDOWS_RESERVED:
        raise UnsafeName(f"{text!r} is a reserved file name on Windows")
    return text
