"""Checking a parsed file against its model, with Pydantic's errors said in the data's own terms."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from stdplan.messages import Message, Text
from stdplan.models import BLANK, LINE_PATTERN, REFUSED, RENAMED_KEYS, TEXT_PATTERN
from stdplan.problems import Finding, Location

M = TypeVar("M", bound=BaseModel)


def validate_data(file: str, data: Any, model: type[M]) -> M | list[Finding]:
    """The data read from `file` as `model`, or every problem with it, each at the value it is about."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
    # A key under its old name is said once, as renamed, not also as the new name missing.
    renamed = {(detail["loc"][:-1], RENAMED_KEYS[detail["loc"][-1]]) for detail in details if _is_renamed(detail)}
    return [
        _finding(file, model, detail)
        for detail in details
        if not (detail["type"] == "missing" and (detail["loc"][:-1], detail["loc"][-1]) in renamed)
    ]


def _is_renamed(detail: Any) -> bool:
    return detail["type"] == "extra_forbidden" and detail["loc"][-1] in RENAMED_KEYS


def _finding(file: str, model: type[BaseModel], detail: Any) -> Finding:
    loc: tuple[str | int, ...] = detail["loc"]
    kind: str = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return Finding(file, loc[:-1], "missing-key", Message("the required key '{key}' is missing", key=loc[-1]))
    if kind == "invalid_key":
        return Finding(
            file,
            loc[:-1],
            "invalid-key",
            Message("a key must be a word like 'title', not {value}", value=_describe(loc[-1])),
        )
    if _is_renamed(detail):
        old, new = loc[-1], RENAMED_KEYS[str(loc[-1])]
        message = Message(
            "the key '{old}' is now called '{new}' (YAML 1.1 readers such as PyYAML read {old}: as false): rename it",
            old=old,
            new=new,
        )
        return Finding(file, loc, "renamed-key", message, key=True)
    if kind == "extra_forbidden":
        allowed = _model_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), list(allowed.model_fields), n=1) if allowed else []
        hint: Text = Message(" — did you mean '{key}'?", key=close[0]) if close else ""
        return Finding(
            file,
            loc,
            "unknown-key",
            Message("unknown key '{key}'{hint}", key=_shown(str(loc[-1])), hint=hint),
            key=True,
        )
    return Finding(
        file, loc, "wrong-value", Message("{label} {problem}", label=_label(loc), problem=explain(kind, value, ctx))
    )


# Pydantic's type errors, said as what the value must be.
_MUST_BE = {
    "string_type": Message("must be text, not {value}"),
    "int_type": Message("must be a whole number, not {value}"),
    "int_parsing": Message("must be a whole number, not {value}"),
    "int_from_float": Message("must be a whole number, not {value}"),
    "bool_type": Message("must be true or false, not {value}"),
    "list_type": Message("must be a list, not {value}"),
    "model_type": Message("must be a mapping of keys to values, not {value}"),
    "model_attributes_type": Message("must be a mapping of keys to values, not {value}"),
    "dict_type": Message("must be a mapping of keys to values, not {value}"),
}


def explain(kind: str, value: Any, ctx: dict[str, Any]) -> Message:
    """What is wrong with a value, in words, from a Pydantic error's type, input and context."""
    described = _describe(value)
    if kind in _MUST_BE:
        return _MUST_BE[kind].fill(value=described)
    if kind == "literal_error":
        expected = ctx.get("expected")
        return (
            Message("{value} is not allowed here; expected {expected}", value=described, expected=expected)
            if expected
            else Message("{value} is not allowed here", value=described)
        )
    if kind == "greater_than_equal" and isinstance(value, datetime.date):
        return Message(
            "must be {limit} or later, the first day Excel shows, not {value}", limit=ctx.get("ge"), value=described
        )
    if kind == "greater_than":
        return Message("must be greater than {limit}, not {value}", limit=ctx.get("gt"), value=described)
    if kind == "string_too_short":
        return Message("must not be empty")
    if kind == "too_short":
        if ctx.get("min_length") == 1:
            return Message("must list at least 1 entry")
        return Message("is too short")
    text_rule = kind == "string_unicode" or ctx.get("pattern") in (TEXT_PATTERN, LINE_PATTERN)
    if (
        text_rule
        and isinstance(value, str)
        and (refused := refusal(value, one_line=ctx.get("pattern") == LINE_PATTERN))
    ):
        return refused
    if kind == "string_pattern_mismatch":
        return Message("{value} must be a year and month from 1900-03 on, written like 2025-04", value=described)
    if kind.startswith("date"):
        return Message("must be a date written like 2024-12-31, not {value}", value=described)
    return Message("{problem}, not {value}", problem=kind.replace("_", " "), value=described)


