"""The terminal table drawn without rich: its look, its column widths, the terminal it is drawn for, and
properties that hold for any cells and width."""

from __future__ import annotations

import bisect
import os
import subprocess
import sys
from typing import NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from stdplan.answers import Detail, Listing
from stdplan.line_breaking import NO_END, NO_START, narrowest
from stdplan.output import OutputFormat, render, table
from stdplan.table import draw, terminal
from stdplan.widths import char_width, display_width
from test_line_breaking import broken_rules, place, split_words

TITLE = "推动教育、文旅和医疗等领域服务设备更新和技术改造服务等标准规范建设。"


def test_the_look_of_rich_simple_head_box():
    rows = [["T1", TITLE, "市商务局\n市文旅局", "3"], ["T2", "依据DB4201/T 123—2025制定", "市公安局", "12"]]
    shown = draw(["编号", "名称", "牵头单位", "数"], rows, right=[False, False, False, True], width=50)
    assert shown.splitlines() == [
        "",
        "  编号   名称                      牵头单位   数",
        " " + "─" * 48,
        "  T1     推动教育、文旅和医疗等    市商务局    3",
        "         领域服务设备更新和技术    市文旅局",
        "         改造服务等标准规范建",
        "         设。",  # 。 never begins a line: 设 comes down with it
        "  T2     依据DB4201/T 123—2025制   市公安局   12",  # the code kept whole
        "         定",
        "",
    ]


def test_a_detail_is_field_and_value_under_its_title():
    detail = Detail("task", 9, {"number": 9, "title": "户政、车驾管等相关领域服务标准"})
    assert table(detail, width=30, bold=False).splitlines() == [
        "            task 9",  # centred over the table's 30 cells
        "",
        "  field    value",
        " " + "─" * 28,
        "  number   9",
        "  title    户政、车驾管等相",
        "           关领域服务标准",
        "",
    ]


def test_a_table_that_fits_keeps_its_natural_width():
    shown = draw(["名称", "数"], [[TITLE, "3"]], right=[False, True], width=200)
    assert shown.splitlines()[1:4] == ["  名称" + " " * (cell_len(TITLE) - 1) + "数", " " + "─" * 75, f"  {TITLE}    3"]


def test_the_long_columns_share_the_room_at_one_level_and_the_short_ones_keep_theirs():
    # 85 cells, 13 of them edges and gaps: the short column keeps its 16, and the long ones share 56 at
    # level 19, but the third needs only 17; the spare cell goes to the first of the two at the level.
    rows = [["甲" * 8, "乙" * 30, "丙" * 30, "丁" * 3 + "x" * 11]]
    lines = draw(["一", "二", "三", "四"], rows, right=[False] * 4, width=85).splitlines()
    assert lines[1:5] == [
        "  一                 二                     三                    四",
        " " + "─" * 83,
        "  甲甲甲甲甲甲甲甲   乙乙乙乙乙乙乙乙乙乙   丙丙丙丙丙丙丙丙丙    丁丁丁xxxxxxxxxxx",
        "                     乙乙乙乙乙乙乙乙乙乙   丙丙丙丙丙丙丙丙丙",
    ]


def test_a_long_heading_over_short_cells_wraps_before_the_table_overflows():
    headings = ["名称", "有意愿的试点示范省市", "有关试点示范省市"]
    lines = draw(headings, [["北京", "3", "1"]], right=[False, True, True], width=30).splitlines()
    assert lines[1:6] == [  # headings on the rule, as in rich
        "         有意愿的",
        "         试点示范   有关试点",
        "  名称       省市   示范省市",
        " " + "─" * 28,
        "  北京          3          1",
    ]


def test_a_short_column_is_never_wrapped_even_when_the_table_is_too_wide():
    # Cut off or folded, a number or a code would read as another; the terminal wraps the long line instead.
    lines = draw(["编号", "x"], [["GB/T 9704—2012", "甲、乙\n丙，丁"]], right=[False, False], width=10).splitlines()
    assert lines[3:5] == ["  GB/T 9704—2012   甲、乙", "                   丙，丁"]


def test_a_table_narrower_than_its_words_folds_them_to_fit():
    lines = draw(["名称"], [["Supercalifragilistic，好《一》，好"]], right=[False], width=12).splitlines()
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(line.strip() for line in lines[3:]) == "Supercalifragilistic，好《一》，好"


def test_markup_emoji_codes_and_tabs_are_shown_as_written():
    lines = draw(["备注"], [["[b]甲[/b]:smile:\n甲\t乙"]], right=[False], width=80).splitlines()
    assert lines[3:5] == ["  [b]甲[/b]:smile:", "  甲      乙"]  # the tab to the next 8 cells from the cell's start


def test_bold_headings_and_title_only():
    shown = draw(["名称", "数"], [["甲", "1"]], right=[False, True], width=80, bold=True, title="任务 9")
    assert shown.splitlines()[:3] == ["   \x1b[1m任务 9\x1b[0m", "", "  \x1b[1m名称\x1b[0m   \x1b[1m数\x1b[0m"]
    assert shown.count("\x1b[1m") == 3


