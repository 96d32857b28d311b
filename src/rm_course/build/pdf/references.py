"""What a printed document may reference: files inside assets/, data: URLs and web links, nothing else.

`check_html` scans the document before WeasyPrint sees it, with the parser WeasyPrint uses, for
every reference (img, srcset, object, svg, style, url(), @import, attachments, links to local
files). Each piece of content carries its file in a `data-source` attribute, so the error names
the file the author must fix (a module, the glossary…). It also refuses images without
alternative text, links to nothing, and characters the fonts lack.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from ...errors import BuildError, UnsafeReference
from ...render.safe_markup import link_problem
from ...resources import asset_roots
from .fonts import printable_characters

# Attributes that make a renderer fetch a resource (on any element but a link).
_RESOURCE_ATTRS = frozenset({
    "src", "srcset", "data", "poster", "background", "lowsrc", "dynsrc", "longdesc", "codebase",
    "classid", "archive", "action", "formaction", "manifest", "icon", "profile", "href",
})
_LINK_ELEMENTS = frozenset({"a", "area"})
# Elements that change how every other reference resolves, or embed whole documents.
_FORBIDDEN_ELEMENTS = frozenset({"base", "iframe", "frame", "frameset", "portal"})


def base_url(project_root: Path | str) -> str:
    """Relative references (`assets/images/x.png`) resolve against the project root."""
    return Path(project_root).resolve().as_uri() + "/"


def locate_asset(path: str | Path, project_root: Path | str) -> Path | None:
    """The real file an absolute path names, if it lies inside an assets folder; else None.

    A path inside the project's `assets/` that does not exist there is looked up in the
    built-in assets (fonts ship once, with the package). Containment is checked on fully
    resolved paths, so `..` segments and symlinks cannot lead outside.
    """
    lexical = Path(os.path.normpath(str(path)))
    roots = asset_roots(project_root)
    anchors = [Path(project_root).resolve() / "assets", *roots]
    rel = None
    for anchor in anchors:
        if lexical.is_relative_to(anchor):
            rel = lexical.relative_to(anchor)
            break
    if rel is None or rel == Path("."):
        return None
    for root in roots:
        candidate = (root / rel).resolve()
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            return candidate
    return None


def _asset_problem(url: str, project_root: Path | str) -> str | None:
    """Why a resource URL may not be read (None when it may)."""
    if url.lower().startswith("data:"):
        return None
    absolute = urljoin(base_url(project_root), url.strip())
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    if scheme != "file":
        return f"{url!r} is a {scheme or 'relative'} address; a printed document only embeds files from assets/"
    if parts.netloc not in ("", "localhost"):
        return f"{url!r} names another machine; a printed document only embeds files from assets/"
    path = url2pathname(parts.path)
    if locate_asset(path, project_root) is not None:
        return None
    lexical = Path(os.path.normpath(unquote(path)))
    roots = (Path(project_root).resolve() / "assets", *asset_roots(project_root))
    if any(lexical.is_relative_to(root) for root in roots):
        return f"{url!r} is not a file inside assets/ (missing, or a link that leads outside)"
    return f"{url!r} is outside the assets/ folder; a printed document only embeds files from assets/"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _css_urls(css: str, declarations: bool) -> Iterable[str]:
    """Every URL a piece of CSS would fetch (`url()`, `src()`, `image-set()`, `@import`)."""
    import tinycss2

    nodes = (
        tinycss2.parse_blocks_contents(css) if declarations else tinycss2.parse_stylesheet(css)
    )

    def walk(items, in_fetching_function: bool = False):
        for node in items:
            kind = getattr(node, "type", None)
            if kind == "url":
                yield node.value
            elif kind == "string" and in_fetching_function:
                yield node.value
            elif kind == "function":
                name = node.lower_name
                fetching = name in ("url", "src", "image-set", "-webkit-image-set", "image", "cross-fade")
                yield from walk(node.arguments, fetching or in_fetching_function)
            elif kind == "at-rule":
                if node.lower_at_keyword == "import":
                    yield from walk(node.prelude, True)
                else:
                    yield from walk(node.prelude, in_fetching_function)
                if node.content:
                    yield from walk(tinycss2.parse_blocks_contents(node.content), in_fetching_function)
            elif kind in ("qualified-rule",):
                yield from walk(node.prelude)
                yield from walk(tinycss2.parse_blocks_contents(node.content))
            elif kind == "declaration":
                yield from walk(node.value)
            elif kind in ("() block", "[] block", "{} block"):
                yield from walk(node.content, in_fetching_function)

    yield from walk(nodes)


def parse_html(html: str):
    """The element tree WeasyPrint would build from `html` (same parser, same options)."""
    import tinyhtml5

    return tinyhtml5.parse(html, namespace_html_elements=False)


class _Scan:
    """One walk over a document tree, gathering every problem with the file it comes from."""

    def __init__(self, project_root: Path | str):
        self.project_root = project_root
        self.problems: list[tuple[str, str]] = []
        self.alt_missing: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.fragments: list[tuple[str, str]] = []

    def urls(self, where: str, urls: Iterable[str]) -> None:
        for url in urls:
            if problem := _asset_problem(url, self.project_root):
                self.problems.append((where, problem))

    def attribute(self, where: str, name: str, attr: str, value: str) -> None:
        if attr == "id":
            self.ids.add(value)
        if attr == "href" and name in _LINK_ELEMENTS:
            if problem := link_problem(value):
                self.problems.append((where, problem))
            elif value.strip().startswith("#"):
                self.fragments.append((where, unquote(value.strip()[1:])))
        elif attr in _RESOURCE_ATTRS:
            if attr == "srcset":
                self.urls(where, [part.strip().split()[0] for part in value.split(",") if part.strip()])
            else:
                self.urls(where, [value])
        elif attr == "style":
            self.urls(where, _css_urls(value, declarations=True))

    def visit(self, element, where: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        name = _local(tag)
        attrs = {_local(k): v for k, v in element.attrib.items()}
        where = attrs.get("data-source") or where
        if name in _FORBIDDEN_ELEMENTS:
            self.problems.append((where, f"a <{name}> element is not allowed in printed content"))
        rel = attrs.get("rel", "").lower().split()
        if "attachment" in rel:
            self.problems.append((where, f"attachments are not allowed ({attrs.get('href', '')!r})"))
        for attr, value in attrs.items():
            self.attribute(where, name, attr, value)
        if name == "style":
            self.urls(where, _css_urls(element.text or "", declarations=False))
        if name == "img" and not (attrs.get("alt") or "").strip():
            self.alt_missing.append((where, attrs.get("src", "?")))
        for child in element:
            self.visit(child, where)


def check_html(html, *, project_root: Path | str, source: str) -> None:
    """Refuse HTML (text, or a tree from `parse_html`) that references anything but assets and
    web links, or is not printable.

    Raises UnsafeReference for a reference outside the assets (naming `source`, or the
    `data-source` of the nearest enclosing element) and BuildError for an image without
    alternative text or a character the shipped fonts cannot print.
    """
    tree = parse_html(html) if isinstance(html, str) else html
    scan = _Scan(project_root)
    scan.visit(tree, source)
    if scan.problems:
        lines = [f"{where}: {message}" for where, message in scan.problems]
        raise UnsafeReference("unsafe reference in printed content:\n  " + "\n  ".join(lines))
    broken = [f"{where}: the link '#{fragment}' points at nothing in the document"
              for where, fragment in scan.fragments if fragment not in scan.ids]
    if broken:
        raise BuildError("broken links:\n  " + "\n  ".join(broken))
    if scan.alt_missing:
        lines = [f"{where}: the image {src!r} has no alternative text; write ![what it shows]({src})"
                 for where, src in scan.alt_missing]
        raise BuildError("images need alternative text:\n  " + "\n  ".join(lines))
    _check_glyphs(tree, project_root, source)


def _text_by_source(tree, source: str) -> dict[str, str]:
    texts: dict[str, list[str]] = {}

    def visit(element, where: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if _local(tag) in ("style", "script", "head", "title"):
            return
        where = element.attrib.get("data-source") or where
        texts.setdefault(where, []).append(element.text or "")
        for child in element:
            visit(child, where)
            texts.setdefault(where, []).append(child.tail or "")

    visit(tree, source)
    return {where: "".join(parts) for where, parts in texts.items()}


def _check_glyphs(tree, project_root: Path | str, source: str) -> None:
    covered = printable_characters(str(Path(project_root).resolve()))
    missing: list[str] = []
    for where, text in _text_by_source(tree, source).items():
        chars = sorted({c for c in text if ord(c) not in covered and unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")})
        if chars:
            names = ", ".join(f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
            missing.append(f"{where}: {names}")
    if missing:
        raise BuildError(
            "characters the fonts in assets/fonts cannot print (write them in words, or add a font "
            "that has them to assets/fonts and name it in templates/print/print.css):\n  " + "\n  ".join(missing)
        )
