"""Print HTML to tagged PDF with WeasyPrint: only the project's assets are ever read.

Two lines of defence keep a document from reading anything else:

1. `check_html` scans the document before WeasyPrint sees it, with the parser WeasyPrint
   uses, for every reference (img, srcset, object, svg, style, url(), @import, attachments,
   links to local files). Each piece of content carries its file in a `data-source`
   attribute, so the error names the file the author must fix (a module, the glossary…).
   It also refuses images without alternative text and characters the fonts lack.
2. `AssetFetcher`, given to WeasyPrint for the HTML and every stylesheet, refuses anything
   but `data:` URLs and files inside `assets/` (the project's, then the built-in one), and
   stops the render when asked for anything else.

WeasyPrint is imported only inside the functions that print, so planning a build stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import mimetypes
import os
import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from ...render import symbols
from ...errors import BuildError, UnsafeReference
from ...resources import defaults_root
from ...render.templating import search_path

PRINT_CSS = "print/print.css"
PDF_VARIANT = "pdf/ua-1"
# A render that passes either limit is stopped: content that loops or explodes must not
# hold a build (or a CI runner) for ever.
MAX_PAGES = 600
MAX_SECONDS = 300.0
MAX_HTML_CHARS = 20_000_000

# Attributes that make a renderer fetch a resource (on any element but a link).
_RESOURCE_ATTRS = frozenset({
    "src", "srcset", "data", "poster", "background", "lowsrc", "dynsrc", "longdesc", "codebase",
    "classid", "archive", "action", "formaction", "manifest", "icon", "profile", "href",
})
_LINK_ELEMENTS = frozenset({"a", "area"})
_LINK_SCHEMES = ("http", "https", "mailto", "tel")
# Elements that change how every other reference resolves, or embed whole documents.
_FORBIDDEN_ELEMENTS = frozenset({"base", "iframe", "frame", "frameset", "portal"})


# ---------------------------------------------------------------------------- assets


def asset_roots(project_root: Path | str) -> tuple[Path, ...]:
    """The folders a document may read: the project's `assets/`, then the built-in one."""
    roots = [Path(project_root).resolve() / "assets", defaults_root().resolve() / "assets"]
    return tuple(dict.fromkeys(roots))


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


# ---------------------------------------------------------------------------- checks


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


def _link_problem(href: str) -> str | None:
    href = href.strip()
    if href.startswith("#"):
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme in _LINK_SCHEMES:
        return None
    return f"the link {href!r} points at a local file or an unsupported address; links go to http(s) pages"


def parse_html(html: str):
    """The element tree WeasyPrint would build from `html` (same parser, same options)."""
    import tinyhtml5

    return tinyhtml5.parse(html, namespace_html_elements=False)


def check_html(html, *, project_root: Path | str, source: str) -> None:
    """Refuse HTML (text, or a tree from `parse_html`) that references anything but assets and
    web links, or is not printable.

    Raises UnsafeReference for a reference outside the assets (naming `source`, or the
    `data-source` of the nearest enclosing element) and BuildError for an image without
    alternative text or a character the shipped fonts cannot print.
    """
    tree = parse_html(html) if isinstance(html, str) else html
    problems: list[tuple[str, str]] = []
    alt_missing: list[tuple[str, str]] = []
    ids: set[str] = set()
    fragments: list[tuple[str, str]] = []

    def visit(element, where: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        name = _local(tag)
        attrs = {_local(k): v for k, v in element.attrib.items()}
        where = attrs.get("data-source") or where
        if name in _FORBIDDEN_ELEMENTS:
            problems.append((where, f"a <{name}> element is not allowed in printed content"))
        rel = attrs.get("rel", "").lower().split()
        if "attachment" in rel:
            problems.append((where, f"attachments are not allowed ({attrs.get('href', '')!r})"))
        for attr, value in attrs.items():
            if attr == "id":
                ids.add(value)
            if attr == "href" and name in _LINK_ELEMENTS:
                if problem := _link_problem(value):
                    problems.append((where, problem))
                elif value.strip().startswith("#"):
                    fragments.append((where, unquote(value.strip()[1:])))
            elif attr in _RESOURCE_ATTRS:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value]
                for url in urls:
                    if problem := _asset_problem(url, project_root):
                        problems.append((where, problem))
            elif attr == "style":
                for url in _css_urls(value, declarations=True):
                    if problem := _asset_problem(url, project_root):
                        problems.append((where, problem))
        if name == "style":
            for url in _css_urls(element.text or "", declarations=False):
                if problem := _asset_problem(url, project_root):
                    problems.append((where, problem))
        if name == "img" and not (attrs.get("alt") or "").strip():
            alt_missing.append((where, attrs.get("src", "?")))
        for child in element:
            visit(child, where)

    visit(tree, source)
    if problems:
        lines = [f"{where}: {message}" for where, message in problems]
        raise UnsafeReference("unsafe reference in printed content:\n  " + "\n  ".join(lines))
    broken = [f"{where}: the link '#{fragment}' points at nothing in the document"
              for where, fragment in fragments if fragment not in ids]
    if broken:
        raise BuildError("broken links:\n  " + "\n  ".join(broken))
    if alt_missing:
        lines = [f"{where}: the image {src!r} has no alternative text; write ![what it shows]({src})"
                 for where, src in alt_missing]
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


