"""The command line: parse options, call the core, hand the result to output. No domain logic here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, get_args

import typer

from stdplan import __version__, queries
from stdplan.answers import Detail, Listing
from stdplan.atomic import write_file
from stdplan.briefing import BriefFormat, BriefKind
from stdplan.dataset import Dataset
from stdplan.loading import check_directory, resolve_data_dir
from stdplan.models import ASSIGNMENTS, LEVELS, STAGES, STATUS_LABELS, StandardLevel
from stdplan.names import NameIndex
from stdplan.output import OutputFormat, choose_format, emit
from stdplan.problems import DataInvalid, UsageError
from stdplan.reporting import ReportFormat, display_path, format_problem, render_report

app = typer.Typer(
    name="stdplan",
    help="Service-industry-opening standardization tasks (商资发〔2024〕314号 and Wuhan's plan) as checked data.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="STDPLAN_DATA",
        help="Directory with national_list.yaml, tasks.yaml and units.yaml "
        "(default: ./data when it holds them, else the data shipped with stdplan).",
        show_default=False,
        file_okay=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read and check the files afresh, neither using nor filling the cache."),
]


@contextmanager
def _usage_errors() -> Iterator[None]:
    """Turns the core's UsageError into Typer's usage message and exit code 2."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(str(error)) from None


@contextmanager
def _reader_may_leave() -> Iterator[None]:
    """`stdplan items -f json | head` closes the pipe early: stop quietly, not with a traceback."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at nothing, or Python's own flush at exit would complain on stderr.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None  # the reader had enough; not an error of the data


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stdplan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Service-industry-opening standardization tasks (商资发〔2024〕314号 and Wuhan's plan) as checked data."""


@app.command()
def validate(
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text for people, github for Actions annotations, json.")
    ] = ReportFormat.text,
) -> None:
    """Check the data files: exit 0 when valid, 1 with every problem as file:line:col: message."""
    with _usage_errors():
        result = check_directory(resolve_data_dir(data), use_cache=not no_cache)
    typer.echo(render_report(result, report_format))
    raise typer.Exit(0 if result.dataset is not None else 1)


@app.command()
def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Directory to write the *.schema.json files to.", file_okay=False)
    ] = Path("schemas"),
) -> None:
    """Write JSON Schema for the three data files, generated from stdplan's models."""
    from stdplan.schema import write_schemas

    with _usage_errors():
        written = write_schemas(output)
    for path in written:
        typer.echo(f"wrote {display_path(path)}")


# --- queries --------------------------------------------------------------------------------------

# Typer offers choices for enums only; these mirror the models' Literals, so the values live there.
AssignmentChoice = StrEnum("AssignmentChoice", {value: value for value in ASSIGNMENTS})  # type: ignore[misc]
LevelChoice = StrEnum("LevelChoice", {value: value for value in LEVELS})  # type: ignore[misc]


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
        help="table, json, csv, yaml, md or xlsx (default: from --output's suffix, else table).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of stdout (CSV files get a BOM for Excel).", dir_okay=False
    ),
]
SearchOption = Annotated[
    list[str] | None, typer.Option("--search", "-s", help="Words from the title (repeat: any of them).", metavar="TEXT")
]


def _unit_option(help_text: str) -> typer.models.OptionInfo:
    return typer.Option(help=help_text, metavar="UNIT", autocompletion=_complete_unit)


def _city_option(help_text: str) -> typer.models.OptionInfo:
    return typer.Option(help=help_text, metavar="CITY", autocompletion=_complete_city, show_default=False)


def _answer(
    data: Path | None,
    no_cache: bool,
    output_format: OutputFormat | None,
    output: Path | None,
    query: Callable[[Dataset], Listing | Detail],
) -> None:
    """The shape of every query command: load valid data, ask, write the answer in the chosen format."""
    with _usage_errors():
        chosen = choose_format(output_format, output, default=OutputFormat.table)
    dataset = _valid_dataset(data, no_cache)
    with _usage_errors(), _reader_may_leave():
        emit(query(dataset), chosen, output)


def _valid_dataset(data: Path | None, no_cache: bool) -> Dataset:
    """The data, when valid; otherwise validate's report on stderr and exit 1."""
    with _usage_errors():
        result = check_directory(resolve_data_dir(data), use_cache=not no_cache)
    if result.dataset is None:
        typer.echo(render_report(result, ReportFormat.text), err=True)
        raise typer.Exit(1)
    return result.dataset


