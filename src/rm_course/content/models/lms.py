"""The `lms:` section of programme.yml: SCORM packages of the training site for a company's LMS."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, field_validator

from .fields import Strict


class LmsStandard(str, Enum):
    scorm12 = "scorm12"
    scorm2004 = "scorm2004"


class LmsPackages(str, Enum):
    tracks = "tracks"
    programme = "programme"
    modules = "modules"


class Lms(Strict):
    """What `rm-course build` writes under dist/lms/<lang>/."""

    standard: LmsStandard = Field(
        default=LmsStandard.scorm12,
        description="scorm12 (SCORM 1.2: every LMS accepts it) or scorm2004 (SCORM 2004 3rd edition).",
    )
    packages: list[LmsPackages] = Field(
        default_factory=lambda: [LmsPackages.tracks, LmsPackages.programme], min_length=1,
        description="Which packages to make: one per track (tracks), one for the whole programme "
                    "(programme), one per module (modules).",
    )

    @field_validator("packages", mode="before")
    @classmethod
    def _one_or_more(cls, value):
        return [value] if isinstance(value, str) else value
