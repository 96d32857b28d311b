"""Cohort files and rosters: loading and checking (personal data never echoed)."""

from __future__ import annotations

from .errors import Diagnostic
from .project import Project


def check_cohorts(project: Project) -> list[Diagnostic]:
    """Problems in the cohort files and rosters the programme lists."""
    return []
