"""The domain model: one Pydantic class per record in the three data files.

These classes are the single source of truth: the JSON Schema (`stdplan schema`), the validation
messages and the fields queries read all come from here. Descriptions say which values are the
published documents' words and which stdplan added.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt, WithJsonSchema

from stdplan import vocabulary

# Characters no text in the data may hold, each because some output would not keep it as given
# (XML 1.0 §2.2 for Word and Excel, YAML 1.2 §5 for the data files, CommonMark §2.1 for Markdown):
# - C0 controls but tab and line feed, DEL and C1 controls: XML cannot hold the C0 ones and
#   discourages the rest; YAML writes them only as escapes.
# - CR, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, line breaks other than the line feed: Markdown
#   and XML take a CR for a line end of their own, YAML readers take all four for one (a NEL comes
#   back as a space); the line feed is the one line break every output keeps.
# - Noncharacters (U+FDD0–U+FDEF and the last two of every plane): XML cannot hold U+FFFE and
#   U+FFFF and discourages the others.
# - Lone surrogates (halves of a UTF-16 pair, what bytes that are not UTF-8 become in a command
#   line): not characters; pydantic refuses them itself, before any pattern, as no valid string.
# Everything else, tab, private-use and unassigned characters included, is kept through every output.
REFUSED_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x2028, 0x2029),
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    r"""The inside of a [...] that the Rust, Python and JavaScript regex engines all read alike: \uXXXX
    for the basic plane, the characters themselves beyond it (JavaScript has no escape for those)."""

    def one(code: int) -> str:
        return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)

    return "".join(f"{one(first)}-{one(last)}" for first, last in ranges)


REFUSED = _character_class(REFUSED_RANGES)
# Spaces and line breaks, which text needs more than: text of nothing else says nothing (and a line
# break alone on a line of Markdown would be read as HTML, and left out of Word).
BLANK = _character_class(
    (
        (0x09, 0x0A),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
    )
)
# Text may hold several lines; a name or a code is one line (a table shows a cell's names a line each).
TEXT_PATTERN = f"^[^{REFUSED}]*[^{BLANK}{REFUSED}][^{REFUSED}]*$"
LINE_PATTERN = f"^[^\\n{REFUSED}]*[^{BLANK}{REFUSED}][^\\n{REFUSED}]*$"
Text = Annotated[str, Field(min_length=1, pattern=TEXT_PATTERN)]
Line = Annotated[str, Field(min_length=1, pattern=LINE_PATTERN)]
Verbatim = Annotated[Text, Field(description="The source document's words, character for character.")]
Numeral = Literal[vocabulary.NUMERALS]  # type: ignore[valid-type]
UnitName = Annotated[Line, Field(description="A unit's `name` from units.yaml.")]
PilotName = Annotated[Line, Field(description="A pilot's short `name` from the `pilots` list.")]
StandardLevel = Literal["national", "industry", "local", "group"]
SectionLevel = Literal["national", "industry", "local", "group", "other"]
OpenTo = Literal["all_pilots", "willing", "relevant"]
# How an item reaches one pilot: named in its brackets, or through its open_to.
Assignment = Literal["named", OpenTo]
UnitKind = Literal["party", "government", "vertical", "cooperative", "task_force"]
TaskStatus = Literal["not_started", "in_progress", "done", "paused"]
# The stages of a standard's life, in order.
StandardStage = Literal["立项", "起草", "征求意见", "审查", "报批", "发布"]
STAGES: tuple[str, ...] = get_args(StandardStage)
# Excel counts days from 1900 and has a 29 February 1900 that never was: an earlier day comes out of
# a workbook as another day, or as ####.
FIRST_DAY = datetime.date(1900, 3, 1)
Day = Annotated[datetime.date, Field(ge=FIRST_DAY, description="A date, YYYY-MM-DD, from 1900-03-01 on.")]


def status_from_word(value: object) -> object:
    """未启动, 推进中, 已完成 and 暂缓 mean not_started, in_progress, done and paused."""
    return (vocabulary.parse("status", value) or value) if isinstance(value, str) else value


Status = Annotated[
    TaskStatus,
    BeforeValidator(status_from_word),
    WithJsonSchema(
        {
            "enum": vocabulary.accepted("status"),
            "description": "not_started, in_progress, done or paused; or in Chinese 未启动, 推进中, 已完成, 暂缓.",
        }
    ),
]
# From 1900-03 on, as Day: a deadline's last day goes into Excel too.
YearMonth = Annotated[
    str,
    Field(
        pattern=r"^(1900-(0[3-9]|1[0-2])|(19\d\d|[2-9]\d\d\d)-(0[1-9]|1[0-2]))$",
        description="Year and month from 1900-03 on, e.g. 2025-04.",
    ),
]


# Keys renamed since they were first written, old → new: a file with the old one is told to rename it.
# `no` became `number` because YAML 1.1 readers (PyYAML, the most used) read a bare no as false.
RENAMED_KEYS: dict[str, str] = {"no": "number"}


class Record(BaseModel):
    """Unknown keys are errors and values are taken as typed: a quoted "1" is not the number 1."""

    model_config = ConfigDict(extra="forbid", strict=True)


# --- national_list.yaml ---------------------------------------------------------------------------


class Document(Record):
    title: Verbatim
    number: Line = Field(description="文号, e.g. 商资发〔2024〕314号.")
    date: Day = Field(description="Date of issue.")
    issuers: list[Verbatim] = Field(min_length=1)
    opinions_title: Verbatim = Field(description="Title of the Opinions (意见) the notice carries.")
    list_title: Verbatim = Field(description="Title of the task list (任务清单) the notice carries.")


class Batch(Record):
    """A round of pilots: the State Council's approval that made them pilots. Added by stdplan."""

    number: PositiveInt
    date: Day = Field(description="The day the approving document is dated (or, where that is not known, published).")
    title: Line = Field(description="Title of the approving document, without its 《》.")
    document: Line | None = Field(
        default=None, description="Its 文号, e.g. 国函〔2015〕81号; absent where not verified."
    )


