"""Print HTML to tagged PDF with WeasyPrint: only the project's assets are ever read.

Two lines of defence keep a document from reading anything else: `references.check_html`
scans the document before WeasyPrint sees it, and `fetcher.make_fetcher` gives WeasyPrint a URL
fetcher that refuses anything but `data:` URLs and files inside assets/. `fonts` knows which
characters the fonts cover and unpacks web fonts once; `printer` renders, one worker per process.
"""

from .fetcher import make_fetcher
from .fonts import font_bytes, printable_characters, subsetting_path
from .printer import PDF_VARIANT, init_worker, page_numbers, render_pdf
from .references import asset_roots, base_url, check_html, locate_asset, parse_html

__all__ = ["PDF_VARIANT", "asset_roots", "base_url", "check_html", "font_bytes", "init_worker", "locate_asset",
           "make_fetcher", "page_numbers", "parse_html", "printable_characters", "render_pdf", "subsetting_path"]
