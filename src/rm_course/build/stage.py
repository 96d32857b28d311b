"""Atomic output roots: each root (`dist/`, `private/<cohort>/`) is assembled in a temporary folder
beside it and swapped in with two renames, so a failure or Ctrl-C leaves the last good output."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..generators.outputs import Output


@dataclass
class RootPlan:
    """Everything to be written under one output root."""

    root: Path
    outputs: list[Output] = field(default_factory=list)
    site: bool = False  # rebuild dist/site
    lms: bool = False  # make dist/lms (the SCORM packages) from the site
    keep_prefixes: tuple[str, ...] = ()  # what to carry over untouched (parts not being rebuilt)


@dataclass
class Stage:
    """One output root being assembled beside the old one."""

    plan: RootPlan
    folder: Path
    old: dict  # the last build's manifest
    manifest: dict  # this build's, filled in as outputs are decided and rendered
    todo: list[Output]  # the outputs to render


def stage_dir(root: Path) -> Path:
    root.parent.mkdir(parents=True, exist_ok=True)
    return root.parent / f".{root.name}.tmp-{uuid.uuid4().hex[:8]}"


def link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def carry_tree(src: Path, dst: Path) -> None:
    """Copy a tree by hard links (cheap; every later write replaces a file, never edits it)."""
    for path in src.rglob("*"):
        if path.is_file() and not path.is_symlink():
            link_or_copy(path, dst / path.relative_to(src))


def assemble(st: Stage) -> None:
    """Fill a stage with everything carried over: outputs kept, parts not rebuilt, the old site."""
    plan = st.plan
    st.folder.mkdir(parents=True)
    todo = {o.dest for o in st.todo}
    for o in plan.outputs:
        if o.dest not in todo:
            link_or_copy(plan.root / o.dest, st.folder / o.dest)
    for prefix in plan.keep_prefixes:
        src = plan.root / prefix.rstrip("/")
        if src.is_dir():
            carry_tree(src, st.folder / prefix.rstrip("/"))
    if "site/" not in plan.keep_prefixes and (plan.root / "site").is_dir():
        carry_tree(plan.root / "site", st.folder / "site")  # replaced later if it must be rebuilt


def swap_in(stage: Path, root: Path) -> None:
    """Replace `root` by `stage` with two renames; the old tree is removed afterwards."""
    old = None
    if root.exists():
        old = root.parent / f".{root.name}.old-{uuid.uuid4().hex[:8]}"
        os.replace(root, old)
    os.replace(stage, root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cleanup_stale(parent: Path, name: str) -> None:
    """Remove temporary folders a killed build left behind."""
    if parent.is_dir():
        for p in parent.glob(f".{name}.tmp-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in parent.glob(f".{name}.old-*"):
            shutil.rmtree(p, ignore_errors=True)
