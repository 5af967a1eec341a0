"""A cache of validated data, so that the second question on a large data set is answered at once.

An entry holds the three files' data after they passed every check, keyed on each file's identity
(size, modification time and SHA-256 of its bytes) and on the code that checked them (stdplan's
version and its modules' sizes and times). Any difference and the entry is not used: never stale.
Entries are JSON, never pickle (reading one never runs code), and what they hold is validated
again by the models on the way in (by pydantic-core straight from the JSON, the fastest way there
is), so a corrupt or foreign entry is ignored. The cross-file checks are not run again: the key
ties the entry to the exact bytes they passed on. Deleting the cache directory
(STDPLAN_CACHE_DIR, else the user's cache directory) is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from stdplan import __version__
from stdplan.atomic import write_atomic

CACHE_FORMAT = 1
Identity = dict[str, Any]


def cache_dir() -> Path:
    configured = os.environ.get("STDPLAN_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stdplan", appauthor=False))


def file_identity(path: Path, raw: bytes) -> Identity:
    stat = path.stat()
    return {"size": len(raw), "mtime_ns": stat.st_mtime_ns, "sha256": hashlib.sha256(raw).hexdigest()}


def load(directory: Path, identities: dict[str, Identity]) -> dict[str, bytes] | None:
    """The cached JSON of each file with these identities, or None (a miss, or an entry not to trust).

    An entry is a line with its key, then a line per file: its name, a tab, its data as JSON
    (which never holds a raw tab or line break).
    """
    try:
        header, *lines = _entry_path(directory).read_bytes().split(b"\n")
        if json.loads(header) != {"key": _key(directory, identities)}:
            return None
        data = dict(line.split(b"\t", 1) for line in lines if line)
        return {name: data[name.encode()] for name in identities}
    except (OSError, ValueError, KeyError):
        return None


def store(directory: Path, identities: dict[str, Identity], data: dict[str, str]) -> None:
    """Keeps each file's data (as JSON) for next time; a cache that cannot be written is simply not kept."""
    path = _entry_path(directory)
    lines = [json.dumps({"key": _key(directory, identities)}, ensure_ascii=False)]
    lines += [f"{name}\t{payload}" for name, payload in data.items()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, "\n".join(lines) + "\n")
    except OSError:
        pass


def _entry_path(directory: Path) -> Path:
    """One entry per data directory, so editing one data set never evicts another's."""
    name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:32]
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
    stats = sorted((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in package.glob("*.py"))
    return hashlib.sha256(repr(stats).encode()).hexdigest()
