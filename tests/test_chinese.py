"""The Chinese interface: language choice, help, headings and values, messages, names as people say them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import edit, usage_error
from stdplan.line_breaking import NO_START
from stdplan.settings import language

ENGLISH_CODES = {"national", "industry", "local", "group", "other", "named", "all_pilots", "willing", "relevant"}
ENGLISH_CODES |= {"not_started", "in_progress", "done", "paused", "TRUE", "FALSE", "True", "False", "yes", "no"}


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "C"}, "zh"),
        ({"LC_ALL": "POSIX"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "en_GB:en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "zh"),
        ({"STDPLAN_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"STDPLAN_LANG": "zh", "LC_ALL": "en_US.UTF-8"}, "zh"),
    ],
)
def test_the_language_is_chinese_unless_english_is_asked_for(environment, expected):
    assert language(environment) == expected


def installed(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """stdplan as a user runs it: a process of its own, with only the locale given here."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    clean.pop("STDPLAN_LANG", None)
    env = {**clean, "COLUMNS": "100", "NO_COLOR": "1", **environment}
    return subprocess.run(
        [sys.executable, "-m", "stdplan", *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize("args", [("--help",), ("tasks", "--help")])
def test_help_is_chinese_by_default_and_english_on_request(args):
    chinese = installed(*args).stdout
    assert "用法：" in chinese
    assert "选项" in chinese
    if args[0] == "tasks":
        assert "由该单位牵头" in chinese
        assert "--lead" in chinese  # option names stay as they are
    else:
        assert "服务业扩大开放" in chinese
        assert "查询武汉市任务" in chinese
    for environment in ({"LANG": "en_US.UTF-8"}, {"STDPLAN_LANG": "en"}):
        english = installed(*args, **environment).stdout
        assert "Usage:" in english
        assert "用法" not in english
        assert "Options" in english


def test_a_typo_is_told_in_chinese_with_the_suggestion():
    result = installed("tasks", "--lead", "市公安句")
    assert result.returncode == 2
    assert "错误" in result.stderr
    assert "未知单位“市公安句”" in result.stderr
    assert "市公安局" in result.stderr


def test_csv_has_the_documents_headings_and_chinese_values(cli, chinese):
    rows = list(csv.reader(io.StringIO(cli("tasks", "--lead", "公安局", "--format", "csv").stdout)))
    assert {"序号", "任务内容", "牵头单位", "责任单位", "状态"} <= set(rows[0])
    values = {cell for row in rows[1:] for cell in row}
    assert not values & ENGLISH_CODES
    assert "否" in values  # co_lead, open_ended: 是/否
    assert "未填报" in values  # no status recorded
    items = list(csv.reader(io.StringIO(cli("items", "--city", "重庆", "--format", "csv").stdout)))
    assert {"标准类别", "承担方式"} <= set(items[0])
    assert not {cell for row in items[1:] for cell in row} & ENGLISH_CODES


def test_xlsx_and_markdown_speak_chinese_too(cli, chinese, tmp_path):
    target = tmp_path / "台账.xlsx"
    assert cli("tasks", "--lead", "公安局", "-o", str(target)).exit_code == 0
    sheet = load_workbook(target).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "任务"
    assert {"序号", "牵头单位", "责任单位"} <= set(rows[0])
    assert not {value for row in rows[1:] for value in row if isinstance(value, str)} & ENGLISH_CODES
    assert not any(isinstance(value, bool) for row in rows for value in row)  # never TRUE/FALSE cells
    markdown = cli("tasks", "--lead", "公安局", "--format", "md").stdout
    assert markdown.startswith("| 序号 | 类别 | 任务内容 | 牵头单位 |")
    assert "| 未填报 |" in markdown


def test_json_keeps_english_keys_and_codes_in_chinese(cli, chinese):
    tasks = json.loads(cli("tasks", "--lead", "公安局", "-f", "json").stdout)
    assert tasks[0]["number"] == 9
    assert "no" not in tasks[0]
    assert tasks[0]["status"] is None
    items = json.loads(cli("items", "--level", "国家标准", "-f", "json").stdout)
    assert {item["level"] for item in items} == {"national"}


@pytest.mark.parametrize(
    ("chinese_words", "codes"),
    [
        (("items", "--level", "国家标准"), ("items", "--level", "national")),
        (("items", "--assignment", "点名"), ("items", "--assignment", "named")),
        (
            ("items", "--city", "重庆", "--assignment", "有意愿的试点示范省市"),
            ("items", "--city", "重庆", "--assignment", "willing"),
        ),
        (("items", "--level", "其他"), ("items", "--level", "other")),
    ],
)
def test_chinese_words_select_what_the_codes_select(cli, chinese_words, codes):
    answer = json.loads(cli(*chinese_words, "-f", "json").stdout)
    assert answer
    assert answer == json.loads(cli(*codes, "-f", "json").stdout)


def test_validate_says_an_unknown_unit_in_chinese_at_its_line(cli, chinese, data_dir):
    line = edit(data_dir / "tasks.yaml", "    lead: [市公安局]\n", "    lead: [市不存在局]\n")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    tasks_yaml = data_dir / "tasks.yaml"
    assert f"{tasks_yaml}:{line}:12: 未知单位“市不存在局”" in result.stdout
    assert "units.yaml" in result.stdout
    assert "[unknown-unit]" in result.stdout


def test_a_shared_short_form_lists_the_candidates_in_chinese(cli, chinese):
    result = cli("tasks", "--lead", "市委")
    assert result.exit_code == 2
    message = usage_error(result.stderr)
    assert "市委政法委" in message
    assert "市委社会工作部" in message


def test_no_wrapped_table_line_starts_with_closing_punctuation(cli, chinese):
    for columns in ("60", "80", "100"):
        table = cli("items", env={"COLUMNS": columns}).stdout
        for line in table.splitlines():
            for cell in line.split("   "):
                cell = cell.strip()
                assert not cell or cell[0] not in NO_START, (columns, line)


def test_completion_offers_the_chinese_words():
    completion = installed(
        "items",
        "--level",
        "国",
        _STDPLAN_COMPLETE="complete_bash",
        COMP_WORDS="stdplan items --level 国",
        COMP_CWORD="3",
    )
    assert "国家标准" in completion.stdout


def test_the_catalog_is_in_the_package():
    import stdplan

    assert (Path(stdplan.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "stdplan.mo").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "task", "1", "2"), "多出了参数（2）"),
        (("valdate",), "没有命令“valdate”。是否要找 'validate'？"),
        (("tasks", "--co-led=yes"), "选项 --co-led 后面不能写值。"),
        (("tasks", "--search", " "), "“ ”里没有可查找的词语"),
        (("tasks", "--category", ""), "“”里没有可查找的词语"),
        (("items", "--section", "1" * 5000), "未知部分"),
        (("tasks", "--category", "𐩀"), "未知类别"),
        (("show", "task", "9" * 5000), "不是数字"),
        (("standard", "add", "3", "--level", "其他", "--title", "x"), "国家标准、行业标准、地方标准、团体标准"),
    ],
)
def test_odd_requests_are_usage_errors_in_chinese(args, message):
    result = installed(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert message in usage_error(result.stderr)


def test_an_edit_of_a_directory_without_tasks_yaml_says_so(tmp_path):
    result = installed("progress", "add", "3", "--date", "2025-09-01", "--note", "x", "--data", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "tasks.yaml" in result.stderr
