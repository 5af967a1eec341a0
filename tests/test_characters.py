"""Characters (and days) that would change on the way: refused at the door, saying what and where.

Every text field takes what every output (YAML, JSON, CSV, Excel, Markdown, Word) keeps exactly, and
refuses the rest: options with exit 2, data files with exit 1 and file:line.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import CliResult, edit, usage_error
from stdplan.loading import load_dataset
from stdplan.settings import shipped_data_dir

NOTE = ("progress", "add", "9", "--date", "2025-09-01", "--note")


@pytest.mark.parametrize(
    ("note", "said"),
    [
        ("a\x85b", "the line break U+0085 at position 2"),  # NEL: YAML would store a space
        ("ab\u2028", "the line break U+2028 at position 3"),
        ("\rb", "the line break U+000D at position 1"),
        ("a\ufffe", "the noncharacter U+FFFE at position 2"),  # XML, so Word and Excel, cannot hold it
        ("a\U0010ffff", "the noncharacter U+10FFFF at position 2"),
        ("a\x9b", "the control character U+009B at position 2"),
        ("\u3000\n", "nothing but spaces and line breaks"),
    ],
)
def test_an_option_that_would_change_is_refused_and_nothing_is_written(cli, data_dir, note, said):
    tasks = data_dir / "tasks.yaml"
    before = tasks.read_bytes()
    result = cli(*NOTE, note, "--data", str(data_dir))
    assert result.exit_code == 2
    assert f"--note: holds {said}" in usage_error(result.stderr)
    assert tasks.read_bytes() == before
    assert cli(*NOTE, "下一条", "--data", str(data_dir)).exit_code == 0  # and the file can still be edited


def test_a_note_with_bytes_that_are_not_utf8_is_refused_as_the_terminals(cli, data_dir):
    before = (data_dir / "tasks.yaml").read_bytes()
    result = cli(*NOTE, "a\udcff", "--data", str(data_dir))  # how Python keeps a byte that is not UTF-8
    assert result.exit_code == 2
    assert "--note': a\\udcff holds bytes that are not UTF-8 text: set the terminal to UTF-8" in usage_error(
        result.stderr
    )
    assert (data_dir / "tasks.yaml").read_bytes() == before


def test_a_name_or_code_is_one_line(cli, data_dir):
    result = cli(
        "standard", "add", "9", "--level", "local", "--title", "两行\n标题", "--code", "DB4201/T\n1", "--data",
        str(data_dir),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--code: holds a line break (U+000A) at position 9, where one line is expected" in usage_error(result.stderr)


@pytest.mark.parametrize("kind", ["overview", "meeting"])
def test_a_lone_carriage_return_in_a_handout_title_is_refused(cli, kind):
    """Markdown would end the line there: '# 标题\\r# 注入' is two headings."""
    result = cli("brief", kind, "--title", "标题\r# 注入")
    assert result.exit_code == 2
    assert "the title holds the line break U+000D at position 3" in usage_error(result.stderr)


@pytest.mark.parametrize(
    ("escape", "said"),
    [
        ("\\x85", "holds the line break U+0085 at position 3"),
        ("\\u2028", "holds the line break U+2028 at position 3"),
        ("\\r", "holds the line break U+000D at position 3"),
        ("\\uFFFE", "holds the noncharacter U+FFFE at position 3"),
        ("\\ud800", "holds U+D800 at position 3, half of a UTF-16 surrogate pair"),
        ("\\x1b", "holds the control character U+001B at position 3"),
    ],
)
def test_a_data_file_escape_that_would_change_is_refused_at_its_line(cli, data_dir, escape, said):
    line = edit(data_dir / "tasks.yaml", "    lead_text: 市公安局\n", f'    lead_text: "市公{escape}安局"\n')
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert f"tasks.yaml:{line}:16: lead_text: {said}" in result.stdout


def test_a_line_break_in_a_unit_name_is_refused_at_its_line(cli, data_dir):
    line = edit(data_dir / "units.yaml", "name: 市公安局\n", 'name: "市公\\n安局"\n')
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert f"units.yaml:{line}:11: name: holds a line break (U+000A) at position 3" in result.stdout


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("quoted", [True, False])
def test_a_line_break_only_yaml_sees_is_refused_where_it_stands(cli, data_dir, character, quoted):
    """Written as it is, a NEL inside a value is read as a space: the file is refused instead."""
    value = f'"市公{character}安局"' if quoted else f"市公{character}安局"
    line = edit(data_dir / "tasks.yaml", "    lead_text: 市公安局\n", f"    lead_text: {value}\n")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    column = 19 if quoted else 18
    assert f"tasks.yaml:{line}:{column}: the character U+{ord(character):04X} is a line break to YAML" in (
        result.stdout
    )


def test_a_refused_character_is_shown_by_its_code_in_other_messages(cli, data_dir):
    """A value said back shows them as U+XXXX: on a terminal a control character acts, and a lone
    surrogate cannot be printed at all."""
    line = edit(data_dir / "tasks.yaml", "    category: 三\n", '    category: "三\\x1b[2J"\n')
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert f"tasks.yaml:{line}:15: category: '三<U+001B>[2J' is not allowed here" in result.stdout


def test_a_day_excel_cannot_show_is_refused(cli, data_dir):
    """Excel's calendar starts in 1900 and has a 29 February 1900 that never was."""
    result = cli("progress", "add", "9", "--date", "1900-02-28", "--note", "x", "--data", str(data_dir))
    assert result.exit_code == 2
    assert "--date: must be 1900-03-01 or later, the first day Excel shows, not the date 1900-02-28" in (
        usage_error(result.stderr)
    )
    assert cli("progress", "add", "9", "--date", "1900-03-01", "--note", "x", "--data", str(data_dir)).exit_code == 0


