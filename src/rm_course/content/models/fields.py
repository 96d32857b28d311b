"""The building blocks of every model: the strict base, translatable texts, ids, colours, times
and dates, and the vocabularies (tracks, audiences, levels, kinds of activity)."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)

from ..vocabulary import AUDIENCES, ID_PATTERN, LANGUAGES, TRACKS


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


def _as_text(value: Any, info: ValidationInfo) -> Any:
    """Turn a translatable text into a {lang: text} mapping.

    A plain string is accepted only when the programme declares a single language, so an
    English sentence can never pass as French in a bilingual programme.
    """
    languages = (info.context or {}).get("languages", LANGUAGES)
    if isinstance(value, str):
        if len(languages) == 1:
            return {languages[0]: value}
        raise ValueError(
            "a plain string is not allowed here because this programme is written in "
            f"{' and '.join(languages)}; write one text per language, e.g. "
            + "{" + ", ".join(f"{lang}: ..." for lang in languages) + "}"
        )
    if isinstance(value, dict):
        unknown = [k for k in value if k not in languages]
        if unknown:
            raise ValueError(
                f"unknown language {unknown[0]!r}; this programme's languages are {', '.join(languages)}"
            )
        missing = [lang for lang in languages if not str(value.get(lang) or "").strip()]
        if missing:
            raise ValueError(
                f"the {' and '.join(missing)} text is missing; every text needs "
                + " and ".join(languages)
            )
    return value


_TEXT_SCHEMA = {
    "anyOf": [
        {
            "type": "object",
            "properties": {lang: {"type": "string"} for lang in LANGUAGES},
            "additionalProperties": False,
            "description": "One text per language of the programme.",
        },
        {"type": "string", "description": "Only in a single-language programme."},
    ]
}

Text = Annotated[dict[str, str], BeforeValidator(_as_text), WithJsonSchema(_TEXT_SCHEMA)]
"""A translatable text: {fr: ..., en: ...}."""

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError("a colour is written as #rrggbb, e.g. #1f3a93")
    return value.lower()


Colour = Annotated[str, AfterValidator(_hex_colour)]


def _clock(value: Any) -> Any:
    """Accept 14:30 and the French 14h30 (or 14h)."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})\s*[hH:]\s*(\d{2})?\s*", value)
        hour, minute = (int(m.group(1)), int(m.group(2) or 0)) if m else (99, 99)
        if hour > 23 or minute > 59:
            raise ValueError("write a time as HH:MM or 14h30")
        return dt.time(hour, minute)
    return value


def _day(value: Any) -> Any:
    """Accept ISO dates and the French dd/mm/yyyy."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            raise ValueError("write a date as YYYY-MM-DD or dd/mm/yyyy")
    return value


Clock = Annotated[dt.time, BeforeValidator(_clock), WithJsonSchema({"type": "string", "pattern": "^\\d{1,2}[:h]\\d{2}$"})]
Day = Annotated[dt.date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]


def _vocabulary(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A string enum of the values, each named by its value with `_` for `-` (`mentor_pedagogy`)."""
    return Enum(name, {v.replace("-", "_"): v for v in values}, type=str, module=__name__, qualname=name)


Track = _vocabulary("Track", TRACKS)
Audience = _vocabulary("Audience", AUDIENCES)


class Level(str, Enum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class ActivityKind(str, Enum):
    demo = "demo"
    hands_on = "hands-on"
    discussion = "discussion"
    role_play = "role-play"
    reflection = "reflection"
    quiz = "quiz"