# ---------------------------------------------------------------------------- fonts


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


# ---------------------------------------------------------------------------- fetcher


WEB_FONTS = (".woff2", ".woff")
FONT_CACHE = Path("build") / "fonts"  # in the project: unpacked web fonts, named by content
# Compressed web fonts, unpacked once: WeasyPrint unpacks a WOFF2 font with fontTools in pure
# Python, 3.8 s for the shipped fonts, which every print worker paid when it started (and again
# each time it was replaced), in every build. They are kept in the project's build/fonts/ and,
# within a build, in memory (workers are forked after the main process has filled it).
_unpacked: dict[tuple[str, int, int], bytes] = {}


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


# ---------------------------------------------------------------------------- workers


class _Worker:
    """What one process keeps between documents: parsing CSS and loading fonts cost time."""

    def __init__(self, project_root: str, css: str):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = make_fetcher(project_root)
        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(string=symbols.css(), base_url=base_url(project_root), url_fetcher=self.fetcher,
                font_config=self.font_config),
            CSS(string=css, base_url=base_url(project_root), url_fetcher=self.fetcher,
                font_config=self.font_config),
        ]
        self.families = _declared_families(css) | {symbols.FAMILY}
        self.root = project_root
        self.extra: dict[tuple[str, str], object] = {}

    def sheet(self, name: str):
        """A further stylesheet from the templates (`print/plans.css`), parsed once per content:
        given to WeasyPrint ready, where inlined in each document it was parsed, and scanned,
        for every one of them."""
        from weasyprint import CSS
        from weasyprint.urls import FatalURLFetchingError

        path = template_css_path(self.root, name)
        text = path.read_text(encoding="utf-8")
        key = (name, hashlib.sha256(text.encode("utf-8")).hexdigest())
        if key not in self.extra:
            try:
                self.extra[key] = CSS(string=text, base_url=base_url(self.root), url_fetcher=self.fetcher,
                                      font_config=self.font_config)
            except FatalURLFetchingError as exc:
                raise UnsafeReference(f"{_display(path, self.root, name)}: {exc}") from None
            self.families |= _declared_families(text)
        return self.extra[key]


# One per project and stylesheet text: a long-lived process (a preview server) sees edits.
_workers: dict[tuple[str, str], _Worker] = {}
_lock = threading.Lock()


def template_css_path(project_root: Path | str, name: str) -> Path:
    """A stylesheet of the templates: the project's templates/<name>, else the built-in one."""
    for folder in search_path(Path(project_root)):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise BuildError(f"no {name} in the project's templates/ or the built-in templates")


def print_css_path(project_root: Path | str) -> Path:
    """The print stylesheet: the project's templates/print/print.css, else the built-in one."""
    return template_css_path(project_root, PRINT_CSS)


def _declared_families(css: str) -> set[str]:
    return {m.group(2) for m in re.finditer(r"font-family\s*:\s*([\"'])([^\"']+)\1", css)}


def init_worker(project_root: str, *, forked: bool = False) -> None:
    """Load WeasyPrint, the fonts and the print stylesheet once in this process.

    A forked worker (`forked=True`) makes its own: the ones it inherited share Fontconfig and
    FreeType state, and a temporary font folder, with the main process. They are kept referenced,
    never freed here, as freeing one would delete that folder under the main process. What the
    main process loaded first still helps: the unpacked fonts are inherited.
    """
    if forked:
        _inherited.extend(_workers.values())
        _workers.clear()
    _worker(project_root)


_inherited: list[_Worker] = []


def _worker(project_root: str) -> _Worker:
    from weasyprint.urls import FatalURLFetchingError

    root = str(Path(project_root).resolve())
    css_path = print_css_path(root)
    css = css_path.read_text(encoding="utf-8")
    key = (root, hashlib.sha256(css.encode("utf-8")).hexdigest())
    with _lock:
        if key not in _workers:
            try:
                _workers[key] = _Worker(root, css)
            except FatalURLFetchingError as exc:  # a stylesheet asked for a file outside assets/
                raise UnsafeReference(f"{_display(css_path, root)}: {exc}") from None
        return _workers[key]


def _display(path: Path, root: str, name: str = PRINT_CSS) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return f"built-in {name}"


# ---------------------------------------------------------------------------- rendering


class RenderLimit(BaseException):
    """Raised from inside WeasyPrint's layout loop; a BaseException so nothing swallows it."""


