"""Chinese typesetting rules for handouts: nested title marks (GB/T 15834) and title lines (GB/T 9704).

Stdlib only. A title is broken between words, into lines of even length with none of one or two
characters. Words are found by longest match against a lexicon (the data's names and the plan's
vocabulary) rather than with a segmenter such as jieba: the only texts broken are headings built from
those words, and jieba (last released 2020) logs to stderr, writes its cache to the temp directory and
takes ~0.7 s to load its dictionary.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterable

from stdplan.line_breaking import NO_END, NO_START

_OPENING_MARKS = "《〈"
_CLOSING_MARKS = "》〉"

# Words of the plan's headings, so a title breaks between them and never inside one.
TITLE_WORDS = (
    "服务业", "扩大开放", "综合试点示范", "试点示范", "综合试点", "省市", "标准化", "标准", "建设", "推进",
    "实施方案", "方案", "任务", "清单", "一览", "推进情况", "情况", "督办", "会议", "材料", "工作", "相关",
    "制修订", "国家", "行业", "地方", "团体", "首批", "专项", "台账", "时间", "节点",
)  # fmt: skip


def nest_title_marks(text: str) -> str:
    """Title marks inside title marks alternate 《〈〈…〉〉》 by depth (GB/T 15834-2011 4.15):
    《通知《意见》》 becomes 《通知〈意见〉》. A closing mark with nothing open is left as it is, and
    the count starts again on each line, so one unpaired mark changes nothing beyond its own line."""
    depth = 0
    marks = []
    for char in text:
        if char == "\n":
            depth = 0
        if char in _OPENING_MARKS:
            depth += 1
            marks.append(_OPENING_MARKS[(depth - 1) % 2])
        elif char in _CLOSING_MARKS and depth:
            marks.append(_CLOSING_MARKS[(depth - 1) % 2])
            depth -= 1
        else:
            marks.append(char)
    return "".join(marks)


def width(text: str) -> float:
    """Width in full-width characters: a Latin letter or digit set half-width counts one half."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


# A break between two characters of no known word: allowed when nothing better fits, at this cost.
_INSIDE_UNKNOWN = 40.0
_SHORTEST_LINE = 3  # characters: no line of one or two


def title_lines(title: str, line_width: float, words: Iterable[str] = ()) -> list[str]:
    """`title` in as few lines of at most `line_width` characters as it needs, broken between words,
    the lines as even as they can be; one line when it fits."""
    if width(title) <= line_width or len(title) < 2 * _SHORTEST_LINE:
        return [title]
    costs = _break_costs(title, {*TITLE_WORDS, *words})
    count = math.ceil(width(title) / line_width)
    while count <= len(title) // _SHORTEST_LINE:
        lines = _best_lines(title, costs, count, line_width)
        if lines:
            return lines
        count += 1
    return [title]


def _break_costs(title: str, lexicon: set[str]) -> list[float | None]:
    """For each position 1…len-1, the cost of a line break before that character; None: never there."""
    inside_word = [False] * (len(title) + 1)
    known_edge = [False] * (len(title) + 1)
    longest = max(map(len, lexicon), default=0)
    at = 0
    while at < len(title):
        match = next(
            (size for size in range(min(longest, len(title) - at), 1, -1) if title[at : at + size] in lexicon), 0
        )
        if match:
            for inner in range(at + 1, at + match):
                inside_word[inner] = True
            known_edge[at] = known_edge[at + match] = True
            at += match
        else:
            at += 1
    costs: list[float | None] = [None]
    for position in range(1, len(title)):
        before, after = title[position - 1], title[position]
        if after in NO_START or before in NO_END or inside_word[position] or (before + after).isascii():
            costs.append(None)
        elif known_edge[position] or unicodedata.category(before).startswith("P") or after in NO_END:
            costs.append(0.0)
        else:
            costs.append(_INSIDE_UNKNOWN)
    return costs


def _best_lines(title: str, costs: list[float | None], count: int, line_width: float) -> list[str] | None:
    """The cheapest split into `count` lines: break costs plus the squared difference of each line's
    width from the mean (dynamic programming over break positions)."""
    mean = width(title) / count
    size = len(title)
    # best[lines][end]: (cost, previous break) of the first `end` characters in `lines` lines.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
    for lines in range(1, count + 1):
        row: dict[int, tuple[float, int]] = {}
        ends = [size] if lines == count else [p for p in range(1, size) if costs[p] is not None]
        for end in ends:
            for start, (cost, _previous) in best[lines - 1].items():
                line = title[start:end]
                if end - start < _SHORTEST_LINE or width(line) > line_width:
                    continue
                break_cost = (costs[end] or 0.0) if end < size else 0.0
                total = cost + break_cost + (width(line) - mean) ** 2
                if end not in row or total < row[end][0]:
                    row[end] = (total, start)
        best.append(row)
    if size not in best[count]:
        return None
    breaks = [size]
    for lines in range(count, 0, -1):
        breaks.append(best[lines][breaks[-1]][1])
    breaks.reverse()
    return [title[start:end] for start, end in itertools.pairwise(breaks)]
