"""The analysts' questions through the CLI: filters, names as typed, links, coverage and usage errors."""

from __future__ import annotations

import copy
import datetime
import json
from collections import Counter

import pytest

import source_text
from conftest import drop_last_task, edit, usage_error
from stdplan import queries, questions
from stdplan.i18n import ENGLISH
from stdplan.loading import load_records
from stdplan.records import NATIONAL_FILE, TASKS_FILE, UNITS_FILE, Records, addressed
from stdplan.settings import shipped_data_dir


def answer(cli, *args: str, env: dict[str, str] | None = None) -> list | dict:
    result = cli(*args, "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def numbers(cli, *args: str) -> list[int]:
    return [record["number"] for record in answer(cli, *args)]


# --- tasks ----------------------------------------------------------------------------------------


def test_tasks_led_by_a_unit(cli):
    assert numbers(cli, "tasks", "--lead", "市公安局") == [9, 10, 12, 15]


def test_tasks_with_a_unit_in_either_role(cli):
    assert numbers(cli, "tasks", "--responsible", "市公安局") == [11]
    assert numbers(cli, "tasks", "--unit", "市公安局") == [9, 10, 11, 12, 15]


@pytest.mark.parametrize(
    "typed",
    ["市公安局", "武汉市公安局", "Wuhan Municipal Public Security Bureau", "wuhan municipal public security bureau"],
)
def test_units_by_any_of_their_names(cli, typed):
    assert numbers(cli, "tasks", "--lead", typed) == [9, 10, 12, 15]


def test_an_alias_means_the_unit(cli):
    assert (
        numbers(cli, "tasks", "--unit", "市市场监督管理局")
        == numbers(cli, "tasks", "--unit", "市市场监管局")
        == [1, 2, 8, 15]
    )


def test_a_repeated_option_means_any_of_its_values(cli):
    assert numbers(cli, "tasks", "--lead", "市公安局", "--lead", "市供销社") == [4, 5, 6, 7, 9, 10, 12, 15]
    assert numbers(cli, "tasks", "--national", "74", "--national", "104") == [9, 17]
    assert numbers(cli, "tasks", "--search", "社会治理", "--search", "户政") == [9, 12]


def test_different_options_must_all_hold(cli):
    assert numbers(cli, "tasks", "--unit", "市公安局", "--co-led") == [11, 12, 15]
    assert numbers(cli, "tasks", "--lead", "市公安局", "--category", "四") == [15]
    assert numbers(cli, "tasks", "--lead", "市商务局", "--search", "公约", "--national", "100") == []


def test_categories_by_number_or_words(cli):
    by_numeral = numbers(cli, "tasks", "--category", "一")
    assert by_numeral == numbers(cli, "tasks", "--category", "1") == numbers(cli, "tasks", "--category", "国家标准")
    assert by_numeral == [1, 2]


def test_task_json_is_the_documented_interface(cli):
    (task,) = answer(cli, "tasks", "--national", "76")
    assert task["number"] == 11
    assert task["title"] == "产业园区、校园、医院等重点场所安全防范标准"
    assert (task["category"], task["scope"], task["national_item"]) == ("三", "各试点示范省市", 76)
    assert task["lead"] == ["市经信局", "市教育局", "市卫健委"]
    assert task["responsible"] == ["市公安局"]


def test_no_match_is_an_empty_answer_not_an_error(cli):
    assert answer(cli, "tasks", "--lead", "市民政局", "--category", "一") == []
    result = cli("tasks", "--lead", "市民政局", "--category", "一")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no tasks match\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tasks", "--lead", "市公安句"), "unknown unit '市公安句' — did you mean 市公安局?"),
        (("tasks", "--unit", "市监管局"), "unknown unit '市监管局' — did you mean 市市场监管局?"),
        (("items", "--city", "Chongqin"), "unknown city 'Chongqin' — did you mean 重庆?"),
        (("coverage", "--city", "wu han shi"), "unknown city 'wu han shi' — did you mean 武汉?"),
        (("tasks", "--lead", "市教委"), "unknown unit '市教委'"),
        (
            ("tasks", "--unit", "委员会"),
            "'委员会' could be any of these units: 市发改委, 市卫健委, 市委政法委, 市城管执法委",
        ),
        (("tasks", "--lead", "市委"), "'市委' could be any of these units: 市委政法委, 市委社会工作部"),
        (("tasks", "--national", "105"), "no national item 105: the list has items 1–104"),
        (
            ("tasks", "--category", "五"),
            "unknown category '五': give its number (一、二、三、四) or words from its title",
        ),
        (("items", "--section", "六"), "unknown section '六': the list has sections 一、二、三、四、五"),
        (("show", "task", "18"), "no task 18: the plan has tasks 1–17"),
        (("show", "item", "0"), "no national item 0: the list has items 1–104"),
        (("coverage", "--city", "重庆"), "coverage needs 重庆's local plan, and the data holds 武汉's only"),
    ],
)
def test_what_cannot_be_answered_is_a_usage_error(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("typed", "unit"), [("公安局", "市公安局"), ("文旅局", "市文旅局"), ("政务服务局", "市投促局（政务服务局）")]
)
def test_a_unit_is_found_by_a_unique_short_form(cli, typed, unit):
    tasks = json.loads(cli("tasks", "--unit", typed, "-f", "json").stdout)
    assert tasks
    assert all(unit in task["lead"] + task["responsible"] for task in tasks)


