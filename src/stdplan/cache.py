"""A cache of validated data, so that the second question on a large data set is answered at once.

An entry holds the three files' data after they passed every check, keyed on each file's identity
(size, modification time and SHA-256 of its bytes) and on the code that checked them (stdplan's
version and its modules' sizes and times). Any difference and the entry is not used: never stale.
The entry proves its own content: its first line holds the key and the SHA-256 of everything after
it, so a changed, truncated or foreign payload is not used either. Entries are JSON, never pickle
(reading one never runs code), read with the stdlib alone: neither the models nor the checks run
again, as the key ties the entry to the exact bytes they passed on and the digest to what they made
of them. That is what lets the fast front end (fast.py) answer without pydantic. Whatever keeps an entry from
being used (a miss, damage, a cache folder that cannot be read) means "no cache": the data is read
afresh, with a debug line and nothing more. Deleting the cache directory (STDPLAN_CACHE_DIR, else
the user's cache directory) is always safe. Edits never read the cache (editing.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple, cast

from stdplan import __version__
from stdplan.problems import Problem
from stdplan.records import DATA_FILES, Records
from stdplan.source_file import read_bytes, read_files

CACHE_FORMAT = 3
Identity = dict[str, Any]


def _debug(message: str, *args: object) -> None:
    """Why the cache was not used, for whoever turns debug logging on; logging is imported only then,
    as a query that hits the cache never needs it (some 5 ms of start-up)."""
    import logging

    logging.getLogger(__name__).debug(message, *args)


def cache_dir() -> Path:
    configured = os.environ.get("STDPLAN_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stdplan", appauthor=False))


def file_identity(path: Path, raw: bytes) -> Identity | None:
    """What ties a cache entry to the file's bytes; None when the file is gone already (an editor
    that saves by renaming, between the reading and this): no cache this time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return {"size": len(raw), "mtime_ns": stat.st_mtime_ns, "sha256": hashlib.sha256(raw).hexdigest()}


class Lookup(NamedTuple):
    """What looking in the cache found: the records, when an entry for exactly these files was there;
    the bytes read (the files that could be read), for reading afresh on a miss without reading twice;
    and what ties an entry to them (None when nothing can: a file unreadable or gone meanwhile)."""

    records: Records | None
    raw: dict[str, bytes]
    identities: dict[str, Identity] | None


def lookup(directory: Path) -> Lookup:
    """Reads the data files and takes their records from the cache, when it holds them for exactly
    these bytes, checked by this very code."""
    raw, unread = read_files(directory, DATA_FILES)
    found = {name: file_identity(directory / name, content) for name, content in raw.items()}
    if unread or None in found.values():
        return Lookup(None, raw, None)
    identities = cast(dict[str, Identity], found)
    return Lookup(_cached(directory, identities), raw, identities)


def _cached(directory: Path, identities: dict[str, Identity]) -> Records | None:
    """The records of the entry for these files, or None (a miss, or an entry not to trust).

    An entry is a line with its key and the digest of the rest, then a line per file: its name, a
    tab, its data as JSON (which never holds a raw tab or line break); and a line of the records' fields.
    """
    entry = read_bytes(_entry_path(directory))  # a pipe or a device put there is refused, not waited on
    if isinstance(entry, Problem):
        _debug("cache entry for %s not used: %s", directory, entry.code)
        return None
    try:
        header, payload = entry.split(b"\n", 1)
        if json.loads(header) != _header(directory, identities, payload):
            _debug("cache entry for %s not used: another key or a payload that is not the one stored", directory)
            return None
        data = dict(line.split(b"\t", 1) for line in payload.split(b"\n") if line)
        return Records({name: data[name.encode()] for name in DATA_FILES}, data[_FIELDS.encode()])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        _debug("cache entry for %s not used: %r", directory, error)
        return None


def keep(directory: Path, identities: dict[str, Identity], data: Mapping[str, str], fields: str) -> None:
    """Keeps each file's data (as the models dump it to JSON) and the records' fields (JSON) for next
    time; a cache that cannot be written is simply not kept."""
    try:
        lines = {**data, _FIELDS: fields}
        payload = "".join(f"{name}\t{content}\n" for name, content in lines.items()).encode("utf-8")
        # ASCII: a folder's name may hold bytes that are not UTF-8 (a GBK-named share), kept as escapes.
        header = json.dumps(_header(directory, identities, payload)).encode("ascii")
        from stdplan.atomic import write_atomic  # only when keeping: a query that hits never writes (tempfile, 5 ms)

        path = _entry_path(directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + b"\n" + payload, through_links=False)
    except (OSError, ValueError) as error:
        _debug("cache entry for %s not kept: %r", directory, error)


_FIELDS = "fields"  # the payload line of the records' fields; no data file has that name


def _header(directory: Path, identities: dict[str, Identity], payload: bytes) -> dict[str, Any]:
    return {"key": _key(directory, identities), "payload_sha256": hashlib.sha256(payload).hexdigest()}


def _entry_path(directory: Path) -> Path:
    """One entry per data directory, so editing one data set never evicts another's."""
    name = hashlib.sha256(os.fsencode(directory.resolve())).hexdigest()[:32]
    return cache_dir() / f"{name}.json"


def _key(directory: Path, identities: dict[str, Identity]) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "stdplan": __version__,
        "code": _code_identity(),
        "directory": str(directory.resolve()),
        "files": identities,
    }


def _code_identity() -> str:
    """Changes whenever a stdplan module does, so data checked by other code is checked again."""
    package = Path(__file__).parent
    stats = sorted(
        (str(path.relative_to(package)), path.stat().st_size, path.stat().st_mtime_ns) for path in package.rglob("*.py")
    )
    return hashlib.sha256(repr(stats).encode()).hexdigest()
