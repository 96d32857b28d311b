"""The content model: pydantic classes for every YAML file of a programme project."""

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

LANGUAGES = ("fr", "en")
TRACKS = ("mentor-pedagogy", "mentee-preparation", "digital-history", "business-uses", "programme")
AUDIENCES = ("mentor", "mentee", "manager", "coordinator")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


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


class Track(str, Enum):
    mentor_pedagogy = "mentor-pedagogy"
    mentee_preparation = "mentee-preparation"
    digital_history = "digital-history"
    business_uses = "business-uses"
    programme = "programme"


class Audience(str, Enum):
    mentor = "mentor"
    mentee = "mentee"
    manager = "manager"
    coordinator = "coordinator"


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


class Source(Strict):
    """A source for the facts a text states."""

    title: str = Field(description="Title of the page or publication, as it appears at the source.")
    url: str = Field(pattern=r"^https?://", description="Address where the source was read.")
    consulted: dt.date = Field(description="Date the source was consulted (YYYY-MM-DD).")
    publisher: str | None = Field(default=None, description="Who published it, when useful to the reader.")


class Section(Strict):
    """A section of teaching text."""

    title: Text = Field(description="Section heading.")
    body: Text = Field(description="Section text in Markdown (the project's one dialect).")


class Scenario(Strict):
    """A workplace scenario that sets the module in a real situation."""

    title: Text = Field(description="Short title of the scenario.")
    body: Text = Field(description="The situation, in Markdown.")


class CoreVariant(Strict):
    """A shortened version of an activity that fits the session's practice block."""

    minutes: int = Field(ge=1, le=120, description="Duration of the shortened version, in minutes.")
    instructions: Text = Field(description="What the pair does in the shortened version, in Markdown.")


class Activity(Strict):
    """A timed activity a pair does together."""

    id: Id = Field(description="Identifier, unique within the module (lowercase-with-dashes).")
    kind: ActivityKind = Field(description="demo, hands-on, discussion, role-play, reflection or quiz.")
    minutes: int = Field(ge=1, le=240, description="Planned duration in minutes.")
    title: Text = Field(description="Title of the activity.")
    instructions: Text = Field(description="Step-by-step instructions, in Markdown.")
    facilitator_notes: Text = Field(
        description="Notes for the mentor: what to watch for, the difficulties people typically meet."
    )
    prepare: Text | None = Field(default=None, description="What to prepare before the session, if anything.")
    own_tools: bool = Field(
        default=False, description="True when the mentee works on their own accounts or tools."
    )
    core: bool = Field(
        default=False,
        description="True when the activity is on the module's core path: what a pair does in the session's "
        "practice block. Activities off the core path are optional extensions.",
    )
    core_variant: CoreVariant | None = Field(
        default=None,
        description="A shortened version of the activity, used on the core path instead of the full one.",
    )
    alone: bool = Field(
        default=False,
        description="True when the learner does the activity alone, between sessions, rather than in a session.",
    )


class Objectives(Strict):
    """Reverse mentoring goes both ways: what each side learns."""

    mentee: list[Text] = Field(min_length=1, description="What the mentee learns.")
    mentor: list[Text] = Field(min_length=1, description="What the mentor learns.")


class Module(Strict):
    """One module of the curriculum: curriculum/modules/<track>/<id>.yml."""

    id: Id = Field(description="Identifier; must match the file name.")
    track: Track = Field(description="The track the module belongs to; must match its folder.")
    order: int = Field(default=100, ge=0, description="Position within its track (smaller first).")
    audiences: list[Audience] = Field(min_length=1, description="Who the module is written for.")
    level: Level = Field(description="beginner, intermediate or advanced.")
    minutes: int = Field(ge=5, le=600, description="Total time the module needs, in minutes.")
    tools: list[Id] = Field(default_factory=list, description="Ids of the tools covered (see tools.yml).")
    prerequisites: list[Id] = Field(default_factory=list, description="Ids of modules to take first.")
    reviewed_on: dt.date = Field(description="Date the content was last checked against the tools (YYYY-MM-DD).")
    title: Text = Field(description="Module title.")
    summary: Text = Field(description="Two or three sentences saying what the module is for.")
    objectives: Objectives = Field(description="Objectives for the mentee and for the mentor.")
    sections: list[Section] = Field(min_length=1, description="The teaching text.")
    scenario: Scenario | None = Field(default=None, description="A workplace scenario.")
    activities: list[Activity] = Field(default_factory=list, description="Timed activities.")
    discussion_questions: list[Text] = Field(default_factory=list, description="Questions to discuss.")
    checklist: list[Text] = Field(default_factory=list, description="What to check off after the module.")
    key_takeaways: list[Text] = Field(default_factory=list, description="What to remember.")
    glossary: list[Id] = Field(default_factory=list, description="Ids of glossary terms the module uses.")
    sources: list[Source] = Field(default_factory=list, description="Sources for the facts the module states.")


class Tool(Strict):
    """A digital tool the curriculum covers."""

    id: Id = Field(description="Identifier used in modules' `tools`.")
    name: str = Field(description="The tool's name (language-neutral).")
    vendor: str | None = Field(default=None, description="Who makes it.")
    url: str | None = Field(default=None, pattern=r"^https?://", description="Official site.")


