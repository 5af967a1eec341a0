"""Handouts: Markdown snapshots, the Word layout read back with python-docx, templates and their errors."""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt

from conftest import edit, usage_error, word_handout
from stdplan import sandbox
from stdplan.briefing import BriefFormat, BriefKind, make_brief
from stdplan.loading import load_records
from stdplan.problems import TemplateInvalid
from stdplan.settings import shipped_data_dir

SNAPSHOTS = Path(__file__).parent / "snapshots"
TRICKY = 'R&D <测试> "引号" | 管道 {{ x }}'
DATE = ("--date", "2026-01-05")
DAY = datetime.date(2026, 1, 5)


def tables_text(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


# --- Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "snapshot"),
    [
        (("overview",), "brief-overview.md"),
        (("unit", "市公安局"), "brief-unit.md"),
        (("city", "重庆"), "brief-city.md"),
        (("city", "深圳市"), "brief-city-later.md"),  # a pilot made after the list: why it has no tasks
        (("meeting",), "brief-meeting.md"),
    ],
)
def test_markdown_handouts_match_their_snapshots(cli, args, snapshot):
    """On a deliberate change: stdplan brief <args> --date 2026-01-05 > tests/snapshots/<snapshot>."""
    result = cli("brief", *args, *DATE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SNAPSHOTS / snapshot).read_text(encoding="utf-8")


def test_names_resolve_as_in_queries(cli):
    police = cli("brief", "unit", "Wuhan Municipal Public Security Bureau", *DATE).stdout
    assert police == (SNAPSHOTS / "brief-unit.md").read_text(encoding="utf-8")
    assert cli("brief", "city", "chongqing", *DATE).stdout == (SNAPSHOTS / "brief-city.md").read_text(encoding="utf-8")


def test_a_title_with_markup_characters_stays_text_in_markdown(cli):
    markdown = cli("brief", "unit", "市公安局", "--title", TRICKY, *DATE).stdout
    heading = MarkdownIt("commonmark").enable("table").parse(markdown)[1]
    assert heading.type == "inline"
    assert "".join(child.content for child in heading.children) == TRICKY


# --- Word -----------------------------------------------------------------------------------------


def test_unit_handout_lists_the_units_tasks_and_roles(cli, tmp_path):
    tasks = tables_text(word_handout(cli, tmp_path, "unit", "市公安局"))[0]
    assert tasks[0] == ["序号", "任务", "角色", "牵头单位", "国家清单", "状态"]
    assert [(row[0], row[2]) for row in tasks[1:]] == [
        ("9", "牵头"),
        ("10", "牵头"),
        ("11", "责任单位"),
        ("12", "共同牵头"),
        ("15", "共同牵头"),
    ]
    assert tasks[3][3] == "市经信局、市教育局、市卫健委"  # the co-leads of task 11


def test_unit_handout_with_national_puts_each_items_words_beside_its_task(cli, tmp_path):
    result = cli("brief", "unit", "市公安局", *DATE, "--with-national")
    assert result.exit_code == 0, result.stderr
    plain = (SNAPSHOTS / "brief-unit.md").read_text(encoding="utf-8")
    assert result.stdout.startswith(plain[: plain.index("## 三、时间安排")])  # what was there stays as it was
    assert "## 三、与国家清单对照" in result.stdout
    assert "## 四、时间安排" in result.stdout
    assert "|  | 本市任务 | 国家清单事项 |" in result.stdout
    assert "| **第15项，对应国家清单第100项** |  |  |" in result.stdout
    assert "| 试点城市 | 有关试点示范省市 | 有关试点示范省市 |" in result.stdout
    assert "| 标准类别 | — | 其他 |" in result.stdout

    compared = tables_text(word_handout(cli, tmp_path, "unit", "市公安局", "--with-national"))[1]
    assert compared[0] == ["", "本市任务", "国家清单事项"]
    assert compared[1][0] == "第9项，对应国家清单第74项"  # a group row, across the table
    assert compared[2:5] == [
        ["任务内容", "户政、车驾管等相关领域服务标准", "户政、车驾管等相关领域服务标准"],
        ["试点城市", "各试点示范省市", "各试点示范省市"],
        ["标准类别", "—", "地方标准"],
    ]
    xml = zipfile.ZipFile(tmp_path / "unit.docx").read("word/document.xml").decode()
    assert "与国家清单对照" in xml
    assert "对应国家清单第100项" in xml


