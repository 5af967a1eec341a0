"""Meeting handouts: the facts each kind needs, rendered to Markdown through Jinja templates.

The code gathers plain records; the templates (shipped in `templates/`, overridable file by file
with a directory of one's own) decide wording, order and headings. The same Markdown is the
Markdown handout and the content of the Word one (see `word.py`).
"""

from __future__ import annotations

import datetime
import traceback
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stdplan import vocabulary
from stdplan.changes import about_tasks, task_of, tasks_unit_had
from stdplan.i18n import handout_speaker
from stdplan.messages import Message, Text
from stdplan.output import Words, markdown_escape
from stdplan.problems import Problem, ReferenceUnusable, TemplateInvalid, UsageError
from stdplan.queries import (
    ASSIGNMENTS,
    ItemFilter,
    TaskFilter,
    due_date,
    due_phase,
    find_items,
    find_tasks,
    resolve_city,
    resolve_unit,
    show_task,
    standing,
    target_progress,
    task_by_number,
)
from stdplan.records import Record, Records
from stdplan.settings import shipped
from stdplan.validation import refusal

if TYPE_CHECKING:
    from stdplan.sandbox import Sandbox


class BriefKind(StrEnum):
    overview = "overview"
    unit = "unit"
    city = "city"
    meeting = "meeting"


# Characters: a handout's title is a line or two (and Word keeps at most 255 in the file's properties).
LONGEST_TITLE = 100

# Handouts whose tables are wide enough to need the page turned.
_LANDSCAPE = frozenset({BriefKind.meeting})


class Changes(NamedTuple):
    """What changed in the data since a day (changes.compare), for the meeting paper."""

    since: datetime.date
    records: list[Record]


class BriefFormat(StrEnum):
    md = "md"
    docx = "docx"


def shipped_template_dir() -> Path:
    return shipped("templates")


def make_brief(
    ds: Records,
    kind: BriefKind,
    name: str | None,
    brief_format: BriefFormat,
    *,
    title: str | None = None,
    date: datetime.date,
    unit: str | None = None,
    template_dir: Path | None = None,
    changes: Changes | None = None,
    with_national: bool = False,
) -> str | bytes:
    """The handout: Markdown text, or the bytes of a Word document laid out from the same Markdown.
    `unit` narrows the meeting paper to one unit's tasks; `changes` adds to it what changed since
    the last meeting; `with_national` puts beside each task of a unit's paper its national item's words."""
    context = brief_context(
        ds, kind, name, title=title, date=date, unit=unit, changes=changes, with_national=with_national
    )
    markdown = render_markdown(kind, context, template_dir)
    if brief_format is BriefFormat.md:
        return markdown
    from stdplan.word import REFERENCE_NAME, markdown_to_docx  # python-docx only for Word

    reference = template_dir / REFERENCE_NAME if template_dir else None
    try:
        return markdown_to_docx(
            markdown,
            date=date,
            reference=reference if reference is not None and reference.is_file() else None,
            landscape=kind in _LANDSCAPE,
            title_words=_names(ds),
        )
    except ReferenceUnusable as error:
        raise TemplateInvalid(_problem(str(reference), None, error.message)) from None


def brief_context(
    ds: Records,
    kind: BriefKind,
    name: str | None,
    *,
    title: str | None,
    date: datetime.date,
    unit: str | None = None,
    changes: Changes | None = None,
    with_national: bool = False,
) -> dict[str, Any]:
    """What a template of `kind` can use: common facts, plus the unit's, city's or meeting's own."""
    if title is not None and len(title) > LONGEST_TITLE:
        raise UsageError(Message("a title is at most {count} characters", count=LONGEST_TITLE))
    # A title is text like the data's, taken or refused by the same rule.
    if title is not None and (refused := refusal(title)) is not None:
        raise UsageError(Message("the title {problem}", problem=refused))
    refuse_meeting_only(kind, unit=unit, changes=changes is not None)
    refuse_unit_only(kind, with_national=with_national)
    context: dict[str, Any] = {
        "title": title,
        "date": date,
        "document": ds.national["document"],
        "plan": ds.plan["plan"],
        "phases": ds.plan["phases"],
        "targets": target_progress(ds, date).records,
    }
    if kind in _NO_NAME and name:
        raise UsageError(_NO_NAME[kind].fill(name=name))
    if kind is BriefKind.overview:
        every_task = [_task_with_item(ds, record["number"]) for record in find_tasks(ds, TaskFilter()).records]
        context["categories"] = [
            {**category, "tasks": [t for t in every_task if t["category"] == category["number"]]}
            for category in ds.plan["categories"]
        ]
    elif kind is BriefKind.meeting:
        context |= _meeting_context(ds, date, resolve_unit(ds, unit) if unit is not None else None, changes)
    elif kind is BriefKind.unit:
        context |= _unit_context(ds, resolve_unit(ds, _required(name, kind)), date)
        # Each task's national item (its title, scope and level) beside the task's own words.
        context["with_national"] = with_national
    else:
        context |= _city_context(ds, resolve_city(ds, _required(name, kind)))
    return context


