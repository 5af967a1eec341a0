"""Chinese line breaking in table cells: no line begins with closing punctuation or ends with an opening bracket."""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from stdplan.line_breaking import narrowest, wrap
from stdplan.table import draw

# Written out here rather than imported, so a character dropped from the module's sets fails a test.
WIDE_CLOSING = "、，。：；？！）》」』】〉"
NARROW_CLOSING = "”’·…—,.;:!?)]}"
CLOSING = WIDE_CLOSING + NARROW_CLOSING
WIDE_OPENING = "（《「『【〈"
OPENING = WIDE_OPENING + "“‘([{"
HAN = "推动教育文旅和医疗标准规范建设试点一好"
EXAMPLE = "推动教育、文旅和医疗等领域服务设备更新和技术改造服务等标准规范建设。（试点）《一》，好"


class Placed(NamedTuple):
    line: str
    starts: bool  # the line begins a hard line (the text's start or after a newline)
    ends: bool  # the line ends a hard line
    gap: int  # spaces dropped after it


def place(text: str, lines: list[str]) -> list[Placed]:
    """Check that `lines` are `text` in order, less nothing but spaces at line ends, and place each line in it."""
    placed: list[Placed] = []
    position = 0
    for line in lines:
        assert "\n" not in line
        assert text.startswith(line, position), f"{line!r} is not next in {text[position:]!r}"
        starts = position == 0 or text[position - 1] == "\n"
        if not line:  # an empty line only for an empty hard line
            assert starts
            assert position == len(text) or text[position] == "\n"
        position += len(line)
        after = position
        while position < len(text) and text[position] == " ":
            position += 1
        ends = position == len(text) or text[position] == "\n"
        position += text.startswith("\n", position)
        placed.append(Placed(line, starts, ends, position - after))
    assert position == len(text), f"{text[position:]!r} was lost"
    assert sum(p.starts for p in placed) == text.count("\n") + 1, "a hard line was lost"
    return placed


def broken_rules(placed: list[Placed]) -> list[str]:
    """The lines that begin with closing punctuation or end with an opening bracket at a soft break."""
    return [
        p.line for p in placed if (not p.starts and p.line[:1] in CLOSING) or (not p.ends and p.line[-1:] in OPENING)
    ]


def split_words(placed: list[Placed]) -> list[tuple[str, str]]:
    """Soft breaks between two letters or digits with no space between them: a word broken in two."""
    return [
        (first.line, second.line)
        for first, second in pairwise(placed)
        if not first.ends and not first.gap
        if (first.line[-1:] + second.line[:1]).isascii() and (first.line[-1:] + second.line[:1]).isalnum()
    ]


# Anything: CJK, punctuation of both kinds, Latin words and numbers, codes, spaces and newlines.
ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HAN),
        st.sampled_from(CLOSING + OPENING),
        st.text(alphabet="abcxyzGBT0123456789", min_size=1, max_size=8),
        st.sampled_from(["DB4201/T 123—2025", "GB/T 9704", "商资发〔2024〕314号", "e.g.", "50％"]),
        st.sampled_from([" ", "  ", "\n"]),
    ),
    max_size=60,
).map("".join)

# Text whose unbreakable units are all at most 4 cells, so every rule can hold at widths 4 and up:
# no unit starts with closing punctuation or ends with an opening bracket, and Latin words come after a space.
_WORD = st.text(alphabet="abcGBT0129", min_size=1, max_size=2)
FITTING_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HAN),  # 好
        st.tuples(st.sampled_from(HAN), st.sampled_from(WIDE_CLOSING + NARROW_CLOSING)),  # 好， 好”
        st.tuples(st.sampled_from(WIDE_OPENING), st.sampled_from(HAN)),  # （好
        st.tuples(st.just(" "), st.sampled_from("“‘"), st.sampled_from(HAN)),  # “好
        st.tuples(st.just(" "), _WORD, st.sampled_from(["", *NARROW_CLOSING])),  # ab,
        st.tuples(st.just(" ("), st.sampled_from("ab1"), st.just(")")),  # (a)
        st.just("\n"),
    ).map("".join),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.integers(min_value=1, max_value=40))
def test_any_text_keeps_its_characters_fits_the_width_and_keeps_the_rules_where_they_can_hold(text, width):
    lines = wrap(text, width)
    placed = place(text, lines)
    # Only a single character wider than the whole line may exceed it.
    assert all(cell_len(line) <= width or len(line) == 1 for line in lines)
    if width >= narrowest(text):  # every unbreakable unit fits: no fallback
        assert broken_rules(placed) == []
        assert split_words(placed) == []


