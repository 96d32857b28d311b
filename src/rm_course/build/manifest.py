"""Manifests: what each output root holds and what it was made from, so a build renders only what changed.

A manifest (`.rm-course-manifest.json`, inside the root) records each output's key (`outputs`),
the digest of its inputs (`inputs`) and the modules it read (`uses`); the site is one entry.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..errors import BuildError
from ..generators.digests import digest, project_digest, tree_digest, with_modules
from ..generators.outputs import Output
from ..generators.site.files import site_digest
from ..resources import defaults_root
from .stage import RootPlan

MANIFEST = ".rm-course-manifest.json"
SITE_KEY = "site/"  # manifest entry for the whole site (MkDocs has no partial builds)


def read_manifest(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")


def salt() -> str:
    """Part of every output's key: a new version of rm-course renders everything again."""
    return f"rm-course {__version__}"


def decide(plan: RootPlan, old: dict, project) -> tuple[list[Output], dict]:
    """Which outputs must be rendered, and the manifest entries of those that need not be.

    An output whose inputs equal the last build's (its own data, plus the digests of the modules
    it read last time) is kept without rendering anything. The others are rendered (in the
    workers), hashed, and written only if their key changed: an edit elsewhere in the
    curriculum leaves most documents identical.
    """
    old_out, old_in, old_uses = old.get("outputs", {}), old.get("inputs", {}), old.get("uses", {})
    keep = plan.keep_prefixes
    manifest = {"version": 3, **{part: {k: v for k, v in entries.items() if keep and k.startswith(keep)}
                                 for part, entries in (("outputs", old_out), ("inputs", old_in), ("uses", old_uses))}}
    todo: list[Output] = []
    seen: set[str] = set()
    for o in plan.outputs:
        if o.dest in seen:
            raise BuildError(f"two outputs share one path under {plan.root.name}/: {o.dest} (a duplicate id?)")
        seen.add(o.dest)
        if o.inputs and o.dest in old_out and (plan.root / o.dest).is_file():
            read_before = old_uses.get(o.dest, o.uses)
            if old_in.get(o.dest) == with_modules(project, o.inputs, read_before):
                manifest["outputs"][o.dest], manifest["inputs"][o.dest] = old_out[o.dest], old_in[o.dest]
                if read_before is not None:
                    manifest["uses"][o.dest] = read_before
                continue
        todo.append(o)
    return todo, manifest


def site_changed(project, plan: RootPlan, old: dict, manifest: dict) -> bool:
    """Whether the site must be rebuilt (whole: MkDocs has no partial builds); records its keys."""
    pdf_keys = sorted(v for k, v in manifest["outputs"].items() if k.startswith("pdf/"))
    inputs = digest(project_digest(project), tree_digest(project.root / "site", defaults_root() / "site"), pdf_keys)
    old_out, old_in = old.get("outputs", {}), old.get("inputs", {})
    exists = (plan.root / "site").is_dir()
    manifest["inputs"][SITE_KEY] = inputs
    if exists and old_in.get(SITE_KEY) == inputs and SITE_KEY in old_out:
        manifest["outputs"][SITE_KEY] = old_out[SITE_KEY]
        return False
    key = site_digest(project) + ":" + ":".join(pdf_keys)
    manifest["outputs"][SITE_KEY] = key
    return not exists or old_out.get(SITE_KEY) != key