def refuse_meeting_only(kind: BriefKind, *, unit: str | None, changes: bool) -> None:
    """What only the meeting paper takes, refused for another kind (before any work to get it)."""
    if unit is not None and kind is not BriefKind.meeting:
        raise UsageError(Message("only the meeting paper is narrowed to one unit"))
    if changes and kind is not BriefKind.meeting:
        raise UsageError(Message("only the meeting paper lists the changes since a day"))


def refuse_unit_only(kind: BriefKind, *, with_national: bool) -> None:
    """What only the unit handout takes, refused for another kind."""
    if with_national and kind is not BriefKind.unit:
        raise UsageError(Message("only the unit handout puts the national items beside its tasks"))


def render_markdown(kind: BriefKind, context: dict[str, Any], template_dir: Path | None = None) -> str:
    """The handout as Markdown, from `<kind>.md.j2` in `template_dir` or else the shipped one."""
    import jinja2  # only handouts need it
    from jinja2.sandbox import SecurityError

    from stdplan.sandbox import Overrun
    from stdplan.typesetting import nest_title_marks

    environment = _environment(template_dir)
    try:
        # Title marks inside title marks, however they came together, become 〈〉 (GB/T 15834).
        return nest_title_marks(environment.render(f"{kind}.md.j2", context))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateInvalid(_problem(error.filename or error.name, error.lineno, error.message or "")) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateInvalid(_problem(error.name, None, Message("template not found"))) from None
    except jinja2.UndefinedError as error:
        filename, line = _template_frame(error)
        raise TemplateInvalid(
            _problem(filename, line, Message("{detail} (undefined in the template)", detail=error.message or ""))
        ) from None
    except SecurityError as error:
        filename, line = _template_frame(error)
        raise TemplateInvalid(
            _problem(filename, line, Message("{detail} (not allowed in a template)", detail=error.message or ""))
        ) from None
    except Overrun as error:
        filename, line = _template_frame(error)
        raise TemplateInvalid(_problem(filename, line, error.message)) from None
    except (MemoryError, SystemError) as error:  # C code out of memory may say SystemError instead
        filename, line = _template_frame(error)
        raise TemplateInvalid(
            # Out of memory while compiling (Jinja works out constant expressions then): no line to name.
            _problem(
                filename or f"{kind}.md.j2", line, Message("the template builds a value larger than any handout needs")
            )
        ) from None
    except UnicodeDecodeError:
        raise TemplateInvalid(
            _problem(f"{kind}.md.j2", None, Message("the template is not UTF-8; save it as UTF-8"))
        ) from None
    except Exception as error:  # whatever a template's own expressions raise, e.g. 1 + "a"
        filename, line = _template_frame(error)
        raise TemplateInvalid(
            _problem(filename, line, Message("the template failed: {error}", error=str(error)))
        ) from None


def _unit_context(ds: Records, unit: str, date: datetime.date) -> dict[str, Any]:
    tasks = []
    for record in find_tasks(ds, TaskFilter(unit=[unit])).records:
        task = _task_with_item(ds, record["number"])
        task["latest_progress"] = standing(ds, task_by_number(ds, task["number"]), date)["latest_progress"]
        leads = unit in task["lead"]
        task["role"] = ("co_lead" if task["co_lead"] else "lead") if leads else "responsible"
        task["co_leads"] = [other for other in task["lead"] if other != unit] if task["co_lead"] else []
        tasks.append(task)
    record = next(u for u in ds.units["units"] if u["name"] == unit)
    return {"unit": record, "tasks": tasks}