@app.command()
def tasks(
    lead: Annotated[list[str] | None, _unit_option("Led by this unit (repeat: any of them).")] = None,
    responsible: Annotated[
        list[str] | None, _unit_option("With this unit among the responsible units (repeat: any).")
    ] = None,
    unit: Annotated[list[str] | None, _unit_option("With this unit in either role (repeat: any).")] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(help="Category by number (一, 1) or words from its title (repeat: any).", metavar="TEXT"),
    ] = None,
    national: Annotated[
        list[int] | None, typer.Option(help="Implementing this national item number (repeat: any).", metavar="N")
    ] = None,
    search: SearchOption = None,
    co_led: Annotated[bool, typer.Option("--co-led", help="Only tasks whose leads lead jointly (共同牵头).")] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="not_started, in_progress, done or paused, or 未启动, 推进中, 已完成, 暂缓 (repeat: any); "
            "a task with no status recorded is not_started.",
            metavar="STATUS",
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Wuhan's tasks, filtered: different options must all hold, a repeated one any of its values."""
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
    _answer(data, no_cache, output_format, output, lambda dataset: queries.find_tasks(dataset, wanted))


@app.command()
def items(
    city: Annotated[str | None, _city_option("Only items that apply to this pilot, each with how it applies.")] = None,
    assignment: Annotated[
        list[AssignmentChoice] | None,
        typer.Option(
            help="named (the city in the brackets), all_pilots (各试点示范省市), willing (…有意愿的…), "
            "relevant (有关试点示范省市); for --city, how the item reaches it (repeat: any).",
            metavar="KIND",
        ),
    ] = None,
    section: Annotated[
        list[str] | None, typer.Option(help="Section of the list, 一…五 (repeat: any).", metavar="一…五")
    ] = None,
    level: Annotated[
        list[LevelChoice] | None,
        typer.Option(
            help=f"Level of standard the section asks for: {', '.join(LevelChoice)} (repeat: any).", metavar="LEVEL"
        ),
    ] = None,
    search: SearchOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Items of the national list (商资发〔2024〕314号), filtered like tasks."""
    wanted = queries.ItemFilter(
        city=city,
        assignment=[str(value) for value in assignment or []],
        section=section or [],
        level=[str(value) for value in level or []],
        search=search or [],
    )
    _answer(data, no_cache, output_format, output, lambda dataset: queries.find_items(dataset, wanted))


@app.command()
def coverage(
    city: Annotated[str | None, _city_option("The pilot whose plan to check (default: the plan's city).")] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Every national item that applies to the city, with the local task that implements it or 'not covered'."""
    _answer(data, no_cache, output_format, output, lambda dataset: queries.coverage(dataset, city))


def _listing_command(name: str, summary: str, query: Callable[[Dataset], Listing]) -> None:
    """Registers a command that lists `query`'s records, with the options every listing has."""

    def command(
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
    ) -> None:
        _answer(data, no_cache, output_format, output, query)

    command.__doc__ = summary
    app.command(name)(command)


_listing_command("units", "Every unit with the tasks it leads and supports.", queries.list_units)
_listing_command(
    "cities", "Every pilot with how many national items reach it, by kind of assignment.", queries.list_cities
)


class Shown(StrEnum):
    task = "task"
    item = "item"


_SHOW = {Shown.task: queries.show_task, Shown.item: queries.show_item}


@app.command()
def show(
    kind: Annotated[
        Shown, typer.Argument(help="task (of the plan) or item (of the national list).", metavar="task|item")
    ],
    number: Annotated[int, typer.Argument(help="Its number.", metavar="N")],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """One task or item in full, with its links: a task's national item, an item's local tasks."""
    _answer(data, no_cache, output_format, output, lambda dataset: _SHOW[kind](dataset, number))


# --- handouts -------------------------------------------------------------------------------------


def _brief_names(dataset: Dataset, ctx: typer.Context) -> NameIndex | None:
    kind = ctx.params.get("kind")
    return dataset.unit_names if kind == BriefKind.unit else dataset.pilot_names if kind == BriefKind.city else None


@app.command()
def brief(
    kind: Annotated[
        BriefKind,
        typer.Argument(
            help="overview (the whole plan), unit (one department's tasks) or city (the national items of one pilot).",
            metavar="overview|unit|city",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            help="The unit or city, written as in queries.",
            metavar="NAME",
            autocompletion=_completions(_brief_names),
            show_default=False,
        ),
    ] = None,
    brief_format: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format", "-f", help="md or docx (default: from --output's suffix, else md).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (needed for docx) instead of stdout.", dir_okay=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --output if it exists.")] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            help="Templates (and brief.docx) that replace the shipped ones of the same name.",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of the handout (default: the template's).")] = None,
    date: Annotated[
        datetime | None,
        typer.Option(help="Date on the handout, YYYY-MM-DD (default: today).", formats=["%Y-%m-%d"], metavar="DATE"),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A meeting handout in Markdown or Word, from the templates."""
    from stdplan.briefing import TemplateInvalid, make_brief

    with _usage_errors():
        chosen = choose_format(brief_format, output, default=BriefFormat.md)
        if output is not None and output.exists() and not force:  # before the work, not after it
            raise UsageError(f"{output} exists: give --force to replace it")
    dataset = _valid_dataset(data, no_cache)
    try:
        with _usage_errors():
            content = make_brief(dataset, kind, name, chosen, title=title, date=_day(date), template_dir=template_dir)
            if output is None:
                with _reader_may_leave():
                    typer.echo(content, nl=False)
            else:
                write_file(output, content, replace=force)
                typer.echo(f"wrote {display_path(output)}", err=True)
    except TemplateInvalid as error:
        typer.echo(format_problem(error.problem), err=True)
        raise typer.Exit(1) from None


# --- progress -------------------------------------------------------------------------------------

AsOfOption = Annotated[
    datetime | None,
    typer.Option("--as-of", help="The day to judge on, YYYY-MM-DD (default: today).", formats=["%Y-%m-%d"]),
]
DayOption = Annotated[
    datetime | None,
    typer.Option("--date", help="When it happened, YYYY-MM-DD (default: today).", formats=["%Y-%m-%d"], metavar="DATE"),
]
TaskArgument = Annotated[int, typer.Argument(help="The task's number in the plan.", metavar="TASK")]
StandardLevelChoice = StrEnum(  # type: ignore[misc]
    "StandardLevelChoice", {value: value for value in get_args(StandardLevel)}
)
StageChoice = StrEnum("StageChoice", {value: value for value in STAGES})  # type: ignore[misc]


def _day(value: datetime | None) -> date:
    return (value or datetime.now()).date()


def _dated_listing_command(name: str, summary: str, query: Callable[[Dataset, date], Listing]) -> None:
    """Registers a listing command that judges on a day: --as-of, today by default."""

    def command(
        as_of: AsOfOption = None,
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
    ) -> None:
        _answer(data, no_cache, output_format, output, lambda dataset: query(dataset, _day(as_of)))

    command.__doc__ = summary
    app.command(name)(command)


_dated_listing_command("overdue", "Tasks not done whose deadline has passed, and how many days late.", queries.overdue)
_dated_listing_command(
    "targets", "Each numeric target, the standards counted so far by stage, and the gap.", queries.target_progress
)


progress_app = typer.Typer(help="Record progress on a task in tasks.yaml.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")
standard_app = typer.Typer(help="Record the standards a task produces, in tasks.yaml.", no_args_is_help=True)
app.add_typer(standard_app, name="standard")


@progress_app.command("add")
def progress_add(
    task: TaskArgument,
    note: Annotated[str, typer.Option(help="What was done.")],
    on: Annotated[datetime, typer.Option("--date", help="When, YYYY-MM-DD.", formats=["%Y-%m-%d"], metavar="DATE")],
    by: Annotated[str | None, _unit_option("The unit reporting it.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Set the task's status: not_started, in_progress, done, paused or 未启动, 推进中, 已完成, 暂缓."
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Add a progress entry to a task (and set its status)."""
    from stdplan.editing import add_progress

    def edit(directory: Path) -> str:
        edited = add_progress(directory, task, date=on.date(), note=note, by=by, status=status)
        label = f", status {STATUS_LABELS[edited.status]}" if edited.status else ""
        return f"task {task}: progress of {on.date()} added ({len(edited.progress)} in all{label})"

    _edit(data, edit)


@standard_app.command("add")
def standard_add(
    task: TaskArgument,
    level: Annotated[StandardLevelChoice, typer.Option(help="national, industry, local or group.")],
    title: Annotated[str, typer.Option(help="The standard's title.")],
    code: Annotated[str | None, typer.Option(help="Its number, e.g. DB4201/T 123—2025.")] = None,
    stage: Annotated[StageChoice, typer.Option(help="The stage it has reached.")] = StageChoice["立项"],
    on: DayOption = None,
    data: DataOption = None,
) -> None:
    """Add a standard the task produces."""
    from stdplan.editing import add_standard

    def edit(directory: Path) -> str:
        edited = add_standard(
            directory, task, level=str(level), title=title, code=code, stage=str(stage), date=_day(on)
        )
        return f"task {task}: standard {len(edited.standards)} added at {stage}"

    _edit(data, edit)


@standard_app.command("advance")
def standard_advance(
    task: TaskArgument,
    index: Annotated[int, typer.Argument(help="Which of the task's standards, from 1.", metavar="N")],
    on: DayOption = None,
    data: DataOption = None,
) -> None:
    """Move one of a task's standards to its next stage (立项 → 起草 → 征求意见 → 审查 → 报批 → 发布)."""
    from stdplan.editing import advance_standard

    def edit(directory: Path) -> str:
        _, stage = advance_standard(directory, task, index, date=_day(on))
        return f"task {task}: standard {index} now at {stage}"

    _edit(data, edit)


def _edit(data: Path | None, edit: Callable[[Path], str]) -> None:
    """The shape of every edit: a data directory of one's own, the edit, its one-line account.
    Refused edits change nothing: exit 2 for a wrong request, 1 with the problems for invalid data."""
    with _usage_errors():
        directory = resolve_data_dir(data)
        try:
            typer.echo(edit(directory))
        except DataInvalid as invalid:
            typer.echo(invalid.context, err=True)
            typer.echo("\n".join(map(format_problem, invalid.problems)), err=True)
            typer.echo("refused: the file is unchanged", err=True)
            raise typer.Exit(1) from None
