"""The options the commands share, and the parsing of what is typed for them: a path, a number, a day,
one of a few names, a word of a vocabulary, and the names of the data offered to shell completion."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from stdplan import queries, vocabulary
from stdplan.dataset import Dataset
from stdplan.i18n import _, say
from stdplan.loading import check_directory, resolve_data_dir
from stdplan.messages import Label, Message
from stdplan.names import NameIndex
from stdplan.output import OutputFormat
from stdplan.problems import UsageError, os_reason


def parse_path(text: str | Path) -> Path:
    """A file or directory as typed: not empty, and one the system can look for."""
    if isinstance(text, Path):
        return text
    # Path("") is the working directory: `--data "$DIR"` with DIR unset would read (or edit) whatever is here.
    if not text.strip():
        raise ValueError(say(Message("an empty path names no file or directory")))
    try:
        os.stat(text)
    except (FileNotFoundError, NotADirectoryError):
        pass  # a file yet to be written, or a directory the command says is missing
    except (OSError, ValueError) as error:  # a name too long, a directory one may not enter, a NUL
        reason = os_reason(error) if isinstance(error, OSError) else Message("no file name may hold a NUL character")
        raise ValueError(say(Message("cannot use {path}: {reason}", path=text, reason=reason))) from None
    # Path("new/") is Path("new"): `-o new/` would write a file called new instead of into a folder.
    if text.endswith(("/", os.sep)) and not os.path.isdir(text):
        raise ValueError(say(Message("{path} names a folder, and there is none", path=text)))
    return Path(text)


def output_option(help_text: str, metavar: str = _("FILE")) -> Any:
    """--output/-o, the one spelling every command that writes a file or a folder uses."""
    return typer.Option("--output", "-o", help=help_text, metavar=metavar, parser=parse_path)


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
        parser=parse_path,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help=_("Read and check the files afresh, neither using nor filling the cache.")),
]


E = TypeVar("E", bound=StrEnum)


def choice_of(choices: type[E]) -> dict[str, Any]:
    """Option settings for one of a few fixed names (formats, kinds of handout)."""

    def parse(text: str | E) -> E:
        if isinstance(text, choices):
            return text
        chosen = choices.__members__.get(str(text).strip().lower())
        if chosen is None:
            raise ValueError(say(Message("'{text}' is not one of: {choices}", text=text, choices=tuple(choices))))
        return chosen

    return {"parser": parse, "autocompletion": lambda incomplete: [c for c in choices if c.startswith(incomplete)]}


def word_of(name: str) -> dict[str, Any]:
    """Option settings for a code of a vocabulary: the code or the documents' Chinese word is accepted
    (national or 国家标准), and completion offers both."""

    def parse(text: str) -> str:
        try:
            return queries.parse_word(name, text)
        except UsageError as error:
            raise ValueError(say(error.message)) from None

    return {
        "parser": parse,
        "autocompletion": lambda incomplete: [w for w in vocabulary.accepted(name) if w.startswith(incomplete)],
        "metavar": say(Label("metavar", name.upper())),
    }


def parse_number(text: str) -> int:
    with contextlib.suppress(ValueError):  # int() also refuses numbers of thousands of digits
        if text.strip().isdecimal():
            return int(text)
    raise ValueError(say(Message("'{text}' is not a number", text=text[:20])))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str | date) -> date:
    """A day written YYYY-MM-DD, strictly, as in the data files."""
    if isinstance(text, date):
        return text
    with contextlib.suppress(ValueError):
        if _ISO_DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    raise ValueError(say(Message("'{text}' is not a date written like 2025-09-01", text=text)))


def completions(
    pick: Callable[[Dataset, typer.Context], NameIndex | None],
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of names from the data the command would read; nothing when it cannot be read."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            dataset = check_directory(resolve_data_dir(ctx.params.get("data"))).dataset
        except UsageError:
            return []
        index = pick(dataset, ctx) if dataset else None
        return index.completions(incomplete) if index else []

    return complete


_complete_unit = completions(lambda dataset, _: dataset.unit_names)
_complete_city = completions(lambda dataset, _: dataset.pilot_names)

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


def city_option(help_text: str) -> Any:
    return typer.Option(help=help_text, metavar=_("CITY"), autocompletion=_complete_city, show_default=False)


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of", help=_("The day to judge on, YYYY-MM-DD (default: today)."), metavar=_("DATE"), parser=parse_date
    ),
]


def day(value: date | None) -> date:
    """The day a date option names; today when it names none."""
    return value or date.today()
