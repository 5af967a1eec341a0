"""How wide text is on a terminal, in cells: a Chinese character takes two, a Latin letter one.

The terminal table, its line breaking, and the column widths and row heights of a workbook all measure
by it. The standard library's Unicode tables suffice: rich's measure would cost rich's import (10–30 ms)
in every query. Where the two differ (emoji sequences joined by U+200D, a character made wide by
U+FE0F, spacing marks of Indic scripts), each character counts on its own here; terminals differ there
too, and the plan's text holds none of them.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Combining marks, and format and control characters (joiners, U+200B): shown on their neighbour, or not at all.
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf", "Cc"})


@cache  # a few thousand distinct characters at most
def char_width(char: str) -> int:
    """0, 1 or 2 cells: wide and full-width characters (汉字, ，, U+3000, most emoji) take two."""
    if unicodedata.category(char) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The cells `text` takes on one line."""
    return sum(map(char_width, text))
