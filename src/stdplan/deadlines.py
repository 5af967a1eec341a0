"""The plan's dates to keep, as plain records: each phase's deadline, each task's, and the days a task's
standards are planned to reach their next stages. What `stdplan calendar` turns into events (ics.py).

Stdlib only; no words for people here (those are chosen where the calendar is rendered). The dates
come from the plan's own rules (queries.due_phase, queries.due_date), never worked out again.

Each date has a `key` that says what it is, not where it stands in a list: `task-9` is task 9's
deadline whatever tasks are added before it or however its day moves. A calendar's UID is made from
it, so a calendar imported again updates its events instead of adding a second copy of each.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from typing import NamedTuple

from stdplan.queries import STAGES, TaskFilter, current_stage, due_date, due_phase, find_tasks, resolve_unit
from stdplan.records import Record, Records
from stdplan.vocabulary import NUMERALS


class Deadline(NamedTuple):
    """One date to keep. `number` is the phase's numeral (二) or the task's number (for a standard,
    the task it belongs to); the texts are the data's words, character for character."""

    day: datetime.date
    kind: str  # phase, task or standard
    number: str | int
    title: str  # the phase's name, the task's title, the standard's title
    key: str  # what the date is, stable across runs and edits: phase-2, task-9, task-9-standard-…
    deadline_text: str | None = None  # 完成时限 as printed: the phase's own, or the phase a task is due by
    phase: Record | None = None  # the phase a task is due by
    content: str | None = None  # a phase's text
    lead_text: str | None = None  # a task's (or a standard's task's) 牵头单位 cell
    responsible_text: str | None = None  # and its 责任单位 cell
    stage: str | None = None  # the stage a standard is planned to reach on `day`
    level: str | None = None  # a standard's level code
    code: str | None = None  # a standard's number, where known


def deadlines(ds: Records, unit: str | None = None) -> list[Deadline]:
    """Every date to keep, by day (on one day: phases, then tasks, then standards, each in the plan's
    order). With `unit` (any of its names), the tasks that unit leads or is responsible for and their
    standards; the phases' deadlines stay, since they bind every unit."""
    tasks = ds.tasks
    if unit is not None:
        wanted = {task["number"] for task in find_tasks(ds, TaskFilter(unit=[resolve_unit(ds, unit)])).records}
        tasks = [task for task in tasks if task["number"] in wanted]
    found = [*_phases(ds), *_tasks(ds, tasks), *_standards(tasks)]
    return sorted(found, key=lambda deadline: deadline.day)  # stable: the order above within a day


def plan_key(ds: Records) -> str:
    """A short fingerprint of which plan the dates belong to (its city and title), so that two plans'
    calendars imported into one calendar keep their events apart."""
    plan = ds.plan["plan"]
    return _digest(plan["city"], plan["title"])


def latest_fact(ds: Records) -> datetime.date:
    """The day of the newest fact the data records as having happened: the notice's date, a progress
    entry's, a stage a standard reached. A calendar's stamp, the same for the same data on any day."""
    days = [ds.national["document"]["date"]]
    for task in ds.tasks:
        days += [entry["date"] for entry in task["progress"]]
        days += [day for standard in task["standards"] for day in standard["stages"].values()]
    return datetime.date.fromisoformat(max(days))


def _phases(ds: Records) -> list[Deadline]:
    return [
        Deadline(
            due_date(phase),
            "phase",
            phase["number"],
            phase["name"],
            f"phase-{NUMERALS.index(phase['number']) + 1}",
            deadline_text=phase["deadline_text"],
            content=phase["content"],
        )
        for phase in ds.plan["phases"]
    ]


def _tasks(ds: Records, tasks: list[Record]) -> list[Deadline]:
    phase = due_phase(ds)  # every task is due by the phase that sets the targets
    day = due_date(phase)
    return [
        Deadline(
            day,
            "task",
            task["number"],
            task["title"],
            f"task-{task['number']}",
            deadline_text=phase["deadline_text"],
            phase=phase,
            lead_text=task["lead_text"],
            responsible_text=task["responsible_text"],
        )
        for task in tasks
    ]


def _standards(tasks: list[Record]) -> list[Deadline]:
    """The planned days of stages a standard has not reached yet (nor passed: a standard at 审查 is
    past 征求意见 even if it skipped it); a plan whose stage is reached is history, not a date to keep."""
    found = []
    seen: Counter[str] = Counter()
    for task in tasks:
        for standard in task["standards"]:
            reached = STAGES.index(current_stage(standard["stages"]))
            # A standard is known by its task, level and title (a code is often given only later);
            # the same standard twice in one task gets -2, -3… in the order written.
            base = f"task-{task['number']}-standard-{_digest(standard['level'], standard['title'])}"
            seen[base] += 1
            identity = base if seen[base] == 1 else f"{base}-{seen[base]}"
            for stage, day in standard.get("planned", {}).items():
                if STAGES.index(stage) > reached:
                    found.append(
                        Deadline(
                            datetime.date.fromisoformat(day),
                            "standard",
                            task["number"],
                            standard["title"],
                            f"{identity}-stage-{STAGES.index(stage) + 1}",
                            lead_text=task["lead_text"],
                            responsible_text=task["responsible_text"],
                            stage=stage,
                            level=standard["level"],
                            code=standard.get("code"),
                        )
                    )
    return found


def _digest(*texts: str) -> str:
    """Eight hex digits of the texts' SHA-256: ASCII for a UID, whatever the texts."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:8]
