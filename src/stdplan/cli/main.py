"""The stdplan command: its summary, --version, and the families of commands in the order --help lists them."""

from __future__ import annotations

from typing import Annotated

import typer

from stdplan import __version__
from stdplan.cli import admin, calendar, edit, export, handouts, history, query, schedule
from stdplan.cli.words import Commands
from stdplan.i18n import _

SUMMARY = _("Service-industry-opening standardization tasks (商资发〔2024〕314号 and Wuhan's plan) as checked data.")
app = Commands(name="stdplan", help=SUMMARY, no_args_is_help=True, pretty_exceptions_show_locals=False)


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


# Added without a name, a family's commands join stdplan's own (Typer's "one file per command").
for family in (admin, query, handouts, schedule, calendar, history, export, edit):
    app.add_typer(family.commands)
