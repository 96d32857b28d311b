"""Digests of what outputs are made from, so an unchanged output is skipped before it is even rendered.

Generators put them in each Output (`inputs`, `deps`); the build engine compares them with the
manifest of the last build.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..render import symbols
from ..resources import PRINT_CSS, asset_roots, defaults_root, overlay, template_file

# Libraries whose version can change what a build writes.
_LIBRARIES = ("weasyprint", "jinja2", "markdown", "pymdown-extensions", "babel", "holidays", "icalendar",
              "mkdocs", "mkdocs-material", "zensical", "pydantic")


@cache
def _library_versions() -> str:
    out = []
    for name in _LIBRARIES:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=none")
    return ";".join(out)


def tree_digest(*roots: Path, skip: tuple[Path, ...] = ()) -> str:
    """A digest of every file (path and bytes) under the given folders, except under `skip`."""
    h = hashlib.sha256()
    for root in roots:
        root = Path(root)
        h.update(str(root.name).encode() + b"\0")
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            if any(path.is_relative_to(s) for s in skip):
                continue
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def base_digest(project) -> str:
    """What every document may read but the modules: the rest of the curriculum, templates, assets,
    versions. Each module counts on its own (`module_digests`), for the documents that read it."""
    if "base_digest" not in project.memo:
        curricula = [project.root / "curriculum"]
        if project.programme.extends is not None:  # the base's files count as the project's own
            curricula.append(defaults_root() / "curriculum")
        roots = [*curricula, *overlay("templates", project.root), project.root / "assets", defaults_root() / "assets"]
        tree = tree_digest(*roots, skip=tuple(c / "modules" for c in curricula))
        project.memo["base_digest"] = hashlib.sha256(
            f"{__version__}|{_library_versions()}|{tree}".encode()).hexdigest()
    return project.memo["base_digest"]


def module_digests(project) -> dict[str, str]:
    """Each module's digest (its file's bytes, and its data when patches changed it), by module id."""
    if "module_digests" not in project.memo:
        project.memo["module_digests"] = {mid: _module_digest(project, mid) for mid in dict.keys(project.modules)}
    return project.memo["module_digests"]


def _module_digest(project, mid: str) -> str:
    h = hashlib.sha256(project.module_file(mid).read_bytes())
    if hasattr(project.docs[f"module:{mid}"], "routes"):  # a base module: patches and exclusions change it
        h.update(json.dumps(project.docs[f"module:{mid}"].data, sort_keys=True, default=str).encode())
    return h.hexdigest()


def with_modules(project, inputs: str, uses) -> str:
    """`inputs` extended with the digests of the modules a document read ("*": every module)."""
    if uses is None:
        return inputs
    mods = module_digests(project)
    if "*" in uses:
        return digest(inputs, mods)
    return digest(inputs, {mid: mods.get(mid) for mid in sorted(uses)})


def project_digest(project) -> str:
    """Everything shared by the documents of a build: curriculum, templates, assets, versions."""
    return with_modules(project, base_digest(project), {"*"})


def digest(*parts: object) -> str:
    """A digest of plain data (models are dumped to JSON first)."""
    h = hashlib.sha256()
    for part in parts:
        if hasattr(part, "model_dump"):
            part = part.model_dump(mode="json")
        h.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8") + b"\0")
    return h.hexdigest()


def print_deps(project, stylesheets: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Digests of what a printed document uses besides its HTML: the print stylesheet, the
    further template `stylesheets` it is printed with, the symbols font and the assets."""
    deps = [f"css:{hashlib.sha256(template_file(project.root, name).read_bytes()).hexdigest()}"
            for name in (PRINT_CSS, *stylesheets)]
    deps.append(f"symbols:{symbols.digest()}")
    for root in asset_roots(project.root):
        h = hashlib.sha256()
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
        deps.append(f"assets:{h.hexdigest()}")
    return tuple(deps)
