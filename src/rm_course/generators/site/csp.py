"""The site's Content-Security-Policy: scripts from the site itself and the theme's own inline scripts.

A browser runs an inline script under this policy only when its text hashes to one listed here.
The hashes are taken from the trusted sources of the pages (Material's templates, the `site/`
theme overrides, the built-in root page), never from the pages built: whatever a text or a
template slips into a page — an inline script, an `onerror` attribute, a `javascript:` link —
is not among them and does not run. A script whose text is made by a template (`{{ … }}`) cannot
be hashed ahead and is left out; the overrides in `site/` rewrite the theme's one such script.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

from markupsafe import escape

from ...errors import BuildError

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S | re.I)
_TEMPLATED = ("{{", "{%", "{#")

# Styles stay open to inline use (the theme and the generated figures set `style` attributes);
# a style cannot run script, and raw HTML is refused in curriculum text anyway.
_FIXED = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


# The package whose templates render the pages, for each site engine (Zensical ships its own copy of the theme).
_THEME_PACKAGES = {"mkdocs": "material", "zensical": "zensical"}


def theme_templates(engine: str = "mkdocs") -> Path:
    """The theme's templates folder for this engine (its inline scripts are the theme's own)."""
    package = _THEME_PACKAGES[engine]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"the site engine {engine} is not installed (pip install 'rm-course[{engine}]')"
                         if engine != "mkdocs" else "mkdocs-material is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_script_hashes(files: Iterable[Path]) -> list[str]:
    """The hash of every inline script written out in full in these template files."""
    hashes: set[str] = set()
    for path in files:
        for body in _INLINE_SCRIPT.findall(path.read_text("utf-8")):
            if not any(mark in body for mark in _TEMPLATED):
                hashes.add(script_hash(body))
    return sorted(hashes)


def _html_files(folders: Iterable[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.html") if p.is_file())


def policy(hashes: Iterable[str]) -> str:
    """The policy text, allowing the site's own script files and these inline scripts."""
    return "; ".join([" ".join(["script-src 'self'", *hashes]), *_FIXED])


def site_policy(override_folders: Iterable[Path], engine: str = "mkdocs") -> str:
    """The policy of the engine's pages: the theme's and the `site/overrides` inline scripts."""
    return policy(inline_script_hashes(_html_files([theme_templates(engine), *override_folders])))


def page_policy(template: Path) -> str:
    """The policy of a page made from one trusted template (the site's root page)."""
    return policy(inline_script_hashes([template]))


def with_policy(html: str, policy: str, template: str) -> str:
    """A page made by a template (which a project may replace) with its policy first in <head>,
    whatever the template wrote: only the built-in page's own script runs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
    head = re.search(r"<head\b[^>]*>", html, re.I)
    if head is None:
        raise BuildError(f"templates/site/{template}: the page needs a <head> element")
    return html[: head.end()] + "\n" + meta + html[head.end():]
