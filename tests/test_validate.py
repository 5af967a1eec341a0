"""`stdplan validate` on good and broken data: exit codes, messages and the lines they point at."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import edit
from stdplan.settings import shipped_data_dir


def problem_lines(stdout: str, data_dir: Path) -> list[str]:
    """The problem lines, with the data directory taken off the paths."""
    return [line.replace(f"{data_dir}/", "") for line in stdout.splitlines()[:-1]]


def test_shipped_data_is_valid(cli):
    result = cli("validate", "--data", str(shipped_data_dir()))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 104 national items, 17 tasks, 19 units, 20 pilots")


def test_data_comes_from_the_environment(cli, data_dir):
    edit(data_dir / "tasks.yaml", "    national_item: 74\n", "    national_item: 740\n")
    result = cli("validate", env={"STDPLAN_DATA": str(data_dir)})
    assert result.exit_code == 1
    assert "national_item 740 does not exist" in result.stdout


def test_data_comes_from_dot_data_before_the_shipped_copy(cli, data_dir, monkeypatch):
    edit(data_dir / "tasks.yaml", "    national_item: 74\n", "    national_item: 740\n")
    monkeypatch.chdir(data_dir.parent)
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("data/tasks.yaml:")


def test_shipped_copy_is_used_elsewhere(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("validate")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "line_offset", "expected"),
    [
        pytest.param(
            "units.yaml",
            "  - name: 市公安局",
            "  - name: [市公安局",
            1,
            "units.yaml:{line}:14: YAML syntax error: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence that starts at line {edit_line}) [yaml-syntax]",
            id="broken-syntax",
        ),
        pytest.param(
            "units.yaml",
            "    full_name: 武汉市公安局",
            "\tfull_name: 武汉市公安局",
            0,
            "units.yaml:{line}:1: a tab character is used for indentation; indent with spaces [tab]",
            id="tab",
        ),
        pytest.param(
            "tasks.yaml",
            "    national_item: 74\n",
            "    national_item: nine\n",
            0,
            "tasks.yaml:{line}:20: national_item: must be a whole number, not 'nine' [wrong-value]",
            id="wrong-type",
        ),
        pytest.param(
            "tasks.yaml",
            "    co_lead: true",
            "    co_lead: yes",
            0,
            "tasks.yaml:{line}:14: co_lead: must be true or false, not 'yes' [wrong-value]",
            id="yaml-1.1-boolean",
        ),
        pytest.param(
            "tasks.yaml",
            "    deadline: 2025-08",
            "    deadline: 2025-13",
            0,
            "tasks.yaml:{line}:15: deadline: '2025-13' must be a year and month from 1900-03 on, "
            "written like 2025-04 [wrong-value]",
            id="bad-deadline",
        ),
        pytest.param(
            "units.yaml",
            "    name_en: Wuhan Municipal Public Security Bureau",
            "    name_eng: Wuhan Police",
            0,
            "units.yaml:{line}:5: unknown key 'name_eng' — did you mean 'name_en'? [unknown-key]",
            id="misspelt-key",
        ),
        pytest.param(
            "units.yaml",
            "Municipal Committee\n    kind: party\n",
            "Municipal Committee\n",
            -2,
            "units.yaml:{line}:5: the required key 'kind' is missing [missing-key]",
            id="missing-key",
        ),
        pytest.param(
            "tasks.yaml",
            "    lead: [市公安局]",
            "    lead: []",
            0,
            "tasks.yaml:{line}:11: lead: must list at least 1 entry [wrong-value]",
            id="empty-list",
        ),
        pytest.param(
            "units.yaml",
            "    kind: party\n",
            "    kind: party\n    colour: red\n",
            1,
            "units.yaml:{line}:5: unknown key 'colour' [unknown-key]",
            id="unknown-key",
        ),
        pytest.param(
            "units.yaml",
            "    full_name: 武汉市公安局\n",
            "    full_name: 武汉市公安局\n    full_name: 公安局\n",
            1,
            "units.yaml:{line}:5: the key 'full_name' appears twice in the same mapping [duplicate-key]",
            id="duplicate-key",
        ),
        pytest.param(
            "tasks.yaml",
            "  - number: 10\n",
            "  - number: 9\n",
            0,
            "tasks.yaml:{line}:13: number 9 is used twice (first at line 148) [duplicate-number]",
            id="duplicate-number",
        ),
        pytest.param(
            "tasks.yaml",
            "    lead: [市公安局]",
            "    lead: [市公安句]",
            0,
            "tasks.yaml:{line}:12: unknown unit '市公安句' — did you mean 市公安局? "
            "(every unit is listed in units.yaml) [unknown-unit]",
            id="unknown-unit",
        ),
        pytest.param(
            "national_list.yaml",
            "    cities: [杭州]",
            "    cities: [杭洲]",
            0,
            "national_list.yaml:{line}:14: unknown city '杭洲' — did you mean 杭州? (every city is listed in pilots) "
            "[unknown-city]",
            id="unknown-city",
        ),
        pytest.param(
            "tasks.yaml",
            "    national_item: 74\n",
            "    national_item: 740\n",
            0,
            "tasks.yaml:{line}:20: national_item 740 does not exist: the national list has items 1–104 [unknown-item]",
            id="dangling-national-item",
        ),
        pytest.param(
            "units.yaml",
            "    kind: party",
            "    kind: !!python/object/apply:os.system ['touch PWNED']",
            0,
            "units.yaml:{line}:11: the tag !!python/object/apply:os.system is not allowed: "
            "data files hold plain text, numbers and lists [tag]",
            id="python-tag",
        ),
    ],
)
def test_bad_input_points_at_its_line(cli, data_dir, monkeypatch, file, old, new, line_offset, expected):
    monkeypatch.chdir(data_dir)  # a command in a tag would run here; none may
    edit_line = edit(data_dir / file, old, new)
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert expected.format(line=edit_line + line_offset, edit_line=edit_line) in problem_lines(result.stdout, data_dir)
    assert not (data_dir / "PWNED").exists()


def test_gbk_file_is_named_as_such(cli, data_dir):
    units = data_dir / "units.yaml"
    units.write_bytes(units.read_text(encoding="utf-8").encode("gbk"))
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    # line 2 is the first with Chinese text: "# Every unit (单位) ..."
    assert problem_lines(result.stdout, data_dir) == [
        "units.yaml:2:15: the file is not UTF-8 (it looks like GBK/GB18030, as older Chinese Windows editors save); "
        "save it with UTF-8 encoding [encoding]"
    ]


def test_utf8_bom_is_accepted(cli, data_dir):
    for name in ("units.yaml", "tasks.yaml", "national_list.yaml"):
        path = data_dir / name
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert cli("validate", "--data", str(data_dir)).exit_code == 0


def test_alias_bomb_is_refused_quickly(cli, data_dir):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    (data_dir / "units.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("validate", "--data", str(data_dir))
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    [line] = problem_lines(result.stdout, data_dir)
    assert line.startswith("units.yaml:8:4: aliases (*) would expand this file to ")
    assert line.endswith("values; refused as a possible alias bomb [alias-bomb]")


def test_empty_and_missing_files(cli, data_dir):
    (data_dir / "units.yaml").write_text("", encoding="utf-8")
    (data_dir / "tasks.yaml").write_text("# nothing but a comment\n", encoding="utf-8")
    (data_dir / "national_list.yaml").unlink()
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert problem_lines(result.stdout, data_dir) == [
        "national_list.yaml: file not found [missing-file]",
        "tasks.yaml:1:1: the file is empty [empty]",
        "units.yaml:1:1: the file is empty [empty]",
    ]


def test_control_character_is_refused(cli, data_dir):
    edit(data_dir / "units.yaml", "  - name: 市公安局", "  - name: 市公安\x00局")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert "units.yaml:45:14: the character U+0000 is not allowed in a YAML file [bad-character]" in problem_lines(
        result.stdout, data_dir
    )


def test_two_problems_in_one_file_are_both_reported(cli, data_dir):
    first = edit(data_dir / "units.yaml", "    kind: party\n", "    kind: parti\n")
    second = edit(data_dir / "units.yaml", "    kind: vertical\n", "    knd: vertical\n")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    lines = problem_lines(result.stdout, data_dir)
    assert any(line.startswith(f"units.yaml:{first}:11: kind: 'parti' is not allowed here") for line in lines)
    assert f"units.yaml:{second}:5: unknown key 'knd' — did you mean 'kind'? [unknown-key]" in lines
    assert result.stdout.splitlines()[-1].startswith(f"{len(lines)} problem(s) in 1 file(s)")


def test_github_format_emits_annotations(cli, data_dir, monkeypatch):
    monkeypatch.chdir(data_dir.parent)
    line = edit(data_dir / "tasks.yaml", "    national_item: 74\n", "    national_item: 740\n")
    result = cli("validate", "--data", "data", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"::error file=data/tasks.yaml,line={line},col=20,title=stdplan unknown-item::"
        "national_item 740 does not exist: the national list has items 1–104"
    )


def test_github_annotation_escapes_its_text(cli, data_dir, monkeypatch):
    monkeypatch.chdir(data_dir.parent)
    edit(data_dir / "units.yaml", "    kind: party\n", "    kind: party\n    a%b,c: 1\n")
    result = cli("validate", "--data", "data", "--format", "github")
    assert "::unknown key 'a%25b,c'" in result.stdout


def test_json_format(cli, data_dir):
    ok = json.loads(cli("validate", "--data", str(data_dir), "--format", "json").stdout)
    assert ok["valid"] is True
    assert ok["counts"] == {"items": 104, "tasks": 17, "units": 19, "pilots": 20}
    assert ok["problems"] == []
    line = edit(data_dir / "tasks.yaml", "    lead: [市公安局]", "    lead: [市公安句]")
    result = cli("validate", "--data", str(data_dir), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert {
        "file": str(data_dir / "tasks.yaml"),
        "line": line,
        "column": 12,
        "code": "unknown-unit",
        "message": "unknown unit '市公安句' — did you mean 市公安局? (every unit is listed in units.yaml)",
    } in report["problems"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--bogus"], "No such option: --bogus"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["validate", "--data", "/no/such/dir"], "data directory not found: /no/such/dir"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1: x\nunits: []\n",
            "units.yaml:1:1: a key must be a word like 'title', not the number 1 [invalid-key]",
        ),
        (
            "base: &b {kind: party}\nunits:\n  - <<: *b\n    name: a\n",
            "units.yaml:3:5: merge keys (<<) are not supported: write the keys out [merge-key]",
        ),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "units.yaml:1:1: the file is nested too deeply to read [too-deep]"),
        # Deep enough to crash libyaml's composer, were the fast parser let near it.
        (
            "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "units.yaml:1:1: the file is nested too deeply to read [too-deep]",
        ),
        ("units:\n" + "- " * 100_000 + "x\n", "units.yaml:1:1: the file is nested too deeply to read [too-deep]"),
    ],
    ids=["non-text-key", "merge-key", "deep-nesting", "very-deep-flow", "very-deep-block"],
)
def test_unusual_yaml_is_refused_with_a_message(cli, data_dir, text, expected):
    (data_dir / "units.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert expected in problem_lines(result.stdout, data_dir)


def test_a_broken_file_does_not_hide_what_is_wrong_in_the_others(cli, data_dir, monkeypatch):
    monkeypatch.chdir(data_dir.parent)
    units = edit(data_dir / "units.yaml", "    kind: party\n", "    kind: partey\n")
    tasks = edit(data_dir / "tasks.yaml", "    national_item: 74\n", "    national_item: 740\n")
    result = cli("validate")
    assert result.exit_code == 1
    lines = problem_lines(result.stdout, data_dir)
    assert lines[0].startswith(f"data/tasks.yaml:{tasks}:20: national_item 740 does not exist")
    assert lines[1].startswith(f"data/units.yaml:{units}:11: kind: 'partey' is not allowed here")
    assert len(lines) == 2  # the checks that read units.yaml wait until it is right


@pytest.mark.parametrize(
    ("file", "old", "new", "column", "message"),
    [
        ("tasks.yaml", "minimum: 100", 'minimum: !!int "abc"', 14, "'abc' is not a whole number"),
        ("tasks.yaml", "minimum: 100", "minimum: !!bool maybe", 14, "'maybe' is neither true nor false"),
        (
            "tasks.yaml",
            "minimum: 100",
            "minimum: " + "1" * 5000,
            14,
            "a number 5000 characters long is too long to read",
        ),
        (
            "tasks.yaml",
            "minimum: 100",
            "minimum: 0x" + "f" * 4000,
            14,
            "a number 4002 characters long is too long to read",
        ),
        ("national_list.yaml", "  date: 2024-12-31", "  date: 2024-02-30", 9, "'2024-02-30' is not a date that exists"),
        ("national_list.yaml", "  date: 2024-12-31", "  date: 0000-12-31", 9, "'0000-12-31' is not a date that exists"),
        ("national_list.yaml", "  date: 2024-12-31", '  date: !!timestamp "x"', 9, "'x' is not a date that exists"),
    ],
    ids=[
        "int-tag",
        "bool-tag",
        "digits-past-python's-limit",
        "long-hexadecimal",
        "30-february",
        "year-0",
        "timestamp-tag",
    ],
)
def test_a_value_yaml_cannot_build_is_a_problem_at_its_line(cli, data_dir, file, old, new, column, message):
    line = edit(data_dir / file, old, new)
    for command in ("validate", "tasks"):  # the careful road explains what the fast one refused
        result = cli(command, "--data", str(data_dir))
        assert result.exit_code == 1
        assert f"{file}:{line}:{column}: {message} [wrong-value]" in problem_lines(
            result.stdout + result.stderr, data_dir
        )


@pytest.mark.parametrize("year", ["0000", "0001", "1899"])
def test_a_deadline_before_excels_calendar_is_a_problem(cli, data_dir, year):
    """Year 0 made every due date fall over; any deadline before 1900-03 would go into Excel as another day."""
    tasks = data_dir / "tasks.yaml"
    lines = [edit(tasks, f"deadline: 2025-{month}", f"deadline: {year}-{month}") for month in ("04", "08", "12")]
    result = cli("overdue", "--data", str(data_dir))
    assert result.exit_code == 1
    for line, month in zip(lines, ("04", "08", "12"), strict=True):
        assert (
            f"tasks.yaml:{line}:15: deadline: '{year}-{month}' must be a year and month from 1900-03 on, "
            "written like 2025-04 [wrong-value]"
        ) in problem_lines(result.stderr, data_dir)


def test_a_number_of_any_length_is_read_where_python_sets_no_limit(data_dir):
    """PYTHONINTMAXSTRDIGITS=0 means no limit: a file on the careful road (a long comment sends it
    there) must not have every number refused as too long."""
    tasks = data_dir / "tasks.yaml"
    tasks.write_text("# " + "1" * 3000 + "\n" + tasks.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "stdplan", "validate", "--data", str(data_dir), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONINTMAXSTRDIGITS": "0", "STDPLAN_LANG": "en"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lone_surrogate_in_the_data_is_named_in_every_report_format(cli, data_dir):
    edit(data_dir / "units.yaml", "  - name: 市公安局", '  - name: "市公安局\\ud800"')
    for report_format in ("text", "json", "github"):
        result = cli("validate", "--data", str(data_dir), "--format", report_format)
        assert result.exit_code == 1
        assert "U+D800" in result.stdout
