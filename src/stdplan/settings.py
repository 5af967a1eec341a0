"""Settings read from the environment, stdlib only, with one precedence each: flag > variable > default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from stdplan.messages import Message
from stdplan.problems import UsageError
from stdplan.records import DATA_FILES

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
# The locale variables in the order gettext reads them: the first one set decides.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language(environ: Mapping[str, str] = os.environ) -> Language:
    """Chinese unless asked for English: STDPLAN_LANG (zh or en) wins; otherwise the locale, where
    an unset, C or POSIX locale, or any language but English, means Chinese."""
    chosen = environ.get("STDPLAN_LANG", "").strip().lower()[:2]
    if chosen in LANGUAGES:
        return chosen  # type: ignore[return-value]
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            first = value.split(":")[0]  # LANGUAGE may list several: en_US:en
            return "en" if first.lower().startswith("en") else "zh"
    return "zh"


def shipped(folder: str) -> Path:
    """A folder shipped with stdplan (data, templates): inside the installed package, where the
    build puts the repository's top-level folder; in a source checkout, that folder itself."""
    packaged = Path(__file__).parent / folder  # not importlib.resources: 10 ms of imports, and stdplan is never zipped
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / folder


def shipped_data_dir() -> Path:
    """The copy of the data installed with the package."""
    return shipped("data")


def resolve_data_dir(option: Path | None) -> Path:
    """`--data` (or STDPLAN_DATA, which the CLI maps onto it), else ./data when it holds data files,
    else the shipped copy."""
    if option is not None:
        if not option.is_dir():
            raise UsageError(Message("data directory not found: {path}", path=option))
        return option
    local = Path("data")
    if any((local / name).is_file() for name in DATA_FILES):
        return local
    return shipped_data_dir()
