"""The analysts' questions, answered from the checked data's plain records (records.py) as plain records.

Stdlib only: the fast front end and the Typer CLI both ask these.

Names are taken as people type them (short, full, English, alias, any case); a name that matches
nothing is a UsageError that suggests the closest one, never an empty answer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from stdplan import vocabulary
from stdplan.answers import Beside, Detail, Listing
from stdplan.messages import Label, Message
from stdplan.names import NameIndex, fold
from stdplan.problems import UsageError
from stdplan.records import Record, Records
from stdplan.vocabulary import NUMERALS

ASSIGNMENTS = vocabulary.codes("assignment")
STAGES = vocabulary.codes("stage")

TASK_COLUMNS = ("number", "category", "title", "lead", "responsible", "national_item", "status")
ITEM_COLUMNS = ("number", "section", "subsection", "level", "title", "scope")
# An item no city is named for (各试点示范省市, 有关试点示范省市) has no `cities`: people are shown
# its scope, the notice's own words for whom it goes to, instead of an empty cell that reads as
# "nobody". An item that names cities and is open to others too (重庆等有意愿的省市) shows the names;
# its open_to says the rest.
ITEM_STAND_INS = {"cities": "scope"}
# A task read beside its national item, and an item beside the tasks that implement it: the words of
# each on the same row (a task's category is the plan's counterpart of an item's section).
TASK_BESIDE_ITEM = (
    ("number", "number"),
    ("title", "title"),
    ("category", "section"),
    ("scope", "scope"),
    ("level", "level"),
    ("pilots", "pilots"),
)
ITEM_BESIDE_TASKS = (
    ("number", "number"),
    ("title", "title"),
    ("section", "category"),
    ("scope", "scope"),
    ("lead", "lead_text"),
    ("responsible", "responsible_text"),
    ("status", "status"),
)

T = TypeVar("T")
_LISTED_AT_MOST = 20  # numbers in a one-line summary


class TaskFilter(NamedTuple):
    """Different fields combine with AND; the values of one field with OR."""

    lead: Sequence[str] = ()
    responsible: Sequence[str] = ()
    unit: Sequence[str] = ()
    category: Sequence[str] = ()
    national: Sequence[int] = ()
    search: Sequence[str] = ()
    co_led: bool = False
    status: Sequence[str] = ()  # not_reported: no status recorded
    # Exclusions: a task any of whose values matches is left out.
    not_lead: Sequence[str] = ()
    not_unit: Sequence[str] = ()
    not_status: Sequence[str] = ()
    # Silence: tasks with no progress entry dated on or after this day (none at all, too).
    no_progress_since: datetime.date | None = None


class ItemFilter(NamedTuple):
    """Different fields combine with AND; the values of one field with OR.

    `assignment` says which kinds of reaching a pilot count, for `city` and `not_city` alike: an
    item is left out when it reaches a `not_city` pilot by one of those kinds (any kind when no
    assignment is given). A pilot made after the list is reached by nothing, so leaves nothing out.
    """

    city: str | None = None
    assignment: Sequence[str] = ()
    section: Sequence[str] = ()
    level: Sequence[str] = ()
    search: Sequence[str] = ()
    not_city: Sequence[str] = ()
    not_level: Sequence[str] = ()


def resolve_unit(ds: Records, name: str) -> str:
    return _resolve(ds.unit_names, name, _UNKNOWN_UNIT, _AMBIGUOUS_UNIT)


def resolve_city(ds: Records, name: str) -> str:
    return _resolve(ds.pilot_names, name, _UNKNOWN_CITY, _AMBIGUOUS_CITY)


_UNKNOWN_UNIT = Message("unknown unit '{name}'{suggestion}")
_UNKNOWN_CITY = Message("unknown city '{name}'{suggestion}")
_AMBIGUOUS_UNIT = Message("'{name}' could be any of these units: {candidates}; give one of them")
_AMBIGUOUS_CITY = Message("'{name}' could be any of these cities: {candidates}; give one of them")


def _resolve(index: NameIndex, name: str, unknown: Message, ambiguous: Message) -> str:
    """The canonical name for a name as typed: any of a thing's names, or a unique part of one
    (公安局 → 市公安局); a part several things share is a usage error naming them."""
    canonical = index.resolve(name)
    if canonical is not None:
        return canonical
    candidates = index.containing(name)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise UsageError(ambiguous.fill(name=name, candidates=tuple(candidates)))
    raise UsageError(unknown.fill(name=name, suggestion=index.did_you_mean(name)))


def task_filter_test(ds: Records, wanted: TaskFilter) -> Callable[[Record], bool]:
    """Whether one task (a record of ds.tasks) passes the filter. Names and words are resolved here,
    once: a name that matches nothing is a usage error before any task is looked at."""
    leads = {resolve_unit(ds, name) for name in wanted.lead}
    responsibles = {resolve_unit(ds, name) for name in wanted.responsible}
    units = {resolve_unit(ds, name) for name in wanted.unit}
    categories = {numeral for text in wanted.category for numeral in _categories_matching(ds, text)}
    items = {_item(ds, number)["number"] for number in wanted.national}
    searches = [_words(text) for text in wanted.search]
    statuses = {parse_word("task_status", text) for text in wanted.status}
    not_leads = {resolve_unit(ds, name) for name in wanted.not_lead}
    not_units = {resolve_unit(ds, name) for name in wanted.not_unit}
    not_statuses = {parse_word("task_status", text) for text in wanted.not_status}
    since = wanted.no_progress_since.isoformat() if wanted.no_progress_since is not None else None
    tests = _active(
        (statuses, lambda task: _status(task) in statuses),
        (leads, lambda task: not leads.isdisjoint(task["lead"])),
        (responsibles, lambda task: not responsibles.isdisjoint(task["responsible"])),
        (units, lambda task: not units.isdisjoint(task["lead"] + task["responsible"])),
        (categories, lambda task: task["category"] in categories),
        (items, lambda task: task["national_item"] in items),
        (searches, lambda task: any(text in fold(task["title"]) for text in searches)),
        (wanted.co_led, lambda task: task["co_lead"]),
        (not_statuses, lambda task: _status(task) not in not_statuses),
        (not_leads, lambda task: not_leads.isdisjoint(task["lead"])),
        (not_units, lambda task: not_units.isdisjoint(task["lead"] + task["responsible"])),
        (since, lambda task: not any(entry["date"] >= since for entry in task["progress"])),
    )
    return lambda task: all(test(task) for test in tests)


def matching_tasks(ds: Records, wanted: TaskFilter) -> list[Record]:
    """The tasks that pass the filter, in the plan's order: the records `tasks` lists."""
    passes = task_filter_test(ds, wanted)
    return [task for task in ds.tasks if passes(task)]