class Pilot(Record):
    name: Line = Field(description="Short name the list uses in its brackets, e.g. 重庆.")
    province: Line = Field(description="Province-level region hosting the pilot. Added by stdplan.")
    name_en: Line = Field(description="English name. Added by stdplan.")
    aliases: list[Line] = Field(default=[], description="Other names people type, e.g. 重庆市. Added by stdplan.")
    batch: PositiveInt | None = Field(
        default=None,
        description="`number` of the batch that made it a pilot; the list addresses the pilots of batches dated "
        "on or before its own date. Needed once the file records `batches`; without (data written before "
        "stdplan recorded them) every pilot counts as addressed. Added by stdplan.",
    )


class Subsection(Record):
    number: Numeral
    title: Verbatim


class Section(Record):
    number: Numeral
    title: Verbatim
    level: SectionLevel = Field(description="Level of standard the section asks for; `other` for other work.")
    subsections: list[Subsection] = []


class Item(Record):
    number: PositiveInt
    title: Verbatim = Field(description="The item's words without the trailing brackets.")
    section: Numeral
    subsection: Numeral | None = None
    scope: Verbatim = Field(description="The words inside the trailing brackets, e.g. 重庆等有意愿的省市.")
    cities: list[PilotName] = Field(default=[], description="Pilots the scope names, in its order. Derived from scope.")
    open_to: OpenTo | None = Field(
        default=None,
        description="Whom else the item goes to: all_pilots (各试点示范省市), willing (…有意愿的…) or "
        "relevant (有关试点示范省市); absent when only the named cities. Derived from scope.",
    )


class NationalList(Record):
    """national_list.yaml: the notice 商资发〔2024〕314号 and its list of items."""

    document: Document
    batches: list[Batch] = Field(
        default=[],
        description="The rounds of pilots, oldest first; absent in data written before stdplan recorded them. "
        "Added by stdplan.",
    )
    pilots: list[Pilot] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)


# --- tasks.yaml -----------------------------------------------------------------------------------


class Plan(Record):
    title: Verbatim
    city: PilotName
    status: Verbatim = Field(description="The draft's status as printed, e.g. 征求意见稿.")
    implements: Verbatim = Field(description="Number of the national notice the plan implements.")
    task_list_title: Verbatim
    lead_units: list[UnitName] = Field(min_length=1, description="Units leading the work as a whole (note 1).")
    guidance_unit: UnitName | None = Field(default=None, description="Unit giving professional guidance (note 1).")
    notes: list[Verbatim] = Field(default=[], description="The notes (注) under the task table, in order.")


