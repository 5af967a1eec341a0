"""Finding units and pilots by any name people use for them, and suggesting one for a typo."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def fold(name: str) -> str:
    """The form names are compared in: full-width letters made ASCII, case and edge spaces ignored."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


class NameIndex:
    """Maps every name of a thing (its own, full, English, aliases) to its canonical name."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str | None]]]) -> None:
        self._canonical: dict[str, str] = {}
        for canonical, other_names in entries:
            for name in (canonical, *other_names):
                if name:
                    self._canonical.setdefault(fold(name), canonical)

    def resolve(self, name: str) -> str | None:
        return self._canonical.get(fold(name))

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        """Canonical names of the closest matches, best first."""
        close = difflib.get_close_matches(fold(name), self._canonical, n=limit * 3, cutoff=0.5)
        return list(dict.fromkeys(self._canonical[match] for match in close))[:limit]

    def did_you_mean(self, name: str) -> str:
        """' — did you mean X?' for a name that does not resolve, or '' when nothing is close."""
        close = self.suggestions(name)
        return f" — did you mean {' or '.join(close)}?" if close else ""
