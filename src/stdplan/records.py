"""The checked data as plain records: what every query and handout reads, from either front end.

Stdlib only. A `Records` is the three files' data after they passed every check, as JSON values
(dicts, lists, text, numbers; days as ISO text, 2025-09-01), built the same way whether it comes
fresh from the models (loading.py) or from the cache (cache.py): from the JSON the models dump.
`fields` names each kind of record's fields in the models' order (the models are where they come
from; loading.py hands them over), so a listing can name its columns when it holds no record.

Every answer in a process shares these records: nothing may change one. A query that adds to a
record (an item's level, a task's category title) makes a new one.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Mapping
from functools import cached_property
from typing import Any, TypeVar

from stdplan.names import NameIndex

NATIONAL_FILE = "national_list.yaml"
TASKS_FILE = "tasks.yaml"
UNITS_FILE = "units.yaml"
DATA_FILES = (NATIONAL_FILE, TASKS_FILE, UNITS_FILE)

Record = dict[str, Any]  # JSON values: str, int, bool, None, lists, nested records
D = TypeVar("D", str, datetime.date)  # a day: ISO text in records, a date in the models

# The other names a unit or a pilot is known by, besides its `name`.
UNIT_OTHER_NAMES = ("full_name", "name_en", "aliases")
PILOT_OTHER_NAMES = ("name_en", "aliases")


def addressed(list_date: D, batch_date: D | None) -> bool:
    """Whether a list dated `list_date` addresses a pilot its batch made one on `batch_date`: the
    list speaks to the pilots there were when it was issued (商资发〔2024〕314号, of 2024-12-31, to the
    11 of batches 1–3, not to the nine of 2025-04-11), so its items, 各试点示范省市 ones included, reach
    no later pilot. The one place this rule is written: queries, checks and handouts all ask here.
    A batch not on record (None) counts as addressed; a check reports the missing batch itself."""
    return batch_date is None or batch_date <= list_date


def name_index(records: list[Mapping[str, Any]], other_names: tuple[str, ...]) -> NameIndex:
    """Every name of each record (its own, then the others, lists spread out) to its `name`."""

    def names(record: Mapping[str, Any]) -> list[str | None]:
        found: list[str | None] = []
        for key in other_names:
            value = record.get(key)
            found.extend(value if isinstance(value, list) else [value])
        return found

    return NameIndex((record["name"], names(record)) for record in records)


class Records:
    """national_list.yaml, tasks.yaml and units.yaml as plain records, with the indexes queries share.

    Made from each file's data as the models dump it to JSON, and the fields as JSON (kind → names).
    A file's JSON is decoded when it is first asked for: `tasks --lead` never needs the national
    list, which is most of the data.
    """

    def __init__(self, files: Mapping[str, str | bytes], fields: str | bytes) -> None:
        self._json = {name: files[name] for name in DATA_FILES}
        self.fields: dict[str, tuple[str, ...]] = {kind: tuple(names) for kind, names in json.loads(fields).items()}

    @cached_property
    def national(self) -> Record:
        return json.loads(self._json.pop(NATIONAL_FILE))

    @cached_property
    def plan(self) -> Record:
        return json.loads(self._json.pop(TASKS_FILE))

    @cached_property
    def units(self) -> Record:
        return json.loads(self._json.pop(UNITS_FILE))

    @property
    def tasks(self) -> list[Record]:
        return self.plan["tasks"]

    @property
    def items(self) -> list[Record]:
        return self.national["items"]

    @property
    def pilots(self) -> list[Record]:
        return self.national["pilots"]

    @property
    def batches(self) -> list[Record]:
        return self.national["batches"]

    @cached_property
    def batches_by_no(self) -> dict[int, Record]:
        return {batch["number"]: batch for batch in self.batches}

    @cached_property
    def addressed_pilots(self) -> frozenset[str]:
        """The pilots the national list addresses (`addressed`): every item's assignment is for them only."""
        day = self.national["document"]["date"]
        return frozenset(
            pilot["name"]
            for pilot in self.pilots
            if addressed(day, (self.batches_by_no.get(pilot["batch"]) or {}).get("date"))
        )

    @cached_property
    def items_by_no(self) -> dict[int, Record]:
        return {item["number"]: item for item in self.items}

    @cached_property
    def tasks_by_no(self) -> dict[int, Record]:
        return {task["number"]: task for task in self.tasks}

    @cached_property
    def tasks_by_item(self) -> dict[int, list[Record]]:
        """The local tasks implementing each national item (only items that have some)."""
        grouped: dict[int, list[Record]] = defaultdict(list)
        for task in self.tasks:
            grouped[task["national_item"]].append(task)
        return dict(grouped)

    @cached_property
    def sections_by_no(self) -> dict[str, Record]:
        return {section["number"]: section for section in self.national["sections"]}

    @cached_property
    def unit_names(self) -> NameIndex:
        return name_index(self.units["units"], UNIT_OTHER_NAMES)

    @cached_property
    def pilot_names(self) -> NameIndex:
        return name_index(self.pilots, PILOT_OTHER_NAMES)

    def summary(self) -> dict[str, int]:
        return {
            "items": len(self.items),
            "tasks": len(self.tasks),
            "units": len(self.units["units"]),
            "pilots": len(self.pilots),
        }