class Phase(Record):
    number: Numeral
    name: Verbatim
    deadline: YearMonth
    deadline_text: Verbatim = Field(description="完成时限 as printed, e.g. 2025年4月.")
    content: Verbatim


class Target(Record):
    level: StandardLevel
    minimum: PositiveInt = Field(description="At least this many standards (以上).")
    phase: Numeral = Field(description="The phase whose text sets the target.")
    text: Verbatim = Field(description="The sentence that sets the target.")


class Category(Record):
    number: Numeral
    title: Verbatim


class ProgressEntry(Record):
    date: Day
    note: Text = Field(description="What was done, as the unit reported it.")
    by: UnitName | None = Field(default=None, description="The unit that reported it.")


class Standard(Record):
    level: StandardLevel
    title: Text
    code: Line | None = Field(default=None, description="Its number where known, e.g. DB4201/T 123—2025.")
    stages: dict[StandardStage, Day] = Field(
        min_length=1,
        description="Each stage of its life reached so far (立项 起草 征求意见 审查 报批 发布), with the date.",
    )
    planned: dict[StandardStage, Day] = Field(
        default={},
        description="Stages not reached yet, with the day each is planned for (the calendar's dates; a plan "
        "whose stage has been reached stays, and `stages` holds the day it was). Added by stdplan.",
    )


class Task(Record):
    number: PositiveInt
    title: Verbatim
    category: Numeral
    scope: Verbatim = Field(description="The 试点城市 cell: the national item's scope.")
    national_item: PositiveInt = Field(description="`no` of the national list item this task implements.")
    lead: list[UnitName] = Field(min_length=1, description="Lead units (牵头单位) in the table's order.")
    responsible: list[UnitName] = Field(
        default=[], description="Responsible units (责任单位); empty where the table says -."
    )
    lead_text: Verbatim = Field(description="The 牵头单位 cell as printed.")
    responsible_text: Verbatim = Field(description="The 责任单位 cell as printed (- where empty).")
    open_ended: bool = Field(default=False, description="The lead list ends in …等(相关)行业主管部门.")
    co_lead: bool = Field(default=False, description="The leads lead jointly (共同牵头, note 2).")
    builds_on: list[PositiveInt] = Field(default=[], description="Tasks this one builds on (note 3).")
    status: Status | None = Field(default=None, description="How far the task is. Recorded by stdplan progress add.")
    progress: list[ProgressEntry] = Field(default=[], description="Progress reported, oldest first.")
    standards: list[Standard] = Field(default=[], description="Standards the task produces.")


class TaskPlan(Record):
    """tasks.yaml: Wuhan's implementation plan and its task table."""

    plan: Plan
    phases: list[Phase] = Field(min_length=1)
    targets: list[Target] = []
    categories: list[Category] = Field(min_length=1)
    tasks: list[Task] = Field(min_length=1)


# --- units.yaml -----------------------------------------------------------------------------------


class Unit(Record):
    name: Line = Field(description="Short name as the plan's table writes it, e.g. 市公安局.")
    full_name: Line | None = Field(default=None, description="Full name, e.g. 武汉市公安局. Added by stdplan.")
    name_en: Line | None = Field(default=None, description="English name. Added by stdplan.")
    kind: UnitKind = Field(
        description="party (市委部门), government (市政府部门), vertical (垂直管理), cooperative (供销社), "
        "task_force (工作专班). Added by stdplan."
    )
    aliases: list[Line] = Field(default=[], description="Other names for the unit, e.g. 市市场监督管理局.")


class UnitList(Record):
    """units.yaml: every unit the plan names."""

    units: list[Unit] = Field(min_length=1)


# What each kind of record listed on its own holds, in order: the columns of a listing (records.py).
LISTED_RECORDS: dict[str, type[Record]] = {
    "task": Task,
    "item": Item,
    "unit": Unit,
    "pilot": Pilot,
    "progress": ProgressEntry,
}


def record_fields() -> dict[str, list[str]]:
    return {kind: list(model.model_fields) for kind, model in LISTED_RECORDS.items()}
