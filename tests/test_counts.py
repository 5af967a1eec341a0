"""stdplan count (issue 16): counts of items or tasks per value of one field, or a matrix of two."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest

from conftest import usage_error
from stdplan import vocabulary
from stdplan.counts import ITEM_FIELDS, TASK_FIELDS, count_items, count_tasks
from stdplan.loading import load_records
from stdplan.queries import ItemFilter, TaskFilter, find_items, find_tasks
from stdplan.settings import shipped_data_dir


@pytest.fixture(scope="module")
def records():
    return load_records(shipped_data_dir())


def test_the_fields_typed_are_the_fields_counted():
    assert vocabulary.codes("count_field") == (*ITEM_FIELDS, *TASK_FIELDS)


def test_items_by_level_sum_to_the_whole_list(records):
    counts = count_items(records, ItemFilter(), ["level"]).records
    assert sum(row["count"] for row in counts) == 104
    assert [row["level"] for row in counts] == ["national", "industry", "local", "group", "other"]


def test_a_matrix_of_city_and_level_is_every_pair_each_as_the_listing_counts_it(records):
    counts = count_items(records, ItemFilter(), ["city", "level"]).records
    assert len(counts) == 11 * 5  # the pilots the list addresses, by the five levels, zeros included
    for row in counts:
        listed = find_items(records, ItemFilter(city=row["city"], level=[row["level"]])).records
        assert row["count"] == len(listed), row


def test_tasks_by_lead_count_each_lead_once(records):
    counts = {row["lead"]: row["count"] for row in count_tasks(records, TaskFilter(), ["lead"]).records}
    for unit, count in counts.items():
        assert count == len(find_tasks(records, TaskFilter(lead=[unit])).records)
    assert counts["市公安局"] == 4


def test_tasks_with_no_responsible_unit_count_under_none(records):
    counts = {row["responsible"]: row["count"] for row in count_tasks(records, TaskFilter(), ["responsible"]).records}
    assert counts[None] == sum(1 for task in records.tasks if not task["responsible"])


def test_the_count_command_in_every_format(cli, tmp_path):
    result = cli("count", "items", "--by", "city", "--by", "level", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {"city": "重庆", "level": "local", "count": 28} in json.loads(result.stdout)
    table = cli("count", "items", "--by", "level").stdout
    assert re.search(r"total +104", table)
    markdown = cli("count", "items", "--by", "city", "--by", "level", "--format", "md").stdout
    assert markdown.splitlines()[0] == "| city | national | industry | local | group | other | total |"
    assert markdown.splitlines()[-1] == "| total | 22 | 63 | 116 | 18 | 61 | 280 |"
    workbook = tmp_path / "counts.xlsx"
    assert cli("count", "items", "--by", "city", "--by", "level", "-o", str(workbook)).exit_code == 0
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["city", "national", "industry", "local", "group", "other", "total"]
    assert rows[10] == ["重庆", 2, 6, 28, 2, 5, 43]
    assert rows[-1] == ["total", 22, 63, 116, 18, 61, 280]


def test_counts_in_chinese(cli, chinese):
    table = cli("count", "tasks", "--by", "status").stdout
    assert "未填报" in table
    assert "合计" in table


def test_fields_a_kind_is_not_counted_by_are_refused(cli):
    result = cli("count", "items", "--by", "lead")
    assert result.exit_code == 2
    result = cli("count", "tasks", "--by", "lead", "--by", "status", "--by", "unit")
    assert result.exit_code == 2


def test_the_matrix_equals_the_listings_one_by_one(cli):
    """The acceptance: each of the 55 counts is what `items --city C --level L` lists."""
    matrix = json.loads(cli("count", "items", "--by", "city", "--by", "level", "--format", "json").stdout)
    assert len(matrix) == 55
    for row in matrix:
        listed = cli("items", "--city", row["city"], "--level", row["level"], "--format", "json")
        assert row["count"] == len(json.loads(listed.stdout)), row


def test_tasks_by_lead_and_the_units_gone_quiet(cli, data_dir):
    data = ("--data", str(data_dir))
    for task, day in (("9", "2025-06-05"), ("10", "2025-05-01"), ("3", "2025-06-10")):
        assert cli("progress", "add", task, "--note", "进展", "--date", day, *data).exit_code == 0
    every = {
        row["lead"]: row["count"]
        for row in json.loads(cli("count", "tasks", "--by", "lead", "-f", "json", *data).stdout)
    }
    for unit, count in every.items():
        assert count == len(json.loads(cli("tasks", "--lead", unit, "-f", "json", *data).stdout))
    quiet = cli("count", "tasks", "--by", "lead", "--no-progress-since", "2025-06-01", "-f", "json", *data)
    silent = {row["lead"]: row["count"] for row in json.loads(quiet.stdout)}
    assert silent["市公安局"] == every["市公安局"] - 1  # task 9 reported on 2025-06-05; task 10 before
    assert silent["市商务局"] == every["市商务局"] - 1  # task 3 (市商务局 leads it) on 2025-06-10


def test_counts_keep_the_filters_of_their_listing(cli):
    listed = json.loads(cli("items", "--city", "重庆", "--not-city", "武汉", "-f", "json").stdout)
    counted = json.loads(
        cli("count", "items", "--by", "level", "--city", "重庆", "--not-city", "武汉", "-f", "json").stdout
    )
    assert sum(row["count"] for row in counted) == len(listed)
    result = cli("count", "items", "--by", "level", "--lead", "市公安局")
    assert result.exit_code == 2
    assert usage_error(result.stderr) == "--lead does not filter items"


def test_pilot_and_assignment_count_together_as_the_listing_gives_them(cli):
    matrix = json.loads(cli("count", "items", "--by", "city", "--by", "assignment", "-f", "json").stdout)
    for row in matrix:
        listed = cli("items", "--city", row["city"], "--assignment", row["assignment"], "-f", "json")
        assert row["count"] == len(json.loads(listed.stdout)), row


def test_a_pilot_after_the_list_is_explained_in_a_count(cli):
    result = cli("count", "items", "--by", "level", "--city", "深圳")
    assert result.exit_code == 0
    assert "after the national list" in result.stderr


def test_a_matrix_of_names_from_the_data_never_runs_as_a_formula(cli, data_dir, tmp_path):
    units = data_dir / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("  - name: 市统计局\n", "  - name: =1+1\n"), encoding="utf-8"
    )
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("市统计局", "=1+1"), encoding="utf-8")
    data = ("--data", str(data_dir))
    assert cli("validate", *data).exit_code == 0
    csv_text = cli("count", "tasks", "--by", "lead", "--by", "responsible", "-f", "csv", *data).stdout
    assert "'=1+1" in csv_text.splitlines()[0]
    workbook = tmp_path / "m.xlsx"
    assert cli("count", "tasks", "--by", "lead", "--by", "responsible", "-o", str(workbook), *data).exit_code == 0
    headings = next(openpyxl.load_workbook(workbook).active.iter_rows())
    assert all(cell.data_type == "s" for cell in headings)
    markdown = cli("count", "tasks", "--by", "lead", "--by", "responsible", "-f", "md", *data).stdout
    assert markdown.splitlines()[0].count(" | ") == markdown.splitlines()[2].count(" | ")
