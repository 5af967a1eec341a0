"""Excel as it comes out: `stdplan export` and every query's `-o x.xlsx`, read back with openpyxl."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import usage_error

FORMULA = '=HYPERLINK("http://x","y")'
AS_OF = "2026-01-01"  # after the deadline of 2025-08-31: every task not done is overdue


@pytest.fixture
def progressed(cli, data_dir: Path) -> Path:
    """The shipped data with two progress entries, recorded out of date order, one looking like a formula."""
    for args in (
        ("9", "--date", "2025-09-01", "--note", FORMULA, "--status", "in_progress"),
        ("3", "--date", "2025-08-01", "--note", "完成初稿", "--by", "市商务局"),
    ):
        assert cli("progress", "add", *args, "--data", str(data_dir)).exit_code == 0
    return data_dir


def export(cli, data: Path, target: Path, *extra: str) -> None:
    result = cli("export", "-o", str(target), "--as-of", AS_OF, "--data", str(data), *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {target}\n" or result.stderr == f"已写入 {target}\n"
    assert result.stdout == ""


def rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


def column(sheet: Worksheet, heading: str) -> list[object]:
    index = [cell.value for cell in sheet[1]].index(heading)
    return [row[index] for row in rows(sheet)[1:]]


def assert_usable(sheet: Worksheet) -> None:
    """What every sheet gets: a bold centred heading row, frozen and filtered; fitted widths; wrapped
    text from the top; no formulas, no TRUE/FALSE; printable A4 landscape, one page wide, the
    heading on every page."""
    assert len(sheet.title) <= 31
    assert not set(sheet.title) & set("[]:*?/\\")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.print_title_rows == "$1:$1"
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    for heading in sheet[1]:
        assert heading.font.bold
        assert heading.alignment.horizontal == "center"
        assert 0 < sheet.column_dimensions[heading.column_letter].width <= 30
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type not in ("b", "f"), cell.coordinate
            assert cell.alignment.wrap_text
            assert cell.alignment.vertical == "top"


def test_export_is_one_workbook_a_sheet_per_view_in_chinese(cli, chinese, progressed, tmp_path):
    target = tmp_path / "台账.xlsx"
    export(cli, progressed, target)
    book = load_workbook(target)
    assert book.sheetnames == ["任务", "国家清单事项", "单位", "覆盖情况", "目标进度", "逾期任务", "进展记录"]
    for sheet in book:
        assert_usable(sheet)
    tasks, items = book["任务"], book["国家清单事项"]
    assert (tasks.max_row, items.max_row) == (18, 105)  # 17 tasks, 104 items, under their headings
    assert {"序号", "任务内容", "牵头单位", "责任单位", "共同牵头"} <= {cell.value for cell in tasks[1]}
    assert column(tasks, "序号") == list(range(1, 18))  # numbers stay numbers
    assert set(column(tasks, "共同牵头")) == {"是", "否"}  # never TRUE/FALSE
    assert column(items, "点名城市")[0] == "各试点示范省市"  # item 1 goes to every pilot
    # The title column is long Chinese text: as wide as allowed and wrapped; the numbers narrow.
    widths = {cell.value: tasks.column_dimensions[cell.column_letter].width for cell in tasks[1]}
    assert widths["任务内容"] == 30
    assert widths["序号"] < 10


def test_export_dates_are_dates_and_notes_stay_text(cli, chinese, progressed, tmp_path):
    target = tmp_path / "台账.xlsx"
    export(cli, progressed, target)
    book = load_workbook(target)
    log = book["进展记录"]
    assert rows(log)[1:] == [
        (3, "报废机动车破碎技术规范", datetime.datetime(2025, 8, 1), "完成初稿", "市商务局"),
        (9, "户政、车驾管等相关领域服务标准", datetime.datetime(2025, 9, 1), FORMULA, None),
    ]
    note = log["D3"]
    assert (note.value, note.data_type) == (FORMULA, "s")  # text, not a formula Excel would run
    for sheet, heading in ((log, "日期"), (book["逾期任务"], "完成时限")):
        index = [cell.value for cell in sheet[1]].index(heading)
        for row in sheet.iter_rows(min_row=2):
            assert row[index].is_date
            assert row[index].number_format == "yyyy-mm-dd"
    assert column(book["逾期任务"], "完成时限")[0] == datetime.datetime(2025, 8, 31)
    assert book["目标进度"]["K2"].number_format == "0%"  # progress, a fraction, shown as a percentage


def test_export_in_english_names_sheets_in_english(cli, progressed, tmp_path):
    target = tmp_path / "book.xlsx"
    export(cli, progressed, target)
    book = load_workbook(target)
    assert book.sheetnames == ["tasks", "items", "units", "coverage", "targets", "overdue", "progress"]
    assert [cell.value for cell in book["progress"][1]] == ["task", "title", "date", "note", "by"]
    assert set(column(book["tasks"], "co_lead")) == {"yes", "no"}


def test_export_keeps_an_existing_file_unless_forced(cli, tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"someone's workbook")
    refused = cli("export", "-o", str(target))
    assert refused.exit_code == 2
    assert f"{target} exists: give --force to replace it" in usage_error(refused.stderr)
    assert target.read_bytes() == b"someone's workbook"
    assert cli("export", "-o", str(target), "--force").exit_code == 0
    assert len(load_workbook(target).sheetnames) == 7


@pytest.mark.parametrize("name", ["book.csv", "book.xls", "book"])
def test_export_writes_only_xlsx(cli, tmp_path, name):
    result = cli("export", "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert "export writes an Excel workbook: give --output FILE.xlsx" in usage_error(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_export_needs_an_output(cli):
    assert cli("export").exit_code == 2


@pytest.mark.parametrize(
    "command",
    [("tasks",), ("items", "--city", "重庆"), ("coverage",), ("units",), ("cities",), ("show", "item", "74")],
)
def test_every_query_sheet_is_usable_as_it_comes_out(cli, chinese, tmp_path, command):
    target = tmp_path / "answer.xlsx"
    assert cli(*command, "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert len(book.sheetnames) == 1
    assert_usable(book.active)


def test_rows_are_as_high_as_their_wrapped_text(cli, chinese, tmp_path):
    target = tmp_path / "tasks.xlsx"
    assert cli("tasks", "-o", str(target)).exit_code == 0
    sheet = load_workbook(target).active
    # Task 1's title, 58 characters (116 cells) in a column of 30 cells (28 inside), takes five lines;
    # task 3's fits on one.
    assert sheet.row_dimensions[2].height == 5 * 15
    assert sheet.row_dimensions[4].height is None


def test_a_detail_sheet_is_named_after_what_it_shows(cli, chinese, tmp_path):
    target = tmp_path / "item.xlsx"
    assert cli("show", "item", "74", "-o", str(target)).exit_code == 0
    assert load_workbook(target).sheetnames == ["国家清单事项 74"]


def test_progress_list_is_the_log_in_date_order(cli, progressed):
    entries = json.loads(cli("progress", "list", "-f", "json", "--data", str(progressed)).stdout)
    assert [(entry["task"], entry["date"]) for entry in entries] == [(3, "2025-08-01"), (9, "2025-09-01")]
    assert entries[1] == {
        "task": 9,
        "title": "户政、车驾管等相关领域服务标准",
        "date": "2025-09-01",
        "note": FORMULA,
        "by": None,
    }


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo")), reason="needs LibreOffice and poppler")
def test_each_sheet_prints_landscape_with_every_column(cli, chinese, progressed, tmp_path):
    """LibreOffice prints the workbook as Excel would: A4 landscape pages, each with every heading."""
    target = tmp_path / "台账.xlsx"
    export(cli, progressed, target)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "台账.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    sizes = [tuple(map(float, size)) for size in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info.stdout)]
    assert sizes
    assert all(width > height for width, height in sizes)  # landscape, every page
    book = load_workbook(target)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    for page in pages.stdout.split("\f"):
        if page.strip():
            title = page.strip().splitlines()[0].strip()  # the header: the sheet's name
            assert all(str(cell.value) in page for cell in book[title][1]), title  # no column on a page of its own


def test_sheet_names_are_ones_excel_accepts_and_unique(tmp_path):
    from stdplan.answers import Listing
    from stdplan.output import workbook

    odd = Listing("a/b:c*d?[e]\\f" + "x" * 40, ("number",), ("number",), [{"number": 1}])
    same = Listing("Things", ("number",), ("number",), [])
    target = tmp_path / "odd.xlsx"
    target.write_bytes(workbook([odd, odd, same, Listing("things", ("number",), ("number",), [])]))
    names = load_workbook(target).sheetnames
    assert names == ["a b c d  e  f" + "x" * 18, "a b c d  e  f" + "x" * 16 + " 2", "Things", "things 2"]


# What a spreadsheet would run as a formula, as a progress note (OWASP's list, and the full-width =).
FORMULA_LIKE = ['=HYPERLINK("http://x.invalid/?leak","点我")', "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "＝1+1"]


@pytest.fixture
def formula_notes(cli, data_dir: Path) -> Path:
    for note in [*FORMULA_LIKE, "见附件_x0041_号"]:  # and Excel's escape for U+0041, written out
        assert (
            cli("progress", "add", "9", "--date", "2025-09-01", f"--note={note}", "--data", str(data_dir)).exit_code
            == 0
        )
    return data_dir


def test_formula_like_notes_are_text_in_every_sheet(cli, formula_notes, tmp_path):
    export(cli, formula_notes, tmp_path / "all.xlsx")
    assert cli("progress", "list", "-o", str(tmp_path / "log.xlsx"), "--data", str(formula_notes)).exit_code == 0
    for book in (load_workbook(tmp_path / "all.xlsx"), load_workbook(tmp_path / "log.xlsx")):
        for sheet in book:
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), sheet.title
        log = book.worksheets[-1]
        notes = [row[3] for row in log.iter_rows(min_row=2)]
        # Excel's escape for an underscore keeps _x0041_ from being read as "A" (shown as written: below).
        assert [note.value for note in notes] == [*FORMULA_LIKE, "见附件_x005F_x0041_号"]
        # Marked as text, as a typed apostrophe would: editing the cell does not make it a formula.
        assert [note.quotePrefix for note in notes] == [True] * len(FORMULA_LIKE) + [False]


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_a_spreadsheet_shows_the_notes_as_written(cli, formula_notes, tmp_path):
    """Read by a spreadsheet program, not openpyxl (which leaves Excel's _x005F_ escape in): nothing
    runs, nothing changes."""
    assert cli("progress", "list", "-o", str(tmp_path / "log.xlsx"), "--data", str(formula_notes)).exit_code == 0
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    command = ["soffice", profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(tmp_path / "log.xlsx")], check=True, capture_output=True, timeout=120
    )
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as shown:
        assert [row[3] for row in list(csv.reader(shown))[1:]] == [*FORMULA_LIKE, "见附件_x0041_号"]
