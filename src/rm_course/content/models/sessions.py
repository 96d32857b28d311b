"""curriculum/sessions.yml: pair session types, group events and their timed agenda blocks."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .fields import Audience, Id, Strict, Text


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
    for_mentee: Text | None = Field(
        default=None, description="The block told to the mentee (what you will do, what to bring): the mentee's "
        "plan shows it instead of the description.",
    )
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
    days_before_start: int | None = Field(
        default=None, ge=0, le=90,
        description="For a group event held before the cohort starts: how many days before its start date.",
    )


class SessionCatalogue(Strict):
    """curriculum/sessions.yml: pair session types and group events."""

    session_types: list[SessionType] = Field(description="kickoff, topic, midpoint, closing.")
    group_events: list[SessionType] = Field(default_factory=list, description="Cohort-wide events.")
