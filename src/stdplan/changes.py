"""What changed between two versions of the data, record by record and field by field.

Records are matched by what identifies them in their list (a task's number, a unit's name), never
by their place in the file: a task moved, or a file laid out anew, is no change. Every list of
records in the three files is compared, and the lists inside a record (a task's progress and
standards, a section's subsections) as records of their own. Stdlib only: a query over Records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from types import MappingProxyType
from typing import Any

from stdplan.answers import Listing
from stdplan.messages import Message
from stdplan.records import NATIONAL_FILE, TASKS_FILE, UNITS_FILE, Record, Records

# A list's key in the data → what one of its records is called (the change's `record`).
RECORD_KINDS: dict[str, str] = {
    "document": "document",
    "batches": "batch",
    "pilots": "pilot",
    "sections": "section",
    "subsections": "subsection",
    "items": "item",
    "plan": "plan",
    "phases": "phase",
    "targets": "target",
    "categories": "category",
    "tasks": "task",
    "progress": "progress",
    "standards": "standard",
    "units": "unit",
}
# What a change did.
CHANGES = ("added", "removed", "changed")
# What identifies a record in its list, in this order of preference; a list whose records have none
# of these (a task's progress) is compared as a collection of whole entries.
_IDENTITIES = ("number", "name", "title")
# A target has none of its own: it is the target for a level set by a phase.
_COMPOSITE_IDENTITIES = {"targets": ("level", "phase")}

CHANGE_FIELDS = ("file", "record", "number", "name", "change", "field", "old", "new")
CHANGE_COLUMNS = ("record", "number", "name", "change", "field", "old", "new")


def compare(old: Records, new: Records) -> list[Record]:
    """Every change from `old` to `new`, file by file in the order of the data, each a record with
    CHANGE_FIELDS: `change` is added, removed or changed; `field` and the values old and new say
    what, for a changed field; an added or removed record is whole in `new` or `old`."""
    changes: list[Record] = []
    for name, before, after in (
        (NATIONAL_FILE, old.national, new.national),
        (TASKS_FILE, old.plan, new.plan),
        (UNITS_FILE, old.units, new.units),
    ):
        for key in dict.fromkeys([*after, *before]):
            changes += _compare_part(name, key, before.get(key), after.get(key), number=None)
    return changes


def _compare_part(file: str, key: str, before: Any, after: Any, *, number: Any) -> Iterator[Record]:
    """The changes in one part of a file: a single record (the plan) or a list of records."""
    kind = RECORD_KINDS.get(key, key)
    if isinstance(before, dict) or isinstance(after, dict):
        yield from _compare_records(file, kind, number, before or {}, after or {})
        return
    before, after = before or [], after or []
    identity = _identity(key, before, after)
    if identity is None:
        yield from _compare_entries(file, kind, number, before, after)
        return
    old_by_key = {identity(record): record for record in before}
    new_by_key = {identity(record): record for record in after}
    for record_key in dict.fromkeys([*new_by_key, *old_by_key]):
        was, now = old_by_key.get(record_key), new_by_key.get(record_key)
        shown_number = number if number is not None else _number_of(was or now)
        if was is None or now is None:
            change = "added" if was is None else "removed"
            yield _change(file, kind, shown_number, was or now, change, None, was, now)
        else:
            yield from _compare_records(file, kind, shown_number, was, now)


def _compare_records(file: str, kind: str, number: Any, was: Record, now: Record) -> Iterator[Record]:
    """A record found in both versions: each field that differs, and the lists of records inside it."""
    inner: list[str] = []
    for field in dict.fromkeys([*now, *was]):
        before, after = was.get(field), now.get(field)
        if _is_record_list(before) or _is_record_list(after):
            inner.append(field)
        elif before != after:
            yield _change(file, kind, number, now, "changed", field, before, after)
    for field in inner:
        yield from _compare_part(file, field, was.get(field), now.get(field), number=number)


def _compare_entries(file: str, kind: str, number: Any, before: list[Record], after: list[Record]) -> Iterator[Record]:
    """Entries with nothing to tell them apart but their content: those in one version and not the
    other (an entry edited is one removed and one added), each as often as it is missing."""
    missing_after = Counter(map(_frozen, before)) - Counter(map(_frozen, after))
    missing_before = Counter(map(_frozen, after)) - Counter(map(_frozen, before))
    for entry in after:
        if missing_before[_frozen(entry)] > 0:
            missing_before[_frozen(entry)] -= 1
            yield _change(file, kind, number, entry, "added", None, None, entry)
    for entry in before:
        if missing_after[_frozen(entry)] > 0:
            missing_after[_frozen(entry)] -= 1
            yield _change(file, kind, number, entry, "removed", None, entry, None)


def _change(
    file: str, kind: str, number: Any, record: Record, change: str, field: str | None, old: Any, new: Any
) -> Record:
    name = record.get("title", record.get("name"))  # what a person knows the record by
    return dict(zip(CHANGE_FIELDS, (file, kind, number, name, change, field, old, new), strict=True))


def _identity(key: str, *versions: list[Record]) -> Any:
    """How the records of list `key` are told apart in each version, or None when nothing does."""
    if key in _COMPOSITE_IDENTITIES:
        fields = _COMPOSITE_IDENTITIES[key]
        return lambda record: tuple(record.get(field) for field in fields)
    for field in _IDENTITIES:
        told_apart = True
        for records in versions:
            values = [record.get(field) for record in records]
            told_apart &= None not in values and len(set(values)) == len(values)
        if told_apart:
            return lambda record, field=field: record.get(field)
    return None


def _number_of(record: Record) -> Any:
    """What a person calls the record by: its number, else its name."""
    return record.get("number", record.get("name"))


def _is_record_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(inner, dict) for inner in value)


def _frozen(value: Any) -> Any:
    """A value that can be counted: lists and records as tuples."""
    if isinstance(value, dict):
        return tuple((key, _frozen(inner)) for key, inner in value.items())
    if isinstance(value, list):
        return tuple(_frozen(inner) for inner in value)
    return value


# A change's old and new values are said in the words of the field that changed (a status as 推进中);
# a record added or removed is named by its title or name, whole only in JSON and YAML.
_SAID_AS_FIELD = MappingProxyType({"old": "field", "new": "field"})
_BY_NAME = frozenset({"old", "new"})


def changes_listing(
    changes: list[Record],
    summary: Message | None = None,
    *,
    noun: str = "changes",
    made_by: tuple[str, ...] = (),
    columns: tuple[str, ...] = CHANGE_COLUMNS,
) -> Listing:
    """Changes as a listing; `made_by` the fields before them that say which commit made each."""
    return Listing(
        noun,
        (*made_by, *CHANGE_FIELDS),
        columns,
        changes,
        summary=summary,
        dates=frozenset({"date"}) & set(made_by),
        said_as=_SAID_AS_FIELD,
        by_name=_BY_NAME,
    )


def task_of(change: Record) -> int | None:
    """The task a change is to (to its fields, its progress or its standards), or None."""
    return change["number"] if change["file"] == TASKS_FILE and change["record"] in _TASK_PARTS else None


def about_tasks(changes: Iterable[Record], numbers: Collection[int]) -> list[Record]:
    """The changes to these tasks."""
    return [change for change in changes if task_of(change) in numbers]


def tasks_unit_had(changes: Iterable[Record], unit: str) -> set[int]:
    """The tasks `unit` led or shared before the changes and no longer does (taken off the task, or the
    task removed): its paper still shows what happened to them."""
    had: set[int] = set()
    for change in changes:
        if change["file"] != TASKS_FILE or change["record"] != "task" or change["old"] is None:
            continue
        old = change["old"]
        if change["field"] in ("lead", "responsible"):
            units = old
        elif change["change"] == "removed":
            units = old["lead"] + old["responsible"]
        else:
            continue
        if unit in units:
            had.add(change["number"])
    return had


_TASK_PARTS = frozenset({"task", "progress", "standard"})