def find_tasks(ds: Records, wanted: TaskFilter) -> Listing:
    return Listing("tasks", ds.fields["task"], TASK_COLUMNS, matching_tasks(ds, wanted))


def item_filter_test(ds: Records, wanted: ItemFilter) -> Callable[[Record], bool]:
    """Whether one item (a record of ds.items) passes the filter. Names and words are resolved here,
    once: a name that matches nothing is a usage error before any item is looked at."""
    city = resolve_city(ds, wanted.city) if wanted.city is not None else None
    sections = {_section(ds, text) for text in wanted.section}
    levels = {parse_word("level", text) for text in wanted.level}
    searches = [_words(text) for text in wanted.search]
    assignments = {parse_word("assignment", text) for text in wanted.assignment}
    not_cities = {resolve_city(ds, name) for name in wanted.not_city}
    not_levels = {parse_word("level", text) for text in wanted.not_level}

    def reaches(item: Record, pilot: str | None) -> bool:
        """Whether the item reaches the pilot (any pilot: None) by a kind of assignment that counts."""
        kinds = _assignments(ds, item, pilot)
        return not assignments.isdisjoint(kinds) if assignments else bool(kinds)

    tests = _active(
        # Without a city, an assignment kind picks the items that have it for some pilot.
        (city or assignments, lambda item: reaches(item, city)),
        (sections, lambda item: item["section"] in sections),
        (levels, lambda item: _level(ds, item) in levels),
        (searches, lambda item: any(text in fold(item["title"]) for text in searches)),
        (not_levels, lambda item: _level(ds, item) not in not_levels),
        (not_cities, lambda item: not any(reaches(item, pilot) for pilot in not_cities)),
    )
    return lambda item: all(test(item) for test in tests)


