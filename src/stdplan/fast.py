"""The fast front end: the answering commands and their TAB completion, without Typer or pydantic.

A question typed in a terminal, and above all a TAB completion (the shell runs the program on every
key press), should answer before the user notices; importing Typer, click, pydantic and rich alone
takes longer than that. So the console script (entry.py) first asks `answer`, which reads the command
line of `tasks`, `items`, `coverage`, `units`, `cities` and `show`, takes the records from the
verified cache (cache.lookup: no YAML, no models) and asks the very questions the Typer commands ask
(questions.py), written by the very output code (output.py), arguments read by the same parsers
(arguments.py). Whatever it does not fully understand it declines, by returning None, and the Typer
CLI, which stays the one place that defines commands, options, help and completion, does the whole
work: help, an option it does not know, a value that is wrong, a name that resolves to nothing, a
cache miss, --no-cache, --output, YAML. The options below are checked against the Typer commands' by
a test, and a differential test holds the two front ends to byte-identical output.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from stdplan import arguments
from stdplan.output import Answer, OutputFormat
from stdplan.questions import QUESTIONS, Counted, Shown
from stdplan.records import Records

Completion = Callable[[Records, str], list[str]]


class Option(NamedTuple):
    """An option as the Typer command declares it: its spellings, whether it takes a value and may
    be repeated, how its value is read, and what TAB offers for it."""

    names: tuple[str, ...]
    takes: str = "value"  # "value", "values" (repeatable) or "flag"
    read: Callable[[str], Any] = str
    complete: Completion | None = None
    envvar: str | None = None


class Command(NamedTuple):
    """A Typer command as the fast path reads it: its options by the Typer parameters' names, and its
    arguments (name, how its value is read) in order."""

    options: Mapping[str, Option]
    arguments: Sequence[tuple[str, Callable[[str], Any]]] = ()


def _units(records: Records, incomplete: str) -> list[str]:
    return [name for name, _canonical in records.unit_names.completions(incomplete)]


def _cities(records: Records, incomplete: str) -> list[str]:
    return [name for name, _canonical in records.pilot_names.completions(incomplete)]


def _word(vocabulary: str) -> tuple[Callable[[str], str], Completion]:
    return (
        lambda text: arguments.word(vocabulary, text),
        lambda _records, incomplete: arguments.completions_of_word(vocabulary, incomplete),
    )


def _choice(choices: type[Enum]) -> tuple[Callable[[str], Any], Completion]:
    return (
        lambda text: arguments.choice(choices, text),  # type: ignore[arg-type]
        lambda _records, incomplete: arguments.completions_of_choice(choices, incomplete),  # type: ignore[arg-type]
    )


def _option(*names: str, takes: str = "value", read: tuple[Callable[[str], Any], Completion] | None = None) -> Option:
    return Option(names, takes, *(read or (str, None)))


_COMMON = {
    "data": Option(("--data",), read=arguments.path, envvar="STDPLAN_DATA"),
    "no_cache": _option("--no-cache", takes="flag"),
    "output_format": _option("--format", "-f", read=_choice(OutputFormat)),
    "output": Option(("--output", "-o"), read=arguments.path),
    "force": _option("--force", takes="flag"),
}
_SEARCH = _option("--search", "-s", takes="values")


# The filter options of `tasks` and `items`, as cli/query.py declares them once: a command that filters
# as they do spreads the same dict into its options.
_TASK_FILTERS = {
    "lead": Option(("--lead",), "values", str, _units),
    "responsible": Option(("--responsible",), "values", str, _units),
    "unit": Option(("--unit",), "values", str, _units),
    "category": _option("--category", takes="values"),
    "national": Option(("--national",), "values", arguments.number),
    "search": _SEARCH,
    "co_led": _option("--co-led", takes="flag"),
    "status": _option("--status", takes="values", read=_word("task_status")),
    "not_lead": Option(("--not-lead",), "values", str, _units),
    "not_unit": Option(("--not-unit",), "values", str, _units),
    "not_status": _option("--not-status", takes="values", read=_word("task_status")),
    "no_progress_since": Option(("--no-progress-since",), read=arguments.day),
}
_ITEM_FILTERS = {
    "city": Option(("--city",), "value", str, _cities),
    "assignment": _option("--assignment", takes="values", read=_word("assignment")),
    "section": _option("--section", takes="values"),
    "level": _option("--level", takes="values", read=_word("level")),
    "search": _SEARCH,
    "not_city": Option(("--not-city",), "values", str, _cities),
    "not_level": _option("--not-level", takes="values", read=_word("level")),
}


COMMANDS: dict[str, Command] = {
    "tasks": Command({**_TASK_FILTERS, **_COMMON}),
    "items": Command({**_ITEM_FILTERS, **_COMMON}),
    "coverage": Command({"city": Option(("--city",), "value", str, _cities), **_COMMON}),
    "units": Command(_COMMON),
    "cities": Command(_COMMON),
    "show": Command(_COMMON, (("kind", _choice(Shown)[0]), ("number", arguments.number))),
    "count": Command(
        {
            "by": _option("--by", takes="values", read=_word("count_field")),
            **_TASK_FILTERS,
            **_ITEM_FILTERS,
            **_COMMON,
        },
        (("kind", _choice(Counted)[0]),),
    ),
}
# Formats the fast path writes itself; YAML needs ruamel (and Excel a file): the Typer CLI writes those.
_FAST_FORMATS = frozenset({OutputFormat.table, OutputFormat.json, OutputFormat.csv, OutputFormat.md})


class _Declined(Exception):
    """What the fast path does not fully understand: the Typer CLI takes the whole command."""


def answer(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> int | None:
    """Answers the command line and returns the exit code, or None to let the Typer CLI answer it."""
    if sys.stdout is None or sys.stderr is None:  # started with one closed (>&-): not the fast path's to explain
        return None
    # Windows' stdout turns \n into \r\n and writes to a console through its own API, which the one
    # unbuffered write below does not: until that is done and tested there, Typer answers on Windows.
    if sys.platform == "win32":
        return None
    gc.disable()  # a short process building many small objects: collections would find nothing to free
    try:
        if "_STDPLAN_COMPLETE" in environ:
            return _complete(environ)
        return _answer(argv, environ)
    except (_Declined, ValueError, OSError):  # a value or a file the Typer CLI is to explain
        return None
    finally:
        gc.enable()


def _answer(argv: Sequence[str], environ: Mapping[str, str]) -> int:
    from stdplan.problems import StdplanError

    if not argv or argv[0] not in COMMANDS:
        raise _Declined
    name, command = argv[0], COMMANDS[argv[0]]
    values = _parse(command, argv[1:], environ)
    if values.pop("no_cache") or values.pop("output") is not None:
        raise _Declined  # read afresh, or written to a file: the Typer CLI's work
    values.pop("force")  # without --output it changes nothing
    chosen = values.pop("output_format") or OutputFormat.table
    if chosen not in _FAST_FORMATS:
        raise _Declined
    try:
        records = _records(values.pop("data"))
        answered = QUESTIONS[name](**values)(records)
    except StdplanError:  # a name that resolves to nothing, a number not in the plan…
        raise _Declined from None
    return _write(answered, chosen)


def _parse(
    command: Command, words: Sequence[str], environ: Mapping[str, str], *, partial: bool = False
) -> dict[str, Any]:
    """The options' values under the Typer parameters' names, as Typer would give them; _Declined for
    anything else (help, an option it does not know, `--`, a value that is missing, a short option
    with its value attached, words that are not text). `partial`: a line still being typed, whose
    arguments may not all be there yet."""
    if not all(map(_is_text, words)):
        raise _Declined
    by_name = {spelling: (key, option) for key, option in command.options.items() for spelling in option.names}
    values: dict[str, Any] = {key: False if option.takes == "flag" else None for key, option in command.options.items()}
    positional: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        # Only a long option takes its value after "="; click reads -f=json as the value "=json".
        spelling, given, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        if spelling not in by_name:
            raise _Declined
        key, option = by_name[spelling]
        if option.takes == "flag":
            if given:
                raise _Declined
            values[key] = True
            continue
        if not given:
            if index >= len(words):
                raise _Declined
            inline = words[index]
            index += 1
        value = option.read(inline)
        values[key] = [*(values[key] or []), value] if option.takes == "values" else value
    for key, option in command.options.items():
        if option.envvar and values[key] is None and environ.get(option.envvar):
            values[key] = option.read(environ[option.envvar])
    if len(positional) > len(command.arguments) or (len(positional) < len(command.arguments) and not partial):
        raise _Declined
    for (key, read), word in zip(command.arguments, positional, strict=False):
        values[key] = read(word)
    return values


def _is_text(word: str) -> bool:
    """Bytes that are not UTF-8, kept by Python as lone surrogates: the Typer CLI says what is wrong."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _records(data: Path | None) -> Records:
    """The records of the data directory, from the cache; _Declined on a miss (the Typer CLI reads
    the files, and fills the cache for next time)."""
    from stdplan import cache
    from stdplan.problems import StdplanError
    from stdplan.settings import resolve_data_dir

    try:
        directory = resolve_data_dir(data)
    except StdplanError:  # no such directory: the Typer CLI says so, or completes nothing
        raise _Declined from None
    records = cache.lookup(directory).records
    if records is None:
        raise _Declined
    return records


