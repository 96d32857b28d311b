"""Check of each module's sources against the project's list of known low-quality hosts."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

from ...errors import Diagnostic
from ..project import Project


@cache
def weak_hosts() -> dict[str, str]:
    """{host: why it is weak}, read from the package's weak_hosts.txt."""
    out = {}
    for line in files("rm_course.content").joinpath("weak_hosts.txt").read_text("utf-8").splitlines():
        host, _, why = line.partition("#")
        if host.strip():
            out[host.strip().lower()] = why.strip()
    return out


def weak_host(url: str) -> str | None:
    """The listed host `url` is on (itself or a subdomain of it), if any."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    listed = weak_hosts()
    parts = host.split(".")
    # The most specific listed suffix decides, so an exception (`!host`) wins over its parent host.
    found = next((h for h in (".".join(parts[i:]) for i in range(len(parts))) if h in listed or "!" + h in listed), None)
    return found if found in listed else None


def weak_sources(project: Project, now: dt.date) -> list[Diagnostic]:
    """A warning (an error with --strict) at each source whose host is a known low-quality one."""
    diags = []
    for m in project.modules.values():
        doc = project.docs[f"module:{m.id}"]
        for i, src in enumerate(m.sources):
            if host := weak_host(src.url):
                diags.append(doc.diag(("sources", i, "url"), f"{host} is a weak source ({weak_hosts()[host]}); "
                                      "cite the primary source: the vendor's help centre or press release, "
                                      "the official text", severity="warning"))
    return diags