def test_unknown_choice_is_a_usage_error(cli):
    result = cli("items", "--level", "city")
    assert result.exit_code == 2
    assert "'city' is not one of" in usage_error(result.stderr)


# --- items ----------------------------------------------------------------------------------------


def assignments(cli, *args: str) -> Counter[str]:
    return Counter(record["assignment"] for record in answer(cli, "items", *args))


@pytest.mark.parametrize("typed", ["重庆", "重庆市", "Chongqing", "chongqing", "ＣＨＯＮＧＱＩＮＧ"])
def test_items_reaching_chongqing_and_how(cli, typed):
    assert assignments(cli, "--city", typed) == {"named": 28, "all_pilots": 13, "willing": 1, "relevant": 1}


def test_items_reaching_wuhan(cli):
    counts = assignments(cli, "--city", "武汉")
    assert counts["named"] == 0
    assert counts.total() == 17


def test_item_json_is_the_documented_interface(cli):
    items = answer(cli, "items", "--city", "重庆", "--assignment", "willing")
    assert items == [
        {
            "number": 2,
            "title": "“两业”融合领域的服务衍生制造、服务型制造及相关制造业企业服务业务等分类、核算标准",
            "section": "一",
            "subsection": None,
            "scope": "广州及其他有意愿的试点示范省市",
            "cities": ["广州"],
            "open_to": "willing",
            "level": "national",
            "assignment": "willing",
        }
    ]
    assert "assignment" not in answer(cli, "items", "--section", "一")[0]


def test_item_filters(cli):
    assert [
        item["number"]
        for item in answer(cli, "items", "--city", "重庆", "--assignment", "willing", "--assignment", "relevant")
    ] == [2, 100]
    # Without a city, an assignment kind selects the items that have it for some pilot.
    assert [item["number"] for item in answer(cli, "items", "--assignment", "relevant")] == [100]
    naming = [item["number"] for item in answer(cli, "items") if item["cities"]]
    assert [item["number"] for item in answer(cli, "items", "--assignment", "named")] == naming
    assert len(naming) == 90
    industry = answer(cli, "items", "--level", "industry")
    assert industry == answer(cli, "items", "--section", "二") == answer(cli, "items", "--section", "2")
    assert {item["subsection"] for item in industry} == {"一", "二"}
    assert {item["level"] for item in answer(cli, "items", "--level", "group", "--level", "other")} == {
        "group",
        "other",
    }
    assert [item["number"] for item in answer(cli, "items", "--search", "图书馆")] == [1, 23]


