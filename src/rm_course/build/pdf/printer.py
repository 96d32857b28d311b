"""Print HTML to tagged PDF (PDF/UA-1) with WeasyPrint, in the process that calls it or a print worker.

Each process keeps what costs time between documents (the fetcher, the font configuration, the
parsed stylesheets); a render that runs away (pages, seconds) is stopped. WeasyPrint is imported
only inside the functions that print, so planning a build stays fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import threading
import time
from functools import cache
from pathlib import Path

from ...errors import BuildError, UnsafeReference
from ...render import symbols
from ...resources import PRINT_CSS, template_file
from .fetcher import make_fetcher
from .fonts import declared_families
from .references import base_url, check_html, parse_html

PDF_VARIANT = "pdf/ua-1"
# A render that passes either limit is stopped: content that loops or explodes must not
# hold a build (or a CI runner) for ever.
MAX_PAGES = 600
MAX_SECONDS = 300.0
MAX_HTML_CHARS = 20_000_000


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
        self.families = declared_families(css) | {symbols.FAMILY}
        self.root = project_root
        self.extra: dict[tuple[str, str], object] = {}

    def sheet(self, name: str):
        """A further stylesheet from the templates (`print/plans.css`), parsed once per content:
        given to WeasyPrint ready, where inlined in each document it was parsed, and scanned,
        for every one of them."""
        from weasyprint import CSS
        from weasyprint.urls import FatalURLFetchingError

        path = template_file(self.root, name)
        text = path.read_text(encoding="utf-8")
        key = (name, hashlib.sha256(text.encode("utf-8")).hexdigest())
        if key not in self.extra:
            try:
                self.extra[key] = CSS(string=text, base_url=base_url(self.root), url_fetcher=self.fetcher,
                                      font_config=self.font_config)
            except FatalURLFetchingError as exc:
                raise UnsafeReference(f"{_display(path, self.root, name)}: {exc}") from None
            self.families |= declared_families(text)
        return self.extra[key]


# One per project and stylesheet text: a long-lived process (a preview server) sees edits.
_workers: dict[tuple[str, str], _Worker] = {}
_lock = threading.Lock()


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
    css_path = template_file(root, PRINT_CSS)
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


def _layout(html: str, *, lang: str, title: str, project_root: str, source: str, stylesheets: tuple[str, ...]):
    """Check and lay out one document; returns the WeasyPrint document and the printing worker."""
    if len(html) > MAX_HTML_CHARS:
        raise BuildError(f"{source}: the document is too large to print ({len(html)} characters)")
    # Parsed once: the tree that is checked is the tree that is printed.
    tree = parse_html(_with_metadata(html, lang, title))
    check_html(tree, project_root=project_root, source=source)
    worker = _worker(project_root)
    _install_logging()
    document = _parsed_html(tree, base_url(project_root), worker.fetcher).render(
        font_config=worker.font_config,
        stylesheets=[*worker.stylesheets, *(worker.sheet(name) for name in stylesheets)],
        pdf_variant=PDF_VARIANT,
    )
    return document, worker


def _guarded(source: str, step):
    """Run `step` under the render limits, turning WeasyPrint's failures into build errors."""
    from weasyprint.urls import FatalURLFetchingError

    errors: list[str] = []
    _Budget.local.budget = (MAX_PAGES, time.monotonic() + MAX_SECONDS)
    _Collect.local.sink = errors
    try:
        result = step()
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
    return result


def render_pdf(html: str, *, lang: str, title: str, project_root: str, source: str = "",
               stylesheets: tuple[str, ...] = ()) -> bytes:
    """Print one HTML document to a tagged PDF (PDF/UA-1) and return its bytes; `stylesheets`
    names stylesheets of the templates applied after the print stylesheet.

    Raises UnsafeReference when the document references anything outside the assets
    (the message names `source`, or the content file the reference sits in) and
    BuildError when the render fails, runs away or needs a font the project lacks.
    """
    source = source or title or "document"

    def step():
        document, worker = _layout(html, lang=lang, title=title, project_root=project_root, source=source,
                                   stylesheets=stylesheets)
        return document, worker, document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)

    document, worker, data = _guarded(source, step)
    foreign = sorted({font.family for font in document.fonts.values()} - worker.families)
    if foreign:
        raise BuildError(
            f"{source}: the document needs fonts from this machine ({', '.join(foreign)}); "
            "every font must come from assets/fonts"
        )
    return data


def page_numbers(html: str, *, lang: str, title: str, project_root: str, source: str = "",
                 stylesheets: tuple[str, ...] = ()) -> dict[str, int]:
    """The page (from 1) each element with an id starts on, laid out exactly as `render_pdf`
    prints it (same fonts, stylesheets and limits), without writing the PDF."""
    source = source or title or "document"

    def step():
        document, _ = _layout(html, lang=lang, title=title, project_root=project_root, source=source,
                              stylesheets=stylesheets)
        found: dict[str, int] = {}
        for number, page in enumerate(document.pages, start=1):
            for anchor in page.anchors:
                found.setdefault(anchor, number)
        return found

    return _guarded(source, step)
