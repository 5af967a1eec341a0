"""Change over time, from the git history of the data: what changed between two versions (diff), and
every commit that changed one task (history)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from stdplan.cli.options import (
    DataOption,
    ForceOption,
    FormatOption,
    NoCacheOption,
    OutputOption,
    TaskArgument,
    since_option,
)
from stdplan.cli.run import answer_with
from stdplan.cli.words import Commands
from stdplan.i18n import _
from stdplan.settings import resolve_data_dir

commands = Commands()


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
    since: Annotated[
        date | None,
        since_option(
            _("Compare with the data as it was at the end of this day (the last commit made on or before it).")
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    from stdplan.revisions import difference

    if since is not None and old is not None:
        raise typer.BadParameter(_("give the earlier version or --since, not both"))
    answer_with(
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

    answer_with(output_format, output, force, lambda: task_history(resolve_data_dir(data), task))
