"""The commands about the data files themselves: validate them, and write their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stdplan.cli.options import DataOption, NoCacheOption, choice_of, output_option
from stdplan.cli.run import usage_errors
from stdplan.cli.words import Commands, writing_out
from stdplan.i18n import _, say
from stdplan.loading import load
from stdplan.messages import Message
from stdplan.reporting import ReportFormat, display_path, render_report
from stdplan.settings import resolve_data_dir

commands = Commands()


@commands.command(help=_("Check the data files: exit 0 when valid, 1 with every problem as file:line:col: message."))
def validate(
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    report_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help=_("text for people, github for Actions annotations, json."),
            **choice_of(ReportFormat),
        ),
    ] = ReportFormat.text,
) -> None:
    with usage_errors():
        result = load(resolve_data_dir(data), use_cache=not no_cache)
    with writing_out():
        typer.echo(render_report(result, report_format))
    raise typer.Exit(0 if result.records is not None else 1)


@commands.command(help=_("Write JSON Schema for the three data files, generated from stdplan's models."))
def schema(
    output: Annotated[Path, output_option(_("Directory to write the *.schema.json files to."), _("DIR"))] = Path(
        "schemas"
    ),
) -> None:
    from stdplan.schema import write_schemas

    with usage_errors():
        written = write_schemas(output)
    with writing_out():
        for path in written:
            typer.echo(say(Message("wrote {path}", path=display_path(path))))
