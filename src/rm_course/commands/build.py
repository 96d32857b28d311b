"""`rm-course build`: the flags typed become build options; the build engine does the rest."""

from __future__ import annotations

from pathlib import Path

from ..build.engine import BuildOptions, BuildStats, run_build


def build(project_dir: Path, *, only: set[str], cohorts: list[str], roster: Path | None, force: bool,
          jobs: int | None, quiet: bool, wait: float = 600.0, csv_keys: bool = False) -> BuildStats:
    """Build the parts asked for (all by default) of the project in `project_dir`."""
    return run_build(BuildOptions(project=project_dir, only=only, cohorts=cohorts, roster=roster,
                                  force=force, jobs=jobs, quiet=quiet, wait=wait, csv_keys=csv_keys))
