"""Checks that look across records and files, once each file matches its model.

Each check is a small function that yields findings, located by their path in the data (the loader
turns paths into lines only when there are some); `run_checks` runs them all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from stdplan.dataset import DATA_MODELS, Dataset
from stdplan.messages import Label, Message
from stdplan.models import STAGES, OpenTo
from stdplan.names import NameIndex, fold
from stdplan.problems import Finding, LineOf, Location
from stdplan.records import NATIONAL_FILE, TASKS_FILE, UNITS_FILE
from stdplan.vocabulary import NUMERALS

# The table's unit cells end in …等相关行业主管部门 or …等行业主管部门 when the list is open-ended.
_OPEN_ENDED_SUFFIX = re.compile(r"等(相关)?行业主管部门$")
_EMPTY_CELL = "-"


def run_checks(dataset: Dataset, valid_files: Collection[str] = DATA_MODELS) -> list[Finding]:
    """What the checks find, running those whose files are all among `valid_files`."""
    return [finding for check, files in CHECKS if files <= set(valid_files) for finding in check(dataset)]


def numbering(ds: Dataset) -> Iterator[Finding]:
    """Numbers are unique and run 1, 2, 3… (or 一, 二, 三…) in order."""
    yield from _numbering(NATIONAL_FILE, ("batches",), [batch.number for batch in ds.national.batches])
    yield from _numbering(NATIONAL_FILE, ("sections",), [s.number for s in ds.national.sections])
    for i, section in enumerate(ds.national.sections):
        yield from _numbering(NATIONAL_FILE, ("sections", i, "subsections"), [s.number for s in section.subsections])
    yield from _numbering(NATIONAL_FILE, ("items",), [item.number for item in ds.national.items])
    yield from _numbering(TASKS_FILE, ("phases",), [phase.number for phase in ds.plan.phases])
    yield from _numbering(TASKS_FILE, ("categories",), [category.number for category in ds.plan.categories])
    yield from _numbering(TASKS_FILE, ("tasks",), [task.number for task in ds.plan.tasks])


def _numbering(file: str, path: Location, numbers: Sequence[int | str]) -> Iterator[Finding]:
    first_index: dict[int | str, int] = {}
    expected = 1
    for index, number in enumerate(numbers):
        loc = (*path, index, "number")
        if number in first_index:
            first = LineOf((*path, first_index[number], "number"))
            yield Finding(
                file,
                loc,
                "duplicate-number",
                Message("number {number} is used twice (first at line {line})", number=number, line=first),
            )
            continue
        first_index[number] = index
        rank = NUMERALS.index(number) + 1 if isinstance(number, str) else number
        # Following its predecessor or standing at its own place are both fine: one wrong number
        # then gives one problem, not one for every record after it.
        if rank not in (expected, index + 1):
            wanted = NUMERALS[expected - 1] if isinstance(number, str) else expected
            yield Finding(
                file,
                loc,
                "number-order",
                Message(
                    "number {number} is out of order: {wanted} should come here, numbered without gaps",
                    number=number,
                    wanted=wanted,
                ),
            )
        expected = rank + 1


def unique_names(ds: Dataset) -> Iterator[Finding]:
    """Each name or alias of a unit (or pilot) means one unit (or pilot) only."""
    yield from _unique_names(
        UNITS_FILE,
        "units",
        [
            {"name": u.name, "full_name": u.full_name, "name_en": u.name_en, "aliases": u.aliases}
            for u in ds.units.units
        ],
    )
    yield from _unique_names(
        NATIONAL_FILE,
        "pilots",
        [{"name": p.name, "name_en": p.name_en, "aliases": p.aliases} for p in ds.national.pilots],
    )


def _unique_names(file: str, key: str, records: list[dict[str, str | list[str] | None]]) -> Iterator[Finding]:
    owners: dict[str, str] = {}
    for index, names in enumerate(records):
        own_name = str(names["name"])
        for field, value in names.items():
            located = (
                [((key, index, field, j), alias) for j, alias in enumerate(value)]
                if isinstance(value, list)
                else [((key, index, field), value)]
            )
            for loc, name in located:
                if name is None:
                    continue
                owner = owners.setdefault(fold(name), own_name)
                if owner != own_name:
                    yield Finding(
                        file,
                        loc,
                        "duplicate-name",
                        Message("'{name}' already names {owner}; a name means one thing", name=name, owner=owner),
                    )


def unit_references(ds: Dataset) -> Iterator[Finding]:
    """Every unit the plan refers to is listed in units.yaml, by its name."""
    plan = ds.plan.plan
    refs: list[tuple[Location, str]] = [(("plan", "lead_units", j), name) for j, name in enumerate(plan.lead_units)]
    if plan.guidance_unit is not None:
        refs.append((("plan", "guidance_unit"), plan.guidance_unit))
    for i, task in enumerate(ds.plan.tasks):
        refs += [(("tasks", i, "lead", j), name) for j, name in enumerate(task.lead)]
        refs += [(("tasks", i, "responsible", j), name) for j, name in enumerate(task.responsible)]
        refs += [(("tasks", i, "progress", j, "by"), entry.by) for j, entry in enumerate(task.progress) if entry.by]
    names = {unit.name for unit in ds.units.units}
    for loc, name in refs:
        if name not in names:
            yield _unknown_name(TASKS_FILE, loc, name, "unit", ds.unit_names, "units.yaml")


_ALIAS = {
    "unit": Message("'{name}' is another name of the unit {known_as}; write {known_as}"),
    "city": Message("'{name}' is another name of the city {known_as}; write {known_as}"),
}
_UNKNOWN = {
    "unit": Message("unknown unit '{name}'{suggestion} (every unit is listed in {home})"),
    "city": Message("unknown city '{name}'{suggestion} (every city is listed in {home})"),
}


def _unknown_name(file: str, loc: Location, name: str, what: str, index: NameIndex, home: str) -> Finding:
    known_as = index.resolve(name)
    if known_as is not None:
        return Finding(file, loc, f"{what}-alias", _ALIAS[what].fill(name=name, known_as=known_as))
    return Finding(
        file,
        loc,
        f"unknown-{what}",
        _UNKNOWN[what].fill(name=name, suggestion=index.did_you_mean(name), home=home),
    )


def unit_cells(ds: Dataset) -> Iterator[Finding]:
    """`lead` and `responsible` list the units their table cells (`*_text`) name, in order."""
    for i, task in enumerate(ds.plan.tasks):
        for field, listed, cell in (
            ("lead", task.lead, task.lead_text),
            ("responsible", task.responsible, task.responsible_text),
        ):
            in_cell = [ds.unit_names.resolve(name) or name for name in split_unit_cell(cell)[0]]
            if in_cell != listed:
                yield Finding(
                    TASKS_FILE,
                    ("tasks", i, field),
                    "cell-mismatch",
                    Message(
                        "{field} [{listed}] does not match {field}_text '{cell}', which names [{named}]",
                        field=field,
                        listed=tuple(listed),
                        cell=cell,
                        named=tuple(in_cell),
                    ),
                )
        open_ended = split_unit_cell(task.lead_text)[1]
        if open_ended != task.open_ended:
            yield Finding(
                TASKS_FILE,
                ("tasks", i, "open_ended" if task.open_ended else "lead_text"),
                "cell-mismatch",
                Message("open_ended should be true: the lead_text ends in …等(相关)行业主管部门")
                if open_ended
                else Message("open_ended should be false: the lead_text does not end in …等(相关)行业主管部门"),
            )


def split_unit_cell(cell: str) -> tuple[list[str], bool]:
    """The unit names a table cell lists, and whether it ends open (…等相关行业主管部门)."""
    if cell == _EMPTY_CELL:
        return [], False
    body = _OPEN_ENDED_SUFFIX.sub("", cell)
    return body.split("、"), body != cell


def national_links(ds: Dataset) -> Iterator[Finding]:
    """Each task's national item exists, and the task keeps that item's title and scope."""
    items = ds.items_by_no
    for i, task in enumerate(ds.plan.tasks):
        item = items.get(task.national_item)
        if item is None:
            yield Finding(
                TASKS_FILE,
                ("tasks", i, "national_item"),
                "unknown-item",
                Message(
                    "national_item {number} does not exist: the national list has items 1–{last}",
                    number=task.national_item,
                    last=len(items),
                ),
            )
            continue
        for field, own, national in (("title", task.title, item.title), ("scope", task.scope, item.scope)):
            if own != national:
                yield Finding(
                    TASKS_FILE,
                    ("tasks", i, field),
                    f"{field}-mismatch",
                    Message(
                        "{field} differs from national item {number}'s, which reads '{national}'",
                        field=field,
                        number=item.number,
                        national=national,
                    ),
                )


def pilot_batches(ds: Dataset) -> Iterator[Finding]:
    """Once the file records batches, each pilot has one of them. (Data from before stdplan recorded
    batches has none at all, and stays valid, so that its earlier versions in git can be compared.)"""
    if not ds.national.batches:
        return
    numbers = tuple(sorted(ds.batches_by_no))  # said as a list in the reader's language
    for i, pilot in enumerate(ds.national.pilots):
        if pilot.batch is None:
            yield Finding(
                NATIONAL_FILE,
                ("pilots", i),
                "missing-batch",
                Message("the pilot has no batch: the file records batches {numbers}", numbers=numbers),
            )
        elif pilot.batch not in ds.batches_by_no:
            yield Finding(
                NATIONAL_FILE,
                ("pilots", i, "batch"),
                "unknown-batch",
                Message("batch {batch} does not exist: the batches are {numbers}", batch=pilot.batch, numbers=numbers),
            )


def item_assignments(ds: Dataset) -> Iterator[Finding]:
    """`cities` are pilots the list addresses, and `cities` and `open_to` say what the item's scope
    says of those pilots (records.addressed: a pilot made after the list is none of its words)."""
    pilots = [pilot.name for pilot in ds.national.pilots]
    addressed = [name for name in pilots if name in ds.addressed_pilots]
    for i, item in enumerate(ds.national.items):
        unknown = [(j, city) for j, city in enumerate(item.cities) if city not in addressed]
        for j, city in unknown:
            loc = ("items", i, "cities", j)
            if city in pilots:
                yield _later_pilot(ds, loc, city)
            else:
                yield _unknown_name(NATIONAL_FILE, loc, city, "city", ds.pilot_names, "pilots")
        named, open_to = assignment_in_scope(item.scope, addressed)
        if not unknown and item.cities != named:
            yield Finding(
                NATIONAL_FILE,
                ("items", i, "cities"),
                "scope-mismatch",
                Message(
                    "cities should be [{named}]: the pilots the scope '{scope}' names",
                    named=tuple(named),
                    scope=item.scope,
                ),
            )
        if item.open_to != open_to:
            yield Finding(
                NATIONAL_FILE,
                ("items", i, "open_to" if item.open_to else "scope"),
                "scope-mismatch",
                Message("open_to should be {open_to} for the scope '{scope}'", open_to=open_to, scope=item.scope)
                if open_to
                else Message("open_to should be absent for the scope '{scope}'", scope=item.scope),
            )


def _later_pilot(ds: Dataset, loc: Location, city: str) -> Finding:
    pilot = next(pilot for pilot in ds.national.pilots if pilot.name == city)
    return Finding(
        NATIONAL_FILE,
        loc,
        "later-pilot",
        Message(
            "{city} became a pilot on {date}, after this list of {list_date}: the list cannot name it",
            city=city,
            date=ds.batches_by_no[pilot.batch].date,
            list_date=ds.national.document.date,
        ),
    )


def assignment_in_scope(scope: str, pilots: Iterable[str]) -> tuple[list[str], OpenTo | None]:
    """The pilots a scope names, in its order, and whom else it opens the item to."""
    named = sorted((pilot for pilot in pilots if pilot in scope), key=scope.index)
    if "各试点示范省市" in scope:
        return named, "all_pilots"
    if "有意愿" in scope:
        return named, "willing"
    if "有关试点示范省市" in scope:
        return named, "relevant"
    return named, None


def item_sections(ds: Dataset) -> Iterator[Finding]:
    """Each item sits in a section (and sub-section, where the section has them) that exists."""
    for i, item in enumerate(ds.national.items):
        section = ds.sections_by_no.get(item.section)
        subsections = [sub.number for sub in section.subsections] if section else []
        if section is None:
            yield Finding(
                NATIONAL_FILE,
                ("items", i, "section"),
                "unknown-section",
                Message("section {section} does not exist", section=item.section),
            )
        elif item.subsection is None and subsections:
            yield Finding(
                NATIONAL_FILE,
                ("items", i, "section"),
                "missing-subsection",
                Message(
                    "section {section} has sub-sections ({subsections}); give the item's subsection",
                    section=item.section,
                    subsections="、".join(subsections),
                ),
            )
        elif item.subsection is not None and item.subsection not in subsections:
            yield Finding(
                NATIONAL_FILE,
                ("items", i, "subsection"),
                "unknown-subsection",
                Message(
                    "section {section} has no sub-section {subsection}",
                    section=item.section,
                    subsection=item.subsection,
                ),
            )


def plan_links(ds: Dataset) -> Iterator[Finding]:
    """The plan's city is a pilot; tasks name existing categories and tasks; co-leads have two leads."""
    if ds.plan.plan.city not in {pilot.name for pilot in ds.national.pilots}:
        yield _unknown_name(TASKS_FILE, ("plan", "city"), ds.plan.plan.city, "city", ds.pilot_names, "pilots")
    categories = {category.number for category in ds.plan.categories}
    numbers = {task.number for task in ds.plan.tasks}
    for i, task in enumerate(ds.plan.tasks):
        if task.category not in categories:
            yield Finding(
                TASKS_FILE,
                ("tasks", i, "category"),
                "unknown-category",
                Message("category {category} does not exist", category=task.category),
            )
        for j, other in enumerate(task.builds_on):
            if other not in numbers or other == task.number:
                yield Finding(
                    TASKS_FILE,
                    ("tasks", i, "builds_on", j),
                    "unknown-task",
                    Message("builds_on names task {number}, which is not another task", number=other),
                )
        if task.co_lead and len(task.lead) < 2:
            yield Finding(
                TASKS_FILE, ("tasks", i, "co_lead"), "co-lead-alone", Message("co_lead needs at least two lead units")
            )


