"""Writing files so that a crash leaves either the old file or the new one, never half of each.

The new content goes to a temporary file beside the target, named `.NAME.XXXX.stdplan-partial` so
that nobody (and no glob of data files) takes it for data, and is renamed over the target. A link
is written through: the file it points to is replaced and the link stays. Only regular files are
replaced: a folder, a pipe or a device is refused. (stdplan's own files, such as cache entries, are
written without following links: there the name itself is replaced, whatever it was.)
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from stdplan.messages import Message
from stdplan.problems import NotRegularFile, UsageError, os_reason

PARTIAL_SUFFIX = ".stdplan-partial"
# mkstemp's random part: eight of these characters in CPython, for many years now (were it to
# change, a killed edit's leftover would merely stay).
_RANDOM_LENGTH = 8
_RANDOM = f"[a-z0-9_]{{{_RANDOM_LENGTH}}}"
_LONGEST_NAME = 255  # bytes of one file name, on every file system in use


class ChangedMeanwhile(Exception):
    """The target no longer holds the bytes the new content was made from."""


def write_atomic(
    path: Path, content: str | bytes, *, expected: bytes | None = None, through_links: bool = True
) -> None:
    """Writes `content` (text as UTF-8, newlines kept as given) to a temporary file beside `path`,
    syncs it, then renames it over `path` (over the file a link at `path` points to, unless not
    `through_links`: a file of stdplan's own, such as a cache entry, never writes where a link says).

    With `expected`, the file must still hold exactly those bytes right before the rename, or
    nothing is written and ChangedMeanwhile is raised: the last moment anyone else's change can be seen.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = final_target(path) if through_links else path
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=_partial_prefix(target.name), suffix=PARTIAL_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        if expected is not None and _current(target) != expected:
            raise ChangedMeanwhile(target)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _partial_prefix(name: str) -> str:
    """`.NAME.`, shortened where the temporary name would be longer than a file name may be."""
    room = _LONGEST_NAME - _RANDOM_LENGTH - len(PARTIAL_SUFFIX)
    while len(os.fsencode(f".{name}.")) > room:
        name = name[:-1]
    return f".{name}."


def _sync_folder(folder: Path) -> None:
    """Makes the rename itself durable: without it, a power cut can bring back the old file after
    the edit was reported done. Where a folder cannot be opened (Windows), the system sees to it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # a file system that cannot sync a folder: nothing more to do
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def final_target(path: Path) -> Path:
    """The file that writing to `path` replaces: the end of its chain of links (which need not exist yet).

    Raises NotRegularFile for anything but a regular file, OSError for a loop of links.
    """
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a new file, or a link to one: written where the link points
        return Path(os.path.realpath(path))
    if not stat.S_ISREG(target.stat().st_mode):
        raise NotRegularFile(0, "not a regular file", str(path))
    return target


def remove_partial_files(target: Path) -> None:
    """Removes what writes of `target` (a `final_target`) that were killed before their rename left
    beside it: regular files named exactly as `write_atomic` names them, nothing else. Only for a
    caller that holds the lock every writer of `target` takes: no one else's write is in progress."""
    partial = re.compile(re.escape(_partial_prefix(target.name)) + _RANDOM + re.escape(PARTIAL_SUFFIX))
    names: list[str] = []
    with contextlib.suppress(OSError):  # a folder that cannot be listed: nothing is removed
        names = [name for name in os.listdir(target.parent) if partial.fullmatch(name)]
    for name in names:
        leftover = target.parent / name
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove: it stays
            if stat.S_ISREG(leftover.lstat().st_mode):
                leftover.unlink()


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask (mkstemp's are 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def refuse_existing(path: Path | None, *, replace: bool) -> None:
    """An existing file is kept unless `replace` (--force): a result someone edited, or a file that
    merely shares the name, is never lost by accident; a folder, pipe or device is never replaced.
    Commands call it before the work, so that a refusal costs nothing; `write_file` calls it again
    for a file that appeared meanwhile."""
    if path is None:
        return
    try:
        target = final_target(path)
    except OSError as error:
        raise _cannot_write(path, error) from None
    if not target.exists():
        return
    if not replace:
        raise UsageError(Message("{path} exists: give --force to replace it", path=path))
    if not os.access(target, os.W_OK):  # made read-only to keep it as it is
        raise UsageError(Message("{path} is read-only: it is not replaced", path=path))


def write_file(path: Path, content: str | bytes, *, replace: bool = True, expected: bytes | None = None) -> None:
    """`write_atomic`, with what can go wrong said as a UsageError (a file changed meanwhile, when
    `expected` is given, too); an existing file is kept unless `replace`, a read-only one always."""
    refuse_existing(path, replace=replace)
    try:
        write_atomic(path, content, expected=expected)
    except ChangedMeanwhile:
        raise UsageError(
            Message("{path} was changed by someone else meanwhile; nothing was written, try again", path=path)
        ) from None
    except OSError as error:
        raise _cannot_write(path, error) from None


def _cannot_write(path: Path, error: OSError) -> UsageError:
    if isinstance(error, NotRegularFile):
        return UsageError(
            Message("{path} is not a regular file (a folder, a pipe or a device): give a file name", path=path)
        )
    return UsageError(Message("cannot write {path}: {reason}", path=path, reason=os_reason(error)))