# --- show -----------------------------------------------------------------------------------------


def test_show_task_links_its_national_item(cli):
    task = answer(cli, "show", "task", "11")
    assert task["co_lead"] is True
    assert task["category_title"] == "先行制定经济社会发展急需、当地有工作基础的相关领域地方标准，为全局工作积累经验"
    national = task["national"]
    # The keys scripts have read since the start, unchanged, and what was added beside them.
    assert {key: national[key] for key in ("number", "title", "section", "subsection", "scope", "level")} == {
        "number": 76,
        "title": "产业园区、校园、医院等重点场所安全防范标准",
        "section": "三",
        "subsection": "七",
        "scope": "各试点示范省市",
        "level": "local",
    }
    assert (national["cities"], national["open_to"]) == ([], "all_pilots")
    every_pilot_then = ["北京", "天津", "沈阳", "上海", "南京", "杭州", "武汉", "广州", "海南", "重庆", "成都"]
    assert national["pilots"] == every_pilot_then  # 各试点示范省市: the pilots the list addresses


def test_show_task_keeps_its_json_keys_and_adds_the_pilots():
    ds = load_records(shipped_data_dir())
    record = queries.show_task(ds, 9).record
    assert list(record) == [*ds.fields["task"], "category_title", "national"]
    assert list(record["national"]) == [
        "number", "title", "section", "subsection", "scope", "level", "cities", "open_to", "pilots"
    ]  # fmt: skip


def test_an_items_pilots_are_those_named_and_those_its_open_to_reaches():
    ds = load_records(shipped_data_dir())
    assert queries.pilots(ds, ds.items_by_no[102]) == ["广州"]  # named alone
    willing = queries.pilots(ds, ds.items_by_no[103])  # 重庆等有意愿的省市: every pilot the list addresses
    assert willing == [pilot["name"] for pilot in ds.pilots if pilot["name"] in ds.addressed_pilots]
    assert "重庆" in willing


def test_show_item_links_the_tasks_that_implement_it(cli):
    item = answer(cli, "show", "item", "74")
    assert (item["section_title"], item["subsection_title"]) == (
        "先行制定经济社会发展急需、当地有工作基础的相关领域地方标准，为全局工作积累经验",
        "公共安全服务",
    )
    assert item["tasks"] == [
        {
            "number": 9,
            "title": "户政、车驾管等相关领域服务标准",
            "lead": ["市公安局"],
            "category": "三",
            "scope": "各试点示范省市",
            "lead_text": "市公安局",
            "responsible_text": "-",
            "status": None,
        }
    ]
    assert item["pilots"][:3] == ["北京", "天津", "沈阳"]
    assert answer(cli, "show", "item", "8")["tasks"] == []


def test_show_table_lists_every_field(cli):
    result = cli("show", "task", "9")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["field", "local", "task", "national", "item"]
    for field in ("lead_text", "category_title", "status", "progress", "standards"):
        assert any(line.split()[:1] == [field] for line in lines), field


def _rows(text: str) -> dict[str, list[str]]:
    """A Markdown table's rows by their first cell."""
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in text.splitlines()]
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize(
    ("language", "headings", "words"),
    [
        ("en", ["local task", "national item"], ("title", "scope", "level", "pilots", "local")),
        ("zh", ["本市任务", "国家清单事项"], ("任务内容", "试点城市", "标准类别", "承担的试点城市", "地方标准")),
    ],
)
def test_show_task_puts_its_words_beside_its_national_items(cli, request, language, headings, words):
    if language == "zh":
        request.getfixturevalue("chinese")
    title, scope, level, pilots, local = words
    result = cli("show", "task", "9", "-f", "md")
    assert result.exit_code == 0, result.stderr
    rows = _rows(result.stdout)
    assert next(iter(rows.values())) == headings
    assert rows[title] == ["户政、车驾管等相关领域服务标准"] * 2  # task 9 and item 74
    assert rows[scope] == ["各试点示范省市"] * 2
    assert rows[level] == ["", local]
    assert rows[pilots][0] == ""
    assert "武汉" in rows[pilots][1]
    table = cli("show", "task", "9").stdout.splitlines()
    # At 100 columns, the row holds both titles whole.
    assert [line.split() for line in table if line.split()[:1] == [title]] == [[title, *rows[title]]]
    assert headings[0].split()[0] in table[2]
    assert headings[1].split()[0] in table[2]