def test_without_national_the_unit_handout_is_as_before(cli, tmp_path):
    assert "国家清单事项" not in cli("brief", "unit", "市公安局", *DATE).stdout
    assert [table[0] for table in tables_text(word_handout(cli, tmp_path, "unit", "市公安局"))] == [
        ["序号", "任务", "角色", "牵头单位", "国家清单", "状态"],
        ["阶段", "完成时限"],
    ]


@pytest.mark.parametrize("args", [("overview",), ("city", "重庆"), ("meeting",)], ids="-".join)
def test_with_national_is_for_the_unit_handout_only(cli, args):
    result = cli("brief", *args, "--with-national")
    assert result.exit_code == 2
    assert "only the unit handout puts the national items beside its tasks" in usage_error(result.stderr)


def east_asian_font(style) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_word_styles_use_the_standards_chinese_fonts(cli, tmp_path):
    document = word_handout(cli, tmp_path, "overview")
    styles = document.styles
    assert east_asian_font(styles["Title"]) == "方正小标宋简体"
    assert styles["Title"].font.size.pt == 22  # 二号
    assert east_asian_font(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16  # 三号
    assert east_asian_font(styles["Heading 1"]) == "黑体"
    assert east_asian_font(styles["Heading 2"]) == "楷体_GB2312"
    used = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Normal"} <= used
    fonts = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    fallbacks = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in fonts.element.findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert fallbacks == {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}


def test_a_title_with_markup_characters_stays_text_in_word(cli, tmp_path):
    document = word_handout(cli, tmp_path, "unit", "市公安局", "--title", TRICKY)
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == TRICKY


def test_word_handout_needs_a_file_and_keeps_an_existing_one(cli, tmp_path):
    result = cli("brief", "overview", "--format", "docx")
    assert result.exit_code == 2
    assert "docx is a binary file: give --output FILE.docx" in usage_error(result.stderr)
    target = tmp_path / "overview.docx"
    target.write_bytes(b"keep me")
    refused = cli("brief", "overview", "-o", str(target))
    assert refused.exit_code == 2
    assert "exists: give --force to replace it" in usage_error(refused.stderr)
    assert target.read_bytes() == b"keep me"
    assert cli("brief", "overview", "-o", str(target), "--force").exit_code == 0
    assert Document(str(target)).paragraphs[0].style.name == "Title"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["overview.docx"]


def test_overview_in_word_renders_well_under_a_second():
    dataset = load_records(shipped_data_dir())
    make_brief(dataset, BriefKind.overview, None, BriefFormat.docx, date=datetime.date(2026, 1, 5))  # imports
    start = time.perf_counter()
    make_brief(dataset, BriefKind.overview, None, BriefFormat.docx, date=datetime.date(2026, 1, 5))
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("unit", "市公安句"), "unknown unit '市公安句' — did you mean 市公安局?"),
        (("city", "Chongqin"), "unknown city 'Chongqin' — did you mean 重庆?"),
        (("unit",), "a unit handout needs the unit's name, e.g. stdplan brief unit 市公安局"),
    ],
)
def test_names_that_do_not_resolve_are_usage_errors(cli, args, message):
    result = cli("brief", *args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)


# --- templates ------------------------------------------------------------------------------------


def test_a_template_dir_overrides_by_file_name(cli, tmp_path):
    (tmp_path / "unit.md.j2").write_text("# {{ unit.name }}：{{ tasks | length }}项\n", encoding="utf-8")
    unit = cli("brief", "unit", "市公安局", "--template-dir", str(tmp_path), *DATE)
    assert unit.stdout == "# 市公安局：5项\n"
    overview = cli("brief", "overview", "--template-dir", str(tmp_path), *DATE)  # falls back to the shipped one
    assert overview.stdout == (SNAPSHOTS / "brief-overview.md").read_text(encoding="utf-8")