def matching_items(ds: Records, wanted: ItemFilter) -> list[Record]:
    """The items that pass the filter, in the list's order, as `items` lists them: each with its
    level, and with `city` how it reaches that city (its assignment)."""
    passes = item_filter_test(ds, wanted)
    city = resolve_city(ds, wanted.city) if wanted.city is not None else None
    records = []
    for item in ds.items:
        if passes(item):
            record = _item_record(ds, item)
            if city is not None:
                record["assignment"] = assignment_for(ds, item, city)
            records.append(record)
    return records


def find_items(ds: Records, wanted: ItemFilter) -> Listing:
    records = matching_items(ds, wanted)
    city = resolve_city(ds, wanted.city) if wanted.city is not None else None
    extra = ("assignment",) if city is not None else ()
    fields = (*ds.fields["item"], "level", *extra)
    summary = not_addressed(ds, city) if city is not None else None
    return Listing("items", fields, (*ITEM_COLUMNS, *extra), records, summary=summary, stand_ins=ITEM_STAND_INS)


def coverage(ds: Records, city_name: str | None = None) -> Listing:
    """Every national item that applies to the plan's city, with the local task(s) implementing it."""
    plan_city = ds.plan["plan"]["city"]
    city = plan_city if city_name is None else resolve_city(ds, city_name)
    columns = ("item", "assignment", "title", "task")
    placeholders = {"task": _NOT_COVERED}
    if (later := not_addressed(ds, city)) is not None:  # no item applies to it: nothing to cover, plan or none
        return Listing("coverage", columns, columns, [], summary=later, placeholders=placeholders)
    if city != plan_city:
        raise UsageError(
            Message(
                "coverage needs {city}'s local plan, and the data holds {plan_city}'s only (tasks.yaml)",
                city=city,
                plan_city=plan_city,
            )
        )
    records: list[Record] = []
    applicable = [item for item in ds.items if assignment_for(ds, item, city)]
    uncovered = []
    for item in applicable:
        tasks = ds.tasks_by_item.get(item["number"], [])
        if not tasks:
            uncovered.append(str(item["number"]))
        for task in tasks or [None]:
            records.append(
                {
                    "item": item["number"],
                    "assignment": assignment_for(ds, item, city),
                    "title": item["title"],  # a task keeps its item's title (a check sees to it)
                    "task": task["number"] if task else None,
                }
            )
    covered = len(applicable) - len(uncovered)
    summary = Message(
        "{covered}/{applicable} national items that apply to {city} are covered by a task",
        covered=covered,
        applicable=len(applicable),
        city=city,
    )
    if uncovered:
        more = len(uncovered) - _LISTED_AT_MOST
        summary = Message(
            "{summary}; not covered: {numbers}{more}",
            summary=summary,
            numbers=tuple(uncovered[:_LISTED_AT_MOST]),
            more=Message(" and {count} more", count=f"{more:,}") if more > 0 else "",
        )
    return Listing("coverage", columns, columns, records, summary=summary, placeholders=placeholders)


_NOT_COVERED = Message("not covered")


def list_units(ds: Records) -> Listing:
    led: dict[str, list[int]] = defaultdict(list)
    supported: dict[str, list[int]] = defaultdict(list)
    for task in ds.tasks:
        for name in task["lead"]:
            led[name].append(task["number"])
        for name in task["responsible"]:
            supported[name].append(task["number"])
    records = [
        {
            **unit,
            "led": len(led[unit["name"]]),
            "supported": len(supported[unit["name"]]),
            "led_tasks": led[unit["name"]],
            "supported_tasks": supported[unit["name"]],
        }
        for unit in ds.units["units"]
    ]
    fields = (*ds.fields["unit"], "led", "supported", "led_tasks", "supported_tasks")
    return Listing("units", fields, ("name", "kind", "led", "led_tasks", "supported", "supported_tasks"), records)