# --- every accepted value through every output, the others refused: one property ---------------------

FIRST_DAY = datetime.date(1900, 3, 1)
BLANK = frozenset(" \t\n\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
TITLE_MARKS = "《》〈〉"  # handouts nest them on purpose (GB/T 15834): 《《》》 becomes 《〈〉》
# What has tripped an output or might: markup, formula starts, spaces of every kind, Excel's escape
# for a character; and, one at a time, what the door refuses.
TRICKY = [
    *"=+-@#|*_<>&`\\[]!~'\":.1 \t\n\u3000\u00a0\ufeff\u200b",
    "_x0041_", "&amp;", "- ", "# ", "1. ", "---", ":smile:", "[b]", "中文",
]  # fmt: skip
REFUSED = [
    "\r", "\x85", "\u2028", "\u2029", "\x07", "\x1b", "\x9b", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\ud800",
]  # fmt: skip
OTHERS = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=TITLE_MARKS)
KEPT = st.lists(st.sampled_from(TRICKY) | OTHERS, min_size=1, max_size=10)
TEXTS = KEPT.map("".join) | st.tuples(KEPT, st.sampled_from(REFUSED), st.integers(0, 10)).map(
    lambda parts: "".join([*parts[0][: parts[2]], parts[1], *parts[0][parts[2] :]])
)
DAYS = st.dates(datetime.date(1899, 12, 1), datetime.date(9999, 12, 31))  # the first 3 months are refused


def refused_at(text: str, *, one_line: bool = False) -> int | None:
    """The position (from 1) of the first character the rule in models.py refuses, found here on its own."""
    for position, char in enumerate(text, 1):
        code = ord(char)
        if (
            (code < 0x20 and char not in "\t\n")
            or (char == "\n" and one_line)
            or 0x7F <= code <= 0x9F
            or char in "\u2028\u2029"
            or 0xD800 <= code <= 0xDFFF
            or 0xFDD0 <= code <= 0xFDEF
            or code & 0xFFFE == 0xFFFE
        ):
            return position
    return None


def refused_because(text: str, *, one_line: bool = False) -> list[str] | None:
    """What the refusal must say, or None when `text` is to be kept. A lone surrogate is refused before
    any rule of a field's own (no valid string at all), by the rule for any text."""
    surrogate = any(0xD800 <= ord(char) <= 0xDFFF for char in text)
    position = refused_at(text, one_line=one_line and not surrogate)
    if position is not None:
        return [f"U+{ord(text[position - 1]):04X}", f" at position {position},"]
    return ["holds nothing but spaces and line breaks"] if set(text) <= BLANK else None


