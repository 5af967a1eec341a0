"""The command line: parse options, call the core, hand the result to output. No domain logic here.

Every help text is an English msgid said through `_` in the user's language (i18n.py); option names
stay English, since scripts depend on them.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from stdplan import __version__, queries, vocabulary
from stdplan.answers import Detail, Listing
from stdplan.atomic import refuse_existing, write_file
from stdplan.briefing import BriefFormat, BriefKind
from stdplan.cli_words import Commands, writing_out
from stdplan.dataset import Dataset
from stdplan.i18n import _, say
from stdplan.loading import check_directory, resolve_data_dir
from stdplan.messages import Label, Message
from stdplan.names import NameIndex
from stdplan.output import OutputFormat, choose_format, emit, workbook
from stdplan.problems import DataInvalid, TemplateInvalid, UsageError, os_reason
from stdplan.reporting import ReportFormat, display_path, format_problem, render_report

SUMMARY = _("Service-industry-opening standardization tasks (商资发〔2024〕314号 and Wuhan's plan) as checked data.")
app = Commands(name="stdplan", help=SUMMARY, no_args_is_help=True, pretty_exceptions_show_locals=False)


def _path(text: str | Path) -> Path:
    """A file or directory as typed: not empty, and one the system can look for."""
    if isinstance(text, Path):
        return text
    # Path("") is the working directory: `--data "$DIR"` with DIR unset would read (or edit) whatever is here.
    if not text.strip():
        raise ValueError(say(Message("an empty path names no file or directory")))
    try:
        os.stat(text)
    except (FileNotFoundError, NotADirectoryError):
        pass  # a file yet to be written, or a directory the command says is missing
    except (OSError, ValueError) as error:  # a name too long, a directory one may not enter, a NUL
        reason = os_reason(error) if isinstance(error, OSError) else Message("no file name may hold a NUL character")
        raise ValueError(say(Message("cannot use {path}: {reason}", path=text, reason=reason))) from None
    # Path("new/") is Path("new"): `-o new/` would write a file called new instead of into a folder.
    if text.endswith(("/", os.sep)) and not os.path.isdir(text):
        raise ValueError(say(Message("{path} names a folder, and there is none", path=text)))
    return Path(text)


def _output_option(help_text: str, metavar: str = _("FILE")) -> Any:
    """--output/-o, the one spelling every command that writes a file or a folder uses."""
    return typer.Option("--output", "-o", help=help_text, metavar=metavar, parser=_path)


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="STDPLAN_DATA",
        help=_(
            "Directory with national_list.yaml, tasks.yaml and units.yaml "
            "(default: ./data when it holds them, else the data shipped with stdplan)."
        ),
        metavar=_("DIR"),
        show_default=False,
        parser=_path,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help=_("Read and check the files afresh, neither using nor filling the cache.")),
]


E = TypeVar("E", bound=StrEnum)


def _choice_of(choices: type[E]) -> dict[str, Any]:
    """Option settings for one of a few fixed names (formats, kinds of handout)."""

    def parse(text: str | E) -> E:
        if isinstance(text, choices):
            return text
        chosen = choices.__members__.get(str(text).strip().lower())
        if chosen is None:
            raise ValueError(say(Message("'{text}' is not one of: {choices}", text=text, choices=tuple(choices))))
        return chosen

    return {"parser": parse, "autocompletion": lambda incomplete: [c for c in choices if c.startswith(incomplete)]}


def _word_of(name: str) -> dict[str, Any]:
    """Option settings for a code of a vocabulary: the code or the documents' Chinese word is accepted
    (national or 国家标准), and completion offers both."""

    def parse(text: str) -> str:
        try:
            return queries.parse_word(name, text)
        except UsageError as error:
            raise ValueError(say(error.message)) from None

    return {
        "parser": parse,
        "autocompletion": lambda incomplete: [w for w in vocabulary.accepted(name) if w.startswith(incomplete)],
        "metavar": say(Label("metavar", name.upper())),
    }


def _number(text: str) -> int:
    with contextlib.suppress(ValueError):  # int() also refuses numbers of thousands of digits
        if text.strip().isdecimal():
            return int(text)
    raise ValueError(say(Message("'{text}' is not a number", text=text[:20])))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(text: str | date) -> date:
    """A day written YYYY-MM-DD, strictly, as in the data files."""
    if isinstance(text, date):
        return text
    with contextlib.suppress(ValueError):
        if _ISO_DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    raise ValueError(say(Message("'{text}' is not a date written like 2025-09-01", text=text)))


@contextmanager
def _usage_errors() -> Iterator[None]:
    """Turns the core's UsageError into Typer's usage message and exit code 2."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(say(error.message)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stdplan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit."))
    ] = False,
) -> None:
    pass


