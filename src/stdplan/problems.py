"""The one type for everything that can be wrong with the data, and the errors the core raises."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from stdplan.messages import Message, Text


class Problem(NamedTuple):  # not a dataclass: importing dataclasses is a fifth of a fast answer's start-up
    """One thing wrong with a data file (or a template), at a 1-based line and column; None where not known."""

    file: Path
    line: int | None
    column: int | None
    code: str
    message: Text  # a Message is said in the user's language; a library's own text as it is


# Where a value stands in a file's data: ("tasks", 8, "lead", 1) is the second lead of the ninth task.
Location = Sequence[str | int]


class Finding(NamedTuple):
    """Something wrong with a value of a data file that was read, located by its path in the data.

    Validation and the checks say where by path; the loader turns each path into a line and column
    once, at the end, and only when there is something to say (see `loading.check_directory`).
    """

    file: str  # the data file's name, as in dataset.DATA_MODELS
    loc: Location
    code: str
    message: Message
    key: bool = False  # at the last key itself rather than its value (unknown, renamed keys)


class LineOf(NamedTuple):
    """A value of a finding's message: the line of another value in the same file, filled in when
    the finding is located."""

    loc: Location


class StdplanError(Exception):
    """Base of the errors the core raises for the CLI to turn into an exit code."""


class DataInvalid(StdplanError):
    """The data has problems; a command that needs valid data cannot go on."""

    def __init__(self, problems: list[Problem], context: Message | None = None) -> None:
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = problems
        # What the problems are about, said before them.
        self.context = context or Message("the data is invalid:")


class UsageError(StdplanError):
    """The user asked for something that cannot be (a missing directory, an unknown name)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class TemplateInvalid(StdplanError):
    """A handout's template (or reference document) could not be read or rendered, or broke the
    sandbox's rules; the problem says which file and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class ReferenceUnusable(StdplanError):
    """A reference document (brief.docx) cannot be opened as a Word document, or lacks what a handout
    takes from it (the Normal style, a section with its page size)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


# What the operating system says, in words a civil servant reads (its own text is English only).
_OS_REASONS = {
    errno.ENOENT: Message("the file or folder does not exist"),
    errno.EACCES: Message("permission denied"),
    errno.EPERM: Message("permission denied"),
    errno.ENOSPC: Message("the disk is full"),
    errno.EROFS: Message("the disk is read-only"),
    errno.EISDIR: Message("it is a folder"),
    errno.ENOTDIR: Message("a part of the path is not a folder"),
    errno.ELOOP: Message("the links point at each other in a loop"),
    errno.ENAMETOOLONG: Message("the name is too long"),
    errno.EDQUOT: Message("the disk quota is used up"),
}


NOT_REGULAR_FILE = Message("not a regular file (a folder, a pipe or a device)")


class NotRegularFile(OSError):
    """A file to read or replace is a folder, a pipe, a device or a socket: stdplan's own refusal,
    said like the system's."""


def os_reason(error: OSError) -> Text:
    """Why the operating system (or stdplan, for a file that is not a regular one) refused, said
    through the catalogs where the reason is a common one."""
    if isinstance(error, NotRegularFile):
        return NOT_REGULAR_FILE
    return _OS_REASONS.get(error.errno or 0) or error.strerror or str(error)
