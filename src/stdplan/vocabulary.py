"""The closed vocabularies of the domain (levels, statuses, kinds of assignment, stages) and the
words people may type for each code: the English code itself, or the documents' Chinese words.

Stdlib only. The codes are the models' Literals (a test keeps the two in step); how a code is
*shown* is the message catalogs' business (i18n.py), what may be *typed* is this module's.
"""

from __future__ import annotations

from stdplan.names import fold

# The numbers of sections, subsections, categories and phases, as the documents write them.
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# code → the Chinese words accepted for it; the first is the one the documents use.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "level": {
        "national": ("国家标准",),
        "industry": ("行业标准",),
        "local": ("地方标准",),
        "group": ("团体标准",),
        "other": ("其他", "其他工作"),
    },
    "status": {
        "not_started": ("未启动",),
        "in_progress": ("推进中",),
        "done": ("已完成",),
        "paused": ("暂缓",),
    },
    # How an item reaches a pilot, in the notice's words.
    "assignment": {
        "named": ("点名",),
        "all_pilots": ("各试点示范省市",),
        "willing": ("有意愿的试点示范省市",),
        "relevant": ("有关试点示范省市",),
    },
    # The stages of a standard's life, in order; their codes are the Chinese words themselves.
    "stage": {stage: () for stage in ("立项", "起草", "征求意见", "审查", "报批", "发布")},
    # The fields a count is by (stdplan count --by), in Chinese as their column headings.
    "count_field": {
        "city": ("城市", "试点城市"),
        "level": ("标准类别", "级别"),
        "section": ("部分",),
        "assignment": ("承担方式",),
        "lead": ("牵头单位",),
        "responsible": ("责任单位",),
        "unit": ("单位",),
        "status": ("状态",),
        "category": ("类别", "任务类别"),
    },
    "unit_kind": {
        "party": ("市委部门",),
        "government": ("市政府部门",),
        "vertical": ("垂直管理",),
        "cooperative": ("供销社",),
        "task_force": ("工作专班",),
    },
}

# The levels a standard itself can have: the list's "other work" is not one.
WORDS["standard_level"] = {code: words for code, words in WORDS["level"].items() if code != "other"}

# A task whose status nobody has recorded: shown as 未填报, and selectable as such.
NOT_REPORTED = "not_reported"
WORDS["task_status"] = {**WORDS["status"], NOT_REPORTED: ("未填报",)}

# Vocabularies that are another one's words, narrowed or widened: shown as that one.
_SHOWN_AS = {"task_status": "status", "standard_level": "level", "count_field": "field"}

# Which vocabulary the values of a field come from, wherever the field appears (a task's status, an
# item's level, a standard's level inside a task, the assignment a query adds).
FIELD_VOCABULARY: dict[str, str] = {
    "level": "level",
    "status": "status",
    "assignment": "assignment",
    "open_to": "assignment",
    "kind": "unit_kind",
    "stage": "stage",
    # Said, never typed (stdplan diff, history): what a change did (changes.CHANGES), to what kind
    # of record (changes.RECORD_KINDS), and in which field, said as its column heading.
    "change": "change",
    "record": "record",
    "field": "field",
}


def parse(vocabulary: str, word: str) -> str | None:
    """The code a typed word stands for (national, 国家标准, NATIONAL → national), or None."""
    typed = fold(word)
    for code, words in WORDS[vocabulary].items():
        if typed == fold(code) or typed in map(fold, words):
            return code
    return None


def shown_as(vocabulary: str) -> str:
    """The vocabulary whose words show this one's codes."""
    return _SHOWN_AS.get(vocabulary, vocabulary)


def codes(vocabulary: str) -> tuple[str, ...]:
    return tuple(WORDS[vocabulary])


def accepted(vocabulary: str) -> list[str]:
    """Every word that may be typed, codes first: what completion offers."""
    words = WORDS[vocabulary]
    return [*words, *(word for chinese in words.values() for word in chinese)]
