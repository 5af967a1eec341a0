"""The analysts' questions: tasks and items filtered, a city's coverage, the units and the cities, and one
record shown in full."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from stdplan import arguments, questions
from stdplan.cli.options import (
    DataOption,
    ForceOption,
    FormatOption,
    NoCacheOption,
    OutputOption,
    SearchOption,
    choice_of,
    city_option,
    unit_option,
    word_of,
)
from stdplan.cli.run import answer, listing_command
from stdplan.cli.words import Commands
from stdplan.i18n import _
from stdplan.questions import Counted, Shown

commands = Commands()

# The filter options of `tasks` and `items`, declared once: any command that filters as they do
# (counting, say) takes the same declarations, and passes their values to questions.task_filter or
# questions.item_filter under the same names.
LeadOption = Annotated[list[str] | None, unit_option(_("Led by this unit (repeat: any of them)."))]
ResponsibleOption = Annotated[
    list[str] | None, unit_option(_("With this unit among the responsible units (repeat: any)."))
]
UnitOption = Annotated[list[str] | None, unit_option(_("With this unit in either role (repeat: any)."))]
CategoryOption = Annotated[
    list[str] | None,
    typer.Option(help=_("Category by number (一, 1) or words from its title (repeat: any)."), metavar=_("WORDS")),
]
NationalOption = Annotated[
    list[int] | None,
    typer.Option(help=_("Implementing this national item number (repeat: any)."), metavar="N", parser=arguments.number),
]
CoLedOption = Annotated[bool, typer.Option("--co-led", help=_("Only tasks whose leads lead jointly (共同牵头)."))]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_(
            "未启动 (not_started), 推进中 (in_progress), 已完成 (done), 暂缓 (paused), or 未填报 (not_reported) "
            "for tasks with no status recorded (repeat: any)."
        ),
        **word_of("task_status"),
    ),
]
NotLeadOption = Annotated[list[str] | None, unit_option(_("Not led by this unit (repeat: none of them)."))]
NotUnitOption = Annotated[list[str] | None, unit_option(_("Without this unit in either role (repeat: none of them)."))]
NotStatusOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_("Not with this status, in the words --status takes (repeat: none of them)."),
        **word_of("task_status"),
    ),
]
NoProgressSinceOption = Annotated[
    date | None,
    typer.Option(
        help=_("Only tasks with no progress entry dated on or after this day, YYYY-MM-DD (none at all, too)."),
        metavar=_("DATE"),
        parser=arguments.day,
    ),
]

CityOption = Annotated[str | None, city_option(_("Only items that apply to this pilot, each with how it applies."))]
AssignmentOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_(
            "点名 (named: the city is in the brackets), 各试点示范省市 (all_pilots), "
            "有意愿的试点示范省市 (willing), 有关试点示范省市 (relevant); with --city, how the item "
            "reaches that city (repeat: any)."
        ),
        **word_of("assignment"),
    ),
]
SectionOption = Annotated[
    list[str] | None, typer.Option(help=_("Section of the list, 一…五 (repeat: any)."), metavar="一…五")
]
LevelOption = Annotated[
    list[str] | None,
    typer.Option(
        help=_(
            "Level of standard the section asks for: 国家标准 (national), 行业标准 (industry), "
            "地方标准 (local), 团体标准 (group), 其他 (other) (repeat: any)."
        ),
        **word_of("level"),
    ),
]
NotCityOption = Annotated[
    list[str] | None,
    city_option(
        _(
            "Not items that reach this pilot, by any kind of assignment or, with --assignment, by those kinds "
            "(repeat: none of them)."
        )
    ),
]
NotLevelOption = Annotated[
    list[str] | None,
    typer.Option(help=_("Not of this level, in the words --level takes (repeat: none of them)."), **word_of("level")),
]


@commands.command(help=_("Wuhan's tasks, filtered: different options must all hold, a repeated one any of its values."))
def tasks(
    lead: LeadOption = None,
    responsible: ResponsibleOption = None,
    unit: UnitOption = None,
    category: CategoryOption = None,
    national: NationalOption = None,
    search: SearchOption = None,
    co_led: CoLedOption = False,
    status: StatusOption = None,
    not_lead: NotLeadOption = None,
    not_unit: NotUnitOption = None,
    not_status: NotStatusOption = None,
    no_progress_since: NoProgressSinceOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    question = questions.tasks(
        lead=lead,
        responsible=responsible,
        unit=unit,
        category=category,
        national=national,
        search=search,
        co_led=co_led,
        status=status,
        not_lead=not_lead,
        not_unit=not_unit,
        not_status=not_status,
        no_progress_since=no_progress_since,
    )
    answer(data, no_cache, output_format, output, force, question)


@commands.command(help=_("Items of the national list (商资发〔2024〕314号), filtered like tasks."))
def items(
    city: CityOption = None,
    assignment: AssignmentOption = None,
    section: SectionOption = None,
    level: LevelOption = None,
    search: SearchOption = None,
    not_city: NotCityOption = None,
    not_level: NotLevelOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    question = questions.items(
        city=city,
        assignment=assignment,
        section=section,
        level=level,
        search=search,
        not_city=not_city,
        not_level=not_level,
    )
    answer(data, no_cache, output_format, output, force, question)


@commands.command(
    help=_(
        "How many items or tasks per value of a field (--by), or per pair of values of two (a matrix with "
        "totals); filtered by the options of items or tasks. An item reaching several pilots, a task with "
        "several leads, counts once under each."
    )
)
def count(
    kind: Annotated[
        Counted,
        typer.Argument(
            help=_("items (of the national list) or tasks (of the plan)."), metavar="items|tasks", **choice_of(Counted)
        ),
    ],
    by: Annotated[
        list[str],
        typer.Option(
            help=_(
                "The field to count by; twice for a matrix. Items: 城市 (city), 标准类别 (level), 部分 (section), "
                "承担方式 (assignment). Tasks: 牵头单位 (lead), 责任单位 (responsible), 单位 (unit), "
                "状态 (status), 类别 (category)."
            ),
            **word_of("count_field"),
        ),
    ],
    lead: LeadOption = None,
    responsible: ResponsibleOption = None,
    unit: UnitOption = None,
    category: CategoryOption = None,
    national: NationalOption = None,
    co_led: CoLedOption = False,
    status: StatusOption = None,
    not_lead: NotLeadOption = None,
    not_unit: NotUnitOption = None,
    not_status: NotStatusOption = None,
    no_progress_since: NoProgressSinceOption = None,
    city: CityOption = None,
    assignment: AssignmentOption = None,
    section: SectionOption = None,
    level: LevelOption = None,
    not_city: NotCityOption = None,
    not_level: NotLevelOption = None,
    search: SearchOption = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    question = questions.count(
        kind=kind,
        by=by,
        lead=lead,
        responsible=responsible,
        unit=unit,
        category=category,
        national=national,
        co_led=co_led,
        status=status,
        not_lead=not_lead,
        not_unit=not_unit,
        not_status=not_status,
        no_progress_since=no_progress_since,
        city=city,
        assignment=assignment,
        section=section,
        level=level,
        not_city=not_city,
        not_level=not_level,
        search=search,
    )
    answer(data, no_cache, output_format, output, force, question)


@commands.command(
    help=_("Every national item that applies to the city, with the local task that implements it or 'not covered'.")
)
def coverage(
    city: Annotated[str | None, city_option(_("The pilot whose plan to check (default: the plan's city)."))] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    answer(data, no_cache, output_format, output, force, questions.coverage(city=city))


listing_command(commands, "units", _("Every unit with the tasks it leads and supports."), questions.units())
listing_command(
    commands,
    "cities",
    _("Every pilot with how many national items reach it, by kind of assignment."),
    questions.cities(),
)


@commands.command(help=_("One task or item in full, with its links: a task's national item, an item's local tasks."))
def show(
    kind: Annotated[
        Shown,
        typer.Argument(
            help=_("task (of the plan) or item (of the national list)."), metavar="task|item", **choice_of(Shown)
        ),
    ],
    number: Annotated[int, typer.Argument(help=_("Its number."), metavar="N", parser=arguments.number)],
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    output_format: FormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    answer(data, no_cache, output_format, output, force, questions.show(kind=kind, number=number))
