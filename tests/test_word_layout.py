"""Word handouts as they come out: tables, the GB/T 9704 page, title lines and marks, the file's
properties, read back from the .docx XML, and pages counted by LibreOffice where it is installed."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from hypothesis import given
from hypothesis import strategies as st

from conftest import word_handout
from stdplan.typesetting import nest_title_marks, title_lines, width

DATE = ("--date", "2026-01-05")
HANDOUTS = [
    ("overview",),
    ("unit", "市公安局"),
    ("unit", "市公安局", "--with-national"),
    ("city", "武汉"),
    ("city", "重庆"),
    ("meeting",),
]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def twips(length) -> int:
    return int(length) // 635


def nested_title_marks(text: str) -> bool:
    """Whether a 《 opens inside another 《 (GB/T 15834 wants 〈 there)."""
    depth = 0
    for char in text:
        if char == "《":
            if depth:
                return True
            depth += 1
        elif char == "》":
            depth = max(0, depth - 1)
    return False


def every_text(document) -> list[str]:
    texts = [paragraph.text for paragraph in document.paragraphs]
    return texts + [cell.text for table in document.tables for row in table.rows for cell in row.cells]


# --- tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", HANDOUTS, ids="-".join)
def test_every_table_is_fixed_with_no_column_under_1_1_cm_and_rows_kept_whole(cli, tmp_path, args):
    document = word_handout(cli, tmp_path, *args)
    assert document.tables
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        columns = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert min(columns) >= twips(Mm(11))
        section = document.sections[0]
        text_width = section.page_width - section.left_margin - section.right_margin
        assert int(properties.find(qn("w:tblW")).get(qn("w:w"))) <= twips(text_width)
        for number, row in enumerate(table.rows):
            row_properties = row._tr.trPr
            assert row_properties.find(qn("w:cantSplit")).get(qn("w:val")) == "true"
            assert (row_properties.find(qn("w:tblHeader")) is not None) == (number == 0)
            for tc in row._tr.tc_lst:
                assert tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
        header = document.styles["Table Heading"]
        assert header.font.bold is True
        assert header.paragraph_format.alignment == 1  # centred
        assert {paragraph.style.name for cell in table.rows[0].cells for paragraph in cell.paragraphs} == {
            "Table Heading"
        }


def test_a_comparison_shares_its_width_alike_and_keeps_each_task_on_one_page(cli, tmp_path):
    document = word_handout(cli, tmp_path, "unit", "市公安局", "--with-national")
    table = document.tables[1]
    label, task, item = (int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol")))
    assert task == item > label
    kept = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
    # Heading (repeated anyway); then per task a group row and three rows, the last not kept with the next task.
    assert kept[1:5] == [True, True, True, None]
    assert kept[-1] is None


def test_the_overview_lists_the_tasks_in_one_table_with_category_rows(cli, tmp_path):
    document = word_handout(cli, tmp_path, "overview")
    task_tables = [table for table in document.tables if table.rows[0].cells[1].text == "任务"]
    assert len(task_tables) == 1
    rows = task_tables[0].rows
    merged = [row for row in rows if len(row._tr.tc_lst) == 1]
    assert [row._tr.tc_lst[0].grid_span for row in merged] == [6, 6, 6, 6]
    assert [row._tr.tc_lst[0].xpath("string(.)")[:3] for row in merged] == ["（一）", "（二）", "（三）", "（四）"]
    assert len(rows) == 1 + 4 + 17
    assert [row.style.name for row_ in merged for row in [row_.cells[0].paragraphs[0]]] == ["Table Group"] * 4


def column_widths(table) -> dict[str, int]:
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    return dict(zip((cell.text for cell in table.rows[0].cells), grid, strict=True))


def test_the_same_table_has_the_same_widths_in_every_handout(cli, tmp_path):
    def phases(document):
        return next(column_widths(t) for t in document.tables if t.rows[0].cells[0].text == "阶段")

    assert phases(word_handout(cli, tmp_path, "overview")) == phases(word_handout(cli, tmp_path, "unit", "市公安局"))


def test_short_columns_hold_their_longest_value_on_one_line(cli, tmp_path):
    widths = column_widths(
        next(t for t in word_handout(cli, tmp_path, "overview").tables if t.rows[0].cells[-1].text == "状态")
    )
    # 未填报: three characters of 小四 (12 pt) and the cell's margins of 1.9 mm each side.
    assert widths["状态"] >= twips(Pt(3 * 12) + Mm(3.8))
    assert widths["序号"] >= twips(Pt(2 * 12) + Mm(3.8))
    assert widths["任务"] > 2 * widths["状态"]  # titles take the rest


# --- the page -------------------------------------------------------------------------------------


def test_the_page_is_a4_with_the_standards_margins_and_grid(cli, tmp_path):
    section = word_handout(cli, tmp_path, "overview").sections[0]
    assert [round(length.mm, 1) for length in (section.page_width, section.page_height)] == [210, 297]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm, 1) for length in margins] == [37, 35, 27, 24.8]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert round(twips(text_height) / int(grid.get(qn("w:linePitch")))) == 22
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # points: 三号 plus the grid's difference
    text_width = section.page_width - section.left_margin - section.right_margin
    assert int(Length(text_width).pt / pitch) == 28


def test_the_meeting_paper_is_landscape(cli, tmp_path):
    section = word_handout(cli, tmp_path, "meeting").sections[0]
    assert section.page_width > section.page_height
    assert [round(length.mm) for length in (section.page_width, section.page_height)] == [297, 210]


def test_page_numbers_are_dash_number_dash_right_on_odd_pages_left_on_even(cli, tmp_path):
    document = word_handout(cli, tmp_path, "overview")
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert [instruction.text for instruction in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
        indent = paragraph.paragraph_format.right_indent if side == "right" else paragraph.paragraph_format.left_indent
        assert indent == Pt(14)  # one character of 4号 in from the edge
        assert {run.font.size for run in paragraph.runs} == {Pt(14)}
        assert {run._r.rPr.rFonts.get(qn("w:ascii")) for run in paragraph.runs} == {"宋体"}


# --- text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", HANDOUTS, ids="-".join)
def test_no_title_mark_is_nested_in_markdown_or_word(cli, tmp_path, args):
    markdown = cli("brief", *args, *DATE).stdout
    assert "《" in markdown or args[0] == "meeting"
    assert not nested_title_marks(markdown)
    assert not any(nested_title_marks(text) for text in every_text(word_handout(cli, tmp_path, *args)))


def test_the_notices_title_inside_the_plans_sentence_uses_angle_marks(cli):
    markdown = cli("brief", "overview", *DATE).stdout
    assert "落实《商务部 市场监管总局印发〈关于支持" in markdown
    assert "任务清单（首批）〉的通知》（商资发〔2024〕314号）" in markdown


def test_a_long_title_is_broken_between_words_into_even_lines(cli, tmp_path):
    title = word_handout(cli, tmp_path, "overview").paragraphs[0]
    lines = title.text.split("\n")
    assert lines == ["武汉市推进服务业扩大开放", "标准化建设实施方案任务一览"]
    assert len(title._p.findall(f".//{qn('w:br')}")) == 1  # one paragraph, a line break inside


def test_lines_given_in_a_title_stay_lines(cli, tmp_path):
    document = word_handout(cli, tmp_path, "unit", "市公安局", "--title", "关于报送\n标准化任务进展的通知")
    assert document.paragraphs[0].text == "关于报送\n标准化任务进展的通知"
    assert document.core_properties.title == "关于报送 标准化任务进展的通知"


def test_an_over_long_title_is_a_usage_error(cli, tmp_path):
    result = cli("brief", "overview", "--title", "长" * 101, "-o", str(tmp_path / "o.docx"))
    assert result.exit_code == 2
    assert "a title is at most 100 characters" in result.stderr
    assert not (tmp_path / "o.docx").exists()


def test_an_unpaired_title_mark_changes_nothing_beyond_its_line(cli):
    markdown = cli("brief", "overview", "--title", "《通知", *DATE).stdout
    assert markdown.startswith("# 《通知\n")
    assert "〈武汉市" not in markdown
    assert "落实《商务部 市场监管总局印发〈关于支持" in markdown


def test_the_files_properties_are_the_handouts(cli, tmp_path):
    document = word_handout(cli, tmp_path, "unit", "市公安局")
    properties = document.core_properties
    assert properties.title == "市公安局服务业扩大开放标准化任务"
    assert (properties.author, properties.last_modified_by) == ("stdplan", "stdplan")
    assert properties.language == "zh-CN"
    assert properties.created.date() == properties.modified.date() == datetime.date(2026, 1, 5)
    assert "python-docx" not in (properties.comments or "")
    language = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")
    assert "ja-JP" not in document.settings.element.xml


# --- the rules themselves -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《通知《意见》》", "《通知〈意见〉》"),
        ("《甲《乙《丙》》》", "《甲〈乙《丙》〉》"),
        ("《甲》《乙》", "《甲》《乙》"),
        ("》孤《甲《乙》", "》孤《甲〈乙〉"),
        ("无书名号", "无书名号"),
        ("《未闭合\n《甲《乙》》", "《未闭合\n《甲〈乙〉》"),
    ],
)
def test_title_marks_alternate_by_depth(text, expected):
    assert nest_title_marks(text) == expected


chinese = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80) | st.sampled_from("，、《》（）AB1"), max_size=80
)


@given(chinese, st.integers(min_value=8, max_value=30))
def test_title_lines_keep_every_character_and_leave_no_short_line(title, line_width):
    lines = title_lines(title, line_width)
    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(len(line) >= 3 for line in lines)
        assert all(width(line) <= line_width for line in lines)
        assert not any(line[0] in "，、》）" for line in lines[1:])  # no line begins with closing marks


def test_title_lines_break_between_known_words():
    assert title_lines("市公安局服务业扩大开放标准化建设任务推进情况", 12, ["市公安局"]) == [
        "市公安局服务业扩大开放",
        "标准化建设任务推进情况",
    ]


# --- LibreOffice ----------------------------------------------------------------------------------


def libreoffice_pdf(document: Path) -> Path:
    """The document converted to PDF by LibreOffice, with a profile of its own."""
    profile = document.parent / "libreoffice-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(document.parent), str(document)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return document.with_suffix(".pdf")


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@needs_libreoffice
def test_libreoffice_shows_every_status_word_whole(cli, tmp_path):
    word_handout(cli, tmp_path, "overview")
    pdf = libreoffice_pdf(tmp_path / "overview.docx")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("未填报") == 17  # one per task: none broken over two lines


@needs_libreoffice
def test_the_meeting_paper_fits_on_two_pages(cli, tmp_path):
    word_handout(cli, tmp_path, "meeting")
    assert 1 <= pdf_pages(libreoffice_pdf(tmp_path / "meeting.docx")) <= 2