def test_show_item_puts_the_tasks_that_implement_it_beside_it(cli, chinese):
    rows = _rows(cli("show", "item", "74", "-f", "md").stdout)
    assert next(iter(rows.values())) == ["国家清单事项", "本市任务"]
    assert rows["序号"] == ["74", "9"]
    assert rows["牵头单位"] == ["", "市公安局"]
    assert rows["状态"] == ["", "未填报"]
    assert rows["小类名称"] == ["公共安全服务", ""]
    table = cli("show", "item", "74").stdout
    assert "市公安局" in table
    assert "未填报" in table
    # An item no task implements is its fields alone.
    assert _rows(cli("show", "item", "8", "-f", "md").stdout)["字段"] == ["内容"]


# --- coverage -------------------------------------------------------------------------------------


def test_wuhan_plan_covers_every_item_that_applies(cli):
    result = cli("coverage", "--city", "武汉")
    assert result.exit_code == 0
    assert result.stderr == "17/17 national items that apply to 武汉 are covered by a task\n"
    rows = answer(cli, "coverage")
    assert len(rows) == 17
    assert {"item": 74, "task": 9, "assignment": "all_pilots"}.items() <= rows[8].items()
    assert all(row["task"] is not None for row in rows)


def test_an_item_without_a_task_is_not_covered(cli, data_dir):
    drop_last_task(data_dir)
    result = cli("coverage", "--data", str(data_dir))
    assert result.exit_code == 0
    assert result.stderr == "16/17 national items that apply to 武汉 are covered by a task; not covered: 104\n"
    assert "not covered" in result.stdout.splitlines()[-2]
    rows = answer(cli, "coverage", env={"STDPLAN_DATA": str(data_dir)})
    assert rows[-1] == {"item": 104, "assignment": "willing", "title": rows[-1]["title"], "task": None}


# --- units and cities -----------------------------------------------------------------------------


def test_units_count_tasks_led_and_supported(cli):
    units = {unit["name"]: unit for unit in answer(cli, "units")}
    assert len(units) == 19
    police = units["市公安局"]
    assert (police["led"], police["led_tasks"], police["supported"], police["supported_tasks"]) == (
        4,
        [9, 10, 12, 15],
        1,
        [11],
    )
    assert police["full_name"] == "武汉市公安局"


def test_cities_count_items_by_assignment(cli):
    cities = {city["name"]: city for city in answer(cli, "cities")}
    assert len(cities) == 20
    assert {k: cities["重庆"][k] for k in ("named", "all_pilots", "willing", "relevant", "total")} == {
        "named": 28,
        "all_pilots": 13,
        "willing": 1,
        "relevant": 1,
        "total": 43,
    }
    assert cities["武汉"]["total"] == 17


FIRST_ELEVEN = ["北京", "天津", "沈阳", "上海", "南京", "杭州", "武汉", "广州", "海南", "重庆", "成都"]
BATCH_FOUR = ["大连", "宁波", "厦门", "青岛", "深圳", "合肥", "福州", "西安", "苏州"]


