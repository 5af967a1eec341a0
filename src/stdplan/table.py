"""The terminal table, drawn with the standard library alone.

Importing rich took 10–30 ms of a query's ~60, and a second front end draws the very same tables: what is
drawn depends on the cells, the width and whether headings are bold (`terminal` decides those two), nothing else.

The look is that of rich's SIMPLE_HEAD box, which stdplan drew before: a blank line above and below, the
headings, a rule under them, columns three spaces apart and two in from either edge. Lines carry no trailing
spaces (rich padded each to the table's width). Cells are text as written: no markup, no emoji codes.

Column widths, in cells. Each column has a most, its widest line or heading, and a least. When the columns at
their most fit the width, that is the table. Otherwise they share the width: each is as wide as one level, kept
within its least and most, at the highest level that fits; the cells left over go one each to the columns at
that level, those nearest to their most first. The table then fills the width exactly. The least is, in the
first of these that fits:

1. for a short column, whose cells' lines are all at most SHORT_CELL wide (numbers, codes, labels, bars, a
   name a line), its most: it is never wrapped; for the others, the widest piece line_breaking will not break
   (a word, a code, "上，");
2. the same, but a short column's heading may wrap: its widest cell line or heading piece;
3. the same, but the long columns' words may be folded: a character.

When even that is too wide, so is the table, and the terminal wraps its lines: better than a cell cut off.
"""

from __future__ import annotations

import bisect
import os
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

from stdplan.line_breaking import narrowest, wrap
from stdplan.widths import char_width, display_width

SHORT_CELL = 16  # display cells; a column whose cell lines all fit is never wrapped
_EDGE = "  "  # the box's (blank) edge and the cell's padding
_GAP = "   "  # padding, the (blank) line between columns, padding
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_TAB_SIZE = 8


class Terminal(NamedTuple):
    """What a table is drawn for: its width in cells, and whether headings are bold."""

    width: int
    bold: bool


def terminal() -> Terminal:
    """The width: COLUMNS, else that of the terminal stdout, stdin or stderr is (in that order, as rich
    did: `stdplan tasks | less` is as wide as the terminal it is read in), else 80. Bold only when stdout
    is a terminal, never with NO_COLOR (rich kept bold then, dropping colours only) or a dumb TERM;
    FORCE_COLOR says whether stdout counts as a terminal, read as rich reads it (set: yes; set empty: no)."""
    forced = os.environ.get("FORCE_COLOR")
    on_terminal = forced != "" if forced is not None else _is_terminal(sys.stdout)
    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM", "").lower() in ("dumb", "unknown")
    return Terminal(_width(), on_terminal and not plain)


