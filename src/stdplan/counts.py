"""Counts of items or tasks per value of one field, or of two (a matrix): the analysts' pivot table.

A record with several values of a field (an item reaching several pilots, a task with several leads)
counts once under each. The records counted are those the listing commands' filters give
(queries.find_items, find_tasks): one filter, whichever command asks. Stdlib only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import product
from typing import Any

from stdplan import vocabulary
from stdplan.answers import Listing
from stdplan.messages import Label, Message
from stdplan.problems import UsageError
from stdplan.queries import (
    ASSIGNMENTS,
    ItemFilter,
    TaskFilter,
    assignment_for,
    find_items,
    find_tasks,
    resolve_city,
)
from stdplan.records import Record, Records

Values = Callable[[Records, Record], Iterable[Any]]
Keys = Callable[[Records, Record], Iterable[tuple[Any, ...]]]


def _cities(wanted: ItemFilter) -> Values:
    """The pilots an item reaches, by the kinds of assignment --assignment keeps (any, without it);
    with --city, that pilot alone (the items counted are those reaching it)."""
    kinds = set(wanted.assignment) or set(ASSIGNMENTS)

    def values(ds: Records, item: Record) -> list[str]:
        if wanted.city is not None:
            return [resolve_city(ds, wanted.city)]
        return [p["name"] for p in ds.pilots if assignment_for(ds, item, p["name"]) in kinds]

    return values


def _assignments(wanted: ItemFilter) -> Values:
    """How an item reaches the --city pilot, or else every way it reaches pilots: named, and its open_to."""
    kinds = set(wanted.assignment) or set(ASSIGNMENTS)

    def values(ds: Records, item: Record) -> list[str]:
        if wanted.city is not None:
            return [item["assignment"]]
        found = (["named"] if item["cities"] else []) + ([item["open_to"]] if item["open_to"] else [])
        return [kind for kind in found if kind in kinds]

    return values


# What each field of a count takes from a record, and the order its values are shown in.
ITEM_FIELDS: dict[str, Callable[[ItemFilter], Values]] = {
    "city": _cities,
    "level": lambda _: lambda ds, item: [item["level"]],
    "section": lambda _: lambda ds, item: [item["section"]],
    "assignment": _assignments,
}
TASK_FIELDS: dict[str, Values] = {
    "lead": lambda ds, task: task["lead"],
    "responsible": lambda ds, task: task["responsible"] or [None],
    "unit": lambda ds, task: list(dict.fromkeys(task["lead"] + task["responsible"])),
    "status": lambda ds, task: [task["status"] or vocabulary.NOT_REPORTED],
    "category": lambda ds, task: [task["category"]],
}


def _order(ds: Records, field: str) -> list[Any]:
    """The values of `field` in the order the documents give them; None (no value) last."""
    orders: dict[str, Callable[[], list[Any]]] = {
        "city": lambda: [pilot["name"] for pilot in ds.pilots],
        "level": lambda: list(vocabulary.codes("level")),
        "section": lambda: list(vocabulary.NUMERALS),
        "category": lambda: list(vocabulary.NUMERALS),
        "assignment": lambda: list(ASSIGNMENTS),
        "status": lambda: list(vocabulary.codes("task_status")),
        "lead": lambda: [unit["name"] for unit in ds.units["units"]],
    }
    orders["responsible"] = orders["unit"] = orders["lead"]
    return [*orders[field](), None]


def count_items(ds: Records, wanted: ItemFilter, by: Sequence[str]) -> Listing:
    fields = [ITEM_FIELDS[field](wanted) for field in _checked(by, ITEM_FIELDS, "items")]
    listed = find_items(ds, wanted)
    keys = _pilot_and_assignment(wanted, by) if set(by) == {"city", "assignment"} else None
    # A pilot the list does not address gets nothing counted: the listing's summary says why.
    return _count(ds, "items", listed.records, by, fields, keys=keys, why=listed.summary)


def _pilot_and_assignment(wanted: ItemFilter, by: Sequence[str]) -> Keys:
    """Pilot and assignment go together: an item naming 重庆 and open to the willing reaches 重庆 as
    named and the others as willing, not every pilot both ways."""
    kinds = set(wanted.assignment) or set(ASSIGNMENTS)
    cities = _cities(wanted)

    def keys(ds: Records, item: Record) -> list[tuple[Any, ...]]:
        pairs = [(city, assignment_for(ds, item, city)) for city in cities(ds, item)]
        return [pair if by[0] == "city" else pair[::-1] for pair in pairs if pair[1] in kinds]

    return keys


def count_tasks(ds: Records, wanted: TaskFilter, by: Sequence[str]) -> Listing:
    fields = [TASK_FIELDS[field] for field in _checked(by, TASK_FIELDS, "tasks")]
    return _count(ds, "tasks", find_tasks(ds, wanted).records, by, fields)


def _checked(by: Sequence[str], known: dict[str, Any], kind: str) -> Sequence[str]:
    if not 1 <= len(by) <= 2:
        raise UsageError(Message("count by one field, or by two for a matrix"))
    if len(set(by)) < len(by):
        raise UsageError(Message("count by two different fields"))
    for field in by:
        if field not in known:
            raise UsageError(
                Message(
                    "{kind} are not counted by '{field}': by {fields}",
                    kind=Label("noun", kind),
                    field=field,
                    fields=tuple(known),
                )
            )
    return by


def _count(
    ds: Records,
    noun: str,
    records: list[Record],
    by: Sequence[str],
    fields: list[Values],
    *,
    keys: Keys | None = None,
    why: Message | None = None,
) -> Listing:
    """Counts per value (one field), or per pair of values (two: every pair of values that occur,
    zeros too, so a matrix's every cell is a record). A record counts under each combination of its
    fields' values, or under the `keys` given for fields that go together."""
    counted: Counter[tuple[Any, ...]] = Counter()
    for record in records:
        combinations = keys(ds, record) if keys else product(*(field(ds, record) for field in fields))
        for values in combinations:
            counted[values] += 1
    occurring = [
        [value for value in _order(ds, name) if any(key[place] == value for key in counted)]
        for place, name in enumerate(by)
    ]
    keys = list(product(*occurring)) if len(by) == 2 else [(value,) for value in occurring[0]]
    rows = [{**dict(zip(by, key, strict=True)), "count": counted[key]} for key in keys]
    summary = why or Message("{count} {things} counted", count=len(records), things=Label("noun", noun))
    return Listing("counts", (*by, "count"), (*by, "count"), rows, summary=summary, counted_by=tuple(by))