def list_cities(ds: Records) -> Listing:
    """Every pilot with the batch that made it one and how many items reach it, by how; a pilot made
    after the national list counts none (the summary says which the list addresses)."""
    records = []
    for pilot in ds.pilots:
        counts = dict.fromkeys(ASSIGNMENTS, 0)
        for item in ds.items:
            assignment = assignment_for(ds, item, pilot["name"])
            if assignment is not None:
                counts[assignment] += 1
        batch = ds.batches_by_no.get(pilot["batch"], {})  # none in data from before batches were recorded
        made = {f"batch_{key}": batch.get(key) for key in ("date", "title", "document")}
        records.append({**pilot, **made, **counts, "total": sum(counts.values())})
    fields = (*ds.fields["pilot"], "batch_date", "batch_title", "batch_document", *ASSIGNMENTS, "total")
    # The batch's number, as the documents count the rounds (第四批); its date and document in every
    # other format: with them the table no longer fits 100 columns.
    columns = ("name", "name_en", "batch", *ASSIGNMENTS, "total")
    later = len(ds.pilots) - len(ds.addressed_pilots)
    document = ds.national["document"]
    summary = (
        Message(
            "{count} pilots; the national list ({list_number}, {list_date}) addresses the {addressed} there were "
            "then, and the {later} made pilots since have no items in it",
            count=len(ds.pilots),
            list_number=document["number"],
            list_date=document["date"],
            addressed=len(ds.addressed_pilots),
            later=later,
        )
        if later
        else None
    )
    return Listing("cities", fields, columns, records, summary=summary, dates=frozenset({"batch_date"}))


def not_addressed(ds: Records, city: str) -> Message | None:
    """Why no item of the national list reaches a pilot made after it (None for a pilot it addresses)."""
    if city in ds.addressed_pilots:
        return None
    pilot = next(pilot for pilot in ds.pilots if pilot["name"] == city)
    batch = ds.batches_by_no[pilot["batch"]]
    document = ds.national["document"]
    return Message(
        "{city} became a pilot in batch {batch} on {date}{source}, after the national list ({list_number}, "
        "{list_date}): none of its items applies to {city}",
        city=city,
        batch=batch["number"],
        date=batch["date"],
        source=Message(" ({document})", document=batch["document"]) if batch["document"] else "",
        list_number=document["number"],
        list_date=document["date"],
    )


def show_task(ds: Records, number: int) -> Detail:
    task = task_by_number(ds, number)
    item = _item(ds, task["national_item"])
    category = next(c for c in ds.plan["categories"] if c["number"] == task["category"])
    record = {**task, "category_title": category["title"]}
    national = {k: v for k, v in _item_record(ds, item).items() if k in ITEM_COLUMNS}
    record["national"] = national | {"cities": item["cities"], "open_to": item["open_to"], "pilots": pilots(ds, item)}
    beside = Beside("national", TASK_BESIDE_ITEM, own=Message("local task"), other=Message("national item"))
    return Detail("task", task["number"], record, beside=beside)


def show_item(ds: Records, number: int) -> Detail:
    item = _item(ds, number)
    section = ds.sections_by_no[item["section"]]
    subsection = next((s for s in section["subsections"] if s["number"] == item["subsection"]), None)
    record = _item_record(ds, item)
    record["section_title"] = section["title"]
    record["subsection_title"] = subsection["title"] if subsection else None
    record["pilots"] = pilots(ds, item)
    record["tasks"] = [
        {"number": task["number"], "title": task["title"], "lead": task["lead"]}
        | {key: task[key] for key in ("category", "scope", "lead_text", "responsible_text", "status")}
        for task in ds.tasks_by_item.get(item["number"], [])
    ]
    beside = Beside("tasks", ITEM_BESIDE_TASKS, own=Message("national item"), other=Message("local task"))
    return Detail("item", item["number"], record, stand_ins=ITEM_STAND_INS, beside=beside)


def pilots(ds: Records, item: Record) -> list[str]:
    """The pilots an item reaches, in the list's order: those named in its brackets and those its
    open_to reaches."""
    return [pilot["name"] for pilot in ds.pilots if assignment_for(ds, item, pilot["name"])]


def parse_word(name: str, text: str) -> str:
    """The code for a word of a vocabulary as typed (推进中 → in_progress), or a usage error listing
    what may be typed."""
    code = vocabulary.parse(name, text)
    if code is None:
        choices = tuple(Label(name, code) for code in vocabulary.codes(name))
        raise UsageError(Message("'{text}' is not one of: {choices}", text=text, choices=choices))
    return code


