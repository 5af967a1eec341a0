"""The loaded data: three validated files and the name indexes queries and checks share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from stdplan.models import Item, NationalList, Section, Task, TaskPlan, UnitList
from stdplan.names import NameIndex

NATIONAL_FILE = "national_list.yaml"
TASKS_FILE = "tasks.yaml"
UNITS_FILE = "units.yaml"
DATA_MODELS: dict[str, type[BaseModel]] = {NATIONAL_FILE: NationalList, TASKS_FILE: TaskPlan, UNITS_FILE: UnitList}


@dataclass
class Dataset:
    """The three files, validated: plain data, with nothing of the text it was read from."""

    national: NationalList
    plan: TaskPlan
    units: UnitList

    @cached_property
    def items_by_no(self) -> dict[int, Item]:
        return {item.number: item for item in self.national.items}

    @cached_property
    def tasks_by_no(self) -> dict[int, Task]:
        return {task.number: task for task in self.plan.tasks}

    @cached_property
    def tasks_by_item(self) -> dict[int, list[Task]]:
        """The local tasks implementing each national item (only items that have some)."""
        grouped: dict[int, list[Task]] = defaultdict(list)
        for task in self.plan.tasks:
            grouped[task.national_item].append(task)
        return dict(grouped)

    @cached_property
    def sections_by_no(self) -> dict[str, Section]:
        return {section.number: section for section in self.national.sections}

    @cached_property
    def unit_names(self) -> NameIndex:
        return NameIndex((u.name, [u.full_name, u.name_en, *u.aliases]) for u in self.units.units)

    @cached_property
    def pilot_names(self) -> NameIndex:
        return NameIndex((p.name, [p.name_en, *p.aliases]) for p in self.national.pilots)

    def summary(self) -> dict[str, int]:
        return {
            "items": len(self.national.items),
            "tasks": len(self.plan.tasks),
            "units": len(self.units.units),
            "pilots": len(self.national.pilots),
        }
