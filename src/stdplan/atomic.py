"""Writing files so that a crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from stdplan.messages import Message
from stdplan.problems import UsageError


def write_atomic(path: Path, content: str | bytes) -> None:
    """Writes `content` (text as UTF-8, newlines kept as given) to a temporary file beside `path`,
    syncs it, then renames it over `path`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    merely shares the name, is never lost by accident. Commands call it before the work, so that a
    refusal costs nothing; `write_file` calls it again for a file that appeared meanwhile."""
    if path is not None and not replace and path.exists():
        raise UsageError(Message("{path} exists: give --force to replace it", path=path))


def write_file(path: Path, content: str | bytes, *, replace: bool = True) -> None:
    """`write_atomic`, with what can go wrong said as a UsageError; an existing file is kept
    unless `replace`."""
    refuse_existing(path, replace=replace)
    try:
        write_atomic(path, content)
    except OSError as error:
        raise UsageError(Message("cannot write {path}: {reason}", path=path, reason=error.strerror)) from None
