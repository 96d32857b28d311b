"""`rm-course clean-cohort`: delete a finished cohort's personal outputs, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..build.lock import project_lock
from ..build.stage import cleanup_stale
from ..errors import BuildError, UnsafeName
from ..paths import safe_component


def remove_cohort_outputs(project_dir: Path, cohort_id: str) -> str | None:
    """Delete private/<cohort_id>/ (and any leftovers); return what was removed."""
    try:
        name = safe_component(cohort_id)
    except UnsafeName as exc:
        raise BuildError(f"not a cohort id: {exc}") from None
    private = Path(project_dir) / "private"
    target = private / name
    with project_lock(project_dir, wait_flag=False):  # never while a build is assembling this cohort's folder
        cleanup_stale(private, name)
        if not target.is_dir():
            return None
        if not target.resolve().is_relative_to(private.resolve()):
            raise BuildError(f"refusing to delete {cohort_id!r}: outside private/")
        shutil.rmtree(target)
    return str(Path("private") / name)