def test_cities_are_the_twenty_pilots_with_the_batch_that_made_each_one(cli):
    result = cli("cities", "--format", "json")
    assert result.exit_code == 0, result.stderr
    cities = {city["name"]: city for city in json.loads(result.stdout)}
    assert list(cities) == FIRST_ELEVEN + BATCH_FOUR
    made = {name: (city["batch"], city["batch_date"], city["batch_document"]) for name, city in cities.items()}
    assert made["北京"] == (1, "2015-05-05", "国函〔2015〕81号")
    assert made["重庆"] == (2, "2021-04-09", "国函〔2021〕37号")
    assert made["武汉"] == (3, "2022-12-20", None)  # its 文号 is not verified: left out, not guessed
    assert {made[name] for name in BATCH_FOUR} == {(4, "2025-04-11", "商资函〔2025〕84号")}
    assert cities["深圳"]["batch_title"] == "加快推进服务业扩大开放综合试点工作方案"
    # The list predates batch 4: nothing reaches its pilots, 各试点示范省市 items included.
    for name in BATCH_FOUR:
        assert [cities[name][key] for key in ("named", "all_pilots", "willing", "relevant", "total")] == [0] * 5
    assert "the national list (商资发〔2024〕314号, 2024-12-31) addresses the 11 there were then" in result.stderr


def test_the_first_elevens_counts_are_as_the_notice_gives_them(cli):
    totals = {city["name"]: city["total"] for city in answer(cli, "cities")}
    assert [totals[name] for name in FIRST_ELEVEN] == [26, 26, 17, 20, 31, 21, 17, 27, 20, 43, 32]


SHENZHEN_EXPLAINED = (
    "深圳 became a pilot in batch 4 on 2025-04-11 (商资函〔2025〕84号), after the national list "
    "(商资发〔2024〕314号, 2024-12-31): none of its items applies to 深圳\n"
)


@pytest.mark.parametrize("typed", ["深圳", "深圳市", "Shenzhen"])
@pytest.mark.parametrize("more", [(), ("--assignment", "named"), ("--assignment", "各试点示范省市"), ("-s", "标准")])
def test_a_pilot_made_after_the_list_has_no_items_and_is_told_why(cli, typed, more):
    result = cli("items", "--city", typed, *more, "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")  # scripts read stdout
    assert result.stderr == "no items match\n" + SHENZHEN_EXPLAINED
    table = cli("items", "--city", typed, *more)
    assert (table.exit_code, table.stdout, table.stderr) == (0, "", result.stderr)