@settings(max_examples=300, deadline=None)
@given(FITTING_TEXT, st.integers(min_value=4, max_value=40))
def test_text_that_can_keep_the_rules_keeps_them(text, width):
    lines = wrap(text, width)
    placed = place(text, lines)
    assert all(cell_len(line) <= width for line in lines)
    assert broken_rules(placed) == []
    assert split_words(placed) == []
    assert narrowest(text) <= 4


def test_the_character_before_closing_punctuation_is_carried_down():
    # Folding alone, as rich did, ends the fourth line with "《一" and begins the fifth with "》，好".
    assert wrap(EXAMPLE, 20) == [
        "推动教育、文旅和医疗",
        "等领域服务设备更新和",
        "技术改造服务等标准规",
        "范建设。（试点）",
        "《一》，好",
    ]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("他说：“好的”；对！", 6, ["他说：", "“好", "的”；", "对！"]),
        ("标准 规范\n\n（试点）", 4, ["标准", "规范", "", "（试", "点）"]),
        ("卡尔·马克思——伟大", 6, ["卡尔·", "马克", "思——伟", "大"]),
        # Codes stay whole; the space between "GB/T" and "9704" is a break like any other.
        ("依据DB4201/T 123—2025和GB/T 9704的规定执行", 16, ["依据DB4201/T", "123—2025和GB/T", "9704的规定执行"]),
        # A word wider than the line is folded, still without putting "，" first.
        ("Supercalifragilistic，好 and more", 8, ["Supercal", "ifragili", "stic，好", "and more"]),
    ],
)
def test_examples(text, width, lines):
    assert wrap(text, width) == lines


@pytest.mark.parametrize("width", [1, 2, 3])
def test_too_narrow_for_the_rules_folds_plainly(width):
    text = "好》，。、）"
    lines = wrap(text, width)
    assert lines == list(text)  # one wide character a line: nothing lost, nothing empty, no endless loop
    place(text, lines)


def test_empty_text_is_one_empty_line():
    assert wrap("", 10) == [""]


def test_the_narrowest_width_is_the_widest_unbreakable_unit():
    assert narrowest(EXAMPLE) == cell_len("《一》，")
    assert narrowest("Supercalifragilistic，好 x\n短") == cell_len("Supercalifragilistic，")
    assert narrowest("") == 0


TITLES = [
    EXAMPLE,
    "依据DB4201/T 123—2025和GB/T 9704的规定，制定“统一部署、分级负责、动态调整”的长效机制。",
    "市商务局、市市场监管局启动首批工作任务清单落实工作（服务业扩大开放专项）。",
]


def render(titles: list[str], width: int) -> list[list[str]]:
    """The title column's lines for each row of a two-column table drawn `width` cells wide."""
    rows = [[f"T{number:02}", title] for number, title in enumerate(titles, start=1)]
    header, _, *body = draw(["编号", "名称"], rows, right=[False, False], width=width).splitlines()[1:]
    start = cell_len(header[: header.index("名称")])  # body lines are ASCII up to the title column
    lines: list[list[str]] = []
    for line in body:
        if line[:start].strip():
            lines.append([])
        if line[start:].strip():
            lines[-1].append(line[start:].rstrip())
    return lines


@pytest.mark.parametrize("width", [24, 30, 41, 60])
def test_table_cells_keep_the_rules_and_wrap_as_wrap_does(width):
    rows = render(TITLES, width)
    assert len(rows) == len(TITLES)
    for title, lines in zip(TITLES, rows, strict=True):
        assert broken_rules(place(title, lines)) == []
    # The same lines as `wrap` gives for the width the table gave the column.
    assert any(rows == [wrap(title, column) for title in TITLES] for column in range(1, width))


def fold(text: str, width: int) -> list[str]:
    """Lines as full as the width allows, whatever comes next: how rich wrapped Chinese."""
    lines = [""]
    for char in text:
        if cell_len(lines[-1] + char) > width:
            lines.append("")
        lines[-1] += char
    return lines


def test_folding_alone_breaks_the_rules_so_the_checks_above_can_fail():
    assert broken_rules(place(EXAMPLE, fold(EXAMPLE, 20))) == ["》，好"]
