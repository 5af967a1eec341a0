"""A few runs of the installed `stdplan` command, as users and CI run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import edit

STDPLAN = shutil.which("stdplan", path=str(Path(sys.executable).parent)) or shutil.which("stdplan")
pytestmark = pytest.mark.skipif(STDPLAN is None, reason="the stdplan command is not installed")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "STDPLAN_DATA"}
    return subprocess.run([STDPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_validate_from_an_empty_directory_uses_the_shipped_data(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 104 national items, 17 tasks, 19 units, 20 pilots")


def test_broken_data_gives_annotations_and_exit_1(data_dir):
    line = edit(data_dir / "units.yaml", "    kind: party\n", "    kind: partey\n")
    result = run("validate", "--data", "data", "--format", "github", cwd=data_dir.parent)
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file=data/units.yaml,line={line},col=11,title=stdplan wrong-value::")
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error(tmp_path):
    result = run("validate", "--colour", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_a_query_answers_in_json(tmp_path):
    result = run("tasks", "--unit", "Wuhan Municipal Public Security Bureau", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [task["number"] for task in json.loads(result.stdout)] == [9, 10, 11, 12, 15]


def test_an_exclusion_answers_in_json(tmp_path):
    result = run(
        "items", "--city", "Chongqing", "--not-city", "武汉市", "--not-level", "group", "-f", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [item["number"] for item in items][:4] == [8, 15, 16, 19]
    assert len(items) == 24  # the 26 named for 重庆 and open to no one else, but for 85 and 93 (团体标准)
    assert "group" not in {item["level"] for item in items}


def test_a_count_answers_in_json(tmp_path):
    result = run("count", "items", "--by", "城市", "--by", "level", "--city", "重庆", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"city": "重庆", "level": level, "count": count}
        for level, count in (("national", 2), ("industry", 6), ("local", 28), ("group", 2), ("other", 5))
    ]


def test_a_typo_gets_a_suggestion_and_exit_2(tmp_path):
    result = run("items", "--city", "chongqin", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown city 'chongqin' — did you mean 重庆?" in result.stderr
    assert "Traceback" not in result.stderr


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Top-level packages a whole `stdplan` process imports, from Python's own import log."""
    env = {key: value for key, value in os.environ.items() if key != "STDPLAN_DATA"} | {"PYTHONPROFILEIMPORTTIME": "1"}
    result = subprocess.run([STDPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    log = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in log}


# rich too: the table is drawn without it (some 25 ms); only Typer's help and errors import it.
HEAVY = {"jinja2", "docx", "docxtpl", "openpyxl", "markdown_it", "filelock", "rich", "icalendar"}


@pytest.mark.parametrize(
    "command",
    [
        ("tasks", "--lead", "市公安局"),
        ("tasks", "--lead", "市公安局", "--format", "json"),
        ("items", "--city", "重庆", "--format", "csv"),
        ("coverage",),
        ("units", "--format", "md"),
        ("cities", "--format", "yaml"),
        ("show", "task", "11"),
    ],
)
def test_listing_commands_do_not_import_what_they_do_not_need(tmp_path, command):
    assert not imported_modules(*command, cwd=tmp_path) & HEAVY


def test_the_import_log_does_see_a_heavy_module(tmp_path):
    assert "openpyxl" in imported_modules("units", "--output", "units.xlsx", cwd=tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's")
def test_on_a_terminal_the_table_is_as_wide_as_it_with_bold_headings(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    terminal, command_side = pty.openpty()
    fcntl.ioctl(command_side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))  # 40 lines of 100
    unset = {"STDPLAN_DATA", "COLUMNS", "NO_COLOR", "FORCE_COLOR"}
    env = {key: value for key, value in os.environ.items() if key not in unset} | {"TERM": "xterm"}
    process = subprocess.Popen(
        [STDPLAN, "tasks", "--lead", "市公安局"], stdout=command_side, stderr=subprocess.PIPE, cwd=tmp_path, env=env
    )
    os.close(command_side)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # Linux says EIO once the command has closed its side
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
    process.stderr.close()
    lines = shown.decode().splitlines()
    assert "\x1b[1mnumber\x1b[0m" in lines[1]
    assert lines[2] == " " + "─" * 98  # the terminal's 100 columns, not the 80 of a pipe


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's")
def test_piped_the_table_is_as_wide_as_the_terminal_it_is_read_in(tmp_path):
    """`stdplan tasks | less`: stdout is a pipe, stderr the terminal; no bold in the pipe."""
    import fcntl
    import pty
    import struct
    import termios

    terminal, command_side = pty.openpty()
    fcntl.ioctl(command_side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    unset = {"STDPLAN_DATA", "COLUMNS", "NO_COLOR", "FORCE_COLOR"}
    env = {key: value for key, value in os.environ.items() if key not in unset} | {"TERM": "xterm"}
    result = subprocess.run(
        [STDPLAN, "tasks", "--lead", "市公安局"],
        stdout=subprocess.PIPE,
        stderr=command_side,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(command_side)
    os.close(terminal)
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert "\x1b" not in result.stdout.decode()
    assert lines[2] == " " + "─" * 118  # the terminal's 120 columns, not the 80 of a pipe


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`stdplan items -f json | head`: the pipe closes while stdplan is still writing."""
    generator = Path(__file__).parent.parent / "bench" / "generate.py"
    subprocess.run([sys.executable, generator, "--records", "1000", "--out", tmp_path / "data"], check=True)
    process = subprocess.Popen(
        [STDPLAN, "items", "--format", "json", "--data", tmp_path / "data"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with process.stdout, process.stderr:
        assert process.stdout.read(10) == b"[\n  {\n    "
        process.stdout.close()  # far more than a pipe's buffer is still to come
        stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)  # 1 when the closed pipe is noticed, 0 when Python drops it
    assert stderr == ""


def test_an_answer_from_the_cache_does_not_read_yaml(tmp_path):
    first = imported_modules("tasks", "--lead", "市公安局", cwd=tmp_path)  # reads the files, fills the cache
    assert "ruamel" in first
    assert "ruamel" not in imported_modules("tasks", "--lead", "市公安局", cwd=tmp_path)
