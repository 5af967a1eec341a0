"""The edits of tasks.yaml: progress recorded on a task, and the standards it produces, each moved on
stage by stage; and the list of the progress recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from stdplan import arguments, queries
from stdplan.cli.options import DataOption, TaskArgument, day, unit_option, word_of
from stdplan.cli.run import invalid_data, listing_command, usage_errors
from stdplan.cli.words import Commands, writing_out
from stdplan.i18n import _, say
from stdplan.messages import Label, Message
from stdplan.settings import resolve_data_dir

progress_app = Commands(
    help=_("Record progress on a task in tasks.yaml, and list what was recorded."), no_args_is_help=True
)
standard_app = Commands(help=_("Record the standards a task produces, in tasks.yaml."), no_args_is_help=True)
commands = Commands()
commands.add_typer(progress_app, name="progress")
commands.add_typer(standard_app, name="standard")

DateOption = Annotated[
    date | None,
    typer.Option(
        "--date", help=_("When it happened, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=arguments.day
    ),
]


@progress_app.command("add", help=_("Add a progress entry to a task (and set its status)."))
def progress_add(
    task: TaskArgument,
    note: Annotated[str, typer.Option(help=_("What was done."))],
    on: Annotated[date, typer.Option("--date", help=_("When, YYYY-MM-DD."), metavar=_("DATE"), parser=arguments.day)],
    by: Annotated[str | None, unit_option(_("The unit reporting it."))] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help=_("Set the task's status: 未启动, 推进中, 已完成, 暂缓 (or not_started, in_progress, done, paused)."),
            **word_of("status"),
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


listing_command(
    progress_app, "list", _("Every progress entry of every task, in the order things happened."), queries.progress_log
)


@standard_app.command("add", help=_("Add a standard the task produces."))
def standard_add(
    task: TaskArgument,
    level: Annotated[
        str,
        typer.Option(
            help=_("国家标准 (national), 行业标准 (industry), 地方标准 (local) or 团体标准 (group)."),
            **word_of("standard_level"),
        ),
    ],
    title: Annotated[str, typer.Option(help=_("The standard's title."))],
    code: Annotated[str | None, typer.Option(help=_("Its number, e.g. DB4201/T 123—2025."))] = None,
    stage: Annotated[
        str,
        typer.Option(help=_("The stage it has reached: 立项, 起草, 征求意见, 审查, 报批 or 发布."), **word_of("stage")),
    ] = "立项",
    on: DateOption = None,
    planned: Annotated[
        list[str] | None,
        typer.Option(
            help=_("A later stage and the day it is planned for, e.g. 报批=2025-10-31 (repeat for more stages)."),
            metavar=_("STAGE=DATE"),
            parser=arguments.planned_stage,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    from stdplan.editing import add_standard

    def edit(directory: Path) -> Message:
        edited = add_standard(
            directory,
            task,
            level=level,
            title=title,
            code=code,
            stage=stage,
            date=day(on),
            planned=[arguments.planned_parts(text) for text in planned or ()],
        )
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
        int, typer.Argument(help=_("Which of the task's standards, from 1."), metavar="N", parser=arguments.number)
    ],
    on: DateOption = None,
    data: DataOption = None,
) -> None:
    from stdplan.editing import advance_standard

    def edit(directory: Path) -> Message:
        _task, stage = advance_standard(directory, task, index, date=day(on))
        return Message("task {task}: standard {index} now at {stage}", task=task, index=index, stage=stage)

    _edit(data, edit)


def _edit(data: Path | None, edit: Callable[[Path], Message]) -> None:
    """The shape of every edit: a data directory of one's own, the edit, its one-line account.
    Refused edits change nothing: exit 2 for a wrong request, 1 with the problems for invalid data."""
    with usage_errors():
        directory = resolve_data_dir(data)
        with invalid_data(then=Message("refused: the file is unchanged")):
            done = edit(directory)
    account = say(done)
    with writing_out(account_of_done=account):
        typer.echo(account)