def due_phase(ds: Records) -> Record:
    """The phase by whose deadline every task is due: the one whose text sets the numeric targets.

    The plan's 重点推进阶段 (phase 二) is where national, industry, local and group standards are
    made, and it is the phase the targets name; 统筹部署 starts the work and 深化完善 sums it up.
    Without targets, the last phase.
    """
    phases = {phase["number"]: phase for phase in ds.plan["phases"]}
    named = [target["phase"] for target in ds.plan["targets"] if target["phase"] in phases]
    return phases[named[0]] if named else ds.plan["phases"][-1]


def due_date(phase: Record) -> datetime.date:
    """The last day of the phase's deadline month (完成时限 2025年8月 → 2025-08-31)."""
    import calendar  # only the dated commands need it

    year, month = map(int, phase["deadline"].split("-"))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def standing(ds: Records, task: Record, as_of: datetime.date) -> Record:
    """Where a task stands on `as_of`: its deadline, days late (0 before the deadline or once done)
    and its latest progress entry dated on or before that day."""
    deadline = due_date(due_phase(ds))
    late = 0 if task["status"] == "done" else max(0, (as_of - deadline).days)
    return {"deadline": deadline.isoformat(), "days_late": late, "latest_progress": latest_progress(task, as_of)}


def overdue(ds: Records, as_of: datetime.date) -> Listing:
    """Tasks not done whose deadline has passed on `as_of`, with how many days late."""
    phase = due_phase(ds)
    records = [
        {key: task[key] for key in ("number", "title", "status", "lead")} | {"phase": phase["name"]} | standing_now
        for task in ds.tasks
        if (standing_now := standing(ds, task, as_of))["days_late"]
    ]
    fields = ("number", "title", "status", "lead", "phase", "deadline", "days_late", "latest_progress")
    columns = ("number", "title", "status", "lead", "deadline", "days_late")
    return Listing("overdue", fields, columns, records, dates=frozenset({"deadline"}))


def target_progress(ds: Records, as_of: datetime.date) -> Listing:
    """Per level: the target, the standards counted by `as_of` (by the stage each had reached), the gap.

    A standard counts from its 立项 on: the targets speak of standards taken part in (参与制修订)
    as well as published ones, and the stages show how far each has come.
    """
    records = []
    for target in ds.plan["targets"]:
        stages = dict.fromkeys(STAGES, 0)
        for task in ds.tasks:
            for standard in task["standards"]:
                if standard["level"] == target["level"] and (stage := stage_on(standard["stages"], as_of)):
                    stages[stage] += 1
        counted = sum(stages.values())
        records.append(
            {
                "level": target["level"],
                "minimum": target["minimum"],
                "counted": counted,
                **stages,
                "gap": max(0, target["minimum"] - counted),
                "progress": round(counted / target["minimum"], 4),
                "text": target["text"],
            }
        )
    fields = ("level", "minimum", "counted", *STAGES, "gap", "progress", "text")
    columns = ("level", "minimum", "counted", *STAGES, "gap", "progress")
    return Listing("targets", fields, columns, records, bars=frozenset({"progress"}))


def progress_log(ds: Records) -> Listing:
    """Every progress entry of every task, one a row, in the order things happened (entries of one
    day in task order, then as recorded): the log a meeting goes through."""
    entries = [(task, entry) for task in ds.tasks for entry in task["progress"]]
    entries.sort(key=lambda pair: (pair[1]["date"], pair[0]["number"]))  # stable: recorded order kept
    records = [{"task": task["number"], "title": task["title"], **entry} for task, entry in entries]
    fields = ("task", "title", *ds.fields["progress"])
    return Listing("progress", fields, fields, records, dates=frozenset({"date"}))


def ledger(ds: Records, as_of: datetime.date) -> list[Listing]:
    """The whole plan for one workbook (stdplan export), a listing per sheet, in the order a desk
    officer reads it: tasks, the national items, units, coverage of the plan's own city, targets and
    overdue tasks on `as_of`, and the progress log."""
    return [
        find_tasks(ds, TaskFilter()),
        find_items(ds, ItemFilter()),
        list_units(ds),
        coverage(ds),
        target_progress(ds, as_of),
        overdue(ds, as_of),
        progress_log(ds),
    ]


