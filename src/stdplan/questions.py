"""The answering commands' questions: from the values of a command's options to the query that
answers them. Stdlib only: the Typer commands and the fast front end (fast.py) both ask here, with
the options' values under the Typer parameters' names, so the two cannot ask differently.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from stdplan import counts, queries
from stdplan.answers import Detail, Listing
from stdplan.messages import Label, Message
from stdplan.problems import UsageError
from stdplan.records import Records

Question = Callable[[Records], Listing | Detail]


class Shown(StrEnum):
    """What `stdplan show` shows."""

    task = "task"
    item = "item"


def task_filter(
    *,
    lead: Sequence[str] | None = None,
    responsible: Sequence[str] | None = None,
    unit: Sequence[str] | None = None,
    category: Sequence[str] | None = None,
    national: Sequence[int] | None = None,
    search: Sequence[str] | None = None,
    co_led: bool = False,
    status: Sequence[str] | None = None,
    not_lead: Sequence[str] | None = None,
    not_unit: Sequence[str] | None = None,
    not_status: Sequence[str] | None = None,
    no_progress_since: datetime.date | None = None,
) -> queries.TaskFilter:
    """The filter the options of `tasks` (under the Typer parameters' names) ask for; any command
    that filters tasks as `tasks` does builds its filter here."""
    return queries.TaskFilter(
        lead=lead or (),
        responsible=responsible or (),
        unit=unit or (),
        category=category or (),
        national=national or (),
        search=search or (),
        co_led=co_led,
        status=status or (),
        not_lead=not_lead or (),
        not_unit=not_unit or (),
        not_status=not_status or (),
        no_progress_since=no_progress_since,
    )


def item_filter(
    *,
    city: str | None = None,
    assignment: Sequence[str] | None = None,
    section: Sequence[str] | None = None,
    level: Sequence[str] | None = None,
    search: Sequence[str] | None = None,
    not_city: Sequence[str] | None = None,
    not_level: Sequence[str] | None = None,
) -> queries.ItemFilter:
    """The filter the options of `items` (under the Typer parameters' names) ask for; any command
    that filters items as `items` does builds its filter here."""
    return queries.ItemFilter(
        city=city,
        assignment=assignment or (),
        section=section or (),
        level=level or (),
        search=search or (),
        not_city=not_city or (),
        not_level=not_level or (),
    )


def tasks(**options: Any) -> Question:
    wanted = task_filter(**options)
    return lambda records: queries.find_tasks(records, wanted)


def items(**options: Any) -> Question:
    wanted = item_filter(**options)
    return lambda records: queries.find_items(records, wanted)


class Counted(StrEnum):
    """What `stdplan count` counts."""

    items = "items"
    tasks = "tasks"


def count(*, kind: Counted, by: Sequence[str] | None = None, **options: Any) -> Question:
    """Counts of `kind` by one or two fields, filtered by the options of the listing command of the
    same name; an option of the other listing is a usage error."""
    filters = queries.ItemFilter._fields if kind is Counted.items else queries.TaskFilter._fields
    given = {name: value for name, value in options.items() if value}
    others = [name for name in given if name not in filters]

    def counted(records: Records) -> Listing:
        if others:
            option = "--" + others[0].replace("_", "-")
            raise UsageError(Message("{option} does not filter {kind}", option=option, kind=Label("noun", kind)))
        if kind is Counted.items:
            return counts.count_items(records, item_filter(**given), by or ())
        return counts.count_tasks(records, task_filter(**given), by or ())

    return counted


def coverage(*, city: str | None = None) -> Question:
    return lambda records: queries.coverage(records, city)


def units() -> Question:
    return queries.list_units


def cities() -> Question:
    return queries.list_cities


def show(*, kind: Shown, number: int) -> Question:
    shown = queries.show_task if kind is Shown.task else queries.show_item
    return lambda records: shown(records, number)


# Each answering command's question, by the command's name.
QUESTIONS: dict[str, Callable[..., Question]] = {
    "tasks": tasks,
    "items": items,
    "coverage": coverage,
    "units": units,
    "cities": cities,
    "show": show,
    "count": count,
}