def phases_and_targets(ds: Dataset) -> Iterator[Finding]:
    """Phase deadlines come in order; each target belongs to a phase, once per level, and says its number."""
    phases = ds.plan.phases
    for i in range(1, len(phases)):
        if phases[i].deadline <= phases[i - 1].deadline:  # YYYY-MM sorts as text
            yield Finding(
                TASKS_FILE,
                ("phases", i, "deadline"),
                "deadline-order",
                Message(
                    "deadline {deadline} is not after the previous phase's ({previous})",
                    deadline=phases[i].deadline,
                    previous=phases[i - 1].deadline,
                ),
            )
    phase_numbers = {phase.number for phase in phases}
    levels: set[str] = set()
    for i, target in enumerate(ds.plan.targets):
        if target.phase not in phase_numbers:
            yield Finding(
                TASKS_FILE,
                ("targets", i, "phase"),
                "unknown-phase",
                Message("phase {phase} does not exist", phase=target.phase),
            )
        if target.level in levels:
            yield Finding(
                TASKS_FILE,
                ("targets", i, "level"),
                "duplicate-target",
                Message("a target for {level} is already set", level=Label("level", target.level)),
            )
        levels.add(target.level)
        if str(target.minimum) not in target.text:
            yield Finding(
                TASKS_FILE,
                ("targets", i, "minimum"),
                "target-text-mismatch",
                Message(
                    "minimum {minimum} does not appear in the target's text '{text}'",
                    minimum=target.minimum,
                    text=target.text,
                ),
            )


