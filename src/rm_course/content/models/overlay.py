"""The parts of programme.yml by which a project extends the built-in curriculum instead of copying it."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import Field, model_validator

from .fields import Id, Strict
from .module import Section


class Base(str, Enum):
    builtin = "builtin"


class Replacements(Strict):
    """Ids of the base that the project's own files replace (an undeclared same id is an error)."""

    modules: list[Id] = Field(default_factory=list, description="Built-in modules replaced by a module file "
                              "of the project with the same id.")
    tools: list[Id] = Field(default_factory=list, description="Built-in tools replaced by an entry of the "
                            "project's tools.yml with the same id.")
    terms: list[Id] = Field(default_factory=list, description="Built-in glossary terms replaced by an entry of "
                            "the project's glossary.yml with the same id.")


class Exclusions(Strict):
    """Ids of the base the project switches off."""

    modules: list[Id] = Field(default_factory=list, description="Built-in modules left out of the programme.")
    tools: list[Id] = Field(default_factory=list, description="Built-in tools left out of the programme.")


class Patch(Strict):
    """A change of single fields of one built-in module or tool, kept in the project."""

    module: Id | None = Field(default=None, description="Id of the built-in module to change.")
    tool: Id | None = Field(default=None, description="Id of the built-in tool to change.")
    set: dict[str, Any] = Field(default_factory=dict, description="Fields given a new value (e.g. reviewed_on, "
                                "name), each written as in the module or tool file.")
    add_sections: list[Section] = Field(default_factory=list, description="Sections added after the module's "
                                        "own (an internal policy, for instance).")

    @model_validator(mode="after")
    def _one_target(self) -> Patch:
        if (self.module is None) == (self.tool is None):
            raise ValueError("a patch names exactly one `module:` or one `tool:`")
        if self.tool is not None and self.add_sections:
            raise ValueError("`add_sections` applies to a module, not to a tool")
        if not self.set and not self.add_sections:
            raise ValueError("a patch needs `set:` or `add_sections:`")
        return self


class SiteEngine(str, Enum):
    mkdocs = "mkdocs"
    # Material's successor; an optional extra (`pip install 'rm-course[zensical]'`), pinned to one version.
    zensical = "zensical"


class SiteOptions(Strict):
    """How the training site is built."""

    engine: SiteEngine = Field(default=SiteEngine.mkdocs, description="mkdocs (MkDocs with Material for "
                               "MkDocs, the default) or zensical (Material's successor, which builds the same "
                               "generated project; needs the `zensical` extra).")
