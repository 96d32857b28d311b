"""A loaded programme project: every model of the curriculum, and the documents they came from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .models import (
    Assessment,
    Glossary,
    Module,
    Programme,
    SessionCatalogue,
    Timeline,
    ToolCatalogue,
    TrackCatalogue,
)
from .yamlload import Document


class ModuleIndex(dict):
    """The modules by id, able to note which ones a document reads while it renders.

    A plan depends on the modules of its sessions and on whatever its templates look up; the
    engine records those ids so that editing one module re-renders only the documents that
    read it. Listing or iterating the modules counts as reading all of them ("*").
    """

    _readers: list[set[str]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._readers = []

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Collect, for the duration of the block, the ids of every module looked up."""
        used: set[str] = set()
        self._readers.append(used)
        try:
            yield used
        finally:
            self._readers.remove(used)

    def _note(self, key) -> None:
        for used in self._readers:
            used.add(key if isinstance(key, str) else "*")

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)

    def __iter__(self):
        self._note(None)
        return super().__iter__()

    def keys(self):
        self._note(None)
        return super().keys()

    def values(self):
        self._note(None)
        return super().values()

    def items(self):
        self._note(None)
        return super().items()

    def __len__(self) -> int:
        self._note(None)
        return super().__len__()


@dataclass
class Project:
    """A loaded programme project: every model, and the documents they came from."""

    root: Path
    programme: Programme
    modules: ModuleIndex  # dict[str, Module]
    tools: ToolCatalogue
    tracks: TrackCatalogue
    glossary: Glossary
    timeline: Timeline
    assessment: Assessment
    sessions: SessionCatalogue
    docs: dict[str, Document] = field(default_factory=dict)  # key: "programme", "module:<id>", …
    # Values worked out once per loaded project (the build's digests), by name.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def languages(self) -> list[str]:
        return list(self.programme.languages)

    @property
    def curriculum(self) -> Path:
        return self.root / "curriculum"

    def module_file(self, module_id: str) -> Path:
        return self.docs[f"module:{module_id}"].path

    def modules_in(self, track: str) -> list[Module]:
        return [m for m in self.modules.values() if m.track.value == track]

    def session_type(self, type_id: str):
        for st in self.sessions.session_types + self.sessions.group_events:
            if st.id == type_id:
                return st
        raise KeyError(type_id)