def test_a_reference_docx_in_the_template_dir_styles_the_word_handout(cli, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    reference = Document()
    reference.styles["Normal"].font.name = "Arial"
    reference.add_paragraph("this text is not carried over")
    reference.save(str(templates / "brief.docx"))
    document = word_handout(cli, tmp_path, "unit", "市公安局", "--template-dir", str(templates))
    assert document.styles["Normal"].font.name == "Arial"
    assert "this text is not carried over" not in [paragraph.text for paragraph in document.paragraphs]
    assert document.paragraphs[0].text == "市公安局服务业扩大开放标准化任务"


@pytest.mark.parametrize("output", [[], ["--format", "docx", "--output", "x.docx"]])
def test_an_undefined_name_in_a_template_fails_loudly(cli, tmp_path, monkeypatch, output):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "unit.md.j2").write_text("# {{ unit.name }}\n\n{{ unit.leader }}\n", encoding="utf-8")
    result = cli("brief", "unit", "市公安局", "--template-dir", ".", *output)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "unit.md.j2:3: 'dict object' has no attribute 'leader' (undefined in the template) [template]\n"
    )
    assert result.stdout == ""
    assert not (tmp_path / "x.docx").exists()


def test_a_template_syntax_error_names_its_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "city.md.j2").write_text("# {{ pilot.name }}\n{% for item in items %}\n", encoding="utf-8")
    result = cli("brief", "city", "重庆", "--template-dir", ".")
    assert result.exit_code == 1
    assert re.fullmatch(r"city\.md\.j2:\d: .*'endfor'.* \[template\]\n", result.stderr)


def test_handouts_refuse_invalid_data(cli, data_dir):
    line = cli("validate", "--data", str(data_dir)).stdout
    (data_dir / "units.yaml").write_text("units: []\n", encoding="utf-8")
    result = cli("brief", "overview", "--data", str(data_dir))
    assert result.exit_code == 1
    assert result.stderr == cli("validate", "--data", str(data_dir)).stdout
    assert line.startswith("ok")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'# x\n\n{{ 1 + "a" }}\n', r"unit\.md\.j2:3: the template failed: .*str.* \[template\]\n"),
        ("# 市公安局\n".encode("gbk"), r"unit\.md\.j2: the template is not UTF-8; save it as UTF-8 \[template\]\n"),
    ],
    ids=["type-error", "not-utf8"],
)
def test_a_template_that_fails_is_a_problem_not_a_traceback(cli, tmp_path, monkeypatch, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "unit.md.j2").write_bytes(content)
    result = cli("brief", "unit", "市公安局", "--template-dir", ".")
    assert result.exit_code == 1
    assert re.fullmatch(expected, result.stderr)


def test_a_reference_that_is_not_a_word_document_is_a_problem(cli, tmp_path):
    (tmp_path / "brief.docx").write_text("not a zip", encoding="utf-8")
    result = cli("brief", "overview", "--template-dir", str(tmp_path), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1
    assert "brief.docx: not a Word document (.docx) python-docx can open" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def _damaged_docx(path: Path, part: str, change: Callable[[bytes], bytes | None]) -> None:
    """A copy of python-docx's own empty document with one part changed (None: left out)."""
    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            content = change(content) if name == part else content
            if content is not None:
                target.writestr(name, content)


@pytest.mark.parametrize(
    ("part", "change", "message"),
    [
        ("[Content_Types].xml", lambda _: None, "not a Word document (.docx) python-docx can open: "),
        ("word/styles.xml", lambda _: b"<not xml", "not a Word document (.docx) python-docx can open: "),
        ("[Content_Types].xml", lambda _: b"<Types/>", "not a Word document (.docx) python-docx can open: "),
        (
            "word/styles.xml",
            lambda xml: re.sub(rb'<w:style [^>]*w:styleId="Normal".*?</w:style>', b"", xml, flags=re.DOTALL),
            "it has no Normal style, on which the handout's styles are based",
        ),
        (
            "word/document.xml",
            lambda xml: re.sub(rb"<w:sectPr.*</w:sectPr>", b"", xml, flags=re.DOTALL),
            "it has no page setup; save it again from Word",
        ),
    ],
    ids=["no-content-types", "styles-not-xml", "wrong-content-types", "no-normal-style", "no-page-setup"],
)
def test_a_broken_reference_document_is_a_problem(cli, tmp_path, part, change, message):
    _damaged_docx(tmp_path / "brief.docx", part, change)
    result = cli("brief", "meeting", "--template-dir", str(tmp_path), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'brief.docx'}: {message}")
    assert not (tmp_path / "out.docx").exists()


@functools.cache
def _reference() -> bytes:
    """A Word handout of stdplan's, the usual start of a brief.docx of one's own."""
    return make_brief(load_records(shipped_data_dir()), BriefKind.meeting, None, BriefFormat.docx, date=DAY)


@settings(max_examples=25, deadline=None)
@given(
    part=st.sampled_from(["word/styles.xml", "word/document.xml", "[Content_Types].xml", "docProps/core.xml"]),
    damages=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(["drop", "-1", "x", ""])), min_size=1, max_size=3
    ),
)
def test_a_damaged_reference_document_gives_a_handout_or_a_problem(part, damages):
    with zipfile.ZipFile(io.BytesIO(_reference())) as source:
        files = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(files[part])
    for where, damage in damages:
        elements = list(root.iter())
        victim = elements[int(where * len(elements))]
        if damage == "drop" and victim.getparent() is not None:
            victim.getparent().remove(victim)
        for key in list(victim.attrib)[:1]:
            victim.attrib[key] = damage
    files[part] = etree.tostring(root)
    with tempfile.TemporaryDirectory() as work:
        with zipfile.ZipFile(Path(work) / "brief.docx", "w") as target:
            for name, content in files.items():
                target.writestr(name, content)
        ds = load_records(shipped_data_dir())
        with contextlib.suppress(TemplateInvalid):
            make_brief(ds, BriefKind.meeting, None, BriefFormat.docx, date=DAY, template_dir=Path(work))


