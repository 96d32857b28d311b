"""A module of the curriculum: its teaching text, activities, sources."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from .fields import ActivityKind, Audience, Id, Level, Strict, Text, Track


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


# A structure diagram is drawn as columns of boxes read left to right: past these it stops being legible.
FIGURE_DEPTH = 4
FIGURE_BOXES_PER_LEVEL = 9
FIGURE_LABEL_CHARS = 34


class FigureNode(Strict):
    """A box of a structure diagram and the boxes under it."""

    label: Text = Field(description=f"The box's words, at most {FIGURE_LABEL_CHARS} characters (two short lines).")
    children: list[FigureNode] = Field(default_factory=list, description="The boxes under this one, in order.")

    @field_validator("label")
    @classmethod
    def _short(cls, value: dict[str, str]) -> dict[str, str]:
        long = [lang for lang, text in value.items() if len(" ".join(text.split())) > FIGURE_LABEL_CHARS]
        if long:
            raise ValueError(f"the {' and '.join(long)} label is longer than {FIGURE_LABEL_CHARS} characters; "
                             "a box holds two short lines: shorten it or move the detail into the caption")
        return value


class ModuleFigure(Strict):
    """A diagram of a tool's structure (e.g. workspace → channels → threads), drawn at build time."""

    tree: FigureNode = Field(description="The top box and the boxes under it.")
    alt: Text = Field(description="What the diagram shows, in a sentence or two, for readers who cannot see it.")
    caption: Text = Field(description="The caption printed under the diagram.")

    @model_validator(mode="after")
    def _legible(self) -> ModuleFigure:
        level = [self.tree]
        for depth in range(1, FIGURE_DEPTH + 2):
            if len(level) > FIGURE_BOXES_PER_LEVEL:
                raise ValueError(f"level {depth} of the tree has {len(level)} boxes; at most "
                                 f"{FIGURE_BOXES_PER_LEVEL} stay legible: merge some or split the diagram")
            level = [c for node in level for c in node.children]
            if level and depth == FIGURE_DEPTH:
                raise ValueError(f"the tree is deeper than {FIGURE_DEPTH} levels; at most {FIGURE_DEPTH} "
                                 "columns fit the page: merge a level into its parent's label")
        return self


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
    figure: ModuleFigure | None = Field(
        default=None, description="A diagram of the structure the module teaches (a tool's parts and how they nest)."
    )
