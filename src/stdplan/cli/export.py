"""The whole plan in one Excel workbook, a sheet per view."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stdplan import queries
from stdplan.atomic import refuse_existing, write_file
from stdplan.cli.options import AsOfOption, DataOption, ForceOption, NoCacheOption, day, output_option
from stdplan.cli.run import usage_errors, valid_records
from stdplan.cli.words import Commands
from stdplan.i18n import _, say
from stdplan.messages import Message
from stdplan.output import workbook
from stdplan.problems import UsageError
from stdplan.reporting import display_path

commands = Commands()


@commands.command(
    help=_(
        "One Excel workbook of the whole plan, a sheet per view: tasks, national items, units, coverage, "
        "targets, overdue tasks and the progress log."
    )
)
def export(
    output: Annotated[Path, output_option(_("The workbook to write, FILE.xlsx."))],
    as_of: AsOfOption = None,
    force: ForceOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    with usage_errors():
        if output.suffix.lower() != ".xlsx":
            raise UsageError(Message("export writes an Excel workbook: give --output FILE.xlsx"))
        refuse_existing(output, replace=force)  # before the work, not after it
    records = valid_records(data, no_cache)
    with usage_errors():
        write_file(output, workbook(queries.ledger(records, day(as_of))), replace=force)
    typer.echo(say(Message("wrote {path}", path=display_path(output))), err=True)
