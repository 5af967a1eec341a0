"""The questions asked on a day: which tasks are overdue, and how far each target has come."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from stdplan import queries
from stdplan.answers import Listing
from stdplan.cli.options import AsOfOption, DataOption, ForceOption, FormatOption, NoCacheOption, OutputOption, day
from stdplan.cli.run import answer
from stdplan.cli.words import Commands
from stdplan.i18n import _
from stdplan.records import Records

commands = Commands()


def _dated_listing_command(name: str, summary: str, query: Callable[[Records, date], Listing]) -> None:
    """Registers a listing command that judges on a day: --as-of, today by default."""

    def listing(
        as_of: AsOfOption = None,
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        answer(data, no_cache, output_format, output, force, lambda records: query(records, day(as_of)))

    commands.command(name, help=summary)(listing)


_dated_listing_command(
    "overdue", _("Tasks not done whose deadline has passed, and how many days late."), queries.overdue
)
_dated_listing_command(
    "targets", _("Each numeric target, the standards counted so far by stage, and the gap."), queries.target_progress
)