def _write(answered: Answer, chosen: OutputFormat) -> int:
    """The answer on stdout as the Typer CLI writes it (output.emit), in one unbuffered write, so
    that a failed one leaves nothing half-written behind it: nothing written, the Typer CLI says why
    (_Declined); a reader who leaves early ends it quietly, as there."""
    from stdplan.output import notes, stdout_text

    data = stdout_text(answered, chosen)
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a stream in memory (tests): written as it is
        sys.stdout.write(data)
    else:
        encoding = sys.stdout.encoding
        if "".encode(encoding):  # a byte-order mark (utf-16, utf-8-sig): whether Python writes it depends on the stream
            raise _Declined
        # As sys.stdout's TextIOWrapper encodes: never the final step, which a stateful codec (iso2022_jp,
        # hz) ends with a shift back that Python never writes.
        encoded = codecs.getincrementalencoder(encoding)(sys.stdout.errors or "strict").encode(data)
        sys.stdout.flush()
        written = 0
        try:
            while written < len(encoded):
                written += os.write(descriptor, encoded[written:])
        except OSError as error:
            if not written:  # a reader gone already, a full disk: all Typer's (its buffering decides the notes)
                raise _Declined from None
            if isinstance(error, BrokenPipeError):
                return 0
            from stdplan.i18n import say
            from stdplan.messages import Message
            from stdplan.problems import os_reason

            with contextlib.suppress(OSError):  # part of the answer is out: never declined now
                sys.stderr.write(say(Message("cannot write the output: {reason}", reason=os_reason(error))) + "\n")
            return 2
    try:
        for note in notes(answered):  # as emit writes them: nothing at all without a note (a codec's BOM)
            sys.stderr.write(note + "\n")
    except OSError as error:  # never declined now: the Typer CLI would write the answer a second time
        return 0 if isinstance(error, BrokenPipeError) else 1  # Typer's codes (Python makes them 120 if still buffered)
    return 0


