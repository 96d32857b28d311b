"""The URL fetcher given to WeasyPrint: the last line of defence behind `check_html`.

It reads `data:` URLs and files inside assets/ (the project's, then the built-in one) and stops
the render when asked for anything else.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .fonts import FONT_CACHE, WEB_FONTS, font_bytes
from .references import locate_asset


_fetcher_class = None


def make_fetcher(project_root: Path | str):
    """A WeasyPrint URL fetcher that reads only `data:` URLs and files inside assets/."""
    global _fetcher_class
    if _fetcher_class is None:
        from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

        class AssetFetcher(URLFetcher):
            """Serve `data:` URLs and files inside assets/; stop the render on anything else."""

            def __init__(self, root: Path | str):
                super().__init__(
                    timeout=5, allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True
                )
                self.project_root = Path(root).resolve()

            def fetch(self, url, headers=None):
                if url.lower().startswith("data:"):
                    return super().fetch(url, headers)
                parts = urlsplit(url)
                if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
                    path = locate_asset(url2pathname(parts.path), self.project_root)
                    if path is not None:
                        if path.suffix.lower() in WEB_FONTS:
                            body, content_type = font_bytes(path, self.project_root / FONT_CACHE), "font/sfnt"
                        else:
                            body = path.read_bytes()
                            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": content_type})
                raise FatalURLFetchingError(f"refused to read {url!r}: only files inside assets/ may be embedded")

        _fetcher_class = AssetFetcher
    return _fetcher_class(project_root)
