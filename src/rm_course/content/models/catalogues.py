"""The curriculum's shared files: tools, tracks, glossary, timeline, self-assessment."""

from __future__ import annotations

from pydantic import Field

from .fields import Id, Strict, Text, Track
from .module import Source


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
