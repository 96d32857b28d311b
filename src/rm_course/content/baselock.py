"""`base.lock`: the built-in curriculum's version a project last reviewed, and what it overrides of it.

The lock records a digest of every built-in module, tool and glossary term (of its data, so a
comment or a reformatting is not a change). After an upgrade of rm-course, comparing the lock with
the base shows what changed, and which of those changes touch what the project replaces,
patches or excludes: what an author should review.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import ContentError, Diagnostic, RmCourseError
from .compose import ids_of, value_at
from .extends import CATALOGUES, base_curriculum, base_modules, load_doc, module_paths
from .models import Programme
from .validate import validate

LOCK = "base.lock"
KINDS = ("modules", "tools", "terms")


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def base_digests(root: Path) -> dict[str, dict[str, str]]:
    """A digest of each built-in module, tool and term, by kind and id."""
    diags: list[Diagnostic] = []
    out = {"modules": {ident: _digest(doc.data) for ident, doc in base_modules(root, diags).items()}}
    for key, (name, list_key, kind) in CATALOGUES.items():
        doc = load_doc(base_curriculum() / name, root, diags)
        out[kind] = {ident: _digest(value_at(doc.data, (list_key, i))) for ident, i in ids_of(doc, list_key).items()}
    return out


def record(root: Path) -> Path:
    """Write `base.lock` for the base as it is now."""
    path = Path(root) / LOCK
    lock = {"rm_course": __version__, **base_digests(root)}
    path.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def read_lock(root: Path) -> dict | None:
    path = Path(root) / LOCK
    if not path.is_file():
        return None
    try:
        lock = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise RmCourseError(f"{LOCK}:1:1: cannot be read ({exc}); write it again with `rm-course base --record`")
    if not isinstance(lock, dict) or not all(isinstance(lock.get(k, {}), dict) for k in KINDS):
        raise RmCourseError(f"{LOCK}:1:1: not a base lock; write it again with `rm-course base --record`")
    return lock


@dataclass
class Overrides:
    """What a project changes of the base, by kind (modules, tools, terms) and id."""

    replaced: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[str, list[str]] = field(default_factory=dict)
    patched: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind → id → what changes
    own: dict[str, list[str]] = field(default_factory=dict)  # the project's ids the base does not have

    def touches(self, kind: str, ident: str) -> str | None:
        for how, ids in (("replaced", self.replaced), ("excluded", self.excluded), ("patched", self.patched)):
            if ident in ids.get(kind, ()):
                return how
        return None


def _programme(root: Path) -> Programme:
    diags: list[Diagnostic] = []
    doc = load_doc(Path(root) / "curriculum" / "programme.yml", root, diags)
    langs = doc.data.get("languages") if doc is not None and isinstance(doc.data, dict) else None
    context = {"languages": langs} if isinstance(langs, list) and langs else {}
    programme, problems = validate(doc, Programme, context=context) if doc is not None else (None, [])
    if programme is None:
        raise ContentError(diags + problems)
    return programme


def _own_ids(root: Path) -> dict[str, set[str]]:
    curriculum = Path(root) / "curriculum"
    out = {"modules": {p.stem for p in module_paths(curriculum)}}
    for name, list_key, kind in CATALOGUES.values():
        path = curriculum / name
        out[kind] = set(ids_of(load_doc(path, root, []), list_key)) if path.is_file() else set()
    return out


def overrides(root: Path, base: dict[str, dict[str, str]]) -> Overrides:
    """What the project's programme.yml and files replace, exclude, patch and add."""
    programme = _programme(root)
    own = _own_ids(root)
    result = Overrides(
        replaced={k: list(getattr(programme.replace, k)) for k in KINDS},
        excluded={"modules": list(programme.exclude.modules), "tools": list(programme.exclude.tools)},
        own={k: sorted(own[k] - set(base[k])) for k in KINDS},
    )
    for patch in programme.patches:
        kind, ident = ("modules", patch.module) if patch.module else ("tools", patch.tool)
        what = [*patch.set] + (["+sections"] if patch.add_sections else [])
        result.patched.setdefault(kind, {}).setdefault(ident, []).extend(what)
    return result


@dataclass
class BaseChanges:
    """What changed in the base since the lock, by kind: ids changed, added, removed."""

    since: str
    changed: dict[str, list[str]]
    added: dict[str, list[str]]
    removed: dict[str, list[str]]


def changes(lock: dict, base: dict[str, dict[str, str]]) -> BaseChanges:
    before = {k: lock.get(k, {}) for k in KINDS}
    return BaseChanges(
        since=str(lock.get("rm_course", "?")),
        changed={k: sorted(i for i in base[k] if i in before[k] and before[k][i] != base[k][i]) for k in KINDS},
        added={k: sorted(set(base[k]) - set(before[k])) for k in KINDS},
        removed={k: sorted(set(before[k]) - set(base[k])) for k in KINDS},
    )
