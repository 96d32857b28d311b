"""The typography pass over a built site: every HTML page and the search index, in the page's language.

It runs on the engine's output, not inside it (no MkDocs hook), so any engine that builds the
generated `mkdocs.yml` gives pages this pass can finish the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

from ...render.typography import typeset

SEARCH_INDEX = "search/search_index.json"
# Zensical's index: one file at the site's root, its entries under `items` (MkDocs': `docs`).
ZENSICAL_INDEX = "search.json"


def typeset_search_index(data: dict, lang: str) -> dict:
    """The index's titles and texts set like the pages, so a result reads as the page does."""
    for doc in [*(data.get("docs") or []), *(data.get("items") or [])]:
        for field in ("title", "text"):
            if isinstance(doc.get(field), str):
                doc[field] = typeset(doc[field], lang)
    return data


def typeset_site(site_dir: Path, lang: str) -> int:
    """Set typography in every page under `site_dir` (one language's built site); returns the pages changed."""
    changed = 0
    for page in sorted(Path(site_dir).rglob("*.html")):
        text = page.read_text("utf-8")
        done = typeset(text, lang)  # the page's own <html lang> wins over `lang`
        if done != text:
            page.write_text(done, "utf-8")
            changed += 1
    for index in (Path(site_dir) / SEARCH_INDEX, Path(site_dir) / ZENSICAL_INDEX):
        if not index.is_file():
            continue
        data = typeset_search_index(json.loads(index.read_text("utf-8")), lang)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return changed
