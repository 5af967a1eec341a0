"""Reads the two published documents in the repository's ``sources/`` so tests can compare the data with them.

Deliberately independent of stdplan's own code: a bug in the loader must not hide a wrong title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[1] / "sources"
NATIONAL_SOURCE = SOURCES / "national-notice-shangzifa-2024-314.txt"
WUHAN_SOURCE = SOURCES / "wuhan-implementation-plan-draft.txt"

# Items are "N.title（scope）"; some lines carry a stray "- " and item 49 uses ASCII brackets.
_ITEM = re.compile(r"^(?:- )?(\d+)\.(.+?)[（(]([^（）()]+)[）)]$")
_SECTION = re.compile(r"^([一二三四五])、(.+)$")
_SUBSECTION = re.compile(r"^[（(]([一二三四五六七])[）)]\s*(.+)$")
_LIST_HEADING = "标准制修订及相关工作任务清单（首批）"


@dataclass(frozen=True)
class SourceItem:
    number: int
    title: str
    scope: str
    section: str
    subsection: str | None


@dataclass(frozen=True)
class SourceTask:
    number: int
    title: str
    scope: str
    lead_text: str
    responsible_text: str
    category: str


def national_lines() -> list[str]:
    return [line.strip() for line in NATIONAL_SOURCE.read_text(encoding="utf-8").splitlines()]


def national_sections() -> dict[str, tuple[str, dict[str, str]]]:
    """Section number -> (title, {subsection number: title}) of the task list."""
    sections: dict[str, tuple[str, dict[str, str]]] = {}
    current = ""
    for line in _list_lines():
        if m := _SECTION.match(line):
            current = m[1]
            sections[current] = (m[2], {})
        elif m := _SUBSECTION.match(line):
            sections[current][1][m[1]] = m[2]
    return sections


def national_items() -> list[SourceItem]:
    items = []
    section, subsection = "", None
    for line in _list_lines():
        if m := _SECTION.match(line):
            section, subsection = m[1], None
        elif m := _SUBSECTION.match(line):
            subsection = m[1]
        elif m := _ITEM.match(line):
            items.append(SourceItem(int(m[1]), m[2], m[3], section, subsection))
    return items


def _list_lines() -> list[str]:
    lines = national_lines()
    start = next(i for i, line in enumerate(lines) if line.endswith(_LIST_HEADING) and " " in line)
    return lines[start + 1 :]


def wuhan_text() -> str:
    return WUHAN_SOURCE.read_text(encoding="utf-8")


def wuhan_tasks() -> list[SourceTask]:
    """The attachment table: each row is five tab-indented cells, under category headings."""
    cells = [line.strip() for line in wuhan_text().split("附件", 1)[1].splitlines() if line.startswith("\t")]
    tasks, category, i = [], "", 0
    while i < len(cells):
        if m := _SECTION.match(cells[i]):
            category = m[1]
        elif cells[i].isdigit():
            no, title, scope, lead, responsible = cells[i : i + 5]
            tasks.append(SourceTask(int(no), title, scope, lead, responsible, category))
            i += 4
        i += 1
    return tasks


def wuhan_categories() -> dict[str, str]:
    table = wuhan_text().split("附件", 1)[1]
    return {m[1]: m[2] for line in table.splitlines() if (m := _SECTION.match(line.strip()))}


def wuhan_notes() -> list[str]:
    notes = wuhan_text().split("注：", 1)[1]
    return [text.strip() for text in re.split(r"\d\.", notes) if text.strip()]
