"""Load a programme project (curriculum YAML) into models, collecting every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .errors import ContentError, Diagnostic, relpath
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


@dataclass
class Project:
    """A loaded programme project: every model, and the documents they came from."""

    root: Path
    programme: Programme
    modules: dict[str, Module]
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
    project = Project(root=root, programme=programme, modules=ordered, docs=docs, **loaded)  # type: ignore[arg-type]
    return project, diags


def open_project(root: Path) -> Project:
    """Load and check a project; raise ContentError with every error found."""
    from .checker import check_project

    project, diags = load_project(root)
    if project is not None:
        diags += check_project(project)
    errors = [d for d in diags if d.severity == "error"]
    if errors or project is None:
        raise ContentError(errors or diags)
    return project
