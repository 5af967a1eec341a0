"""Every output format, through the CLI and on hand-made answers: what a program or Excel reads back."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from rich.cells import cell_len
from ruamel.yaml import YAML

from conftest import usage_error
from stdplan.answers import Detail, Listing
from stdplan.models import Task
from stdplan.output import OutputFormat, markdown_escape, render
from stdplan.validation import refusal

POLICE = ("tasks", "--lead", "市公安局")
TRICKY = 'R&D <测试> "引号" | 管道 {{ x }} 50% a*b*'


def run(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_json(cli):
    tasks = json.loads(run(cli, *POLICE, "--format", "json"))
    assert [task["number"] for task in tasks] == [9, 10, 12, 15]
    assert list(tasks[0]) == list(Task.model_fields)


def test_yaml_carries_the_same_records_as_json(cli):
    as_yaml = YAML(typ="safe", pure=True).load(run(cli, *POLICE, "--format", "yaml"))
    assert as_yaml == json.loads(run(cli, *POLICE, "--format", "json"))


def test_csv_has_every_field_and_lists_as_the_source_writes_them(cli):
    rows = list(csv.DictReader(io.StringIO(run(cli, *POLICE, "--format", "csv"))))
    assert [row["number"] for row in rows] == ["9", "10", "12", "15"]
    assert list(rows[0]) == list(Task.model_fields)
    assert rows[2]["lead"] == "市委政法委、市委社会工作部、市公安局、市城管执法委"
    assert rows[2]["co_lead"] == "yes"


def test_csv_file_starts_with_a_bom_so_excel_keeps_the_chinese(cli, tmp_path):
    target = tmp_path / "police.csv"
    assert run(cli, *POLICE, "--output", str(target)) == ""  # the format follows the suffix
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][1] == "户政、车驾管等相关领域服务标准"


def test_markdown_table(cli):
    lines = run(cli, *POLICE, "--format", "md").splitlines()
    assert lines[0] == "| number | category | title | lead | responsible | national_item | status |"
    assert lines[1] == "| --- | --- | --- | --- | --- | --- | --- |"
    assert lines[2] == "| 9 | 三 | 户政、车驾管等相关领域服务标准 | 市公安局 |  | 74 | not reported |"
    assert len(lines) == 6


def test_xlsx_needs_a_file(cli):
    result = cli(*POLICE, "--format", "xlsx")
    assert result.exit_code == 2
    assert "xlsx is a binary file: give --output FILE.xlsx" in usage_error(result.stderr)


def test_xlsx_keeps_numbers_as_numbers(cli, tmp_path):
    target = tmp_path / "police.xlsx"
    run(cli, *POLICE, "-f", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(Task.model_fields)
    assert rows[1][:3] == (9, "户政、车驾管等相关领域服务标准", "三")
    assert len(rows) == 5
    assert sheet.freeze_panes == "A2"


def test_table_lines_align_with_chinese_text(cli):
    blank, header, rule, *rows, last = run(cli, *POLICE).splitlines()
    assert (blank, last) == ("", "")  # a blank line above and below, as rich's box had
    assert any("社会治理评价" in line for line in rows)
    assert rule == " " + "─" * 98  # COLUMNS=100: the table fills the width (no trailing spaces)
    assert max(cell_len(line) for line in [header, *rows]) <= 100
    assert "\x1b[" not in "".join(rows)  # not a terminal: no colour codes

    def at(line: str, text: str) -> int:
        return cell_len(line[: line.index(text)])

    # A unit name per line, so a narrow column never breaks one in two; each starts under the heading.
    leads_of_15 = "市委政法委 市委社会工作部 市教育局 市经信局 市公安局 市城管执法委 市商务局 市卫健委 市市场监管局"
    for name in leads_of_15.split():
        assert {at(line, name) for line in rows if name in line} == {at(header, "lead")}, name
    # Whole numbers end where their heading ends.
    ends = {at(line, number) + len(number) for line in rows for number in ("74", "75", "77", "100") if number in line}
    assert ends == {at(header, "national_item") + len("national_item")}


@pytest.mark.parametrize(
    "command",
    [POLICE, ("items",), ("coverage",), ("units",), ("cities",), ("show", "task", "9"), ("overdue",), ("targets",)],
)
def test_an_existing_output_file_is_kept_without_force(cli, tmp_path, command):
    target = tmp_path / "existing.csv"
    target.write_bytes(b"someone's work\r\n")
    refused = cli(*command, "-o", str(target))
    assert refused.exit_code == 2
    assert f"{target} exists: give --force to replace it" in usage_error(refused.stderr)
    assert target.read_bytes() == b"someone's work\r\n"
    assert [path.name for path in tmp_path.iterdir()] == ["existing.csv"]


def test_an_existing_output_file_is_refused_before_the_data_is_read(cli, tmp_path):
    target = tmp_path / "tasks.csv"
    target.write_text("old", encoding="utf-8")
    result = cli("tasks", "-o", str(target), "--data", str(tmp_path / "no such directory"))
    assert result.exit_code == 2
    assert "exists: give --force" in usage_error(result.stderr)


def test_force_replaces_the_old_file_and_leaves_no_temporary(cli, tmp_path):
    target = tmp_path / "tasks.json"
    target.write_text("old", encoding="utf-8")
    run(cli, *POLICE, "-o", str(target), "--force")
    assert json.loads(target.read_text(encoding="utf-8"))[0]["number"] == 9
    assert [path.name for path in tmp_path.iterdir()] == ["tasks.json"]


def test_output_into_a_missing_directory_is_a_usage_error(cli, tmp_path):
    result = cli(*POLICE, "-o", str(tmp_path / "missing" / "tasks.json"))
    assert result.exit_code == 2
    assert "cannot write" in usage_error(result.stderr)


@pytest.mark.parametrize("output_format", ["json", "yaml"])
def test_empty_answers_for_programs(cli, output_format):
    result = cli("tasks", "--search", "不存在的任务", "-f", output_format)
    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "[]", "no tasks match\n")


def test_empty_csv_keeps_its_header(cli):
    assert run(cli, "tasks", "--search", "不存在的任务", "-f", "csv").splitlines() == [",".join(Task.model_fields)]


@pytest.mark.parametrize("output_format", ["table", "md", "csv"])
def test_show_in_tabular_formats_is_field_and_value(cli, output_format):
    text = run(cli, "show", "item", "74", "-f", output_format)
    assert "subsection_title" in text
    assert "公共安全服务" in text


def test_show_json_is_one_object(cli):
    assert json.loads(run(cli, "show", "task", "9", "-f", "json"))["number"] == 9


# --- on hand-made answers -------------------------------------------------------------------------

LISTING = Listing(
    "things",
    fields=("number", "title", "tags", "parent"),
    columns=("number", "title", "parent"),
    records=[{"number": 1, "title": TRICKY, "tags": ["甲", "乙"], "parent": None}],
    placeholders={"parent": "none"},
)


def test_markdown_text_stays_text():
    row = render(LISTING, OutputFormat.md).splitlines()[2]
    assert row == r"| 1 | R&D \<测试\> " + '"引号" \\| 管道 {{ x }} 50% a\\*b\\* | none |'
    assert markdown_escape("一行\n二行") == "一行<br>二行"


def test_data_formats_keep_text_verbatim():
    assert json.loads(render(LISTING, OutputFormat.json))[0]["title"] == TRICKY
    assert YAML(typ="safe", pure=True).load(render(LISTING, OutputFormat.yaml))[0]["title"] == TRICKY
    assert next(csv.DictReader(io.StringIO(str(render(LISTING, OutputFormat.csv)))))["title"] == TRICKY


@pytest.mark.parametrize("note", ["[b]甲[/b]:ok:", "甲\t乙丙丁的结尾"])
def test_the_table_shows_text_as_written(note):
    """Markup and emoji codes as written (rich read them as its own), and nothing after a tab cut off."""
    listing = Listing("progress", ("task", "note"), ("task", "note"), [{"task": 9, "note": note}])
    shown = str(render(listing, OutputFormat.table))
    assert all(piece in shown for piece in note.split("\t"))


def test_table_shows_the_placeholder_and_data_formats_the_blank():
    assert "none" in str(render(LISTING, OutputFormat.table))
    assert next(csv.DictReader(io.StringIO(str(render(LISTING, OutputFormat.csv)))))["parent"] == ""


def test_nested_records_are_spelled_out_in_cells():
    detail = Detail(
        "thing", 1, {"number": 1, "parent": {"number": 2, "title": "父"}, "children": [{"number": 3}, {"number": 4}]}
    )
    rows = list(csv.reader(io.StringIO(str(render(detail, OutputFormat.csv)))))
    assert rows == [
        ["field", "value"],
        ["number", "1"],
        ["parent", "number: 2; title: 父"],
        ["children", "number: 3\nnumber: 4"],
    ]


MARKUP = st.sampled_from("#~`=-+*_|<>&[]!\\:.);1 \t\n\u3000")
TABLE_CELL = ["table_open", "thead_open", "tr_open", "th_open", "tbody_open", "tr_open", "td_open"]


@given(st.text(st.characters() | MARKUP, min_size=1).filter(lambda text: refusal(text) is None))
@example("标题 #")  # a heading's closing #s
@example("~~~\n代码")  # a code fence
@example("\u3000\u3000首行缩进 ")
def test_markdown_escape_keeps_any_text_as_text(text):
    """Whatever text the data may hold, Markdown reads back exactly that text, spaces at its ends and
    lines included, and opens no block of its own: alone, after words, in a heading, a list item and
    a table cell."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    escaped = markdown_escape(text)
    for document, blocks, shown in (
        (escaped, ["paragraph_open"], text),
        (f"进展：{escaped}", ["paragraph_open"], f"进展：{text}"),
        (f"# {escaped}", ["heading_open"], text),
        (f"- 第9项：{escaped}", ["bullet_list_open", "list_item_open", "paragraph_open"], f"第9项：{text}"),
        (f"| a |\n| --- |\n| {escaped} |", TABLE_CELL, text),
    ):
        tokens = parser.parse(document)
        assert [token.type for token in tokens if token.nesting == 1] == blocks, document
        [*_, inline] = [token for token in tokens if token.type == "inline"]
        assert "".join("\n" if child.type == "html_inline" else child.content for child in inline.children) == shown


