"""What the words typed on a command line mean: paths, numbers, days, a vocabulary's words, one of a
few names. Stdlib only: the Typer CLI (as its options' parsers) and the fast front end both read
arguments through these, so the two cannot take a value differently. A value that means nothing is
a ValueError saying why in the user's language.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from stdplan import vocabulary
from stdplan.i18n import say
from stdplan.messages import Message
from stdplan.problems import UsageError, os_reason

E = TypeVar("E", bound=StrEnum)


def path(text: str | Path) -> Path:
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


def number(text: str) -> int:
    with contextlib.suppress(ValueError):  # int() also refuses numbers of thousands of digits
        if text.strip().isdecimal():
            return int(text)
    raise ValueError(say(Message("'{text}' is not a number", text=text[:20])))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(text: str | date) -> date:
    """A day written YYYY-MM-DD, strictly, as in the data files."""
    if isinstance(text, date):
        return text
    with contextlib.suppress(ValueError):
        if _ISO_DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    raise ValueError(say(Message("'{text}' is not a date written like 2025-09-01", text=text)))


def word(name: str, text: str) -> str:
    """The code a word of vocabulary `name` stands for: the code or the documents' Chinese word
    (national or 国家标准)."""
    from stdplan.queries import parse_word

    try:
        return parse_word(name, text)
    except UsageError as error:
        raise ValueError(say(error.message)) from None


def planned_stage(text: str) -> str:
    """A stage and the day it is planned for, STAGE=YYYY-MM-DD (报批=2025-10-31, or the stage's code):
    checked, and written back as the code and the ISO day, which `planned_parts` takes apart."""
    stage, equals, on = text.partition("=")
    if not equals:
        raise ValueError(say(Message("'{text}' is not a stage and a date written like 报批=2025-10-31", text=text)))
    return f"{word('stage', stage)}={day(on).isoformat()}"


def planned_parts(text: str) -> tuple[str, date]:
    """The stage and the day of what `planned_stage` gave."""
    stage, _, on = text.partition("=")
    return stage, date.fromisoformat(on)


def choice(choices: type[E], text: str | E) -> E:
    """One of a few fixed names (formats, kinds of handout), in any case."""
    if isinstance(text, choices):
        return text
    chosen = choices.__members__.get(str(text).strip().lower())
    if chosen is None:
        raise ValueError(say(Message("'{text}' is not one of: {choices}", text=text, choices=tuple(choices))))
    return chosen


def completions_of_word(name: str, incomplete: str) -> list[str]:
    """What completion offers for a word of vocabulary `name`: codes and Chinese words alike."""
    return [w for w in vocabulary.accepted(name) if w.startswith(incomplete)]


def completions_of_choice(choices: type[StrEnum], incomplete: str) -> list[str]:
    return [c for c in choices if c.startswith(incomplete)]
