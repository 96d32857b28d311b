"""Checks that need more than one file to see a problem, each a small function of its own.

A check takes the loaded project and the date to compare against, and returns its diagnostics
(warnings carry severity='warning'). `CHECKS` lists them in the order they run.
"""

from __future__ import annotations

import datetime as dt
import os

from ...errors import Diagnostic
from ..project import Project
from . import catalogues, modules, places, programme, runsheets, sessions, sources

CHECKS = (
    catalogues.duplicate_ids,
    modules.module_references,
    modules.circular_prerequisites,
    sources.weak_sources,
    catalogues.references_to_modules,
    catalogues.timeline_sources,
    sessions.session_types,
    runsheets.run_sheets,
    programme.defaults_fit,
    programme.brand_contrast,
    programme.cohort_files,
    places.timezone_and_country,
)


def today(pinned: dt.date | None = None) -> dt.date:
    """The date checks compare against: --today, else SOURCE_DATE_EPOCH, else the clock."""
    if pinned:
        return pinned
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def check_project(project: Project, *, on: dt.date | None = None) -> list[Diagnostic]:
    """Every problem that needs more than one file to see; warnings carry severity='warning'."""
    now = today(on)
    diags: list[Diagnostic] = []
    for check in CHECKS:
        diags += check(project, now)
    return diags
