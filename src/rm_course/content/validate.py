"""Validate loaded YAML against a model and turn pydantic errors into located diagnostics."""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic
from .yamlload import Document, Loc, dotted

M = TypeVar("M", bound=BaseModel)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation like `list[Foo] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    for arg in typing.get_args(annotation) if origin in (list, dict, typing.Union, types.UnionType) else ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Follow `loc` through the fields of `model` to the model that holds its last key."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return current if part == loc[-1] else None
        current = _inner_model(info.annotation)
    return current


def _message(err: dict, model: type[BaseModel], private: bool) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else (f"; known keys: {', '.join(known)}" if known else "")
        return f"unknown key{'' if private else f' {loc[-1]!r}'}{hint}"
    if kind == "missing":
        return "this field is required"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "enum" and not private:
        return msg
    if kind == "string_pattern_mismatch":
        return "this value is not in the expected form" + ("" if private else f" ({msg[0].lower() + msg[1:]})")
    return msg[0].lower() + msg[1:] if msg else kind


def known_path(model: type[BaseModel], loc: Loc) -> str:
    """`loc` as a field path cut before the first key the model does not declare: in personal
    data, such a key (an unknown key, a dimension) may be a name."""
    kept: list = []
    current: type[BaseModel] | None = model
    for part in loc:
        if not isinstance(part, int):
            if current is None or part not in current.model_fields:
                break
            current = _inner_model(current.model_fields[part].annotation)
        kept.append(part)
    return dotted(tuple(kept))


def validate(
    doc: Document, model: type[M], *, context: dict | None = None, private: bool = False
) -> tuple[M | None, list[Diagnostic]]:
    """Validate a document; return the object (or None) and every problem located."""
    try:
        obj = model.model_validate(doc.data if doc.data is not None else {}, context=context or {})
        return obj, []
    except ValidationError as exc:
        diags = []
        seen = set()
        for err in exc.errors(include_input=False, include_url=False):
            loc = tuple(err["loc"])
            # Drop pydantic's union branch names ("function-before[...]") from the path.
            loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("str", "dict[str,str]"))))
            key = err["type"] == "extra_forbidden"
            d = doc.diag(loc, _message({**err, "loc": loc}, model, private), key=key)
            if private:
                d = dataclasses.replace(d, field=known_path(model, loc))
            if (d.line, d.col, d.field, d.message) not in seen:  # union branches repeat an error
                seen.add((d.line, d.col, d.field, d.message))
                diags.append(d)
        return None, diags
