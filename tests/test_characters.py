"""Characters (and days) that would change on the way: refused at the door, saying what and where.

Every text field takes what every output (YAML, JSON, CSV, Excel, Markdown, Word) keeps exactly, and
refuses the rest: options with exit 2, data files with exit 1 and file:line.
"""

from __future__ import annotations

import pytest

from conftest import edit, usage_error

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
        ("a\udcff", "U+DCFF at position 2, half of a UTF-16 surrogate pair"),  # a byte that is not UTF-8
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
    assert "--title: holds the line break U+000D at position 3" in usage_error(result.stderr)


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