def _width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdecimal() and int(columns) > 0:
        return int(columns)
    for descriptor in (1, 0, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (OSError, ValueError):  # not a terminal
            continue
    return 80


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no stdout at all, or a closed one
        return False


def draw(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[bool],
    width: int,
    bold: bool = False,
    title: str | None = None,
) -> str:
    """The table's lines, each ending in a newline, at most `width` cells wide where the columns allow
    (see above); `right` columns aligned right; `title`, if any, centred above."""
    columns = [[_tabs_as_spaces(text) for text in column] for column in zip(headings, *rows, strict=True)]
    wraps = [_widest(column[1:]) > SHORT_CELL for column in columns]
    widths = _widths(columns, wraps, width - _chrome(len(columns)))
    laid = [
        [wrap(text, cells) if wrapped or at == 0 else text.split("\n") for at, text in enumerate(column)]
        for column, cells, wrapped in zip(columns, widths, wraps, strict=True)
    ]
    table_width = sum(widths) + _chrome(len(columns))
    lines = []
    if title is not None:
        lines.append(" " * max((table_width - display_width(title)) // 2, 0) + _shown(title, bold))
    heading_lines = _on_the_rule([column[0] for column in laid])
    lines += ["", *_row(heading_lines, widths, right, bold), " " + "─" * (table_width - 2)]
    for index in range(1, len(rows) + 1):
        lines += _row([column[index] for column in laid], widths, right, False)
    return "\n".join([*lines, ""]) + "\n"


def _chrome(columns: int) -> int:
    """The cells a table takes besides its columns' text: edges and gaps."""
    return 2 * len(_EDGE) + (columns - 1) * len(_GAP)


def _widest(texts: Sequence[str]) -> int:
    return max((display_width(line) for text in texts for line in text.split("\n")), default=0)


def _widths(columns: list[list[str]], wraps: list[bool], room: int) -> list[int]:
    """Each column's width, `room` being the cells the table has for its columns' text (see above)."""
    most = [_widest(column) for column in columns]
    unbroken = [min(max(map(narrowest, column)), high) for column, high in zip(columns, most, strict=True)]
    headed = [max(_widest(column[1:]), narrowest(column[0])) for column in columns]
    folded = [max((char_width(char) for text in column for char in text), default=1) for column in columns]
    stages = [
        [low if wrapped else high for wrapped, low, high in zip(wraps, unbroken, most, strict=True)],
        [low if wrapped else heading for wrapped, low, heading in zip(wraps, unbroken, headed, strict=True)],
        [low if wrapped else heading for wrapped, low, heading in zip(wraps, folded, headed, strict=True)],
    ]
    return next((widths for least in stages if (widths := _share(room, least, most))), stages[-1])


def _share(room: int, least: list[int], most: list[int]) -> list[int] | None:
    """`room` shared by columns each as wide as a level within its `least` and `most`, at the highest level that
    fits, the spare cells one each to the columns at that level, the nearest to their most first; None if `least`
    does not fit."""

    def total(level: int) -> int:
        return sum(min(max(level, low), high) for low, high in zip(least, most, strict=True))

    if total(0) > room:
        return None
    level = bisect.bisect_right(range(max(most) + 1), room, key=total) - 1
    widths = [min(max(level, low), high) for low, high in zip(least, most, strict=True)]
    at_level = [index for index, (low, high) in enumerate(zip(least, most, strict=True)) if low <= level < high]
    # A spare cell may then make a column whole: no line of it wrapped.
    for index in sorted(at_level, key=most.__getitem__)[: room - sum(widths)]:
        widths[index] += 1
    return widths


def _on_the_rule(headings: list[list[str]]) -> list[list[str]]:
    """Headings' lines with blank ones above the shorter: each heading sits on the rule, as in rich."""
    height = max(len(lines) for lines in headings)
    return [[""] * (height - len(lines)) + lines for lines in headings]


def _row(cells: list[list[str]], widths: list[int], right: Sequence[bool], bold: bool) -> list[str]:
    """One row's lines: its cells' lines side by side, each padded to its column's width, top-aligned;
    no padding after a line's last text, whose own spaces are kept (they are the data's)."""
    height = max(len(lines) for lines in cells)
    rows = []
    for at in range(height):
        texts = [lines[at] if at < len(lines) else "" for lines in cells]
        last = max((index for index, text in enumerate(texts) if text), default=-1)
        padded = [
            _padded(text, width, to_right, bold) if index < last or to_right else _shown(text, bold)
            for index, (text, width, to_right) in enumerate(zip(texts, widths, right, strict=True))
            if index <= last
        ]
        rows.append(_EDGE + _GAP.join(padded) if padded else "")
    return rows


def _padded(text: str, width: int, right: bool, bold: bool) -> str:
    spaces = " " * (width - display_width(text))
    return spaces + _shown(text, bold) if right else _shown(text, bold) + spaces


def _shown(text: str, bold: bool) -> str:
    return _BOLD + text + _RESET if bold and text else text


def _tabs_as_spaces(text: str) -> str:
    """Tabs as spaces, up to the next multiple of eight cells from the cell's start: a terminal would move
    to its own tab stop, counted from the line's start, and push the rest of the line out of the column."""
    if "\t" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        shown, *pieces = line.split("\t")
        for piece in pieces:
            shown += " " * (_TAB_SIZE - display_width(shown) % _TAB_SIZE) + piece
        lines.append(shown)
    return "\n".join(lines)
