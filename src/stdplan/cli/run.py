"""How a command runs: the core's usage errors said as Typer's, and the shape every query command has
(valid data, the question, the answer in the chosen format)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from stdplan.answers import Detail, Listing
from stdplan.atomic import refuse_existing, write_file
from stdplan.cli.options import DataOption, ForceOption, FormatOption, NoCacheOption, OutputOption
from stdplan.cli.words import Commands, writing_out
from stdplan.i18n import say
from stdplan.loading import load
from stdplan.messages import Message
from stdplan.output import OutputFormat, choose_format, emit
from stdplan.problems import DataInvalid, UsageError
from stdplan.questions import Question
from stdplan.records import Records
from stdplan.reporting import ReportFormat, display_path, format_problem, render_report
from stdplan.settings import resolve_data_dir


@contextmanager
def invalid_data(then: Message | None = None) -> Iterator[None]:
    """Turns the core's DataInvalid into what it is about and its problems on stderr (and `then`), exit 1."""
    try:
        yield
    except DataInvalid as invalid:
        typer.echo(say(invalid.context), err=True)
        typer.echo("\n".join(map(format_problem, invalid.problems)), err=True)
        if then is not None:
            typer.echo(say(then), err=True)
        raise typer.Exit(1) from None


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turns the core's UsageError into Typer's usage message and exit code 2."""
    try:
        yield
    except UsageError as error:
        raise typer.BadParameter(say(error.message)) from None


def answer(
    data: Path | None,
    no_cache: bool,
    output_format: OutputFormat | None,
    output: Path | None,
    force: bool,
    question: Question,
) -> None:
    """The shape of every query command: load valid data, ask, write the answer in the chosen format."""
    answer_with(output_format, output, force, lambda: question(valid_records(data, no_cache)))


def answer_with(
    output_format: OutputFormat | None, output: Path | None, force: bool, asked: Callable[[], Listing | Detail]
) -> None:
    """Writes what `asked` answers in the chosen format; the core's usage errors exit 2, invalid data 1."""
    with usage_errors():
        chosen = choose_format(output_format, output, default=OutputFormat.table)
        refuse_existing(output, replace=force)  # before the work, not after it
    with usage_errors(), invalid_data():
        found = asked()
    with usage_errors(), writing_out():
        emit(found, chosen, output, replace=force)


def deliver(content: str | bytes, output: Path | None, force: bool) -> None:
    """A document (a handout, a calendar) to stdout, or written atomically to `output`, saying where."""
    if output is None:
        with writing_out():
            typer.echo(content, nl=False)
    else:
        write_file(output, content, replace=force)
        typer.echo(say(Message("wrote {path}", path=display_path(output))), err=True)


def valid_records(data: Path | None, no_cache: bool) -> Records:
    """The data, when valid; otherwise validate's report on stderr and exit 1."""
    with usage_errors():
        result = load(resolve_data_dir(data), use_cache=not no_cache)
    if result.records is None:
        typer.echo(render_report(result, ReportFormat.text), err=True)
        raise typer.Exit(1)
    return result.records


def listing_command(family: Commands, name: str, summary: str, query: Callable[[Records], Listing]) -> None:
    """Registers in `family` a command that lists `query`'s records, with the options every listing has."""

    def listing(
        data: DataOption = None,
        no_cache: NoCacheOption = False,
        output_format: FormatOption = None,
        output: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        answer(data, no_cache, output_format, output, force, query)

    family.command(name, help=summary)(listing)
