"""Typer's own words — the usage line, --help, parse errors — in the user's language.

Typer 0.29 carries its own copy of click, which says its usage prefix, its option help and its parse
errors in fixed English (only a few words, such as the panel titles, still go through gettext, which
i18n.use points at our catalog). These command and group classes say the rest through our catalogs.

They are also where every command line passes, so they keep what Typer leaves open at its edges:
a group's help goes to stderr when its command is missing, words typed for the data must be text,
and output that cannot be written (`writing_out`) is a message, not a traceback.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from stdplan.i18n import _, say, writable
from stdplan.messages import Message, Text, either
from stdplan.problems import os_reason

# Typer's own option helps, which get_params says through the catalog: named here for the extractor.
TYPER_HELPS = (
    Message("Show this message and exit."),
    Message("Install completion for the current shell."),
    Message("Show completion for the current shell, to copy it or customize the installation."),
    Message("Install completion for the specified shell."),
    Message("Show completion for the specified shell, to copy it or customize the installation."),
)


class _SaysItsWords:
    """What a Typer command says of itself, translated; mixed into the command and the group class."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:  # --help, --install-completion…: Typer's English helps are msgids too
            if getattr(param, "help", None):
                param.help = _(param.help)
        return params

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _fold_help_text()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            with writing_out():  # what parsing writes is --help and --version
                return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except typer.TyperException as error:
            raise _in_our_words(error) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            _refuse_undecodable(ctx)
            return super().invoke(ctx)  # type: ignore[misc]
        except typer.TyperException as error:
            raise _in_our_words(error) from None


class Command(_SaysItsWords, TyperCommand):
    pass


class Group(_SaysItsWords, TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """A group without a command is a usage error: its help goes to stderr, as click's own does,
        where Typer's would print it on stdout (into the file `stdplan progress > out` writes)."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            with contextlib.redirect_stdout(sys.stderr):  # Typer's rich help prints itself; a plain one is returned
                typer.echo(ctx.get_help(), err=True, nl=False)
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command, said with its suggestion in the user's language (Typer adds one in English)."""
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            close = [f"'{name}'" for name in difflib.get_close_matches(args[0], list(self.commands))]
            suggestion = Message(" Did you mean {names}?", names=either(close)) if close else ""
            ctx.fail(say(Message("No such command '{name}'.{suggestion}", name=args[0], suggestion=suggestion)))
        return super().resolve_command(ctx, args)


class Commands(typer.Typer):
    """A Typer whose group and commands are the two above, so no command can forget to say its words in ours."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(cls=Group, **settings)

    def command(self, name: str | None = None, **settings: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=Command, **settings)


@contextmanager
def writing_out(*, account_of_done: str | None = None) -> Iterator[None]:
    """Around writing to stdout, and nothing else: a reader who leaves early (`stdplan items | head`)
    ends the command quietly; output that cannot be written (a full disk) is a message, not a traceback.
    `account_of_done` is what an edit that was made says: it goes to stderr instead, with exit 0, as a
    failing exit would tell a script the edit was refused (and it would be made twice)."""
    try:
        try:
            yield
        finally:
            sys.stdout.flush()
    except OSError as error:
        # Point stdout at nothing, or Python's own flush at exit would fail again on what is left.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(error, BrokenPipeError):
            raise typer.Exit(0) from None  # the reader had enough; not an error
        if account_of_done is not None:
            typer.echo(account_of_done, err=True)
            raise typer.Exit(0) from None
        raise typer.BadParameter(say(Message("cannot write the output: {reason}", reason=os_reason(error)))) from None


def _refuse_undecodable(ctx: Any) -> None:
    """Words typed for the data (a title, a note, a name) must be text. Bytes that are not UTF-8, which
    Python keeps as lone surrogates, could be neither written to a file nor shown; paths may hold them."""
    for param in ctx.command.params:
        values = ctx.params.get(param.name)
        for value in values if isinstance(values, list | tuple) else [values]:
            if isinstance(value, str) and writable(value) != value:
                raise typer.BadParameter(
                    say(
                        Message(
                            "{text} holds bytes that are not UTF-8 text: set the terminal to UTF-8",
                            text=writable(value),
                        )
                    ),
                    ctx=ctx,
                    param=param,
                )


@functools.cache
def _fold_help_text() -> None:
    """rich breaks a table cell's text at spaces only and cuts a longer run with '…', so Chinese help,
    which has no spaces, would be cut off. Typer has no setting for it: its help texts fold instead."""
    from rich.text import Text
    from typer import rich_utils

    make = rich_utils._make_rich_text

    def folding(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folding


def _in_our_words(error: typer.TyperException) -> typer.TyperException:
    """The same error, its message said through the catalogs; errors we do not know stay as they are."""
    message = _message(error)
    if message is not None and not getattr(error, "_said", False):
        text = say(message)
        error.format_message = lambda: text  # type: ignore[method-assign]
        error._said = True  # type: ignore[attr-defined]  # a group and its command both pass it on
    return error


def _message(error: Any) -> Text | None:
    kind = type(error).__name__
    hint = _hint(error)
    if kind == "NoSuchOption":
        message = Message("No such option: {option}", option=error.option_name)
        if error.possibilities:
            return Message(
                "{message} — did you mean {options}?", message=message, options=either(sorted(error.possibilities))
            )
        return message
    if kind == "MissingParameter":
        kind_of_param = error.param_type or getattr(error.param, "param_type_name", "")
        if kind_of_param == "argument":
            return Message("Missing argument {name}.", name=hint)
        return Message("Missing option {name}.", name=hint)
    if kind == "BadOptionUsage":
        if "requires an argument" in error.message:
            return Message("Option {option} requires an argument.", option=error.option_name)
        if "does not take a value" in error.message:
            return Message("Option {option} does not take a value.", option=error.option_name)
        return None
    if kind == "BadParameter":
        # Typer runs our parsers inside pydantic, which puts its own words before their message.
        problem = error.message.removeprefix("Value error, ")
        # Our own parsers explain the value in the user's language already; Typer's own say it in English.
        if not hint:  # our own usage errors: the message is the whole story
            return problem
        return Message("Invalid value for {name}: {problem}", name=hint, problem=problem)
    extra = "Got unexpected extra argument(s) ("
    if kind == "UsageError" and error.message.startswith(extra):
        arguments = error.message.removeprefix(extra).removesuffix(")")
        return Message("Got unexpected extra argument(s) ({arguments})", arguments=arguments)
    return None


def _hint(error: Any) -> str:
    """'--level', or the argument's name, as Typer writes it in an error."""
    if getattr(error, "param_hint", None):
        hint = error.param_hint
        return " / ".join(f"'{name}'" for name in hint) if isinstance(hint, list | tuple) else str(hint)
    param = getattr(error, "param", None)
    if param is None:
        return ""
    return str(param.get_error_hint())
