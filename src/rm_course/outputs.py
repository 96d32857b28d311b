"""What a build makes: a list of outputs, each a file with everything needed to produce it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Output:
    """One file of a build, relative to its output root (dist/ or private/<cohort>/).

    Exactly one of `html` (printed to PDF by WeasyPrint in a worker process) or `data`
    (written as is) is set. `label` is shown in progress messages: it never names a person.
    """

    dest: str
    label: str
    html: str | None = None
    data: bytes | None = None
    lang: str = "en"
    title: str = ""
    deps: tuple[str, ...] = field(default_factory=tuple)  # extra dependency digests (stylesheets, fonts)

    def key(self, salt: str = "") -> str:
        """Hash of everything the file depends on: equal keys mean an identical file."""
        h = hashlib.sha256()
        for part in (salt, self.dest, self.lang, self.title, *self.deps):
            h.update(part.encode("utf-8") + b"\0")
        h.update(self.html.encode("utf-8") if self.html is not None else b"html:none")
        h.update(b"\0")
        h.update(self.data if self.data is not None else b"data:none")
        return h.hexdigest()