def yaml_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar, every character but printable ASCII escaped."""

    def escaped(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if 0x20 <= code < 0x7F:
            return char
        return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"

    return '"' + "".join(map(escaped, text)) + '"'


def add_unit(data: Path, name: str) -> int:
    """Appends a unit called `name` to units.yaml; returns the line of its name."""
    units = data / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text + f"  - name: {yaml_quoted(name)}\n    kind: government\n", encoding="utf-8")
    return text.count("\n") + 1


def unguarded(cell: str) -> str:
    """A CSV cell with the formula guard README describes taken off."""
    return cell[1:] if re.match(r"'+[=+\-@\t\r\n＝＋－＠]", cell) else cell


def markdown_lines(inline: Token) -> str:
    """What Markdown shows for inline content: its text, a <br> as a line break."""
    return "".join("\n" if child.type == "html_inline" else child.content for child in inline.children or [])


def markdown_blocks(markdown: str) -> tuple[list[str], list[str]]:
    """The blocks a Markdown document opens (headings, paragraphs, table rows…) and its inline texts."""
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    blocks = [token.type for token in tokens if token.nesting == 1]
    return blocks, [markdown_lines(token) for token in tokens if token.type == "inline"]


def answer(cli: Callable[..., CliResult], *args: str, env: dict[str, str] | None = None) -> str:
    result = cli(*args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def sheet_rows(cli: Callable[..., CliResult], target: Path, *args: str) -> list[tuple[Any, ...]]:
    """The values in the data rows of the workbook `args -o target` writes, none of them a formula."""
    answer(cli, *args, "-o", str(target))
    rows = list(load_workbook(target).active.iter_rows(min_row=2))
    assert all(cell.data_type != "f" for row in rows for cell in row)
    return [tuple(cell.value for cell in row) for row in rows]


def excel_text(value: str) -> str:
    """Text as Excel reads it from the file (openpyxl leaves Excel's escaped underscore in)."""
    return value.replace("_x005F_", "_")


# Each example takes a second or two (edits, workbooks, Word documents): few of them, and no
# shrinking, which would take minutes; a failure still shows the text that failed.
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(text=TEXTS, day=DAYS)
@example(text='=HYPERLINK("http://x.invalid/?leak","点我")', day=datetime.date(2025, 9, 1))
@example(text="  # 标题\n| 表 | 格 |\n- 列表\t", day=FIRST_DAY)
@example(text="进展\x85第二行", day=datetime.date(2025, 9, 1))  # NEL: once stored as a space
@example(text="进展", day=datetime.date(1900, 2, 28))
def test_what_is_taken_is_kept_through_every_output_and_the_rest_refused(cli, tmp_path_factory, text, day):
    """`text` as a progress note, a standard's title, a unit's name and a handout's title, `day` as the
    note's date: kept exactly through YAML, JSON, CSV, the table, Excel, Markdown and Word, or refused
    at the door saying which character and where (exit 2 for an option, 1 with file:line for a file)."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(shipped_data_dir(), data, dirs_exist_ok=True)
    options = ("--data", str(data))
    added = cli("progress", "add", "9", f"--date={day}", f"--note={text}", *options)
    if day < FIRST_DAY:
        event("day refused")
        assert added.exit_code == 2
        assert f"--date: must be 1900-03-01 or later, the first day Excel shows, not the date {day}" in (
            usage_error(added.stderr)
        )
        return
    as_name = refused_because(text, one_line=True)
    if as_name is not None:
        units = (data / "units.yaml").read_bytes()
        line = add_unit(data, text)
        checked = cli("validate", *options)
        assert checked.exit_code == 1
        assert f"units.yaml:{line}:11: name: " in checked.stdout
        assert all(said in checked.stdout for said in as_name)
        (data / "units.yaml").write_bytes(units)
    as_text = refused_because(text)
    event("refused" if as_text else "kept")
    if as_text is not None:
        assert added.exit_code == 2
        said = usage_error(added.stderr)
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):  # on a command line, a byte the shell could not decode
            assert "holds bytes that are not UTF-8 text: set the terminal to UTF-8" in said
        else:
            assert said.startswith("--note: holds ")
            assert all(part in said for part in as_text)
        return
    assert added.exit_code == 0, added.stderr
    answer(cli, "standard", "add", "9", "--level", "local", f"--title={text}", f"--date={day}", *options)

    # YAML: the data files read back (and can be edited again: a NEL once made that impossible).
    name = text.replace("\n", " ")  # as a unit's name: one line
    add_unit(data, name)
    answer(cli, "validate", *options)
    dataset = load_dataset(data)
    task = dataset.plan.tasks[8]
    assert task.number == 9
    assert (task.progress[-1].date, task.progress[-1].note) == (day, text)
    assert task.standards[-1].title == text
    assert dataset.units.units[-1].name == name

    # JSON, YAML, CSV, the table, Excel: the progress log and the units.
    [entry] = json.loads(answer(cli, "progress", "list", "-f", "json", *options))
    assert (entry["date"], entry["note"]) == (day.isoformat(), text)
    assert YAML(typ="safe", pure=True).load(answer(cli, "progress", "list", "-f", "yaml", *options))[0] == entry
    assert json.loads(answer(cli, "show", "task", "9", "-f", "json", *options))["standards"][-1]["title"] == text
    assert json.loads(answer(cli, "units", "-f", "json", *options))[-1]["name"] == name
    [row] = csv.DictReader(io.StringIO(answer(cli, "progress", "list", "-f", "csv", *options)))
    assert (row["date"], unguarded(row["note"])) == (day.isoformat(), text)
    assert unguarded(list(csv.DictReader(io.StringIO(answer(cli, "units", "-f", "csv", *options))))[-1]["name"]) == name
    shown = answer(cli, "progress", "list", *options, env={"COLUMNS": "500"})
    assert all(piece in shown for line in text.split("\n") for piece in line.split("\t"))
    [(_task, _title, date, note, _by)] = sheet_rows(cli, data / "log.xlsx", "progress", "list", *options)
    assert (date, excel_text(note)) == (datetime.datetime.combine(day, datetime.time()), text)
    assert excel_text(sheet_rows(cli, data / "units.xlsx", "units", *options)[-1][0]) == name

    # Markdown: the text, and no block it did not come with (a heading, a list, a table row).
    blocks, texts = markdown_blocks(answer(cli, "progress", "list", "-f", "md", *options))
    assert blocks == [
        "table_open",
        "thead_open",
        "tr_open",
        *["th_open"] * 5,
        "tbody_open",
        "tr_open",
        *["td_open"] * 5,
    ]
    assert texts[5 + 3] == text
    handout = (f"--date={day}", f"--title={text}", *options)
    blocks, texts = markdown_blocks(brief_unit(cli, "市公安局", *handout))
    assert blocks[:2] == ["heading_open", "paragraph_open"]
    assert texts[0] == text
    assert f"第9项（{day}）：{text}" in texts
    blocks, texts = markdown_blocks(brief_unit(cli, name, f"--date={day}", *options))
    assert texts[0] == f"{name}服务业扩大开放标准化任务"
    assert any(f"中，{name}牵头" in paragraph for paragraph in texts)

    # Word, from the same Markdown: the title (broken into lines to fit), the note, the unit's name.
    brief_unit(cli, "市公安局", *handout, "--output", str(data / "unit.docx"))
    paragraphs = [paragraph.text for paragraph in docx.Document(str(data / "unit.docx")).paragraphs]
    assert paragraphs[0].replace("\n", "") == text.replace("\n", "")
    assert f"第9项（{day}）：{text}" in paragraphs
    brief_unit(cli, name, *options, "--output", str(data / "named.docx"))
    assert any(f"中，{name}牵头" in paragraph.text for paragraph in docx.Document(str(data / "named.docx")).paragraphs)


def brief_unit(cli: Callable[..., CliResult], unit: str, *args: str) -> str:
    """The unit handout: `unit` after --, as it may start with a dash."""
    return answer(cli, "brief", "unit", *args, "--", unit)