def standard_stages(ds: Dataset) -> Iterator[Finding]:
    """A standard reaches its stages in their order: no date before the previous stage's."""
    for i, task in enumerate(ds.plan.tasks):
        for j, standard in enumerate(task.standards):
            reached = sorted(standard.stages.items(), key=lambda stage: STAGES.index(stage[0]))
            for (before, earlier), (stage, date) in itertools.pairwise(reached):
                if date < earlier:
                    yield Finding(
                        TASKS_FILE,
                        ("tasks", i, "standards", j, "stages", stage),
                        "stage-order",
                        Message(
                            "{stage} on {date} comes before {before} on {earlier}; stages follow one another",
                            stage=stage,
                            date=date,
                            before=before,
                            earlier=earlier,
                        ),
                    )


NATIONAL, TASKS, UNITS = NATIONAL_FILE, TASKS_FILE, UNITS_FILE
# Each check with the files it reads: it runs whenever those files match their models, so a mistake
# in one file does not hide what is wrong in the others.
CHECKS: tuple[tuple[Callable[[Dataset], Iterator[Finding]], frozenset[str]], ...] = (
    (numbering, frozenset({NATIONAL, TASKS})),
    (unique_names, frozenset({NATIONAL, UNITS})),
    (unit_references, frozenset({TASKS, UNITS})),
    (unit_cells, frozenset({TASKS, UNITS})),
    (national_links, frozenset({NATIONAL, TASKS})),
    (pilot_batches, frozenset({NATIONAL})),
    (item_assignments, frozenset({NATIONAL})),
    (item_sections, frozenset({NATIONAL})),
    (plan_links, frozenset({NATIONAL, TASKS})),
    (phases_and_targets, frozenset({TASKS})),
    (standard_stages, frozenset({TASKS})),
)
