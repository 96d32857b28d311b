"""`rm-course check`: load, cross-check, print every diagnostic, return the exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..content.checks import check_project
from ..content.load import load_project
from ..errors import format_diagnostics
from ..planning.cohorts import check_cohorts
from ..planning.core_fit import cohort_slots, core_path_problems
from ..render.safe_markup import markup_problems


def collect(project_dir: Path, *, strict: bool = False, today: dt.date | None = None):
    """Every diagnostic for the project; with `strict`, warnings count as errors."""
    project, diags = load_project(project_dir)
    if project is not None:
        diags += check_project(project, on=today)
        diags += check_cohorts(project, on=today)
        diags += core_path_problems(project, cohort_slots(project))
        diags += markup_problems(project)
    if strict:
        diags = [d if d.severity == "error" else type(d)(**{**d.__dict__, "severity": "error"}) for d in diags]
    return project, sorted(diags)


def run_check(project_dir: Path, *, strict: bool, fmt: str, today: dt.date | None) -> int:
    project, diags = collect(project_dir, strict=strict, today=today)
    errors = [d for d in diags if d.severity == "error"]
    warnings = [d for d in diags if d.severity == "warning"]
    if diags or fmt == "json":
        click.echo(format_diagnostics(diags, fmt), err=fmt == "text")
    if fmt == "text":
        if errors:
            click.echo(f"{len(errors)} error(s), {len(warnings)} warning(s)", err=True)
        else:
            n = len(project.modules) if project else 0
            click.echo(f"OK: {n} modules checked, {len(warnings)} warning(s)", err=True)
    return 1 if errors else 0
