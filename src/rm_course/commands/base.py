"""`rm-course base`: what the project overrides of the built-in curriculum, and what the base changed since `base.lock`."""

from __future__ import annotations

from pathlib import Path

from ..content.baselock import KINDS, LOCK, base_digests, changes, overrides, read_lock, record
from ..errors import RmCourseError

NAMES = {"modules": "module", "tools": "tool", "terms": "glossary term"}


def _overrides_lines(found) -> list[str]:
    lines = ["What the project overrides:"]
    for kind in KINDS:
        for how, ids in (("replaced", found.replaced.get(kind, [])), ("excluded", found.excluded.get(kind, [])),
                         ("its own", found.own.get(kind, []))):
            lines += [f"  {how:9} {NAMES[kind]} {ident}" for ident in ids]
        for ident, what in found.patched.get(kind, {}).items():
            lines.append(f"  patched   {NAMES[kind]} {ident}: {', '.join(what)}")
    return lines if len(lines) > 1 else ["The project overrides nothing of the built-in curriculum."]


def _changes_lines(diff, found) -> list[str]:
    lines = [f"What the built-in curriculum changed since {LOCK} (rm-course {diff.since}):"]
    for kind in KINDS:
        for how, ids in (("changed", diff.changed[kind]), ("new", diff.added[kind]),
                         ("removed", diff.removed[kind])):
            for ident in ids:
                touched = found.touches(kind, ident)
                note = f"  ← review: the project has it {touched}" if touched else ""
                lines.append(f"  {how:8} {NAMES[kind]} {ident}{note}")
    if len(lines) == 1:
        lines.append("  nothing")
    return lines


def base_report(project_dir: Path, *, record_lock: bool = False) -> str:
    """The report as text; with `record_lock`, the lock is written for the base as it is now."""
    root = Path(project_dir)
    if not (root / "curriculum" / "programme.yml").is_file():
        raise RmCourseError(f"no programme in {root}; run `rm-course init DIR` first or pass --project")
    base = base_digests(root)
    found = overrides(root, base)
    lock = read_lock(root)
    lines = _overrides_lines(found) + [""]
    if lock is None:
        lines.append(f"No {LOCK} yet: `rm-course base --record` notes the base's version, so the next "
                     "upgrade shows what changed.")
    else:
        lines += _changes_lines(changes(lock, base), found)
    if record_lock:
        lines += ["", f"Recorded the built-in curriculum's version in {record(root).name}."]
    return "\n".join(lines)
