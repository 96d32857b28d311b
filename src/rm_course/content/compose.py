"""Documents composed from several YAML files, each value still located in the file it was written in.

A project that extends the built-in curriculum sees modules and catalogues made of the base's
files, its own files and the patches in its programme.yml. The composed data is validated like
any file's; a `ComposedDocument` sends every position back to the file and place it came from,
so a diagnostic names the project's file or the base's, never a merged one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic
from .yamlload import Document, Loc


@dataclass
class ComposedDocument(Document):
    """Data made of several documents; `routes` maps a place in it to a place in one of them."""

    routes: dict[Loc, tuple[Document, Loc]] = field(default_factory=dict)

    @classmethod
    def over(cls, main: Document) -> ComposedDocument:
        """A copy of `main` (its data copied) that other documents' values may be put into."""
        return cls(path=main.path, display=main.display, data=copy.deepcopy(main.data), routes={(): (main, ())})

    def origin(self, loc: Loc) -> tuple[Document, Loc]:
        loc = tuple(loc)
        for n in range(len(loc), -1, -1):
            hit = self.routes.get(loc[:n])
            if hit is not None:
                doc, at = hit
                return doc.origin(at + loc[n:])
        return self, loc

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        doc, at = self.origin(loc)
        return doc.where(at, key=key)

    def diag(self, loc: Loc, message: str, *, severity: str = "error", key: bool = False) -> Diagnostic:
        doc, at = self.origin(loc)
        return doc.diag(at, message, severity=severity, key=key)

    def put(self, loc: Loc, value: Any, source: Document, at: Loc) -> None:
        """Set the value at `loc` (its parent must exist) to one written in `source` at `at`."""
        parent = self.data
        for part in loc[:-1]:
            parent = parent[part]
        if isinstance(parent, list) and loc[-1] == len(parent):
            parent.append(copy.deepcopy(value))
        else:
            parent[loc[-1]] = copy.deepcopy(value)
        for old in [r for r in self.routes if r[:len(loc)] == tuple(loc) and r]:
            del self.routes[old]
        self.routes[tuple(loc)] = (source, tuple(at))

    def drop(self, loc: Loc, ids: set[str], key: str | None = None) -> list[str]:
        """Remove from the list at `loc` the ids in `ids` (or the items whose `key` is one); the
        kept items keep their origin. Returns the ids removed."""
        items = value_at(self.data, loc)
        if not isinstance(items, list):
            return []
        kept, origins, dropped = [], [], []
        for i, item in enumerate(items):
            value = item.get(key) if key and isinstance(item, dict) else item
            if isinstance(value, str) and value in ids:
                dropped.append(value)
                continue
            kept.append(item)
            origins.append(self.origin(tuple(loc) + (i,)))
        if dropped:
            items[:] = kept
            for old in [r for r in self.routes if len(r) > len(loc) and r[:len(loc)] == tuple(loc)]:
                del self.routes[old]
            for j, hit in enumerate(origins):
                self.routes[tuple(loc) + (j,)] = hit
        return dropped


def value_at(data: Any, loc: Loc) -> Any:
    """The value at `loc` in plain YAML data, or None when the path does not exist."""
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def ids_of(doc: Document | None, key: str) -> dict[str, int]:
    """The ids of the list `key` of a catalogue file, each with its index."""
    items = value_at(doc.data, (key,)) if doc is not None else None
    out: dict[str, int] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.setdefault(item["id"], i)
    return out