@pytest.mark.parametrize(
    "note", ['=HYPERLINK("http://x.invalid/?leak","点我")', "+1+1", "-1+1", "@SUM(1,1)", "\t=1", "＝1+1", "'=1+1"]
)
def test_csv_never_hands_a_spreadsheet_a_formula(cli, data_dir, note):
    data = ("--data", str(data_dir))
    assert run(cli, "progress", "add", "9", "--date", "2025-09-01", f"--note={note}", *data)
    [row] = list(csv.DictReader(io.StringIO(run(cli, "progress", "list", "-f", "csv", *data))))
    assert row["note"] == "'" + note  # OWASP's apostrophe, before any already there
    assert row["note"][1:] == note  # what a script takes off to have the note back


def test_csv_writes_numbers_as_numbers_and_guards_text_alone():
    listing = Listing(
        "things", ("gap", "text"), ("gap", "text"), [{"gap": -3, "text": "-3"}, {"gap": 2, "text": "a-3"}]
    )
    assert render(listing, OutputFormat.csv).splitlines()[1:] == ["-3,'-3", "2,a-3"]


def test_xlsx_keeps_fractions_as_numbers(tmp_path):
    listing = Listing("targets", ("level", "progress"), ("level", "progress"), [{"level": "local", "progress": 0.25}])
    target = tmp_path / "t.xlsx"
    target.write_bytes(render(listing, OutputFormat.xlsx))
    assert list(load_workbook(target).active.iter_rows(values_only=True))[1] == ("local", 0.25)


