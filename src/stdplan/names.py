"""Finding units and pilots by any name people use for them, and suggesting one for a typo."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from stdplan.messages import Message, Text, either

# A suggestion must be about this similar to what was typed, and nearly as close as the best one:
# "chongqin" should suggest 重庆 (via Chongqing), not also 成都 and 上海.
_CUTOFF = 0.5
_NEAR_BEST = 0.1


def fold(name: str) -> str:
    """The form names are compared in: full-width letters made ASCII, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


class NameIndex:
    """Maps every name of a thing (its own, full, English, aliases) to its canonical name."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str | None]]]) -> None:
        self._names: dict[str, tuple[str, str]] = {}  # folded name → (name as written, canonical name)
        for canonical, other_names in entries:
            for name in (canonical, *other_names):
                if name:
                    self._names.setdefault(fold(name), (name, canonical))

    def resolve(self, name: str) -> str | None:
        entry = self._names.get(fold(name))
        return entry[1] if entry else None

    def containing(self, part: str) -> list[str]:
        """Canonical names of the things one of whose names holds `part` (公安局 in 市公安局), in the
        index's order: how people shorten a name. Nothing for a part too short to mean anything."""
        typed = fold(part)
        # Chinese names are shortened by leaving out 市 or 武汉市; a Latin fragment is more likely a typo.
        if len(typed) < 2 or not any("\u4e00" <= char <= "\u9fff" for char in typed):
            return []
        found = dict.fromkeys(canonical for folded, (_, canonical) in self._names.items() if typed in folded)
        return list(found)

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        """Canonical names of the closest matches, best first."""
        import difflib  # only for a name that resolves to nothing

        typed = fold(name)
        scores: dict[str, float] = {}
        for folded, (_, canonical) in self._names.items():
            score = difflib.SequenceMatcher(None, typed, folded).ratio()
            scores[canonical] = max(score, scores.get(canonical, 0.0))
        if not scores:
            return []
        floor = max(_CUTOFF, max(scores.values()) - _NEAR_BEST)
        ranked = sorted((c for c, score in scores.items() if score >= floor), key=lambda c: -scores[c])
        return ranked[:limit]

    def did_you_mean(self, name: str) -> Text:
        """' — did you mean X?' for a name that does not resolve, or '' when nothing is close."""
        close = self.suggestions(name)
        return Message(" — did you mean {names}?", names=either(close)) if close else ""

    def completions(self, incomplete: str) -> list[tuple[str, str]]:
        """(name, canonical name) for every name that starts with what was typed so far, as typed: the
        shell puts the name in place of the word, and Typer keeps only those ("t" offers no Tianjin);
        with nothing typed yet, the canonical names only, so the shell does not list every alias."""
        return [
            (name, canonical)
            for name, canonical in self._names.values()
            if name.startswith(incomplete) and (incomplete or name == canonical)
        ]