@app.command(help=_("Check the data files: exit 0 when valid, 1 with every problem as file:line:col: message."))
def validate(
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    report_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help=_("text for people, github for Actions annotations, json."),
            **_choice_of(ReportFormat),
        ),
    ] = ReportFormat.text,
) -> None:
    with _usage_errors():
        result = check_directory(resolve_data_dir(data), use_cache=not no_cache)
    with writing_out():
        typer.echo(render_report(result, report_format))
    raise typer.Exit(0 if result.dataset is not None else 1)


@app.command(help=_("Write JSON Schema for the three data files, generated from stdplan's models."))
def schema(
    output: Annotated[Path, _output_option(_("Directory to write the *.schema.json files to."), _("DIR"))] = Path(
        "schemas"
    ),
) -> None:
    from stdplan.schema import write_schemas

    with _usage_errors():
        written = write_schemas(output)
    with writing_out():
        for path in written:
            typer.echo(say(Message("wrote {path}", path=display_path(path))))


# --- queries --------------------------------------------------------------------------------------


def _completions(
    pick: Callable[[Dataset, typer.Context], NameIndex | None],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of names from the data the command would read; nothing when it cannot be read."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            dataset = check_directory(resolve_data_dir(ctx.params.get("data"))).dataset
        except UsageError:
            return []
        index = pick(dataset, ctx) if dataset else None
        return index.completions(incomplete) if index else []

    return complete


_complete_unit = _completions(lambda dataset, _: dataset.unit_names)
_complete_city = _completions(lambda dataset, _: dataset.pilot_names)

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help=_("table, json, csv, yaml, md or xlsx (default: from --output's suffix, else table)."),
        show_default=False,
        **_choice_of(OutputFormat),
    ),
]
OutputOption = Annotated[
    Path | None, _output_option(_("Write to this file instead of stdout (CSV files get a BOM for Excel)."))
]
# One --force for every command that writes --output: an existing file is replaced only when asked.
ForceOption = Annotated[bool, typer.Option("--force", help=_("Replace --output if it exists."))]
SearchOption = Annotated[
    list[str] | None,
    typer.Option("--search", "-s", help=_("Words from the title (repeat: any of them)."), metavar=_("WORDS")),
]


def _unit_option(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar=_("UNIT"), autocompletion=_complete_unit)


def _city_option(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar=_("CITY"), autocompletion=_complete_city, show_default=False)


def _answer(
    data: Path | None,
    no_cache: bool,
    output_format: OutputFormat | None,
    output: Path | None,
    force: bool,
    query: Callable[[Dataset], Listing | Detail],
) -> None:
    """The shape of every query command: load valid data, ask, write the answer in the chosen format."""
    with _usage_errors():
        chosen = choose_format(output_format, output, default=OutputFormat.table)
        refuse_existing(output, replace=force)  # before the work, not after it
    dataset = _valid_dataset(data, no_cache)
    with _usage_errors(), writing_out():
        emit(query(dataset), chosen, output, replace=force)


def _valid_dataset(data: Path | None, no_cache: bool) -> Dataset:
    """The data, when valid; otherwise validate's report on stderr and exit 1."""
    with _usage_errors():
        result = check_directory(resolve_data_dir(data), use_cache=not no_cache)
    if result.dataset is None:
        typer.echo(render_report(result, ReportFormat.text), err=True)
        raise typer.Exit(1)
    return result.dataset


