"""The options the commands share, reading what is typed for them as arguments.py does (a path, a
number, a day, one of a few names, a word of a vocabulary), and the names of the data offered to
shell completion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from stdplan import arguments
from stdplan.i18n import _, say
from stdplan.loading import load
from stdplan.messages import Label
from stdplan.names import NameIndex
from stdplan.output import OutputFormat
from stdplan.problems import UsageError
from stdplan.records import Records
from stdplan.settings import resolve_data_dir


def output_option(help_text: str, metavar: str = _("FILE")) -> Any:
    """--output/-o, the one spelling every command that writes a file or a folder uses."""
    return typer.Option("--output", "-o", help=help_text, metavar=metavar, parser=arguments.path)


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="STDPLAN_DATA",
        help=_(
            "Directory with national_list.yaml, tasks.yaml and units.yaml "
            "(default: ./data when it holds them, else the data shipped with stdplan)."
        ),
        metavar=_("DIR"),
        show_default=False,
        parser=arguments.path,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help=_("Read and check the files afresh, neither using nor filling the cache.")),
]


E = TypeVar("E", bound=StrEnum)


def choice_of(choices: type[E]) -> dict[str, Any]:
    """Option settings for one of a few fixed names (formats, kinds of handout)."""
    return {
        "parser": lambda text: arguments.choice(choices, text),
        "autocompletion": lambda incomplete: arguments.completions_of_choice(choices, incomplete),
    }


def word_of(name: str) -> dict[str, Any]:
    """Option settings for a code of a vocabulary: the code or the documents' Chinese word is accepted
    (national or 国家标准), and completion offers both."""
    return {
        "parser": lambda text: arguments.word(name, text),
        "autocompletion": lambda incomplete: arguments.completions_of_word(name, incomplete),
        "metavar": say(Label("metavar", name.upper())),
    }


def completions(
    pick: Callable[[Records, typer.Context], NameIndex | None],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of names from the data the command would read; nothing when it cannot be read."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            records = load(resolve_data_dir(ctx.params.get("data"))).records
        except UsageError:
            return []
        index = pick(records, ctx) if records else None
        return index.completions(incomplete) if index else []

    return complete


_complete_unit = completions(lambda records, _: records.unit_names)
_complete_city = completions(lambda records, _: records.pilot_names)

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help=_("table, json, csv, yaml, md or xlsx (default: from --output's suffix, else table)."),
        show_default=False,
        **choice_of(OutputFormat),
    ),
]
OutputOption = Annotated[
    Path | None, output_option(_("Write to this file instead of stdout (CSV files get a BOM for Excel)."))
]
# One --force for every command that writes --output: an existing file is replaced only when asked.
ForceOption = Annotated[bool, typer.Option("--force", help=_("Replace --output if it exists."))]
SearchOption = Annotated[
    list[str] | None,
    typer.Option("--search", "-s", help=_("Words from the title (repeat: any of them)."), metavar=_("WORDS")),
]


def unit_option(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar=_("UNIT"), autocompletion=_complete_unit)


def since_option(help_text: str) -> Any:
    """A day to compare the data with, as it was at that day's end (in git)."""
    return typer.Option(help=help_text, metavar=_("DATE"), parser=arguments.day)


def city_option(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar=_("CITY"), autocompletion=_complete_city, show_default=False)


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of", help=_("The day to judge on, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=arguments.day
    ),
]


def day(value: date | None) -> date:
    """The day a date option names; today when it names none."""
    return value or date.today()


TaskArgument = Annotated[
    int, typer.Argument(help=_("The task's number in the plan."), metavar=_("TASK"), parser=arguments.number)
]
