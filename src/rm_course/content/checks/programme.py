"""Checks of the programme file: defaults within the maximum duration, readable brand colours, files it names."""

from __future__ import annotations

import datetime as dt

from ...errors import Diagnostic
from ..colour import READABLE, contrast
from ..project import Project


def programme_span_days(sessions: int, cadence_weeks: int) -> int:
    """Days from the first to the last session when nothing has to move."""
    return (sessions - 1) * cadence_weeks * 7


def max_days(months: int) -> int:
    return int(months * 30.44)


def defaults_fit(project: Project, now: dt.date) -> list[Diagnostic]:
    """The default sessions and cadence fit within the programme's maximum duration."""
    d = project.programme.defaults
    span = programme_span_days(d.sessions, d.cadence_weeks)
    if span <= max_days(d.max_months):
        return []
    return [project.docs["programme"].diag(
        ("defaults",), f"{d.sessions} sessions every {d.cadence_weeks} weeks take {span} days, more than "
        f"max_months ({d.max_months}); fewer sessions or a shorter cadence")]


def brand_contrast(project: Project, now: dt.date) -> list[Diagnostic]:
    """Brand colours stay readable (WCAG AA, 4.5:1), links on white pages too; the logo exists."""
    doc = project.docs["programme"]
    b = project.programme.branding
    diags = []
    for bg, fg in (("primary", "primary_text"), ("accent", "accent_text")):
        ratio = contrast(getattr(b, bg), getattr(b, fg))
        if ratio < READABLE:
            diags.append(doc.diag(("branding", fg), f"{fg} on {bg} has a contrast of {ratio:.1f}:1, under 4.5:1; "
                                  "pick darker or lighter colours"))
    ratio = contrast(b.accent, "#ffffff")
    if ratio < READABLE:
        diags.append(doc.diag(("branding", "accent"), f"the accent colour has a contrast of {ratio:.1f}:1 on white "
                              "pages (links); it needs 4.5:1"))
    if b.logo and not (project.root / "assets" / b.logo).is_file():
        diags.append(doc.diag(("branding", "logo"), f"the logo assets/{b.logo} does not exist"))
    return diags


def cohort_files(project: Project, now: dt.date) -> list[Diagnostic]:
    """Every listed cohort file exists (rosters are read by the plans build)."""
    return [project.docs["programme"].diag(("cohorts", i), f"the cohort file {rel} does not exist")
            for i, rel in enumerate(project.programme.cohorts) if not (project.root / rel).is_file()]