class ToolCatalogue(Strict):
    """curriculum/tools.yml: the tools modules may name."""

    tools: list[Tool] = Field(description="The tools.")


class TrackInfo(Strict):
    """A track's title and description, for its page and chapter."""

    id: Track = Field(description="One of the five tracks.")
    title: Text = Field(description="Track title.")
    description: Text = Field(description="What the track is for, in Markdown.")


class TrackCatalogue(Strict):
    """curriculum/tracks.yml: titles and descriptions of the tracks."""

    tracks: list[TrackInfo] = Field(description="The tracks, in reading order.")


class GlossaryTerm(Strict):
    """A digital term explained for a senior reader."""

    id: Id = Field(description="Identifier used in modules' `glossary`.")
    term: Text = Field(description="The term as written in each language.")
    definition: Text = Field(description="Plain-language definition (one to three sentences).")
    synonyms: list[Text] = Field(default_factory=list, description="Other spellings to recognise in text.")
    modules: list[Id] = Field(default_factory=list, description="Modules that use the term.")


class Glossary(Strict):
    """curriculum/glossary.yml."""

    terms: list[GlossaryTerm] = Field(description="The terms.")


class TimelineEvent(Strict):
    """A dated event of digital practice."""

    date: str = Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source allows.",
    )
    category: str = Field(description="web, email, social, mobile, enterprise, work, ai, regulation…")
    title: Text = Field(description="What happened, in one line.")
    note: Text | None = Field(default=None, description="Context or a caution about the date.")
    source: Source | None = Field(default=None, description="Where the fact comes from.")


class Timeline(Strict):
    """curriculum/timeline.yml."""

    events: list[TimelineEvent] = Field(description="Events, any order (sorted when rendered).")


class Dimension(Strict):
    """A dimension of digital maturity."""

    id: Id = Field(description="Identifier, used in rosters' self-assessment scores.")
    title: Text = Field(description="Name of the dimension.")
    description: Text = Field(description="What the dimension covers.")
    questions: list[Text] = Field(min_length=1, description="Questions the mentee answers.")
    levels: list[Text] = Field(min_length=4, max_length=4, description="Levels 1 to 4 in plain words.")
    modules: list[Id] = Field(min_length=1, description="Modules that help progress on this dimension.")


class Assessment(Strict):
    """curriculum/assessment.yml: the self-assessment taken before and after."""

    title: Text = Field(description="Title of the questionnaire.")
    introduction: Text = Field(description="How to fill it in, in Markdown.")
    dimensions: list[Dimension] = Field(min_length=1, description="The dimensions.")


class BlockKind(str, Enum):
    ritual = "ritual"
    topic = "topic"
    business_context = "business-context"
    review = "review"


class ActivityRef(Strict):
    """One activity of one module, run in a block of a session or event."""

    module: Id = Field(description="Id of the module.")
    activity: Id = Field(description="Id of the activity within that module.")
    minutes: int = Field(ge=1, description="Minutes the activity gets in this block.")


class AgendaBlock(Strict):
    """A timed block of a session or event agenda."""

    id: Id = Field(description="Identifier, unique within the session type.")
    kind: BlockKind = Field(
        default=BlockKind.ritual,
        description="ritual (fixed text), topic (filled with module activities), "
        "business-context (the mentee shares business context) or review.",
    )
    title: Text = Field(description="Title of the block.")
    description: Text = Field(description="What happens in the block.")
    minutes: int = Field(ge=0, description="Preferred duration.")
    min_minutes: int = Field(ge=0, description="Shortest acceptable duration.")
    max_minutes: int = Field(ge=0, description="Longest acceptable duration.")
    uses: list[ActivityRef] = Field(
        default_factory=list,
        description="The module activities run in this block (a run sheet), each with the minutes it gets here.",
    )


class SessionType(Strict):
    """A kind of pair session or group event and its agenda."""

    id: Id = Field(description="kickoff, topic, midpoint, closing, or a group event id.")
    title: Text = Field(description="Title.")
    purpose: Text = Field(description="What the session is for.")
    modules: list[Id] = Field(default_factory=list, description="Modules this session draws on.")
    blocks: list[AgendaBlock] = Field(min_length=1, description="The agenda blocks in order.")
    minutes: int | None = Field(default=None, ge=15, description="Length of a group event (pair sessions use the slot).")
    audiences: list[Audience] = Field(
        default_factory=list, description="Who a group event is for (mentor, mentee, manager, coordinator)."
    )
    reading: list[Id] = Field(
        default_factory=list, description="Ids of the modules to read before the session or event."
    )


class SessionCatalogue(Strict):
    """curriculum/sessions.yml: pair session types and group events."""

    session_types: list[SessionType] = Field(description="kickoff, topic, midpoint, closing.")
    group_events: list[SessionType] = Field(default_factory=list, description="Cohort-wide events.")


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
    branding: Branding = Field(default_factory=Branding, description="Colours and logo.")
    defaults: CohortDefaults = Field(default_factory=CohortDefaults, description="Default cohort settings.")
    cohorts: list[str] = Field(default_factory=list, description="Paths of cohort files, relative to the project.")


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