def test_an_output_suffix_that_names_no_format_is_a_usage_error(cli, tmp_path):
    result = cli(*POLICE, "-o", str(tmp_path / "tasks.docx"))
    assert result.exit_code == 2
    assert "cannot tell the format from '.docx' (.json, .csv, .yaml, .md, .xlsx): give --format" in usage_error(
        result.stderr
    )
    assert cli(*POLICE, "-o", str(tmp_path / "tasks"), "-f", "csv").exit_code == 0  # no suffix: say the format


# --- an item no city is named for shows its scope -------------------------------------------------


def test_an_item_for_every_pilot_shows_its_scope_in_the_pilots_column(cli, tmp_path):
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(run(cli, "items", "-f", "csv")))}
    assert rows["1"]["cities"] == "各试点示范省市"  # all_pilots: the notice's words, not a blank
    assert rows["100"]["cities"] == "有关试点示范省市"  # relevant: likewise
    assert rows["103"]["cities"] == "重庆"  # named (and open to the willing): the names, as before
    assert rows["12"]["cities"] == "杭州"
    target = tmp_path / "items.xlsx"
    run(cli, "items", "-o", str(target))
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    by_number = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_number[1][header.index("cities")] == "各试点示范省市"
    assert by_number[100][header.index("cities")] == "有关试点示范省市"


def test_the_scope_comes_from_the_data_not_from_a_fixed_wording():
    listing = Listing(
        "things", ("number", "cities"), ("number", "cities"), [{"number": 1, "cities": [], "scope": "某某省市"}]
    )
    assert render(listing, OutputFormat.csv).splitlines()[1] == "1,"  # without a stand-in: blank
    with_scope = listing._replace(stand_ins={"cities": "scope"})
    assert render(with_scope, OutputFormat.csv).splitlines()[1] == "1,某某省市"
    assert render(with_scope, OutputFormat.md).splitlines()[2] == "| 1 | 某某省市 |"
    assert "某某省市" in str(render(with_scope, OutputFormat.table))


def test_programs_still_get_the_records_as_they_are(cli):
    items = {item["number"]: item for item in json.loads(run(cli, "items", "-f", "json"))}
    assert (items[1]["cities"], items[1]["scope"], items[1]["open_to"]) == ([], "各试点示范省市", "all_pilots")
    assert json.loads(run(cli, "show", "item", "1", "-f", "json"))["cities"] == []


def test_show_item_for_every_pilot_shows_its_scope(cli):
    rows = dict(csv.reader(io.StringIO(run(cli, "show", "item", "1", "-f", "csv"))))
    assert rows["cities"] == "各试点示范省市"