def test_coverage_of_a_pilot_made_after_the_list_is_empty_and_told_why(cli):
    result = cli("coverage", "--city", "深圳", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == "no coverage match\n" + SHENZHEN_EXPLAINED


def test_a_pilot_of_the_list_is_told_nothing_more(cli):
    assert cli("items", "--city", "武汉", "-f", "json").stderr == ""


# --- whom the list addresses, in the core ---------------------------------------------------------


def records_with(*pilots: dict, batches: tuple[dict, ...] = ()) -> Records:
    """The shipped records with more batches and pilots in the national list."""
    shipped = load_records(shipped_data_dir())
    national = copy.deepcopy(shipped.national)
    national["batches"] += batches
    national["pilots"] += [{"province": "某省", "aliases": [], **pilot} for pilot in pilots]
    files = {
        NATIONAL_FILE: json.dumps(national),
        TASKS_FILE: json.dumps(shipped.plan),
        UNITS_FILE: json.dumps(shipped.units),
    }
    return Records(files, json.dumps(shipped.fields))


def test_the_list_addresses_the_pilots_there_were_on_its_date():
    assert addressed("2024-12-31", "2024-12-31")  # made a pilot the day the list was issued: addressed
    assert not addressed("2024-12-31", "2025-01-01")
    assert addressed(datetime.date(2024, 12, 31), datetime.date(2015, 5, 5))
    assert addressed("2024-12-31", None)  # a batch not on record: the check says so, the rule does not guess


def test_a_pilot_made_after_the_list_gets_nothing_even_of_the_items_for_every_pilot():
    later = {"number": 5, "date": "2025-06-01", "title": "某批复", "document": None}
    ds = records_with(
        {"name": "甲", "name_en": "Jia", "batch": 5}, {"name": "乙", "name_en": "Yi", "batch": 1}, batches=(later,)
    )
    every_pilot = ds.items_by_no[1]
    assert every_pilot["open_to"] == "all_pilots"
    assert queries.assignment_for(ds, every_pilot, "甲") is None
    assert queries.assignment_for(ds, every_pilot, "乙") == "all_pilots"  # made a pilot in 2015: addressed
    assert queries.assignment_for(ds, every_pilot, "深圳") is None
    assert not any(queries.assignment_for(ds, item, "甲") for item in ds.items)
    listing = queries.find_items(ds, queries.ItemFilter(city="甲"))
    assert listing.records == []
    assert "甲 became a pilot in batch 5 on 2025-06-01, after the national list" in ENGLISH.say(listing.summary)
    assert queries.find_items(ds, queries.ItemFilter(city="乙")).summary is None
    totals = {city["name"]: city["total"] for city in queries.list_cities(ds).records}
    assert (totals["甲"], totals["乙"], totals["武汉"]) == (0, 17, 17)


def test_an_open_item_reaches_nobody_when_the_list_addresses_no_one_it_does_not_name():
    ds = records_with()
    ds.addressed_pilots = frozenset({"广州"})  # as if 广州 were the only pilot then
    willing = ds.items_by_no[2]  # 广州及其他有意愿的试点示范省市
    assert queries._assignments(ds, willing, None) == {"named"}
    assert queries._assignments(ds, ds.items_by_no[1], None) == {"all_pilots"}


# --- exclusions and silence -----------------------------------------------------------------------

ALL_TASKS = list(range(1, 18))
OPEN_SCOPES = ("各试点示范省市", "有关试点示范省市", "有意愿")  # for every pilot the notice addresses


def reached_by_the_notice(city: str) -> set[int]:
    """The items whose scope, in the notice's own words, names the city or is open to every pilot it
    addresses (重庆 and 武汉 both are): read from the published text, not through stdplan."""
    return {item.number for item in source_text.national_items() if city in item.scope or any(
        words in item.scope for words in OPEN_SCOPES)}  # fmt: skip


def test_items_reaching_one_pilot_and_not_another_are_the_notices(cli):
    expected = reached_by_the_notice("重庆") - reached_by_the_notice("武汉")
    assert len(expected) == 26  # named for 重庆 alone or among others, none of them open to more
    assert set(numbers(cli, "items", "--city", "重庆", "--not-city", "武汉")) == expected
    assert set(numbers(cli, "items", "--not-city", "武汉")) == set(range(1, 105)) - reached_by_the_notice("武汉")


@pytest.mark.parametrize("typed", ["重庆", "重庆市", "Chongqing", "chongqing"])
def test_excluded_cities_by_any_of_their_names(cli, typed):
    assert numbers(cli, "items", "--not-city", typed) == numbers(cli, "items", "--not-city", "重庆")
    assert not set(numbers(cli, "items", "--not-city", typed)) & set(numbers(cli, "items", "--city", "重庆"))


def test_a_repeated_exclusion_leaves_out_any_of_its_values(cli):
    reached = set(numbers(cli, "items", "--city", "重庆")) | set(numbers(cli, "items", "--city", "成都"))
    left = numbers(cli, "items", "--not-city", "重庆", "--not-city", "成都")
    assert set(left) == set(range(1, 105)) - reached
    assert left  # items for 南京, 天津… alone


def test_assignment_narrows_what_reaching_an_excluded_city_means(cli):
    # Item 2 names 广州 and is open to other willing pilots: it reaches 重庆, but not by being named.
    assert 2 not in numbers(cli, "items", "--not-city", "重庆")
    named_not_for_chongqing = numbers(cli, "items", "--assignment", "named", "--not-city", "重庆")
    assert 2 in named_not_for_chongqing
    naming = {item["number"]: item["cities"] for item in answer(cli, "items", "--assignment", "named")}
    assert named_not_for_chongqing == [number for number, cities in naming.items() if "重庆" not in cities]
    # A pilot made after the list is reached by nothing, so leaves nothing out.
    assert numbers(cli, "items", "--not-city", "深圳") == list(range(1, 105))


def test_excluded_levels_in_either_language(cli):
    local = set(numbers(cli, "items", "--level", "local"))
    rest = numbers(cli, "items", "--not-level", "地方标准")
    assert rest == numbers(cli, "items", "--not-level", "local")
    assert set(rest) == set(range(1, 105)) - local
    assert numbers(cli, "items", "--level", "local", "--not-level", "local") == []
    assert {item["level"] for item in answer(cli, "items", "--not-level", "national", "--not-level", "行业标准")} == {
        "local",
        "group",
        "other",
    }


def test_excluded_units_by_lead_or_in_either_role(cli):
    assert numbers(cli, "tasks", "--not-lead", "市公安局") == [n for n in ALL_TASKS if n not in (9, 10, 12, 15)]
    assert numbers(cli, "tasks", "--not-unit", "公安局") == [n for n in ALL_TASKS if n not in (9, 10, 11, 12, 15)]
    assert numbers(cli, "tasks", "--unit", "市公安局", "--not-lead", "Wuhan Municipal Public Security Bureau") == [11]
    # An alias means the unit, to leave out as to pick.
    assert numbers(cli, "tasks", "--not-unit", "市市场监督管理局") == [n for n in ALL_TASKS if n not in (1, 2, 8, 15)]
    assert numbers(cli, "tasks", "--not-lead", "市公安局", "--not-lead", "市供销社") == [1, 2, 3, 8, 11, 13, 14, 16, 17]


def test_excluded_statuses_not_reported_too(cli, data_dir):
    data = ("--data", str(data_dir))
    for task, status in ((9, "推进中"), (10, "done"), (11, "暂缓")):
        assert (
            cli(
                "progress", "add", str(task), "--date", "2025-06-01", "--note", "x", "--status", status, *data
            ).exit_code
            == 0
        )
    assert numbers(cli, "tasks", "--not-status", "未填报", *data) == [9, 10, 11]
    assert numbers(cli, "tasks", "--not-status", "not_reported", "--not-status", "已完成", *data) == [9, 11]
    assert numbers(cli, "tasks", "--status", "in_progress", "--not-status", "paused", *data) == [9]
    assert numbers(cli, "tasks", "--not-status", "in_progress", *data) == [n for n in ALL_TASKS if n != 9]


def test_tasks_silent_since_a_day(cli, data_dir):
    data = ("--data", str(data_dir))
    assert cli("progress", "add", "9", "--date", "2025-06-05", "--note", "调研完成", *data).exit_code == 0
    assert cli("progress", "add", "10", "--date", "2025-05-01", "--note", "启动", *data).exit_code == 0
    silent = numbers(cli, "tasks", "--no-progress-since", "2025-06-01", *data)
    assert 10 in silent
    assert 9 not in silent
    assert silent == [n for n in ALL_TASKS if n != 9]  # tasks that never reported are silent too
    # On or after the day: an entry of that very day breaks the silence, one of the day before does not.
    assert 9 not in numbers(cli, "tasks", "--no-progress-since", "2025-06-05", *data)
    assert 9 in numbers(cli, "tasks", "--no-progress-since", "2025-06-06", *data)
    assert numbers(cli, "tasks", "--no-progress-since", "2025-05-01", "--lead", "市公安局", *data) == [12, 15]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tasks", "--not-lead", "市公安句"), "unknown unit '市公安句' — did you mean 市公安局?"),
        (("tasks", "--not-unit", "市委"), "'市委' could be any of these units: 市委政法委, 市委社会工作部"),
        (("items", "--not-city", "Chongqin"), "unknown city 'Chongqin' — did you mean 重庆?"),
        (("tasks", "--not-status", "finished"), "'finished' is not one of"),
        (("items", "--not-level", "city"), "'city' is not one of"),
        (("tasks", "--no-progress-since", "2025-6-1"), "'2025-6-1' is not a date written like 2025-09-01"),
    ],
)
def test_exclusions_refuse_what_the_positive_filters_refuse(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)
    assert result.stdout == ""


