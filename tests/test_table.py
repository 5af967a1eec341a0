"""The terminal table drawn without rich: its look, its column widths, and the terminal it is drawn for."""

from __future__ import annotations

import os
import sys

import pytest
from rich.cells import cell_len

from stdplan.answers import Detail, Listing
from stdplan.output import OutputFormat, render, table
from stdplan.table import draw, terminal

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
