"""Change over time, from the git history of the data: what changed between two versions (diff), and
every commit that changed one task (history)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from stdplan import arguments
from stdplan.answers import Listing
from stdplan.atomic import refuse_existing
from stdplan.cli.options import DataOption, ForceOption, FormatOption, NoCacheOption, OutputOption, TaskArgument
from stdplan.cli.run import invalid_data, usage_errors
from stdplan.cli.words import Commands, writing_out
from stdplan.i18n import _
from stdplan.output import OutputFormat, choose_format, emit
from stdplan.settings import resolve_data_dir

commands = Commands()

SinceOption = Annotated[
    date | None,
    typer.Option(
        help=_("Compare with the data as it was at the end of this day (the last commit made on or before it)."),
        metavar=_("DATE"),
        parser=arguments.day,
    ),
]


@commands.command(
    help=_(
        "What changed in the data between two versions, record by record: added, removed, and each field "
        "changed. A version is a git revision (HEAD, HEAD~2, a commit) or a data folder."
    )
)
def diff(
    old: Annotated[
        str | None,
        typer.Argument(
            help=_("The earlier version (default: HEAD, the last commit)."), metavar="OLD", show_default=False
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            help=_("The later version (default: the data files as they are now)."), metavar="NEW", show_default=False
        ),
    ] = None,
    since: SinceOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    from stdplan.revisions import difference

    _answer(
        output_format,
        output,
        force,
        lambda: difference(resolve_data_dir(data), old, new, since=since, use_cache=not no_cache),
    )


@commands.command(help=_("Every commit that changed a task, newest first: when, by whom, and what changed."))
def history(
    task: TaskArgument,
    data: DataOption = None,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    from stdplan.revisions import task_history

    _answer(output_format, output, force, lambda: task_history(resolve_data_dir(data), task))


def _answer(
    output_format: OutputFormat | None, output: Path | None, force: bool, changes: Callable[[], Listing]
) -> None:
    """A listing command whose answer needs more than the data as it is now: its versions in git."""
    with usage_errors():
        chosen = choose_format(output_format, output, default=OutputFormat.table)
        refuse_existing(output, replace=force)
        with invalid_data():
            listing = changes()
    with usage_errors(), writing_out():
        emit(listing, chosen, output, replace=force)