def test_the_exclusions_in_chinese(cli, chinese):
    result = cli("tasks", "--not-lead", "市公安句")
    assert result.exit_code == 2
    assert "未知单位“市公安句”，是否要找 市公安局？" in usage_error(result.stderr)
    assert numbers(cli, "items", "--city", "重庆市", "--not-city", "武汉市", "--not-level", "团体标准") == [
        number for number in numbers(cli, "items", "--city", "重庆", "--not-city", "武汉")
        if number not in numbers(cli, "items", "--level", "group")
    ]  # fmt: skip


def test_one_filter_implementation_for_every_command_that_filters():
    """What a command counting tasks or items builds on: the filter from the options, a test of one
    record, the matching records; all three agree with the listing."""
    ds = load_records(shipped_data_dir())
    wanted = questions.task_filter(
        unit=["市公安局"], not_lead=["市委政法委"], no_progress_since=datetime.date(2025, 1, 1)
    )
    passes = queries.task_filter_test(ds, wanted)
    listed = queries.find_tasks(ds, wanted).records
    assert [task["number"] for task in listed] == [9, 10, 11]
    assert queries.matching_tasks(ds, wanted) == listed == [task for task in ds.tasks if passes(task)]
    wanted = questions.item_filter(city="重庆", not_city=["武汉"], not_level=["group"])
    passes = queries.item_filter_test(ds, wanted)
    listed = queries.find_items(ds, wanted).records
    assert queries.matching_items(ds, wanted) == listed
    assert [item["number"] for item in listed] == [item["number"] for item in ds.items if passes(item)]
    assert {item["assignment"] for item in listed} == {"named"}
    assert questions.task_filter() == queries.TaskFilter()
    assert questions.item_filter() == queries.ItemFilter()


