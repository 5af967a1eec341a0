"""The validated models of the three files and the name indexes the cross-file checks use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from stdplan.models import Batch, Item, NationalList, Section, TaskPlan, UnitList
from stdplan.names import NameIndex
from stdplan.records import (
    NATIONAL_FILE,
    PILOT_OTHER_NAMES,
    TASKS_FILE,
    UNIT_OTHER_NAMES,
    UNITS_FILE,
    addressed,
    name_index,
)

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
    def sections_by_no(self) -> dict[str, Section]:
        return {section.number: section for section in self.national.sections}

    @cached_property
    def unit_names(self) -> NameIndex:
        return name_index([unit.model_dump() for unit in self.units.units], UNIT_OTHER_NAMES)

    @cached_property
    def pilot_names(self) -> NameIndex:
        return name_index([pilot.model_dump() for pilot in self.national.pilots], PILOT_OTHER_NAMES)

    @cached_property
    def batches_by_no(self) -> dict[int, Batch]:
        return {batch.number: batch for batch in self.national.batches}

    @cached_property
    def addressed_pilots(self) -> frozenset[str]:
        """The pilots the national list addresses (records.addressed); one whose batch is not on record among them."""
        day = self.national.document.date
        return frozenset(
            pilot.name
            for pilot in self.national.pilots
            if addressed(day, batch.date if (batch := self.batches_by_no.get(pilot.batch)) else None)
        )
