"""The command line: parse options, call the core, hand the result to output. No domain logic here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from stdplan import __version__
from stdplan.loading import check_directory, resolve_data_dir
from stdplan.problems import UsageError
from stdplan.reporting import ReportFormat, display_path, render_report

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
        "[default: ./data when it holds them, else the data shipped with stdplan].",
        show_default=False,
        file_okay=False,
    ),
]


@contextmanager
def _usage_errors() -> Iterator[None]:
    """Turns the core's UsageError into Typer's usage message and exit code 2."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(str(error)) from None


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
    report_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text for people, github for Actions annotations, json.")
    ] = ReportFormat.text,
) -> None:
    """Check the data files: exit 0 when valid, 1 with every problem as file:line:col: message."""
    with _usage_errors():
        result = check_directory(resolve_data_dir(data))
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