# --- data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("tasks",), ("items",), ("coverage",), ("units",), ("cities",), ("show", "task", "1")]
)
def test_queries_refuse_invalid_data_with_validates_problems(cli, data_dir, command):
    edit(data_dir / "tasks.yaml", "    lead: [市公安局]\n", "    lead: [市公安句]\n")
    expected = cli("validate", "--data", str(data_dir)).stdout
    result = cli(*command, "--data", str(data_dir))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected
    assert "unknown unit '市公安句' — did you mean 市公安局?" in expected


def test_queries_read_the_data_from_the_environment(cli, data_dir):
    drop_last_task(data_dir)
    assert numbers(cli, "tasks", "--lead", "市投促局") == [17]
    assert answer(cli, "tasks", "--lead", "市投促局", env={"STDPLAN_DATA": str(data_dir)}) == []


# --- shell completion -----------------------------------------------------------------------------


def complete(cli, words: str) -> list[str]:
    env = {"_STDPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    result = cli(env=env)
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_completion_offers_unit_and_city_names(cli):
    assert complete(cli, "stdplan tasks --lead 市公") == ["市公安局"]
    assert complete(cli, "stdplan tasks --unit 市市场") == ["市市场监管局", "市市场监督管理局"]
    assert complete(cli, "stdplan items --city Ch") == ["Chongqing", "Chengdu"]
    assert len(complete(cli, "stdplan coverage --city ")) == 20


def test_completion_offers_names_to_exclude_as_to_pick(cli):
    assert complete(cli, "stdplan tasks --not-lead 市公") == complete(cli, "stdplan tasks --lead 市公")
    assert complete(cli, "stdplan tasks --not-unit 市市场") == ["市市场监管局", "市市场监督管理局"]
    assert complete(cli, "stdplan items --not-city Ch") == ["Chongqing", "Chengdu"]
    assert "未填报" in complete(cli, "stdplan tasks --not-status 未")
    assert complete(cli, "stdplan items --not-level 地方") == ["地方标准"]