@app.command(help=_("Wuhan's tasks, filtered: different options must all hold, a repeated one any of its values."))
def tasks(
    lead: Annotated[list[str] | None, _unit_option(_("Led by this unit (repeat: any of them)."))] = None,
    responsible: Annotated[
        list[str] | None, _unit_option(_("With this unit among the responsible units (repeat: any)."))
    ] = None,
    unit: Annotated[list[str] | None, _unit_option(_("With this unit in either role (repeat: any)."))] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(help=_("Category by number (一, 1) or words from its title (repeat: any)."), metavar=_("WORDS")),
    ] = None,
    national: Annotated[
        list[int] | None,
        typer.Option(help=_("Implementing this national item number (repeat: any)."), metavar="N", parser=_number),
    ] = None,
    search: SearchOption = None,
    co_led: Annotated[
        bool, typer.Option("--co-led", help=_("Only tasks whose leads lead jointly (共同牵头)."))
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help=_(
                "未启动 (not_started), 推进中 (in_progress), 已完成 (done), 暂缓 (paused), or 未填报 (not_reported) "
                "for tasks with no status recorded (repeat: any)."
            ),
            **_word_of("task_status"),
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    wanted = queries.TaskFilter(
        lead=lead or [],
        responsible=responsible or [],
        unit=unit or [],
        category=category or [],
        national=national or [],
        search=search or [],
        co_led=co_led,
        status=status or [],
    )
    _answer(data, no_cache, output_format, output, force, lambda dataset: queries.find_tasks(dataset, wanted))


@app.command(help=_("Items of the national list (商资发〔2024〕314号), filtered like tasks."))
def items(
    city: Annotated[
        str | None, _city_option(_("Only items that apply to this pilot, each with how it applies."))
    ] = None,
    assignment: Annotated[
        list[str] | None,
        typer.Option(
            help=_(
                "点名 (named: the city is in the brackets), 各试点示范省市 (all_pilots), "
                "有意愿的试点示范省市 (willing), 有关试点示范省市 (relevant); with --city, how the item "
                "reaches that city (repeat: any)."
            ),
            **_word_of("assignment"),
        ),
    ] = None,
    section: Annotated[
        list[str] | None, typer.Option(help=_("Section of the list, 一…五 (repeat: any)."), metavar="一…五")
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(
            help=_(
                "Level of standard the section asks for: 国家标准 (national), 行业标准 (industry), "
                "地方标准 (local), 团体标准 (group), 其他 (other) (repeat: any)."
            ),
            **_word_of("level"),
        ),
    ] = None,
    search: SearchOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    wanted = queries.ItemFilter(
        city=city, assignment=assignment or [], section=section or [], level=level or [], search=search or []
    )
    _answer(data, no_cache, output_format, output, force, lambda dataset: queries.find_items(dataset, wanted))


@app.command(
    help=_("Every national item that applies to the city, with the local task that implements it or 'not covered'.")
)
def coverage(
    city: Annotated[str | None, _city_option(_("The pilot whose plan to check (default: the plan's city)."))] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    _answer(data, no_cache, output_format, output, force, lambda dataset: queries.coverage(dataset, city))


def _listing_command(
    name: str, summary: str, query: Callable[[Dataset], Listing], register: Callable[..., Any] = app.command
) -> None:
    """Registers a command (on `register`'s group) that lists `query`'s records, with the options
    every listing has."""

    def listing(
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        _answer(data, no_cache, output_format, output, force, query)

    register(name, help=summary)(listing)


_listing_command("units", _("Every unit with the tasks it leads and supports."), queries.list_units)
_listing_command(
    "cities", _("Every pilot with how many national items reach it, by kind of assignment."), queries.list_cities
)


class Shown(StrEnum):
    task = "task"
    item = "item"


_SHOW = {Shown.task: queries.show_task, Shown.item: queries.show_item}


@app.command(help=_("One task or item in full, with its links: a task's national item, an item's local tasks."))
def show(
    kind: Annotated[
        Shown,
        typer.Argument(
            help=_("task (of the plan) or item (of the national list)."), metavar="task|item", **_choice_of(Shown)
        ),
    ],
    number: Annotated[int, typer.Argument(help=_("Its number."), metavar="N", parser=_number)],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    _answer(data, no_cache, output_format, output, force, lambda dataset: _SHOW[kind](dataset, number))


# --- handouts -------------------------------------------------------------------------------------


def _brief_names(dataset: Dataset, ctx: typer.Context) -> NameIndex | None:
    kind = ctx.params.get("kind")
    return dataset.unit_names if kind == BriefKind.unit else dataset.pilot_names if kind == BriefKind.city else None


DateOption = Annotated[
    date | None,
    typer.Option("--date", help=_("When it happened, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=_date),
]


@app.command(help=_("A meeting handout in Markdown or Word, from the templates."))
def brief(
    kind: Annotated[
        BriefKind,
        typer.Argument(
            help=_(
                "overview (the whole plan), unit (one department's tasks), city (the national items of one pilot) "
                "or meeting (the tasks not done, for a 督办 meeting)."
            ),
            metavar="overview|unit|city|meeting",
            **_choice_of(BriefKind),
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            help=_("The unit or city, written as in queries."),
            metavar=_("NAME"),
            autocompletion=_completions(_brief_names),
            show_default=False,
        ),
    ] = None,
    brief_format: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=_("md or docx (default: from --output's suffix, else md)."),
            show_default=False,
            **_choice_of(BriefFormat),
        ),
    ] = None,
    output: Annotated[Path | None, _output_option(_("Write to this file (needed for docx) instead of stdout."))] = None,
    force: ForceOption = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            help=_("Templates (and brief.docx) that replace the shipped ones of the same name."),
            metavar=_("DIR"),
            parser=_path,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help=_("Title of the handout (default: the template's)."))] = None,
    unit: Annotated[str | None, _unit_option(_("The meeting paper: only this unit's tasks."))] = None,
    on: Annotated[
        date | None,
        typer.Option(
            "--date", help=_("Date on the handout, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=_date
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from stdplan.briefing import make_brief

    with _usage_errors():
        chosen = choose_format(brief_format, output, default=BriefFormat.md)
        refuse_existing(output, replace=force)  # before the work, not after it
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(Message("template directory not found: {path}", path=template_dir))
    dataset = _valid_dataset(data, no_cache)
    try:
        with _usage_errors():
            content = make_brief(
                dataset, kind, name, chosen, title=title, date=_day(on), unit=unit, template_dir=template_dir
            )
            if output is None:
                with writing_out():
                    typer.echo(content, nl=False)
            else:
                write_file(output, content, replace=force)
                typer.echo(say(Message("wrote {path}", path=display_path(output))), err=True)
    except TemplateInvalid as error:
        typer.echo(format_problem(error.problem), err=True)
        raise typer.Exit(1) from None


# --- progress -------------------------------------------------------------------------------------

AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of", help=_("The day to judge on, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=_date
    ),
]
TaskArgument = Annotated[
    int, typer.Argument(help=_("The task's number in the plan."), metavar=_("TASK"), parser=_number)
]


def _day(value: date | None) -> date:
    return value or date.today()


def _dated_listing_command(name: str, summary: str, query: Callable[[Dataset, date], Listing]) -> None:
    """Registers a listing command that judges on a day: --as-of, today by default."""

    def listing(
        as_of: AsOfOption = None,
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        _answer(data, no_cache, output_format, output, force, lambda dataset: query(dataset, _day(as_of)))

    app.command(name, help=summary)(listing)


_dated_listing_command(
    "overdue", _("Tasks not done whose deadline has passed, and how many days late."), queries.overdue
)
_dated_listing_command(
    "targets", _("Each numeric target, the standards counted so far by stage, and the gap."), queries.target_progress
)


@app.command(
    help=_(
        "One Excel workbook of the whole plan, a sheet per view: tasks, national items, units, coverage, "
        "targets, overdue tasks and the progress log."
    )
)
def export(
    output: Annotated[Path, _output_option(_("The workbook to write, FILE.xlsx."))],
    as_of: AsOfOption = None,
    force: ForceOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    with _usage_errors():
        if output.suffix.lower() != ".xlsx":
            raise UsageError(Message("export writes an Excel workbook: give --output FILE.xlsx"))
        refuse_existing(output, replace=force)  # before the work, not after it
    dataset = _valid_dataset(data, no_cache)
    with _usage_errors():
        write_file(output, workbook(queries.ledger(dataset, _day(as_of))), replace=force)
    typer.echo(say(Message("wrote {path}", path=display_path(output))), err=True)


progress_app = Commands(
    help=_("Record progress on a task in tasks.yaml, and list what was recorded."), no_args_is_help=True
)
app.add_typer(progress_app, name="progress")
standard_app = Commands(help=_("Record the standards a task produces, in tasks.yaml."), no_args_is_help=True)
app.add_typer(standard_app, name="standard")


@progress_app.command("add", help=_("Add a progress entry to a task (and set its status)."))
def progress_add(
    task: TaskArgument,
    note: Annotated[str, typer.Option(help=_("What was done."))],
    on: Annotated[date, typer.Option("--date", help=_("When, YYYY-MM-DD."), metavar=_("DATE"), parser=_date)],
    by: Annotated[str | None, _unit_option(_("The unit reporting it."))] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help=_("Set the task's status: 未启动, 推进中, 已完成, 暂缓 (or not_started, in_progress, done, paused)."),
            **_word_of("status"),
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    from stdplan.editing import add_progress

    def edit(directory: Path) -> Message:
        edited = add_progress(directory, task, date=on, note=note, by=by, status=status)
        now = Message(", status {status}", status=Label("status", edited.status)) if edited.status else ""
        return Message(
            "task {task}: progress of {date} added ({count} in all{status})",
            task=task,
            date=on,
            count=len(edited.progress),
            status=now,
        )

    _edit(data, edit)


_listing_command(
    "list",
    _("Every progress entry of every task, in the order things happened."),
    queries.progress_log,
    register=progress_app.command,
)


@standard_app.command("add", help=_("Add a standard the task produces."))
def standard_add(
    task: TaskArgument,
    level: Annotated[
        str,
        typer.Option(
            help=_("国家标准 (national), 行业标准 (industry), 地方标准 (local) or 团体标准 (group)."),
            **_word_of("standard_level"),
        ),
    ],
    title: Annotated[str, typer.Option(help=_("The standard's title."))],
    code: Annotated[str | None, typer.Option(help=_("Its number, e.g. DB4201/T 123—2025."))] = None,
    stage: Annotated[
        str,
        typer.Option(
            help=_("The stage it has reached: 立项, 起草, 征求意见, 审查, 报批 or 发布."), **_word_of("stage")
        ),
    ] = "立项",
    on: DateOption = None,
    data: DataOption = None,
) -> None:
    from stdplan.editing import add_standard

    def edit(directory: Path) -> Message:
        edited = add_standard(directory, task, level=level, title=title, code=code, stage=stage, date=_day(on))
        return Message(
            "task {task}: standard {index} added at {stage}", task=task, index=len(edited.standards), stage=stage
        )

    _edit(data, edit)


@standard_app.command(
    "advance",
    help=_("Move one of a task's standards to its next stage (立项 → 起草 → 征求意见 → 审查 → 报批 → 发布)."),
)
def standard_advance(
    task: TaskArgument,
    index: Annotated[
        int, typer.Argument(help=_("Which of the task's standards, from 1."), metavar="N", parser=_number)
    ],
    on: DateOption = None,
    data: DataOption = None,
) -> None:
    from stdplan.editing import advance_standard

    def edit(directory: Path) -> Message:
        _task, stage = advance_standard(directory, task, index, date=_day(on))
        return Message("task {task}: standard {index} now at {stage}", task=task, index=index, stage=stage)

    _edit(data, edit)


def _edit(data: Path | None, edit: Callable[[Path], Message]) -> None:
    """The shape of every edit: a data directory of one's own, the edit, its one-line account.
    Refused edits change nothing: exit 2 for a wrong request, 1 with the problems for invalid data."""
    with _usage_errors():
        directory = resolve_data_dir(data)
        try:
            done = edit(directory)
        except DataInvalid as invalid:
            typer.echo(say(invalid.context), err=True)
            typer.echo("\n".join(map(format_problem, invalid.problems)), err=True)
            typer.echo(say(Message("refused: the file is unchanged")), err=True)
            raise typer.Exit(1) from None
    account = say(done)
    with writing_out(account_of_done=account):
        typer.echo(account)