class _Budget(logging.Filter):
    """Watches WeasyPrint's progress messages (one per laid-out page) and stops a runaway."""

    local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        budget = getattr(self.local, "budget", None)
        if budget is not None:
            max_pages, deadline = budget
            if record.msg == "Step 5 - Creating layout - Page %d" and record.args and record.args[0] > max_pages:
                raise RenderLimit(f"more than {max_pages} pages")
            if time.monotonic() > deadline:
                raise RenderLimit(f"more than {MAX_SECONDS:.0f} seconds")
        return False  # never print progress


class _Collect(logging.Handler):
    """Keeps WeasyPrint's errors for the document being rendered."""

    local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(self.local, "sink", None)
        if sink is not None and record.levelno >= logging.ERROR:
            sink.append(record.getMessage())


_budget = _Budget()
_collect = _Collect()


@cache
def _install_logging() -> None:
    from weasyprint.logger import LOGGER, PROGRESS_LOGGER

    PROGRESS_LOGGER.setLevel(logging.INFO)  # the filter needs the per-page messages
    PROGRESS_LOGGER.propagate = False
    PROGRESS_LOGGER.addFilter(_budget)
    LOGGER.addHandler(_collect)


def pdf_date(now: dt.datetime | None = None) -> str:
    """The document date: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    else:
        when = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_metadata(html: str, lang: str, title: str) -> str:
    """Set the language, title and dates WeasyPrint writes into the PDF, if the HTML lacks them."""
    from markupsafe import escape

    if not re.search(r"<html\b[^>]*\slang\s*=", html, re.I):
        html = re.sub(r"<html\b", f'<html lang="{escape(lang)}"', html, count=1, flags=re.I)
    extra = []
    if not re.search(r"<title\b", html, re.I):
        extra.append(f"<title>{escape(title)}</title>")
    stamp = pdf_date()
    for name in ("dcterms.created", "dcterms.modified"):
        if not re.search(rf"<meta\b[^>]*name\s*=\s*[\"']?{re.escape(name)}", html, re.I):
            extra.append(f'<meta name="{name}" content="{stamp}">')
    if extra:
        html, count = re.subn(r"(<head\b[^>]*>)", lambda m: m.group(1) + "".join(extra), html, count=1, flags=re.I)
        if not count:
            raise BuildError("the print template has no <head> element")
    return html


def _parsed_html(tree, base: str, fetcher):
    """A WeasyPrint HTML document from a tree already parsed by `parse_html`.

    `weasyprint.HTML` only takes text; its constructor parses and wraps the tree, which is all
    this does (the base is the project root: `<base>` elements are refused by `check_html`).
    Parsing a plan twice cost about 3 % of its printing time.
    """
    import cssselect2
    from weasyprint import HTML

    document = HTML.__new__(HTML)
    document.base_url, document.url_fetcher, document.media_type = base, fetcher, "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


def render_pdf(html: str, *, lang: str, title: str, project_root: str, source: str = "",
               stylesheets: tuple[str, ...] = ()) -> bytes:
    """Print one HTML document to a tagged PDF (PDF/UA-1) and return its bytes; `stylesheets`
    names stylesheets of the templates applied after the print stylesheet.

    Raises UnsafeReference when the document references anything outside the assets
    (the message names `source`, or the content file the reference sits in) and
    BuildError when the render fails, runs away or needs a font the project lacks.
    """
    source = source or title or "document"
    if len(html) > MAX_HTML_CHARS:
        raise BuildError(f"{source}: the document is too large to print ({len(html)} characters)")
    # Parsed once: the tree that is checked is the tree that is printed.
    tree = parse_html(_with_metadata(html, lang, title))
    check_html(tree, project_root=project_root, source=source)
    worker = _worker(project_root)
    _install_logging()

    from weasyprint.urls import FatalURLFetchingError
    errors: list[str] = []
    _Budget.local.budget = (MAX_PAGES, time.monotonic() + MAX_SECONDS)
    _Collect.local.sink = errors
    try:
        document = _parsed_html(tree, base_url(project_root), worker.fetcher).render(
            font_config=worker.font_config,
            stylesheets=[*worker.stylesheets, *(worker.sheet(name) for name in stylesheets)],
            pdf_variant=PDF_VARIANT,
        )
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)
    except RenderLimit as exc:
        raise BuildError(f"{source}: stopped a render that ran away ({exc}); check the content for a loop "
                         "or an enormous table") from None
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc.__context__
        raise UnsafeReference(f"{source}: {cause or exc}") from None
    finally:
        _Budget.local.budget = None
        _Collect.local.sink = None
    if errors:
        raise BuildError(f"{source}: the PDF renderer reported:\n  " + "\n  ".join(dict.fromkeys(errors)))
    foreign = sorted({font.family for font in document.fonts.values()} - worker.families)
    if foreign:
        raise BuildError(
            f"{source}: the document needs fonts from this machine ({', '.join(foreign)}); "
            "every font must come from assets/fonts"
        )
    return data
