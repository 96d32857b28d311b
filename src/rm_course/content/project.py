"""Load a programme project (curriculum YAML) into models, collecting every problem found."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..errors import ContentError, Diagnostic, relpath
from .models import (
    LANGUAGES,
    TRACKS,
    Assessment,
    Glossary,
    Module,
    Programme,
    SessionCatalogue,
    Timeline,
    ToolCatalogue,
    TrackCatalogue,
)
from .validate import validate
from .yamlload import Document, YamlError, load_file

M = TypeVar("M", bound=BaseModel)

CURRICULUM_FILES = {
    "tools": ("tools.yml", ToolCatalogue),
    "tracks": ("tracks.yml", TrackCatalogue),
    "glossary": ("glossary.yml", Glossary),
    "timeline": ("timeline.yml", Timeline),
    "assessment": ("assessment.yml", Assessment),
    "sessions": ("sessions.yml", SessionCatalogue),
}


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


def _read(path: Path, root: Path, model: type[M], context: dict, diags: list[Diagnostic]):
    display = relpath(path, root)
    try:
        doc = load_file(path, display)
    except YamlError as exc:
        diags.extend(exc.diagnostics)
        return None, None
    obj, problems = validate(doc, model, context=context)
    diags.extend(problems)
    return obj, doc


def module_paths(curriculum: Path) -> list[Path]:
    return sorted((curriculum / "modules").glob("*/*.yml")) + sorted((curriculum / "modules").glob("*/*.yaml"))


def load_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """Load everything under `root/curriculum`; return the project (None on error) and diagnostics."""
    root = Path(root)
    curriculum = root / "curriculum"
    diags: list[Diagnostic] = []
    if not (curriculum / "programme.yml").is_file():
        diags.append(
            Diagnostic(
                relpath(curriculum / "programme.yml", root), 1, 1,
                "no programme here; run `rm-course init DIR` or pass --project DIR",
            )
        )
        return None, diags

    docs: dict[str, Document] = {}
    # The programme's languages decide what a translatable text must contain.
    languages = list(LANGUAGES)
    try:
        pdoc = load_file(curriculum / "programme.yml", relpath(curriculum / "programme.yml", root))
        langs = (pdoc.data or {}).get("languages") if isinstance(pdoc.data, dict) else None
        if isinstance(langs, list) and langs and all(lang in LANGUAGES for lang in langs):
            languages = langs
    except YamlError:
        pass
    context = {"languages": languages}

    programme, doc = _read(curriculum / "programme.yml", root, Programme, context, diags)
    if doc:
        docs["programme"] = doc
    if programme is not None:
        for i, lang in enumerate(programme.languages):
            if lang not in LANGUAGES:
                diags.append(doc.diag(("languages", i), f"unsupported language {lang!r}; use fr or en"))
        if programme.default_language not in programme.languages:
            diags.append(doc.diag(("default_language",), "the default language must be one of `languages`"))

    loaded: dict[str, object] = {}
    for key, (name, model) in CURRICULUM_FILES.items():
        obj, doc = _read(curriculum / name, root, model, context, diags)
        loaded[key] = obj
        if doc:
            docs[key] = doc

    modules: dict[str, Module] = {}
    for path in module_paths(curriculum):
        module, doc = _read(path, root, Module, context, diags)
        if module is None:
            continue
        if module.id in modules:
            other = docs[f"module:{module.id}"].display
            diags.append(doc.diag(("id",), f"duplicate module id {module.id!r} (also in {other})"))
            continue
        if path.stem != module.id:
            diags.append(doc.diag(("id",), f"the id {module.id!r} must match the file name {path.stem!r}"))
        if path.parent.name != module.track.value:
            diags.append(
                doc.diag(("track",), f"the module is in folder {path.parent.name!r} but declares track "
                         f"{module.track.value!r}; move the file or fix the track")
            )
        if path.parent.name not in TRACKS:
            diags.append(doc.diag((), f"unknown track folder {path.parent.name!r}; tracks are {', '.join(TRACKS)}"))
        modules[module.id] = module
        docs[f"module:{module.id}"] = doc

    if any(d.severity == "error" for d in diags) or programme is None or any(v is None for v in loaded.values()):
        return None, diags
    track_rank = {t: i for i, t in enumerate(TRACKS)}
    ordered = dict(
        sorted(modules.items(), key=lambda kv: (track_rank[kv[1].track.value], kv[1].order, kv[0]))
    )
    project = Project(root=root, programme=programme, modules=ModuleIndex(ordered), docs=docs, **loaded)  # type: ignore[arg-type]
    return project, diags


def open_project(root: Path) -> Project:
    """Load and check a project; raise ContentError with every error found."""
    from .checks import check_project

    project, diags = load_project(root)
    if project is not None:
        diags += check_project(project)
    errors = [d for d in diags if d.severity == "error"]
    if errors or project is None:
        raise ContentError(errors or diags)
    return project