def _complete(environ: Mapping[str, str]) -> int:
    """TAB completion of an option's value in bash (Typer's protocol: _STDPLAN_COMPLETE=complete_bash,
    COMP_WORDS, COMP_CWORD): the candidates, one a line. Other shells, other words and anything
    quoted go to Typer."""
    line, cursor_at = environ.get("COMP_WORDS"), environ.get("COMP_CWORD")
    if environ["_STDPLAN_COMPLETE"] != "complete_bash" or line is None or cursor_at is None:
        raise _Declined  # not bash's protocol: Typer says what is missing
    if any(mark in line for mark in "'\"\\"):
        raise _Declined
    # Split as click's shlex does: at ASCII spaces, tabs and line breaks only; str.split() would split
    # "市\u3000" (a full-width space) too.
    words = [word for word in re.split(r"[ \t\r\n]+", line) if word]
    cursor = int(cursor_at)
    if cursor < 1:  # bash counts the words from the command's name, 0: a cursor before it means nothing
        raise _Declined
    typed, incomplete = words[1:cursor], words[cursor] if cursor < len(words) else ""
    if len(typed) < 2 or typed[0] not in COMMANDS or incomplete.startswith("-") or "=" in incomplete:
        raise _Declined
    command = COMMANDS[typed[0]]
    option = next((option for option in command.options.values() if typed[-1] in option.names), None)
    if option is None or option.complete is None or option.takes == "flag":
        raise _Declined
    values = _parse(command, typed[1:-1], environ, partial=True)
    offered = option.complete(_records(values["data"]), incomplete)
    sys.stdout.write("".join(f"{candidate}\n" for candidate in offered) or "\n")
    sys.stdout.flush()
    return 0