# What the models refuse (see models.REFUSED), lone surrogates included, to say which and where.
_REFUSED_IN_TEXT = re.compile(f"[{REFUSED}\\ud800-\\udfff]")
_REFUSED_SHOWN = re.compile(f"[\\n{REFUSED}\\ud800-\\udfff]")  # a line break too: a problem is one line
_REFUSED_IN_LINE = re.compile(f"[\\n{REFUSED}\\ud800-\\udfff]")
_OTHER_LINE_BREAKS = "\r\x85\u2028\u2029"
_NOT_BLANK = re.compile(f"[^{BLANK}]")


def refusal(text: str, *, one_line: bool = False) -> Message | None:
    """Why the models refuse `text`: its first refused character, as U+XXXX, and where it is (the
    1-based position in the text), or its being blank; None when they take it."""
    found = (_REFUSED_IN_LINE if one_line else _REFUSED_IN_TEXT).search(text)
    if found is None:
        return None if _NOT_BLANK.search(text) else Message("holds nothing but spaces and line breaks")
    char = found.group()
    where = {"character": f"U+{ord(char):04X}", "position": found.start() + 1}
    if char == "\n":
        return Message("holds a line break ({character}) at position {position}, where one line is expected", **where)
    if char in _OTHER_LINE_BREAKS:
        return Message(
            "holds the line break {character} at position {position}, which YAML, Markdown and XML each read "
            "their own way; break lines with a line feed (U+000A) only",
            **where,
        )
    if "\ud800" <= char <= "\udfff":
        return Message(
            "holds {character} at position {position}, half of a UTF-16 surrogate pair and no character "
            "(bytes that are not UTF-8?); remove it",
            **where,
        )
    if char < "\xa0":
        return Message(
            "holds the control character {character} at position {position}, which Word, Excel and XML do not "
            "keep; remove it",
            **where,
        )
    return Message(
        "holds the noncharacter {character} at position {position}, which Word, Excel and XML do not keep; remove it",
        **where,
    )


def _shown(text: str) -> str:
    """Text as a message can show it: the characters the models refuse as <U+XXXX> (a lone surrogate
    cannot even be printed)."""
    return _REFUSED_SHOWN.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def _describe(value: Any) -> Text:
    if value is None:
        return Message("an empty value")
    if isinstance(value, bool):
        return Message("the boolean {value}", value=str(value).lower())
    if isinstance(value, int | float):
        return Message("the number {value}", value=value)
    if isinstance(value, str):
        return Message("'{value}'", value=_shown(value))
    if isinstance(value, list | tuple):
        return Message("a list")
    if isinstance(value, dict):
        return Message("a mapping")
    if isinstance(value, datetime.date):
        return Message("the date {value}", value=value.isoformat())
    return type(value).__name__


def _label(loc: Location) -> Text:
    """'lead entry 2:' for ('tasks', 0, 'lead', 1): the key a value sits under, and its place in a list."""
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return Message("the file")
    if isinstance(loc[-1], int):
        return Message("{key} entry {position}:", key=_shown(keys[-1]), position=loc[-1] + 1)
    return Message("{key}:", key=_shown(keys[-1]))


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
