"""Checking a parsed file against its model, with Pydantic's errors said in the data's own terms."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from stdplan.models import PRINTABLE
from stdplan.problems import Problem
from stdplan.source_file import Location, SourceFile

M = TypeVar("M", bound=BaseModel)


def validate_source(source: SourceFile, model: type[M]) -> M | list[Problem]:
    """The file's data as `model`, or every problem with it, each at the line it comes from."""
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        return [_problem(source, model, detail) for detail in error.errors(include_url=False)]


def _problem(source: SourceFile, model: type[BaseModel], detail: Any) -> Problem:
    loc: tuple[str | int, ...] = detail["loc"]
    kind: str = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return source.problem(loc[:-1], "missing-key", f"the required key '{loc[-1]}' is missing")
    if kind == "invalid_key":
        return source.problem(loc[:-1], "invalid-key", f"a key must be a word like 'title', not {_describe(loc[-1])}")
    if kind == "extra_forbidden":
        allowed = _model_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), list(allowed.model_fields), n=1) if allowed else []
        hint = f" — did you mean '{close[0]}'?" if close else ""
        return source.problem(loc, "unknown-key", f"unknown key '{loc[-1]}'{hint}", key=True)
    return source.problem(loc, "wrong-value", f"{_label(loc)} {explain(kind, value, ctx)}")


# Pydantic's type errors, said as what the value must be.
_MUST_BE = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "dict_type": "must be a mapping of keys to values",
}


def explain(kind: str, value: Any, ctx: dict[str, Any]) -> str:
    """What is wrong with a value, in words, from a Pydantic error's type, input and context."""
    got = f", not {_describe(value)}"
    if kind in _MUST_BE:
        return _MUST_BE[kind] + got
    if kind == "literal_error":
        return f"{_describe(value)} is not allowed here; expected {ctx.get('expected', 'another value')}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"must list at least {ctx.get('min_length')} entry" if ctx.get("min_length") == 1 else "is too short"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == PRINTABLE:
        bad = next(char for char in value if not re.fullmatch(PRINTABLE, char))
        return f"holds the control character U+{ord(bad):04X}, which Word, Excel and XML cannot hold; remove it"
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} must be a year and month written like 2025-04"
    if kind.startswith("date"):
        return f"must be a date written like 2024-12-31{got}"
    return f"{kind.replace('_', ' ')}{got}"


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def _label(loc: Location) -> str:
    """'lead entry 2:' for ('tasks', 0, 'lead', 1): the key a value sits under, and its place in a list."""
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return "the file"
    label = keys[-1]
    if isinstance(loc[-1], int):
        label += f" entry {loc[-1] + 1}"
    return label + ":"


def _model_at(model: type[BaseModel], loc: Location) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc`."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current else None
        current = _model_in(field.annotation) if field else None
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, (_model_in(arg) for arg in get_args(annotation))), None)