# --- the sandbox ----------------------------------------------------------------------------------


def brief_with(cli, directory: Path, template: str):
    """`brief unit 市公安局` with a unit.md.j2 of one's own whose third line is `template`."""
    (directory / "unit.md.j2").write_text("# x\n\n" + template + "\n", encoding="utf-8")
    return cli("brief", "unit", "市公安局", "--template-dir", ".")


@pytest.mark.parametrize(
    ("template", "detail"),
    [
        (
            '{{ "".__class__.__mro__[1].__subclasses__() }}',
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        ("{{ cycler.__init__.__globals__.os.system('touch PWNED') }}", "access to attribute '__init__' of 'type'"),
        ("{{ self._TemplateReference__context }}", "access to attribute '_TemplateReference__context'"),
        ("{% set _ = tasks.append(tasks[0]) %}", "access to attribute 'append' of 'list' object is unsafe."),
    ],
    ids=["python-classes", "os-through-globals", "private-attribute", "changing-the-data"],
)
def test_a_template_cannot_reach_python_or_change_the_data(cli, tmp_path, monkeypatch, template, detail):
    monkeypatch.chdir(tmp_path)
    result = brief_with(cli, tmp_path, template)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"unit.md.j2:3: {detail}")
    assert result.stderr.endswith(" (not allowed in a template) [template]\n")
    assert not (tmp_path / "PWNED").exists()


TOO_MUCH_WORK = "the template runs more than 10,000 loop rounds and calls (a loop inside a loop too many?)"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", TOO_MUCH_WORK),
        (
            "{% for a in range(10) recursive %}{% if loop.depth < 3 %}{{ loop(range(100000)) }}{% endif %}{% endfor %}",
            TOO_MUCH_WORK,
        ),
        ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}", TOO_MUCH_WORK),
        ("".join(f"{{% for t{depth} in tasks %}}" for depth in range(6)) + "{% endfor %}" * 6, TOO_MUCH_WORK),
        ("{% for i in range(10000) %}{{ '长' * 20 }}{% endfor %}", "the template writes more than 100,000 characters"),
        ("{{ 10 ** (10 ** 10) }}", "the template computes a value too large for a handout"),
        ("{{ 'x' * 10 ** 9 }}", "the template computes a value too large for a handout"),
    ],
    ids=["nested-ranges", "recursive-loop", "recursive-macro", "data-six-deep", "long-output", "power", "repetition"],
)
def test_a_runaway_template_is_stopped_at_its_line(cli, tmp_path, monkeypatch, template, message):
    monkeypatch.chdir(tmp_path)
    # Limits a hundredth of the real ones, which the shipped handouts stay far below, keep this quick.
    monkeypatch.setattr(sandbox, "MOST_STEPS", 10_000)
    monkeypatch.setattr(sandbox, "LONGEST_OUTPUT", 100_000)
    result = brief_with(cli, tmp_path, template)
    assert result.exit_code == 1
    assert result.stderr == f"unit.md.j2:3: {message} [template]\n"
    assert result.stdout == ""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory is bounded where /proc tells the size")
