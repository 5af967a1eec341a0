"""Reading a data file: its bytes, then its text, each step saying in a Problem why it cannot be had.

The first steps of the load (loading.py); nothing here knows YAML.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from stdplan.messages import Message, Text
from stdplan.problems import NOT_REGULAR_FILE, Problem, os_reason

# Far above any real plan (the shipped files are some 20 KB; 100,000 records make some 30 MB), and
# far below what would exhaust memory: a device or a runaway file given as data is refused at once.
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_bytes(path: Path) -> bytes | Problem:
    """The bytes of a regular file (a link is followed), or a Problem saying why there are none.

    Opened without blocking and checked before reading, so a FIFO, a device or a directory given
    as a data file is refused instead of hanging, or reading without end.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return Problem(path, None, None, "missing-file", Message("file not found"))
    except OSError as error:
        return _unreadable(path, error)
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        return Problem(path, None, None, "not-a-file", NOT_REGULAR_FILE)
    with os.fdopen(descriptor, "rb") as stream:
        if status.st_size > MAX_FILE_BYTES:
            return _too_large(path)
        try:
            content = stream.read(MAX_FILE_BYTES + 1)  # a file still growing is not read without end
        except OSError as error:
            return _unreadable(path, error)
    return _too_large(path) if len(content) > MAX_FILE_BYTES else content


def read_files(
    directory: Path, names: Iterable[str], given: Mapping[str, bytes] | None = None
) -> tuple[dict[str, bytes], list[Problem]]:
    """The bytes of each named file of `directory` that could be read (or `given` in its place), and a
    Problem for each that could not."""
    raw: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name in names:
        content = given[name] if given and name in given else read_bytes(directory / name)
        if isinstance(content, Problem):
            problems.append(content)
        else:
            raw[name] = content
    return raw, problems


def _unreadable(path: Path, error: OSError) -> Problem:
    return Problem(path, None, None, "unreadable", Message("cannot read the file: {reason}", reason=os_reason(error)))


def _too_large(path: Path) -> Problem:
    return Problem(
        path,
        None,
        None,
        "too-large",
        Message(
            "the file is larger than {size} MB, far more than any plan: is it the right file?",
            size=MAX_FILE_BYTES >> 20,
        ),
    )


def decode(path: Path, raw: bytes) -> str | Problem:
    """The text of a data file: UTF-8, with or without a byte-order mark."""
    if raw.startswith(codecs.BOM_UTF8):  # Windows editors add one; it carries no meaning
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        valid_part = raw[: error.start].decode("utf-8")  # everything before the first bad byte decodes
        line, column = line_and_column(valid_part, len(valid_part))
        try:
            raw.decode("gb18030")
            seems: Text = Message(" (it looks like GBK/GB18030, as older Chinese Windows editors save)")
        except UnicodeDecodeError:
            seems = ""
        return Problem(
            path,
            line,
            column,
            "encoding",
            Message("the file is not UTF-8{seems}; save it with UTF-8 encoding", seems=seems),
        )


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the character at `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
