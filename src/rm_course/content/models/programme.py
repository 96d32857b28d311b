"""curriculum/programme.yml: the programme, its branding and its scheduling defaults."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import Field

from .evaluation import Evaluation
from .fields import Clock, Colour, Strict, Text
from .lms import Lms
from .matching import Matching
from .overlay import Base, Exclusions, Patch, Replacements, SiteOptions


class Branding(Strict):
    """Colours and logo; every colour pair must reach 4.5:1 contrast."""

    primary: Colour = Field(default="#1d3557", description="Main brand colour (headers, covers).")
    primary_text: Colour = Field(default="#ffffff", description="Text colour on the main colour.")
    accent: Colour = Field(default="#b5381f", description="Accent colour (links, highlights).")
    accent_text: Colour = Field(default="#ffffff", description="Text colour on the accent colour.")
    logo: str | None = Field(default=None, description="Path of a logo (SVG or PNG) inside assets/.")


class Weekday(str, Enum):
    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"


class CohortDefaults(Strict):
    """Scheduling defaults of a cohort; a cohort or a pair may override them."""

    cadence_weeks: int = Field(default=2, ge=1, le=8, description="Weeks between two sessions.")
    session_minutes: int = Field(default=75, ge=30, le=180, description="Length of a session.")
    sessions: int = Field(default=7, ge=3, le=20, description="Number of sessions per pair.")
    max_months: int = Field(default=6, ge=1, le=24, description="Maximum length of the programme.")
    weekday: Weekday = Field(default=Weekday.thursday, description="Preferred weekday.")
    time: Clock = Field(default=dt.time(14, 0), description="Preferred start time (HH:MM).")


class Programme(Strict):
    """curriculum/programme.yml."""

    name: Text = Field(description="Name of the programme.")
    organisation: str = Field(description="Organisation running it (shown on covers and the site).")
    tagline: Text | None = Field(default=None, description="One line under the name.")
    introduction: Text = Field(description="What the programme is, for the home page, in Markdown.")
    languages: list[str] = Field(min_length=1, description="Languages of the programme: fr, en.")
    default_language: str = Field(description="Language of the root of the site.")
    country: str = Field(default="FR", description="ISO country code for public holidays.")
    timezone: str = Field(default="Europe/Paris", description="IANA timezone of the sessions.")
    paper: str = Field(default="A4", pattern=r"^(A4|Letter)$", description="A4 or Letter.")
    freshness_days: int = Field(default=365, ge=1, description="A module not reviewed for longer is flagged.")
    site_url: str | None = Field(default=None, description="Public address of the site, if any.")
    contact: str | None = Field(default=None, description="The coordinators' contact (an email, a phone, a "
                                "team name), on the workbooks' closing page and back cover when set.")
    branding: Branding = Field(default_factory=Branding, description="Colours and logo.")
    defaults: CohortDefaults = Field(default_factory=CohortDefaults, description="Default cohort settings.")
    cohorts: list[str] = Field(default_factory=list, description="Paths of cohort files, relative to the project.")
    matching: Matching = Field(default_factory=Matching, description="Rules and weights of `rm-course match`.")
    evaluation: Evaluation = Field(default_factory=Evaluation, description="Confidentiality of `rm-course report`.")
    lms: Lms = Field(default_factory=Lms, description="SCORM packages of the site for an LMS (dist/lms/).")
    extends: Base | None = Field(default=None, description="builtin: the project holds only what it changes "
                                 "of the built-in curriculum; none: the project holds the whole curriculum.")
    replace: Replacements = Field(default_factory=Replacements, description="Built-in ids the project replaces.")
    exclude: Exclusions = Field(default_factory=Exclusions, description="Built-in modules and tools left out.")
    patches: list[Patch] = Field(default_factory=list, description="Single fields of built-in modules and tools "
                                 "changed by the project.")
    site: SiteOptions = Field(default_factory=SiteOptions, description="How the training site is built.")