def _meeting_context(ds: Records, date: datetime.date, unit: str | None, changes: Changes | None) -> dict[str, Any]:
    """The 督办 meeting's facts: tasks not done, grouped by their lead units (the latest first), and
    how many tasks there are of each status and late; and, when asked, what changed since the last
    meeting (for one unit: in its tasks)."""
    wanted = TaskFilter(unit=[unit]) if unit else TaskFilter()
    tasks = [task_by_number(ds, record["number"]) for record in find_tasks(ds, wanted).records]
    if changes is not None and unit is not None:
        numbers = {task["number"] for task in tasks} | tasks_unit_had(changes.records, unit)
        changes = Changes(changes.since, about_tasks(changes.records, numbers))
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for task in tasks:
        if task["status"] != "done":
            groups.setdefault(tuple(task["lead"]), []).append(task | standing(ds, task, date))
    return {
        "unit": unit,
        # Each change with the task it is to (None for a unit, a pilot…), for the template to name.
        "changes": None if changes is None else [change | {"task": task_of(change)} for change in changes.records],
        "since": changes.since if changes is not None else None,
        "deadline": due_date(due_phase(ds)).isoformat(),
        # Tasks by status code, those without one as not_reported.
        "counts": Counter(task["status"] or vocabulary.NOT_REPORTED for task in tasks),
        "total": len(tasks),
        "overdue": sum(bool(task["days_late"]) for group in groups.values() for task in group),
        "groups": [
            {"lead_text": group[0]["lead_text"], "lead": list(lead), "tasks": group}
            for lead, group in sorted(
                groups.items(),
                key=lambda pair: (
                    -max(t["days_late"] for t in pair[1]),
                    -sum(t["days_late"] for t in pair[1]),
                    pair[1][0]["number"],
                ),
            )
        ],
    }


def _names(ds: Records) -> list[str]:
    """The names of units and pilots, which a title's line never breaks inside."""
    units = [name for unit in ds.units["units"] for name in (unit["name"], unit["full_name"], *unit["aliases"]) if name]
    pilots = [name for pilot in ds.pilots for name in (pilot["name"], *pilot["aliases"])]
    return [*units, *pilots]


def _city_context(ds: Records, city: str) -> dict[str, Any]:
    items = find_items(ds, ItemFilter(city=city)).records
    has_plan = city == ds.plan["plan"]["city"]
    for item in items:  # for the plan's own city: the local tasks behind each item, and how far they are
        local = ds.tasks_by_item.get(item["number"], []) if has_plan else []
        item["tasks"] = [{"number": task["number"], "status": task["status"]} for task in local]
    groups = []
    for assignment in ASSIGNMENTS:
        levels = [
            {"level": level, "entries": matching}
            for level in vocabulary.codes("level")
            if (matching := [i for i in items if i["assignment"] == assignment and i["level"] == level])
        ]
        if levels:
            groups.append({"assignment": assignment, "count": sum(len(g["entries"]) for g in levels), "levels": levels})
    pilot = next(p for p in ds.pilots if p["name"] == city)
    return {
        "pilot": pilot,
        # The batch that made it a pilot; a pilot made after the national list (addressed false) has no items in it.
        "batch": ds.batches_by_no.get(pilot["batch"]),  # None in data from before batches were recorded
        "addressed": city in ds.addressed_pilots,
        "items": items,
        "groups": groups,
        "has_plan": has_plan,
    }


def _task_with_item(ds: Records, number: int) -> Record:
    return show_task(ds, number).record


_NAME_NEEDED = {
    BriefKind.unit: Message("a unit handout needs the unit's name, e.g. stdplan brief unit 市公安局"),
    BriefKind.city: Message("a city handout needs the city's name, e.g. stdplan brief city 重庆"),
}


_NO_NAME = {
    BriefKind.overview: Message("the overview is of the whole plan and takes no name (got '{name}')"),
    BriefKind.meeting: Message("the meeting paper takes no name; give --unit for one unit's tasks (got '{name}')"),
}


def _required(name: str | None, kind: BriefKind) -> str:
    if not name:
        raise UsageError(_NAME_NEEDED[kind])
    return name


def _environment(template_dir: Path | None) -> Sandbox:
    """Templates from `template_dir` first, the shipped ones for the rest, all in the sandbox (a
    user's template is a program from outside). Every {{ value }} is escaped for Markdown (text is
    data, never markup) and an undefined name is an error."""
    import jinja2

    from stdplan.sandbox import Sandbox

    search = [str(template_dir)] if template_dir else []
    environment = Sandbox(
        loader=jinja2.FileSystemLoader([*search, str(shipped_template_dir())]),
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: markdown_escape(str(value)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    # Handouts are Chinese documents whatever the terminal speaks: codes are said in Chinese.
    chinese = handout_speaker()
    environment.globals |= {"NUMERALS": vocabulary.NUMERALS}
    said = Words(speaking=chinese)
    environment.filters |= {
        "label": lambda code, vocabulary: chinese.label(vocabulary, code),
        # A value of a field as a table cell says it (a status as 推进中, names joined by 、), — for none.
        "said": lambda value, field: said.text(value, field, "—"),
        "heading": chinese.field,
    }
    return environment


def _template_frame(error: Exception) -> tuple[str | None, int | None]:
    """The template file and line where rendering failed: Jinja rewrites its traceback so that the
    innermost template frame names the .j2 file and its line."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return None, None


def _problem(filename: str | None, line: int | None, message: Text) -> Problem:
    return Problem(Path(filename or "template"), line, None, "template", message)
