"""A project that extends the built-in curriculum: its files and the base's composed into one curriculum.

The project holds only what it changes. Each of tracks, timeline, assessment and sessions is the
project's file when it has one, else the base's; tools and glossary terms are the base's entries
with the project's added, or replacing those it declares under `replace:`; modules likewise, by
id; `exclude:` leaves base modules and tools out (and the base's references to them);
`patches:` change single fields. Every reference to a base id that the base does not have is
an error at the line that names it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import Diagnostic, YamlError, relpath
from ..resources import defaults_root
from .compose import ComposedDocument, ids_of, value_at
from .models import Module, Programme, Tool
from .yamlload import Document, load_file

WHOLE_FILES = {"tracks": "tracks.yml", "timeline": "timeline.yml", "assessment": "assessment.yml",
               "sessions": "sessions.yml"}
CATALOGUES = {"tools": ("tools.yml", "tools", "tools"), "glossary": ("glossary.yml", "terms", "terms")}
FIXED = {"module": ("id", "track"), "tool": ("id",)}  # a patch may not change what a thing is


def module_paths(curriculum: Path) -> list[Path]:
    return sorted((curriculum / "modules").glob("*/*.yml")) + sorted((curriculum / "modules").glob("*/*.yaml"))


def base_curriculum() -> Path:
    return defaults_root() / "curriculum"


def load_doc(path: Path, root: Path, diags: list[Diagnostic]) -> Document | None:
    try:
        return load_file(path, relpath(path, root))
    except YamlError as exc:
        diags.extend(exc.diagnostics)
        return None


def base_modules(root: Path, diags: list[Diagnostic]) -> dict[str, Document]:
    """The built-in modules' documents by id (the file name: the base is checked by its tests)."""
    docs = {}
    for path in module_paths(base_curriculum()):
        doc = load_doc(path, root, diags)
        if doc is not None:
            docs[path.stem] = doc
    return docs


