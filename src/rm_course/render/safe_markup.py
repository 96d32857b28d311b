"""What curriculum text may contain: Markdown without raw HTML, links to the web, images from assets/.

The curriculum takes contributions from many authors and the site publishes their Markdown as
HTML, so `check` (and `build`, before anything is written) reads every text of every curriculum
file with the dialect itself and refuses what could run script or reach a file or a local
service: raw HTML tags, links that are not http(s)/mailto/tel/#fragment (`javascript:`, `data:`,
`file://`, relative files), links and addresses to this machine, images that are not a file of
assets/. These are also exactly the references the PDF build refuses, so a text that passes
here prints too. Each problem is located at the file, line and column of the offending text.
"""

from __future__ import annotations

import html
import ipaddress
import socket
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import markdown
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..content.project import Project
from ..content.yamlload import Document, Loc, dotted
from ..errors import Diagnostic
from ..resources import find_file
from . import dialect

LINK_SCHEMES = ("http", "https", "mailto", "tel")
URL_KEYS = ("url", "site_url")  # data fields holding a web address, checked like a link
MARKS = ("<", "](", "]:", "][")


class _RawHtml(InlineProcessor):
    """Notes each raw HTML tag or comment instead of passing it through."""

    def __init__(self, found: list[tuple[str, str]]):
        super().__init__(HTML_RE)
        self.found = found

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        if not m.group(1).startswith("</"):  # the opening tag says it all
            self.found.append(("html", m.group(1)))
        return m.group(1).replace("<", "&lt;"), m.start(0), m.end(0)


class _References(Treeprocessor):
    """Notes every link and image address of the rendered tree."""

    def __init__(self, md, found: list[tuple[str, str]]):
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "a" and "href" in el.attrib:
                self.found.append(("link", el.attrib["href"]))
            elif el.tag == "img":
                self.found.append(("image", el.attrib.get("src", "")))


class _Recorder(markdown.Extension):
    def __init__(self, found: list[tuple[str, str]]):
        super().__init__()
        self.found = found

    def extendMarkdown(self, md):  # noqa: N802
        # Without the block-level reader, block HTML reaches the inline one and is noted there too.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.register(_RawHtml(self.found), "html", 90)
        md.treeprocessors.register(_References(md, self.found), "rm_references", 0)


def is_local_host(host: str | None) -> bool:
    """This machine (loopback, unspecified) or a link-local address (cloud metadata services)."""
    host = (host or "").strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        try:  # the short and numeric IPv4 forms browsers accept too: 127.1, 2130706433, 0x7f.1
            ip = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False
    return ip.is_loopback or ip.is_unspecified or ip.is_link_local


def clean_url(url: str) -> str:
    """The address a browser would follow: entities decoded (Python-Markdown hides a mailto:
    behind placeholders of `&`), controls and spaces around it dropped."""
    return html.unescape(url.replace("\x02amp\x03", "&")).strip("".join(map(chr, range(33))))


def link_problem(href: str) -> str | None:
    """Why a link may not be published (None when it may)."""
    href = clean_url(href)
    if href.startswith("#"):
        return None
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        kind = f"a {scheme}: address" if scheme else "a local file"
        return f"the link {_short(href)} points at {kind}; links go to http(s) pages, mailto: or tel:"
    if scheme in ("http", "https") and is_local_host(parts.hostname):
        return f"the link {_short(href)} points at this machine; link to a public address"
    return None


def image_problem(src: str, project: Project) -> str | None:
    """Why an image may not be shown (None when it may): a data: image or a file of assets/."""
    src = clean_url(src)
    if src.lower().startswith("data:image/") and not src.lower().startswith("data:image/svg"):
        return None
    parts = urlsplit(src)
    rel = unquote(parts.path)
    if parts.scheme or parts.netloc or not rel.startswith("assets/"):
        return f"the image {_short(src)} is not a file of assets/; put it in assets/images/ and write assets/images/…"
    if find_file("assets", rel.removeprefix("assets/"), project.root) is None:
        return f"the image {_short(src)} is not a file inside assets/ (missing, or a link that leads outside)"
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class Scanner:
    """Renders texts with the dialect and a recorder; one converter, reset between texts."""

    def __init__(self):
        self.found: list[tuple[str, str]] = []
        self.md = markdown.Markdown(extensions=[*dialect.EXTENSIONS, _Recorder(self.found)],
                                    extension_configs=dialect.EXTENSION_CONFIGS)

    def scan(self, text: str) -> list[tuple[str, str]]:
        """(kind, snippet) for every raw HTML tag, link and image of `text`."""
        self.found.clear()
        self.md.reset()
        self.md.convert(text)
        return list(self.found)


def _strings(data, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))


def locate(doc: Document, loc: Loc, snippet: str) -> tuple[int, int]:
    """Line and column of `snippet` in the file, searched from the start of the value at `loc`;
    the value's own position when the text was written differently (escapes in quotes)."""
    line, col = doc.where(loc)
    try:
        source = doc.path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return line, col
    lines = source.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: line - 1]) + col - 1
    first = snippet.splitlines()[0] if snippet.strip() else snippet
    found = source.find(first, start) if first else -1
    if found < 0:
        return line, col
    before = source[:found]
    return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1


def _text_problems(scanner: Scanner, project: Project, doc: Document, loc: Loc, text: str) -> Iterator[Diagnostic]:
    if loc and loc[-1] in URL_KEYS:
        found = [("link", text)]
    elif any(mark in text for mark in MARKS):
        found = scanner.scan(text)
    else:  # no tag, link or image can be written without one of the marks: skip the rendering
        return
    for kind, snippet in found:
        if kind == "html":
            message = (f"raw HTML {_short(snippet)} is not allowed in curriculum text; write it in Markdown, "
                       "or between backticks to show it as code")
        elif kind == "link":
            message = link_problem(snippet)
        else:
            message = image_problem(snippet, project)
        if message:
            source, at = doc.origin(loc)  # a patched value is reported where the patch is written
            line, col = locate(source, at, snippet)
            yield Diagnostic(source.display, line, col, message, dotted(at))


def markup_problems(project: Project) -> list[Diagnostic]:
    """Every raw HTML tag, unsafe link and unsafe image in every text of the curriculum."""
    scanner = Scanner()
    diags: list[Diagnostic] = []
    for doc in project.docs.values():
        for loc, text in _strings(doc.data):
            diags += _text_problems(scanner, project, doc, loc, text)
    return list(dict.fromkeys(diags))  # a patch's text is read in programme.yml and in its module
