"""A module's core path (what a pair does in the practice block) and its optional extensions."""

from __future__ import annotations

from .models import Activity, Module


def core_path(module: Module) -> list[Activity]:
    """The core activities in the module's order, each replaced by its shortened variant where it has one.

    A variant keeps the activity's id, title and notes, so the plans and the books show the same
    activity with the variant's minutes and instructions.
    """
    out = []
    for a in module.activities:
        if not a.core:
            continue
        v = a.core_variant
        out.append(a.model_copy(update={"minutes": v.minutes, "instructions": v.instructions}) if v else a)
    return out


def extensions(module: Module) -> list[Activity]:
    """The activities off the core path: optional, never counted in a block's minutes."""
    return [a for a in module.activities if not a.core]


def core_minutes(module: Module) -> int:
    return sum(a.minutes for a in core_path(module))


def first_core_index(module: Module) -> int | None:
    """Index of the first core activity in `activities`, where a diagnostic about the path points."""
    return next((i for i, a in enumerate(module.activities) if a.core), None)