@pytest.mark.parametrize(
    "template",
    [
        "{{ 'x'|center(10 ** 9) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{% macro m(x, n) %}{% if n %}{{ m(x ~ x, n - 1) }}{% endif %}{% endmacro %}{{ m('x', 40) }}",
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    ],
    ids=["center", "percent", "format", "doubling-macro", "doubling-namespace"],
)
def test_a_template_that_would_fill_the_memory_is_stopped_at_its_line(cli, tmp_path, monkeypatch, template):
    monkeypatch.chdir(tmp_path)
    result = brief_with(cli, tmp_path, template)
    assert result.exit_code == 1
    assert result.stderr == "unit.md.j2:3: the template builds a value larger than any handout needs [template]\n"


def test_a_template_that_computes_too_long_is_stopped_at_its_line(cli, tmp_path, monkeypatch):
    """A filter over a long range in every round: few steps, much work. Processor time bounds it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sandbox, "MOST_SECONDS", 0.5)
    template = "{% for i in range(100000) %}{{ range(100000)|sum }}{% endfor %}"
    result = brief_with(cli, tmp_path, template)
    assert result.exit_code == 1
    assert result.stderr == "unit.md.j2:3: the template runs longer than 0.5 seconds [template]\n"


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="memory is bounded where /proc tells the size")
def test_a_template_too_large_to_compile_names_the_template(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    growing = "|replace('x', '" + "x" * 1000 + "')"
    result = brief_with(cli, tmp_path, "{{ 'x'" + growing * 3 + " }}")  # folded to 10⁹ characters as it compiles
    assert result.exit_code == 1
    assert "unit.md.j2" in result.stderr
    assert "the template builds a value larger than any handout needs [template]" in result.stderr


def test_the_overview_takes_no_name(cli):
    result = cli("brief", "overview", "市公安局")
    assert result.exit_code == 2
    assert "the overview is of the whole plan and takes no name (got '市公安局')" in usage_error(result.stderr)


# --- the meeting paper ----------------------------------------------------------------------------


def meeting_rows(markdown: str) -> dict[str, list[str]]:
    """Task rows of the meeting table by number, and the group rows under "groups"."""
    rows: dict[str, list[str]] = {"groups": []}
    for line in markdown.splitlines():
        if line.startswith("| **"):
            rows["groups"].append(line.split("|")[1].strip().strip("*"))
        elif re.match(r"\| \d+ \|", line):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells
    return rows


def test_the_meeting_paper_shows_the_latest_progress_the_leads_and_days_late(cli, data_dir):
    added = cli("progress", "add", "9", "--date", "2025-12-20", "--note", "已形成标准草案", "--data", str(data_dir))
    assert added.exit_code == 0, added.stderr
    cli("progress", "add", "9", "--date", "2026-02-01", "--note", "after the meeting", "--data", str(data_dir))
    markdown = cli("brief", "meeting", "--data", str(data_dir), *DATE).stdout
    rows = meeting_rows(markdown)
    assert rows["9"] == [
        "9",
        "户政、车驾管等相关领域服务标准",
        "\\-",
        "2025-08-31",
        "未填报",
        "2025-12-20：已形成标准草案",
        "127",
    ]
    assert rows["10"][5] == "暂无"
    assert "牵头单位：市公安局（2项）" in rows["groups"]
    assert "共17项任务：已完成0项，推进中0项，未启动0项，未填报17项；逾期17项" in markdown


def test_the_meeting_paper_leaves_out_what_is_done_and_counts_it(cli, data_dir):
    edit(data_dir / "tasks.yaml", "  - number: 9\n", "  - number: 9\n    status: 已完成\n")
    markdown = cli("brief", "meeting", "--data", str(data_dir), "--date", "2025-06-30").stdout
    rows = meeting_rows(markdown)
    assert "9" not in rows
    assert rows["10"][-1] == "—"  # before the deadline: not late
    assert "共17项任务：已完成1项，推进中0项，未启动0项，未填报16项；逾期0项" in markdown


def test_the_meeting_paper_for_one_unit(cli):
    rows = meeting_rows(cli("brief", "meeting", "--unit", "公安", *DATE).stdout)
    assert sorted(int(number) for number in rows if number != "groups") == [9, 10, 11, 12, 15]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meeting", "市公安局"), "the meeting paper takes no name; give --unit for one unit's tasks (got '市公安局')"),
        (("unit", "市公安局", "--unit", "市商务局"), "only the meeting paper is narrowed to one unit"),
        (("meeting", "--unit", "市公安句"), "unknown unit '市公安句' — did you mean 市公安局?"),
    ],
)
def test_the_meeting_papers_unit_is_checked(cli, args, message):
    result = cli("brief", *args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)
