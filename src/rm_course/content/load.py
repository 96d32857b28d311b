"""Load a programme project (curriculum YAML) into models, collecting every problem found."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from ..errors import ContentError, Diagnostic, YamlError, relpath
from .checks import check_project
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
from .extends import compose, load_doc, module_paths
from .links import escaping_links
from .project import ModuleIndex, Project
from .validate import validate
from .yamlload import Document, load_file

M = TypeVar("M", bound=BaseModel)

CURRICULUM_FILES = {
    "tools": ("tools.yml", ToolCatalogue),
    "tracks": ("tracks.yml", TrackCatalogue),
    "glossary": ("glossary.yml", Glossary),
    "timeline": ("timeline.yml", Timeline),
    "assessment": ("assessment.yml", Assessment),
    "sessions": ("sessions.yml", SessionCatalogue),
}


def _read(path: Path, root: Path, model: type[M], context: dict, diags: list[Diagnostic]):
    return _checked(load_doc(path, root, diags), model, context, diags)


def _checked(doc: Document | None, model: type[M], context: dict, diags: list[Diagnostic]):
    if doc is None:
        return None, None
    obj, problems = validate(doc, model, context=context)
    diags.extend(problems)
    return obj, doc


def _languages(curriculum: Path, root: Path) -> list[str]:
    """The programme's languages, read before anything is validated: they decide what a
    translatable text must contain. Both languages when the programme cannot say."""
    try:
        pdoc = load_file(curriculum / "programme.yml", relpath(curriculum / "programme.yml", root))
    except YamlError:
        return list(LANGUAGES)
    langs = (pdoc.data or {}).get("languages") if isinstance(pdoc.data, dict) else None
    if isinstance(langs, list) and langs and all(lang in LANGUAGES for lang in langs):
        return langs
    return list(LANGUAGES)


def _says_extends(curriculum: Path) -> bool:
    try:
        return re.search(r"(?m)^extends:", (curriculum / "programme.yml").read_text("utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _programme(curriculum: Path, root: Path, context: dict, diags: list[Diagnostic], docs: dict[str, Document]):
    programme, doc = _read(curriculum / "programme.yml", root, Programme, context, diags)
    if doc:
        docs["programme"] = doc
    if programme is not None:
        for i, lang in enumerate(programme.languages):
            if lang not in LANGUAGES:
                diags.append(doc.diag(("languages", i), f"unsupported language {lang!r}; use fr or en"))
        if programme.default_language not in programme.languages:
            diags.append(doc.diag(("default_language",), "the default language must be one of `languages`"))
    return programme


def _modules(found: list[Document], context: dict, diags: list[Diagnostic],
             docs: dict[str, Document]) -> dict[str, Module]:
    """Every module file, each checked against its file name and folder; by id, in track order."""
    modules: dict[str, Module] = {}
    for found_doc in found:
        module, doc = _checked(found_doc, Module, context, diags)
        if module is None:
            continue
        path = doc.path
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
    track_rank = {t: i for i, t in enumerate(TRACKS)}
    return dict(sorted(modules.items(), key=lambda kv: (track_rank[kv[1].track.value], kv[1].order, kv[0])))


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

    links = escaping_links(root)
    if links:  # nothing is read through such a link, not even to report what is wrong inside
        return None, diags + links
    docs: dict[str, Document] = {}
    context = {"languages": _languages(curriculum, root)}
    programme = _programme(curriculum, root, context, diags, docs)
    if programme is None and _says_extends(curriculum):
        return None, diags  # which files make the curriculum depends on what could not be read
    if programme is not None and programme.extends is not None:
        found, module_docs = compose(root, programme, docs["programme"], diags)
    else:
        found = {key: load_doc(curriculum / name, root, diags) for key, (name, _) in CURRICULUM_FILES.items()}
        module_docs = [d for d in (load_doc(p, root, diags) for p in module_paths(curriculum)) if d]
    loaded: dict[str, object] = {}
    for key, (_, model) in CURRICULUM_FILES.items():
        obj, doc = _checked(found.get(key), model, context, diags)
        loaded[key] = obj
        if doc:
            docs[key] = doc
    modules = _modules(module_docs, context, diags, docs)

    if any(d.severity == "error" for d in diags) or programme is None or any(v is None for v in loaded.values()):
        return None, diags
    project = Project(root=root, programme=programme, modules=ModuleIndex(modules), docs=docs, **loaded)  # type: ignore[arg-type]
    return project, diags


def open_project(root: Path) -> Project:
    """Load and check a project; raise ContentError with every error found."""
    project, diags = load_project(root)
    if project is not None:
        diags += check_project(project)
    errors = [d for d in diags if d.severity == "error"]
    if errors or project is None:
        raise ContentError(errors or diags)
    return project