def _hint(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _missing_in_base(pdoc: Document, loc, kind: str, name: str, known) -> Diagnostic:
    return pdoc.diag(loc, f"the built-in curriculum has no {kind} {name!r}{_hint(name, known)}: it may have been "
                     "renamed or removed in this version of rm-course (`rm-course base` lists what changed); "
                     "fix or remove this line")


def _declared(programme: Programme, pdoc: Document, base: dict, own: dict, kind: str, field: str,
              diags: list[Diagnostic]) -> set[str]:
    """The ids of `kind` the project declares it replaces, each checked against the base and its own files."""
    replaced = set()
    for j, name in enumerate(getattr(programme.replace, field)):
        if name not in base:
            diags.append(_missing_in_base(pdoc, ("replace", field, j), kind, name, base))
        elif name not in own:
            diags.append(pdoc.diag(("replace", field, j), f"the project has no {kind} {name!r} of its own to "
                                   f"replace the built-in one with; add it or remove this line"))
        else:
            replaced.add(name)
    return replaced


def _undeclared(own: dict, base: dict, replaced: set[str], kind: str, field: str, locate) -> list[Diagnostic]:
    return [locate(name, f"the built-in curriculum has a {kind} {name!r} too: list it under `replace: {field}:` "
                         f"in programme.yml to replace it, or choose another id")
            for name in own if name in base and name not in replaced]


def _excluded(programme: Programme, pdoc: Document, base: dict, kind: str, field: str,
              diags: list[Diagnostic]) -> set[str]:
    out = set()
    for j, name in enumerate(getattr(programme.exclude, field)):
        if name in base:
            out.add(name)
        else:
            diags.append(_missing_in_base(pdoc, ("exclude", field, j), kind, name, base))
    return out


def _catalogue(key: str, root: Path, programme: Programme, pdoc: Document, diags: list[Diagnostic]) -> dict:
    """The base catalogue's entries, less the excluded, with the project's replacing or added; with
    the base's ids and what the project replaced and excluded."""
    name, field, rfield = CATALOGUES[key]
    base = load_doc(base_curriculum() / name, root, diags)
    own_path = root / "curriculum" / name
    own = load_doc(own_path, root, diags) if own_path.is_file() else None
    if base is None or (own_path.is_file() and own is None):
        return {"doc": None, "base": {}, "replaced": set(), "excluded": set()}
    base_ids, own_ids = ids_of(base, field), ids_of(own, field)
    kind = "tool" if key == "tools" else "glossary term"
    replaced = _declared(programme, pdoc, base_ids, own_ids, kind, rfield, diags)
    excluded = _excluded(programme, pdoc, base_ids, kind, "tools", diags) if key == "tools" else set()
    diags += _undeclared(own_ids, base_ids, replaced, kind, rfield,
                         lambda n, m: own.diag((field, own_ids[n], "id"), m))
    doc = ComposedDocument.over(own or base)
    doc.data = {**(doc.data if isinstance(doc.data, dict) else {}), field: []}
    doc.routes[(field,)] = (own or base, (field,))
    for ident, i in base_ids.items():
        if ident in excluded:
            continue
        source, at = (own, own_ids[ident]) if ident in replaced else (base, i)
        doc.put((field, len(doc.data[field])), source.data[field][at], source, (field, at))
    for ident, j in own_ids.items():
        if ident not in base_ids:
            doc.put((field, len(doc.data[field])), own.data[field][j], own, (field, j))
    return {"doc": doc, "base": base_ids, "replaced": replaced, "excluded": excluded}


def _modules(root: Path, programme: Programme, pdoc: Document, diags: list[Diagnostic]):
    """The modules' documents: the base's less the excluded and the replaced, then the project's."""
    base = base_modules(root, diags)
    own_docs = [d for d in (load_doc(p, root, diags) for p in module_paths(root / "curriculum")) if d]
    own = {}
    for d in own_docs:
        ident = d.data.get("id") if isinstance(d.data, dict) else None
        own.setdefault(ident if isinstance(ident, str) else d.path.stem, d)
    replaced = _declared(programme, pdoc, base, own, "module", "modules", diags)
    diags += _undeclared(own, base, replaced, "module", "modules", lambda n, m: own[n].diag(("id",), m))
    excluded = _excluded(programme, pdoc, base, "module", "modules", diags)
    kept = {ident: ComposedDocument.over(d) for ident, d in base.items() if ident not in excluded | replaced}
    # An undeclared same id is reported once, above, not again as a duplicate.
    own_docs = [d for d in own_docs if not (d.data.get("id") in base and d.data.get("id") not in replaced)]
    return kept, own_docs, excluded, base


def _patch_fields(doc: ComposedDocument, loc, fields: dict, pdoc: Document, i: int, kind: str,
                  diags: list[Diagnostic]) -> None:
    model = Module if kind == "module" else Tool
    for key in fields:
        at = ("patches", i, "set", key)
        if key in FIXED[kind]:
            diags.append(pdoc.diag(at, f"a patch cannot change a {kind}'s `{key}`", key=True))
        elif key not in model.model_fields:
            diags.append(pdoc.diag(at, f"a {kind} has no field {key!r}{_hint(key, model.model_fields)}", key=True))
        else:
            doc.put(tuple(loc) + (key,), pdoc.data["patches"][i]["set"][key], pdoc, at)


def _apply_patches(programme: Programme, pdoc: Document, modules: dict, tools: Document | None, info: dict,
                   diags: list[Diagnostic]) -> None:
    """Each patch onto its base module or tool; one naming what the base has not is an error."""
    tool_index = ids_of(tools, "tools")
    for i, patch in enumerate(programme.patches):
        kind, name = ("module", patch.module) if patch.module else ("tool", patch.tool)
        target = ("patches", i, kind)
        if name not in info[kind]["base"]:
            diags.append(_missing_in_base(pdoc, target, kind, name, info[kind]["base"]))
        elif name in info[kind]["excluded"] or name in info[kind]["replaced"]:
            how = "excluded" if name in info[kind]["excluded"] else "replaced by the project's own"
            diags.append(pdoc.diag(target, f"the {kind} {name!r} is {how}; a patch of it has no effect, remove it"))
        elif kind == "module":
            doc = modules[name]
            _patch_fields(doc, (), patch.set, pdoc, i, kind, diags)
            sections = value_at(doc.data, ("sections",))
            for k, raw in enumerate(pdoc.data["patches"][i].get("add_sections") or []):
                if isinstance(sections, list):
                    doc.put(("sections", len(sections)), raw, pdoc, ("patches", i, "add_sections", k))
        elif tools is not None:
            _patch_fields(tools, ("tools", tool_index[name]), patch.set, pdoc, i, kind, diags)


def _from_base(doc: Document, loc) -> bool:
    return doc.origin(loc)[0].path.resolve().is_relative_to(base_curriculum().resolve())


def _drop_excluded(docs: dict, modules: dict, excluded: dict[str, set[str]]) -> None:
    """The base's references to what the project excluded, left out with it."""
    mods, tools = excluded["module"], excluded["tool"]
    for doc in modules.values():
        doc.drop(("prerequisites",), mods)
        doc.drop(("tools",), tools)
    glossary = docs.get("glossary")
    for k in range(len(value_at(glossary.data, ("terms",)) or []) if glossary else 0):
        if _from_base(glossary, ("terms", k)):
            glossary.drop(("terms", k, "modules"), mods)
    assessment = docs.get("assessment")
    if isinstance(assessment, ComposedDocument):
        for k in range(len(value_at(assessment.data, ("dimensions",)) or [])):
            assessment.drop(("dimensions", k, "modules"), mods)
    sessions = docs.get("sessions")
    if isinstance(sessions, ComposedDocument):
        for part in ("session_types", "group_events"):
            for k in range(len(value_at(sessions.data, (part,)) or [])):
                sessions.drop((part, k, "modules"), mods)
                sessions.drop((part, k, "reading"), mods)


def _run_sheet_uses(programme: Programme, pdoc: Document, sessions: Document | None) -> list[Diagnostic]:
    """An excluded module the base's sessions run activities of: the agenda would not add up."""
    if not isinstance(sessions, ComposedDocument):
        return []
    used: dict[str, str] = {}
    for part in ("session_types", "group_events"):
        for st in value_at(sessions.data, (part,)) or []:
            for block in (st.get("blocks") or []) if isinstance(st, dict) else []:
                for ref in (block.get("uses") or []) if isinstance(block, dict) else []:
                    if isinstance(ref, dict) and isinstance(ref.get("module"), str):
                        used.setdefault(ref["module"], str(st.get("id")))
    return [pdoc.diag(("exclude", "modules", j), f"the built-in session {used[name]!r} runs activities of "
                      f"{name!r}; to exclude it, give the project its own curriculum/sessions.yml without it")
            for j, name in enumerate(programme.exclude.modules) if name in used]


def _whole_files(root: Path, diags: list[Diagnostic]) -> dict[str, Document | None]:
    """Each whole file: the project's when it has one, else the base's (composed, to leave out
    references to excluded modules)."""
    out: dict[str, Document | None] = {}
    for key, name in WHOLE_FILES.items():
        own = root / "curriculum" / name
        doc = load_doc(own if own.is_file() else base_curriculum() / name, root, diags)
        out[key] = ComposedDocument.over(doc) if doc is not None and not own.is_file() else doc
    return out


def compose(root: Path, programme: Programme, pdoc: Document,
            diags: list[Diagnostic]) -> tuple[dict[str, Document | None], list[Document]]:
    """The curriculum's documents by key (as `load.CURRICULUM_FILES`) and every module's document."""
    root = Path(root)
    docs = _whole_files(root, diags)
    tools = _catalogue("tools", root, programme, pdoc, diags)
    glossary = _catalogue("glossary", root, programme, pdoc, diags)
    docs["tools"], docs["glossary"] = tools["doc"], glossary["doc"]
    kept, own_docs, excluded, base = _modules(root, programme, pdoc, diags)
    replaced = {ident for ident in programme.replace.modules if ident in base}
    info = {"module": {"base": base, "excluded": excluded, "replaced": replaced},
            "tool": {"base": tools["base"], "excluded": tools["excluded"], "replaced": tools["replaced"]}}
    _drop_excluded(docs, kept, {"module": excluded, "tool": tools["excluded"]})
    diags += _run_sheet_uses(programme, pdoc, docs["sessions"])
    _apply_patches(programme, pdoc, kept, docs["tools"], info, diags)
    return docs, [*kept.values(), *own_docs]