def stage_on(stages: Mapping[str, str], day: datetime.date) -> str | None:
    """The last stage a standard had reached on `day` (its stages: stage → ISO day), or None before its first."""
    reached = [stage for stage, date in stages.items() if date <= day.isoformat()]
    return max(reached, key=STAGES.index) if reached else None


def latest_progress(task: Record, as_of: datetime.date | None = None) -> Record | None:
    """The entry with the latest date, on or before `as_of` if given (of two on one day, the one
    recorded last)."""
    until = as_of.isoformat() if as_of is not None else None
    entries = [entry for entry in reversed(task["progress"]) if until is None or entry["date"] <= until]
    return max(entries, key=lambda entry: entry["date"], default=None)


def current_stage(stages: Iterable[str]) -> str:
    """The last stage a standard has reached, of the stages it has a date for."""
    return max(stages, key=STAGES.index)


def assignment_for(ds: Records, item: Record, city: str) -> str | None:
    """How an item reaches one pilot: named in its brackets, else through its open_to (None: it does
    not). Never a pilot the list does not address (records.addressed), whatever its open_to."""
    if city not in ds.addressed_pilots:
        return None
    return "named" if city in item["cities"] else item["open_to"]


def _assignments(ds: Records, item: Record, city: str | None) -> set[str]:
    """The kinds of assignment an item has: for one city, or (no city) for any pilot the list addresses."""
    if city is not None:
        assignment = assignment_for(ds, item, city)
        return {assignment} if assignment else set()
    named = {"named"} if item["cities"] else set()  # named cities are addressed ones (a check sees to it)
    reaches_others = item["open_to"] and not ds.addressed_pilots.issubset(item["cities"])
    return named | ({item["open_to"]} if reaches_others else set())


def _status(task: Record) -> str:
    return task["status"] or vocabulary.NOT_REPORTED


def _active(*conditions: tuple[object, Callable[[T], bool]]) -> list[Callable[[T], bool]]:
    """The tests of the conditions that were asked for: those whose value is not empty."""
    return [test for value, test in conditions if value]


def _item_record(ds: Records, item: Record) -> Record:
    return {**item, "level": _level(ds, item)}


def _level(ds: Records, item: Record) -> str:
    return ds.sections_by_no[item["section"]]["level"]


def task_by_number(ds: Records, number: int) -> Record:
    if number in ds.tasks_by_no:
        return ds.tasks_by_no[number]
    raise UsageError(Message("no task {number}: the plan has tasks {span}", number=number, span=_span(ds.tasks_by_no)))


def _item(ds: Records, number: int) -> Record:
    if number in ds.items_by_no:
        return ds.items_by_no[number]
    raise UsageError(
        Message("no national item {number}: the list has items {span}", number=number, span=_span(ds.items_by_no))
    )


def _span(numbers: Iterable[int]) -> str:
    ordered = sorted(numbers)
    return f"{ordered[0]}–{ordered[-1]}"


def _numeral(text: str) -> str | None:
    """一…十 as typed, or written as 1…10."""
    text = fold(text)
    if text in NUMERALS:
        return text
    if text.isdecimal() and len(text) <= 2 and 1 <= int(text) <= len(NUMERALS):
        return NUMERALS[int(text) - 1]
    return None


def _section(ds: Records, text: str) -> str:
    numbers = [section["number"] for section in ds.national["sections"]]
    numeral = _numeral(text)
    if numeral is None or numeral not in numbers:
        raise UsageError(
            Message("unknown section '{text}': the list has sections {numbers}", text=text, numbers="、".join(numbers))
        )
    return numeral


def _words(text: str) -> str:
    """Words to look for, as compared; blank ones would find everything, which nobody means."""
    words = fold(text)
    if not words:
        raise UsageError(Message("'{text}' holds no words to look for", text=text))
    return words


def _categories_matching(ds: Records, text: str) -> list[str]:
    """Categories by number (三, 3) or by words from their title."""
    numeral = _numeral(_words(text))
    categories = ds.plan["categories"]
    matches = [
        c["number"]
        for c in categories
        if c["number"] == numeral or (numeral is None and fold(text) in fold(c["title"]))
    ]
    if not matches:
        numbers = "、".join(category["number"] for category in categories)
        raise UsageError(
            Message(
                "unknown category '{text}': give its number ({numbers}) or words from its title",
                text=text,
                numbers=numbers,
            )
        )
    return matches
