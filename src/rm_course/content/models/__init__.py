"""The content model: pydantic classes for every YAML file of a programme project.

`extra="forbid"` everywhere and a description on every field, which the JSON Schemas carry.
The classes live in one module per kind of file; they are all importable from here.
"""

from .catalogues import (
    Assessment,
    Dimension,
    Glossary,
    GlossaryTerm,
    Timeline,
    TimelineEvent,
    Tool,
    ToolCatalogue,
    TrackCatalogue,
    TrackInfo,
)
from .cohort import Cohort, Pair, Person, Roster
from .fields import (
    AUDIENCES,
    ID_PATTERN,
    LANGUAGES,
    TRACKS,
    ActivityKind,
    Audience,
    Clock,
    Colour,
    Day,
    Id,
    Level,
    Strict,
    Text,
    Track,
)
from .module import Activity, CoreVariant, FigureNode, Module, ModuleFigure, Objectives, Scenario, Section, Source
from .programme import Branding, CohortDefaults, Programme, Weekday
from .sessions import ActivityRef, AgendaBlock, BlockKind, SessionCatalogue, SessionType

__all__ = [
    "AUDIENCES", "ID_PATTERN", "LANGUAGES", "TRACKS",
    "Activity", "ActivityKind", "ActivityRef", "AgendaBlock", "Assessment", "Audience", "BlockKind", "Branding",
    "Clock", "Cohort", "CohortDefaults", "Colour", "CoreVariant", "Day", "Dimension", "Glossary", "GlossaryTerm",
    "FigureNode", "Id", "Level", "Module", "ModuleFigure", "Objectives", "Pair", "Person", "Programme", "Roster", "Scenario", "Section",
    "SessionCatalogue", "SessionType", "Source", "Strict", "Text", "Timeline", "TimelineEvent", "Tool",
    "ToolCatalogue", "Track", "TrackCatalogue", "TrackInfo", "Weekday",
]
