"""Sign-up sheets of volunteer mentors and mentees, and the programme's matching rules and weights."""

from __future__ import annotations

from enum import Enum

from pydantic import ConfigDict, Field

from .fields import Id, Strict

SLOT_PATTERN = r"^(monday|tuesday|wednesday|thursday|friday)-(am|pm)$"


class MatchingWeights(Strict):
    """How much each criterion counts in a pair's score (each criterion scores 0 to 1)."""

    topics: float = Field(default=3.0, ge=0, le=10, description="Share of the mentee's topics the mentor covers.")
    availability: float = Field(default=1.0, ge=0, le=10, description="Share of the mentee's slots the mentor shares.")
    preference: float = Field(default=2.0, ge=0, le=10, description="One asked for the other (both: full weight).")
    site: float = Field(default=1.0, ge=0, le=10, description="Both work on the same site.")


class Matching(Strict):
    """programme.yml `matching:`: the hard rules and the weights `rm-course match` uses."""

    allow_same_department: bool = Field(default=False, description="Allow a mentor from the mentee's department.")
    allow_remote: bool = Field(default=True, description="Allow pairs on different sites (they meet by video).")
    mentor_capacity: int = Field(default=1, ge=1, le=5, description="Mentees one mentor may take.")
    weights: MatchingWeights = Field(default_factory=MatchingWeights, description="Weights of the score.")


class Side(str, Enum):
    mentor = "mentor"
    mentee = "mentee"


class Volunteer(Strict):
    """One row of a sign-up sheet. Personal data: never echoed in errors, never on the site."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    id: Id = Field(max_length=40, description="Stable id of the sign-up (names the pair; never a name).")
    side: Side = Field(description="mentor or mentee.")
    name: str = Field(min_length=1, description="Full name.")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="Work email.")
    role: str | None = Field(default=None, description="Job title.")
    department: str = Field(min_length=1, description="Department.")
    site: str = Field(min_length=1, description="Site (office) the person works at.")
    languages: list[str] = Field(min_length=1, description="Languages the person can hold sessions in: fr, en.")
    availability: list[str] = Field(min_length=1, description="Half-days free each week, e.g. tuesday-am.")
    topics: list[str] = Field(default_factory=list, description="A mentee's wished topics or a mentor's strengths: "
                                                                "module, tool or self-assessment dimension ids.")
    employee_id: str | None = Field(default=None, max_length=40, description="HR id (for reporting lines).")
    manager_id: str | None = Field(default=None, max_length=40, description="The HR id of the person's manager.")
    prefers: list[str] = Field(default_factory=list, description="Ids of sign-ups this person would like to pair with.")


class SignUps(Strict):
    """A sign-up sheet in YAML."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    volunteers: list[Volunteer] = Field(description="The volunteers, mentors and mentees.")
