"""Wrapping Chinese text for terminal table cells by the line-breaking rules (禁则).

Folding by cells alone, as rich did, lets a cell line begin with "，" or "》". Here a line never begins with
closing punctuation nor ends with an opening bracket: the character before is carried down instead (the column's
width is fixed, so punctuation cannot hang outside it). Latin words, numbers and codes such as "DB4201/T 123—2025"
stay whole unless wider than the line.

Written by hand rather than with uniseg (UAX #14): uniseg's break opportunities are not these rules (it breaks
before "—" and "·", and inside "DB4201/T" and "123—2025"), it costs ~45 ms to import (its ``__init__`` loads
importlib.metadata) and ~6.5 ms per 60-character title, where this takes ~0.05 ms.
"""

from __future__ import annotations

from stdplan.widths import char_width, display_width

# May not begin a line: closing brackets and quotes, pause and stop marks, ellipses, dashes, units (GB/T 15834).
NO_START = frozenset("、，。．：；？！）》」』】〉〕〗］｝”’·…⋯—―％‰℃,.;:!?)]}")
# May not end a line: opening brackets and quotes.
NO_END = frozenset("（《「『【〈〔〖［｛“‘([{")


def _may_break(before: str, before_width: int, after: str, after_width: int, spaced: bool, words: bool) -> bool:
    """Whether a line may end with `before` and the next begin with `after` (spaces between them, if `spaced`)."""
    if after in NO_START or before in NO_END:
        return False
    if before_width == 0 or after_width == 0:  # combining marks and joiners stay with their neighbours
        return False
    # Between two narrow characters is inside a Latin word, number or code ("GB/T", "123—2025").
    return not (words and not spaced and before_width == 1 and after_width == 1)


def _units(line: str, words: bool) -> tuple[list[tuple[str, str, int]], str]:
    """The hard line as (spaces before, unit, its cells), a break allowed only between units, and trailing spaces."""
    units: list[tuple[str, str, int]] = []
    spaces, before, before_width = "", "", 0
    for char in line:
        if char == " ":
            spaces += char
            continue
        width = char_width(char)
        if not units:
            units.append(("", spaces + char, len(spaces) + width))  # leading spaces are no break: kept with it
        elif _may_break(before, before_width, char, width, bool(spaces), words):
            units.append((spaces, char, width))
        else:
            gap, unit, unit_width = units[-1]
            units[-1] = (gap, unit + spaces + char, unit_width + len(spaces) + width)
        spaces, before, before_width = "", char, width
    return units, spaces


def _fold(text: str, width: int) -> list[str]:
    """Plain folding by cells, the last resort; a character wider than `width` gets a line to itself."""
    lines: list[str] = []
    line, used = "", 0
    for char in text:
        if line and used + char_width(char) > width:
            lines.append(line)
            line, used = "", 0
        if char == " " and lines and not line:  # spaces at a fold are at a break too: dropped
            continue
        line += char
        used += char_width(char)
    return [*lines, line]


def _wrap_line(line: str, width: int, words: bool = True) -> list[str]:
    """One hard line, filled greedily; a unit wider than the line is broken inside words first, then folded."""
    units, trailing = _units(line, words)
    if not units:  # empty, or only spaces: as many as fit
        return [line[:width]]
    lines: list[str] = []
    current, used = "", 0
    for spaces, unit, unit_width in units:
        if current and used + len(spaces) + unit_width <= width:
            current += spaces + unit
            used += len(spaces) + unit_width
            continue
        if current:
            lines.append(current)  # the spaces before `unit` are at the break, and dropped
        pieces = [unit] if unit_width <= width else _wrap_line(unit, width, False) if words else _fold(unit, width)
        lines += pieces[:-1]
        current, used = pieces[-1], display_width(pieces[-1])
    if used + len(trailing) <= width:  # trailing spaces are kept where they fit, else dropped at the hard break
        current += trailing
    return [*lines, current]


def narrowest(text: str) -> int:
    """The narrowest width at which `wrap` breaks no rule: the widest unit that cannot be broken."""
    return max((width for line in text.split("\n") for _, _, width in _units(line, True)[0]), default=0)


def wrap(text: str, width: int) -> list[str]:
    """The lines of `text` in at most `width` cells: newlines are hard breaks, spaces at a soft break are dropped."""
    return [wrapped for line in text.split("\n") for wrapped in _wrap_line(line, max(width, 1))]