# --- the terminal it is drawn for ----------------------------------------------------------------


class Stdout:
    """A stdout that is a terminal, or not."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("on_terminal", "environment", "bold"),
    [
        (True, {"TERM": "xterm-256color"}, True),
        (False, {"TERM": "xterm-256color"}, False),
        (True, {"TERM": "xterm", "NO_COLOR": "1"}, False),
        (True, {"TERM": "xterm", "NO_COLOR": ""}, True),  # empty is unset (no-color.org)
        (True, {"TERM": "dumb"}, False),
        (True, {"TERM": "unknown"}, False),
        (False, {"FORCE_COLOR": "1"}, True),  # rich's reading: set and not empty makes a terminal
        (True, {"FORCE_COLOR": ""}, False),  # and empty makes none
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, False),
    ],
)
def test_bold_only_on_a_terminal_that_may_have_it(monkeypatch, on_terminal, environment, bold):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", Stdout(on_terminal))
    assert terminal().bold is bold


def test_no_stdout_is_no_terminal(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", None)  # pythonw
    assert terminal().bold is False


@pytest.mark.parametrize(
    ("size", "columns", "width"),
    [
        (os.terminal_size((97, 30)), None, 97),  # a terminal: its width
        (os.terminal_size((97, 30)), "120", 120),  # COLUMNS overrides it, as in rich
        (None, "120", 120),  # no terminal: COLUMNS
        (None, None, 80),  # else 80
        (None, "wide", 80),
    ],
)
def test_the_width_is_the_terminals_else_columns_else_80(monkeypatch, size, columns, width):
    def terminal_size(fd: int) -> os.terminal_size:
        if size is None:
            raise OSError("not a terminal")
        return size

    monkeypatch.setattr(os, "get_terminal_size", terminal_size)
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal().width == width


def test_the_command_is_bold_on_a_terminal_and_plain_elsewhere(cli):
    forced = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm"}
    assert "\x1b[1mnumber\x1b[0m" in cli("tasks", "--lead", "市公安局", env=forced).stdout
    assert "\x1b[" not in cli("tasks", "--lead", "市公安局").stdout  # NO_COLOR, TERM=dumb


def test_a_table_written_to_a_file_is_never_bold(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    listing = Listing("things", ("number",), ("number",), [{"number": 1}])
    assert terminal().bold
    assert "\x1b" not in str(render(listing, OutputFormat.table))


# --- properties -----------------------------------------------------------------------------------

SHORT_CELL = 16  # as the renderer's: a column whose cell lines all fit is never wrapped
HAN = "推动教育文旅和医疗标准规范建设试点一好"
TOKEN = st.one_of(
    st.sampled_from(HAN),
    st.sampled_from(sorted(NO_START | NO_END)),
    st.text(alphabet="abcxyzGBT0123456789", min_size=1, max_size=12),
    st.sampled_from(["DB4201/T 123—2025", "[b]", "[/b]", ":smile:", "[bold red]", "😀", "✅", "e\u0301", "\u3000"]),
    st.sampled_from([" ", "  ", "\t", "\n"]),
)


def tidy(text: str) -> str:
    """No spaces or tabs at either end of a line, no line break at the end: a table shows none of them at
    the end, and leading ones folded away leave a line of blanks that no reader could place."""
    return "\n".join(line.strip(" \t") for line in text.split("\n")).rstrip("\n")


CELL = st.lists(TOKEN, max_size=30).map("".join).map(tidy)
HEADING = st.lists(st.sampled_from([*HAN, "x", "no", " "]), min_size=1, max_size=10).map("".join).map(str.strip)


# Most often as wide as a terminal a table may need to wrap in, but any width at all too.
WIDTHS = st.integers(min_value=30, max_value=100) | st.integers(min_value=1, max_value=160)


@st.composite
def tables(draw_from: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    columns = draw_from(st.integers(1, 5))
    headings = draw_from(st.lists(HEADING.filter(bool), min_size=columns, max_size=columns))
    rows = draw_from(st.lists(st.lists(CELL, min_size=columns, max_size=columns), max_size=4))
    return headings, rows


def expanded(text: str) -> str:
    """Tabs as spaces to the next eight cells, as the table shows them (written again here, as a check)."""
    lines = []
    for line in text.split("\n"):
        shown = ""
        for char in line:
            shown += " " * (8 - display_width(shown) % 8) if char == "\t" else char
        lines.append(shown)
    return "\n".join(lines)


def widest(texts: list[str]) -> int:
    return max((display_width(line) for text in texts for line in expanded(text).split("\n")), default=0)


def least(heading: str, cells: list[str]) -> int:
    """The narrowest a column may be drawn: a short one as its cells (its heading wrapped), another a character."""
    if widest(cells) > SHORT_CELL:
        return max(char_width(char) for text in [heading, *cells] for char in text)
    return max(widest(cells), narrowest(heading))


class Drawn(NamedTuple):
    headings: list[list[str]]  # each heading's lines
    rows: list[list[list[str]]]  # each cell's lines
    widths: list[int]


def read_back(shown: str, columns: int) -> Drawn:
    """The content columns of a table drawn with a first column numbering the rows (#0, #1…), a last
    column of "|", and a first row of "x" marking where each column starts; a character outside its
    column fails."""
    blank, *lines, end = shown.splitlines()
    assert blank == end == ""
    rule = next(at for at, line in enumerate(lines) if line.startswith(" ─"))
    marks, *body = lines[rule + 1 :]
    starts = [display_width(marks[:at]) for at, char in enumerate(marks) if char == "x"]
    assert len(starts) == columns + 2
    ends = [start - 3 for start in starts[1:]] + [sys.maxsize]

    def cells(line: str) -> list[str]:
        pieces = [""] * len(starts)
        column, position = -1, 0
        for char in line:
            if char_width(char):  # a zero-width character stays with the one before it
                column = bisect.bisect_right(starts, position) - 1
                assert char == " " or (column >= 0 and position + char_width(char) <= ends[column]), line
            if column >= 0:
                pieces[column] += char
            position += char_width(char)
        return [piece.rstrip(" ") for piece in pieces]  # the padding, and the gap after it

    def lines_of(row: list[list[str]]) -> list[list[str]]:
        """Each content column's lines, less the blank ones a taller cell beside it left after them."""
        by_column = [list(column) for column in zip(*row, strict=True)][1:-1]
        return [column[: max([1] + [at + 1 for at, line in enumerate(column) if line])] for column in by_column]

    rows: list[list[list[str]]] = []
    for line in body:
        numbered, *others = cells(line)
        if numbered:
            rows.append([])
        rows[-1].append([numbered, *others])
    widths = [end - start for start, end in zip(starts, ends, strict=True)][1:-1]
    # Headings sit on the rule: their blank lines are above.
    headings = [column[::-1] for column in lines_of([cells(line) for line in reversed(lines[:rule])])]
    return Drawn(headings, [lines_of(row) for row in rows], widths)


@settings(max_examples=300, deadline=None)
@given(tables(), WIDTHS)
@example((["名称"], [["Supercalifragilistic，好《一》，好"]]), 12)
@example((["序号", "任务内容"], [["9", "户政、车驾管等相关领域服务标准\n（试点）\t完成"]]), 30)
def test_any_table_fits_keeps_every_cell_and_the_rules(table_cells, width):
    """Whatever the cells and the width: every line fits when the columns' least widths do; every
    cell's text is there, in order, on its own lines, apart from spaces at the breaks and tabs shown
    as spaces; a short column is never wrapped; and where a column is as wide as a cell's widest
    unbreakable piece, no line of it begins with closing punctuation or breaks a word."""
    headings, rows = table_cells
    all_headings = ["#", *headings, "|"]
    all_rows = [["x"] * len(all_headings), *([f"#{at}", *row, "|"] for at, row in enumerate(rows))]
    shown = draw(all_headings, all_rows, right=[False] * len(all_headings), width=width)

    columns = [[heading, *cells] for heading, *cells in zip(all_headings, *all_rows, strict=True)]
    if 3 * len(columns) + 1 + sum(least(heading, cells) for heading, *cells in columns) <= width:
        assert max(display_width(line) for line in shown.splitlines()) <= width
    drawn = read_back(shown, len(headings))
    for column, (heading, heading_lines, cells_width) in enumerate(
        zip(headings, drawn.headings, drawn.widths, strict=True)
    ):
        cells = [row[column] for row in rows]
        for text, lines in [(heading, heading_lines), *zip(cells, (row[column] for row in drawn.rows), strict=True)]:
            placed = place(expanded(text), lines)
            if cells_width >= narrowest(expanded(text)):
                assert broken_rules(placed) == []
                assert split_words(placed) == []
        if widest(cells) <= SHORT_CELL:
            assert all(row[column] == expanded(cell).split("\n") for row, cell in zip(drawn.rows, cells, strict=True))


@settings(deadline=None)
@given(tables(), WIDTHS, st.data())
def test_bold_and_right_alignment_move_nothing_but_spaces(table_cells, width, data):
    headings, rows = table_cells
    right = data.draw(st.lists(st.booleans(), min_size=len(headings), max_size=len(headings)))
    left = draw(headings, rows, right=[False] * len(headings), width=width)
    shown = draw(headings, rows, right=right, width=width, bold=True)
    plain = shown.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert plain == draw(headings, rows, right=right, width=width)
    assert [line.replace(" ", "") for line in plain.splitlines()] == [
        line.replace(" ", "") for line in left.splitlines()
    ]
    rule = next(line for line in plain.splitlines() if line.startswith(" ─"))
    assert all(display_width(line) <= display_width(rule) for line in plain.splitlines())


def test_the_table_is_the_same_in_every_process():
    """A function of the cells, the width and bold only: no set order, hash seed or environment."""
    program = (
        "from stdplan.table import draw;"
        f"print(draw(['名称', '数'], [[{TITLE!r}, '3'], ['甲\\t乙', '12']], right=[False, True], width=40, bold=True))"
    )
    shown = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": columns, "NO_COLOR": no_color},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed, columns, no_color in (("1", "50", "1"), ("2", "200", ""))
    }
    assert len(shown) == 1
