"""Cohort files and rosters: the people of a cohort (personal data, never echoed in errors)."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from .evaluation import EvaluationAnswers
from .fields import Clock, Day, Id, Strict
from .programme import Weekday


class Cohort(Strict):
    """A cohort file: its roster and its scheduling defaults."""

    id: Id = Field(description="Identifier; names the private/<id>/ folder.")
    name: str = Field(description="Display name of the cohort.")
    roster: str = Field(description="Path of the roster (YAML, CSV or XLSX), relative to the cohort file.")
    start: Day = Field(description="Date of the first possible session.")
    cadence_weeks: int | None = Field(default=None, ge=1, le=8, description="Overrides the programme's cadence.")
    session_minutes: int | None = Field(default=None, ge=30, le=180, description="Overrides the slot length.")
    sessions: int | None = Field(default=None, ge=3, le=20, description="Overrides the number of sessions.")
    weekday: Weekday | None = Field(default=None, description="Overrides the preferred weekday.")
    time: Clock | None = Field(default=None, description="Overrides the preferred time.")
    location: str | None = Field(default=None, description="Meeting place.")
    video_link: str | None = Field(default=None, pattern=r"^https://", description="Video meeting link.")
    coordinator: str | None = Field(default=None, description="Who to contact (shown on plans).")
    events_start: Clock = Field(default=dt.time(12, 30), description="Start time of group events.")
    evaluation: EvaluationAnswers = Field(default_factory=EvaluationAnswers,
                                          description="Files of the evaluation report (`rm-course report`).")


class Person(Strict):
    """A mentor or mentee. Personal data: never echoed in errors, never on the site."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    name: str = Field(min_length=1, description="Full name.")
    role: str | None = Field(default=None, description="Job title.")
    department: str | None = Field(default=None, description="Department.")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="Work email.")


class Pair(Strict):
    """One mentor–mentee pair of a roster."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    id: str = Field(min_length=1, max_length=40, description="Stable id; names files and calendar UIDs.")
    mentor: Person = Field(description="The junior mentor.")
    mentee: Person = Field(description="The senior mentee.")
    language: str = Field(default="fr", description="Language of the pair's documents.")
    goals: list[str] = Field(default_factory=list, description="Module or tool ids the mentee wants first.")
    scores: dict[str, int] = Field(
        default_factory=dict, description="Self-assessment score per dimension id (1–4)."
    )
    weekday: Weekday | None = Field(default=None, description="Overrides the cohort's weekday.")
    time: Clock | None = Field(default=None, description="Overrides the cohort's time.")
    cadence_weeks: int | None = Field(default=None, ge=1, le=8, description="Overrides the cadence.")
    session_minutes: int | None = Field(default=None, ge=30, le=180, description="Overrides the slot.")
    unavailable: list[Day] = Field(default_factory=list, description="Dates the pair cannot meet.")


class Roster(Strict):
    """A cohort roster in YAML."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    pairs: list[Pair] = Field(description="The pairs.")
