"""The `evaluation:` section of programme.yml: how `rm-course report` keeps answers confidential."""

from __future__ import annotations

from pydantic import Field

from .fields import Strict


class Evaluation(Strict):
    """Settings of the cohort evaluation report."""

    min_group: int = Field(
        default=5, ge=3, le=50,
        description="No figure is published for a group of fewer people: a dimension, a role or a question "
                    "answered by fewer is merged into a larger group or left out, and the report says so.",
    )


class EvaluationAnswers(Strict):
    """The `evaluation:` section of a cohort file: where its answers are (flags of `rm-course report` win)."""

    pre: str | None = Field(default=None, description="Self-assessments at kick-off (CSV or XLSX), relative to "
                                                       "the cohort file.")
    post: str | None = Field(default=None, description="Self-assessments at closing, with the goals reached.")
    survey: str | None = Field(default=None, description="The end-of-programme survey.")
    attendance: str | None = Field(default=None, description="Which sessions took place (optional).")
