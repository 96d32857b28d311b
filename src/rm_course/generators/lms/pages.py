"""The built site's pages rewritten for a package: links stay inside it, checklists can be ticked.

Only the start tags that change are rewritten (found with the standard library's HTML parser);
the rest of each page is kept byte for byte. A link to a page the package does not hold loses its
address (the package's stylesheet hides such navigation entries); a link to another site opens in
a new window, so the LMS's frame keeps the course.
"""

from __future__ import annotations

import json
import posixpath
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

STYLESHEET = "assets/stylesheets/rm-scorm.css"


def page_target(page: str, href: str) -> tuple[str, str] | None:
    """The site path (and `#fragment`) a relative link of `page` points to; None when it leaves the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    base = posixpath.dirname(page)
    path = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else page
    if path == ".." or path.startswith("../") or path.startswith("/"):
        return None
    if path == ".":
        path = ""
    if parts.path.endswith("/") or path == "" or not posixpath.splitext(path)[1]:
        path = posixpath.join(path, "index.html") if path else "index.html"
    return path, (f"#{parts.fragment}" if parts.fragment else "")


def relative(page: str, path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


def _tag(name: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    out = [name]
    for key, value in attrs:
        out.append(key if value is None else f'{key}="{escape(value, quote=True)}"')
    return "<" + " ".join(out) + ("/>" if closed else ">")


class _Rewriter(HTMLParser):
    """Collects (start, end, new text) for each start tag to change."""

    def __init__(self, page: str, files: set[str]):
        super().__init__(convert_charrefs=True)
        self.page, self.files = page, files
        self.edits: list[tuple[tuple[int, int], str, str]] = []  # (position, old text, new text)
        self.in_task_label = False
        self.boxes = 0

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_task_label = False

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        new = None
        if tag == "a":
            new = self._link(attrs)
        elif tag == "link" and self._leaves(dict(attrs).get("href")):
            # The other languages' pages (rel=alternate): the theme would fetch their sitemaps.
            self.edits.append((self.getpos(), self.get_starttag_text(), ""))
            return
        elif tag == "label" and "task-list-control" in (dict(attrs).get("class") or "").split():
            self.in_task_label = True
        elif tag == "input" and self.in_task_label and dict(attrs).get("type") == "checkbox":
            self.boxes += 1
            new = [(k, v) for k, v in attrs if k != "disabled"]  # the learner ticks them here
        if new is not None:
            self.edits.append((self.getpos(), self.get_starttag_text(), _tag(tag, new, closed)))

    def _leaves(self, href: str | None) -> bool:
        """Whether a relative address points at a file the package does not hold."""
        if not href or href.startswith("#") or urlsplit(href).scheme:
            return False
        target = page_target(self.page, href)
        return target is None or target[0] not in self.files

    def _inside(self, index: str) -> tuple[str, str] | None:
        """The first page of the package under the folder of a section's index page, if any."""
        folder = posixpath.dirname(index)
        pages = sorted(f for f in self.files if f.endswith(".html") and f.startswith(folder + "/"))
        return (pages[0], "") if folder and pages else None

    def _link(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]] | None:
        href = dict(attrs).get("href")
        if href is None or href.startswith("#"):
            return None
        rest = [(k, v) for k, v in attrs if k not in ("href", "target", "rel")]
        scheme = urlsplit(href).scheme.lower()
        if scheme in ("http", "https"):
            return [*rest, ("href", href), ("target", "_blank"), ("rel", "noopener noreferrer")]
        if scheme == "mailto":
            return None
        target = page_target(self.page, href)
        if target is not None and target[0] not in self.files and "md-tabs__link" in (dict(attrs).get("class") or ""):
            target = self._inside(target[0])  # a tab leads to the package's first page of its section
        if target is None or target[0] not in self.files:
            return rest  # outside the package: the words stay, the address goes
        path, fragment = target
        return [*[(k, v) for k, v in attrs if k != "href"], ("href", relative(self.page, path) + fragment)]


def _offsets(text: str) -> list[int]:
    starts, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def rewrite_page(page: str, html: str, files: set[str]) -> tuple[str, int]:
    """A page of the package, and the number of checklist boxes it has.

    `files` holds every path of the package; links to any other page lose their address.
    """
    parser = _Rewriter(page, files)
    parser.feed(html)
    parser.close()
    lines = _offsets(html)
    out, last = [], 0
    for (line, col), old, new in parser.edits:
        start = lines[line - 1] + col
        if html[start:start + len(old)] != old:  # the parser's position is exact; never guess
            raise ValueError(f"{page}: could not rewrite a tag at line {line}")
        out += [html[last:start], new]
        last = start + len(old)
    out.append(html[last:])
    text = "".join(out)
    sheet = f'<link rel="stylesheet" href="{relative(page, STYLESHEET)}">\n'
    head_end = text.find("</head>")
    if head_end >= 0:
        text = text[:head_end] + sheet + text[head_end:]
    return text, parser.boxes


def rewrite_search_index(data: bytes, pages: set[str]) -> bytes:
    """The search index with only the package's pages, addressed by file (an LMS serves no folders)."""
    index = json.loads(data)
    docs = []
    for doc in index.get("docs", []):
        target = page_target("index.html", doc.get("location", "") or "./")
        if target and target[0] in pages:
            docs.append({**doc, "location": target[0] + target[1]})
    index["docs"] = docs
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
