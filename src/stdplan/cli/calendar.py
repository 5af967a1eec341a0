"""The plan's deadlines as a calendar file, for Outlook, WPS and phone calendars."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from stdplan.atomic import refuse_existing
from stdplan.cli.options import DataOption, ForceOption, NoCacheOption, output_option, unit_option
from stdplan.cli.run import deliver, usage_errors, valid_records
from stdplan.cli.words import Commands
from stdplan.i18n import _
from stdplan.messages import Message
from stdplan.problems import UsageError

commands = Commands()


@commands.command(
    help=_(
        "The plan's deadlines as a calendar file (.ics) for Outlook, WPS or a phone, each with a reminder a week "
        "before."
    )
)
def calendar(
    output: Annotated[Path | None, output_option(_("Write to this file, FILE.ics, instead of stdout."))] = None,
    force: ForceOption = False,
    unit: Annotated[
        str | None, unit_option(_("Only the tasks this unit leads or is responsible for (the phases stay)."))
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from stdplan.ics import calendar_file

    with usage_errors():
        if output is not None and output.suffix.lower() != ".ics":
            raise UsageError(Message("calendar writes an iCalendar file: give --output FILE.ics"))
        refuse_existing(output, replace=force)  # before the work, not after it
    records = valid_records(data, no_cache)
    with usage_errors():
        content = calendar_file(records, unit)
        deliver(content, output, force)
