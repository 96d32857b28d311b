"""What a build makes: a list of outputs, each a file with everything needed to produce it."""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Output:
    """One file of a build, relative to its output root (dist/ or private/<cohort>/).

    A printed output has `html` (printed to PDF by WeasyPrint) or `make`
    (a function returning that HTML, called only when needed); a plain file has `data` or
    `make_data` (a function returning its bytes, likewise lazy). `inputs`, when given, digests
    what the file is made from: equal to the last build's, the file is kept without rendering
    anything. `uses`, filled in by `make` when it knows, lists the curriculum modules the
    document read, so that editing any other module leaves it alone. `label` is shown in
    progress messages: it never names a person.
    """

    dest: str
    label: str
    html: str | None = None
    data: bytes | None = None
    lang: str = "en"
    title: str = ""
    deps: tuple[str, ...] = field(default_factory=tuple)  # extra dependency digests (stylesheets, fonts)
    make: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    make_data: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)
    inputs: str | None = None
    uses: frozenset[str] | None = None  # module ids read while rendering ("*": all of them)
    alone: bool = False  # grows with the cohort: printed while no other document is (memory)
    stylesheets: tuple[str, ...] = ()  # further template stylesheets (their digests are in `deps`)

    @property
    def printed(self) -> bool:
        return self.html is not None or self.make is not None

    def materialize(self) -> None:
        """Render the HTML or the bytes now (once); the title defaults to the document's <title>."""
        if self.html is None and self.make is not None:
            self.html = self.make()
            self.make = None
        if self.data is None and self.make_data is not None:
            self.data = self.make_data()
            self.make_data = None
        if self.html is not None and not self.title:
            m = re.search(r"<title>(.*?)</title>", self.html, re.S)
            self.title = htmllib.unescape(m.group(1)).strip() if m else ""

    def key(self, salt: str = "") -> str:
        """Hash of everything the file depends on: equal keys mean an identical file."""
        self.materialize()
        h = hashlib.sha256()
        for part in (salt, self.dest, self.lang, self.title, *self.stylesheets, *self.deps):
            h.update(part.encode("utf-8") + b"\0")
        h.update(self.html.encode("utf-8") if self.html is not None else b"html:none")
        h.update(b"\0")
        h.update(self.data if self.data is not None else b"data:none")
        return h.hexdigest()
