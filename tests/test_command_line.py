"""Whatever is typed, stdplan answers with a message and exit 0, 1 or 2, never a traceback.

Every command and option comes from the Typer app's own definition, so a new one is fuzzed as soon
as it exists; the values are odd on purpose: empty, huge, control characters, directories where
files belong, impossible dates, Chinese names.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CLI_ENV, usage_error
from stdplan.cli import app
from stdplan.settings import shipped_data_dir

# Changes the user's shell set-up: never run by a test.
_LEFT_OUT = {"--install-completion"}

ODD = [
    "",
    " ",
    "-",
    "--",
    "0",
    "-1",
    "9" * 30,
    "9" * 5000,
    "1e9",
    "\x00",
    "\x1b[31m",
    "a\nb",
    "\t",
    "\u202e",
    "\udcff",  # a byte that is not UTF-8, as Python decodes it from argv
    "市" * 3000,
    "%s{0}{{x}}",
]
NAMES = [
    "市公安局",
    "Wuhan Municipal Public Security Bureau",
    "重庆",
    "武汉",
    "国家标准",
    "推进中",
    "一",
    "未填报",
    "x",
]
DATES = ["2025-09-01", "2024-02-30", "0000-01-01", "9999-12-31", "0001-01-01", "2025-9-1", "today"]
NUMBERS = ["1", "9", "17", "18", "104", "0", "-3", "2", "99999999999999999999"]
# Relative to the directory the command runs in, which holds a copy of the data in data/.
PATHS = [
    "data",
    "data/tasks.yaml",
    "missing",
    "missing/deeper/x.json",
    "out.json",
    "out.xlsx",
    "out.docx",
    "out.md",
    "out.csv",
    "out.yaml",
    "out.unknown",
    "out",
    ".",
    "templates",
    "templates/unit.md.j2",
]


def _commands() -> list[tuple[list[str], list[Any]]]:
    """Each command's words (`progress add`) and its parameters, from the app the user runs."""
    found = []

    def walk(command: Any, words: list[str]) -> None:
        found.append((words, [p for p in command.params if not set(p.opts) & _LEFT_OUT]))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


def _values(param: Any) -> st.SearchStrategy[str]:
    """Values near what the parameter takes, and odd ones."""
    annotation = param.type_descriptor.annotation
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    typed: list[str] = NAMES
    if annotation is Path:
        typed = PATHS
    elif annotation is datetime.date:
        typed = DATES
    elif annotation is int:
        typed = NUMBERS
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        typed = [member.value for member in annotation]
    return st.one_of(st.sampled_from(typed), st.sampled_from(ODD + NAMES + DATES))


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    words, params = draw(st.sampled_from(COMMANDS))
    line = list(words)
    for param in params:
        if param.param_type_name == "argument":
            if param.required or draw(st.booleans()):
                line.append(draw(_values(param)))
            continue
        for _ in range(draw(st.integers(0, 2 if param.multiple else 1))):
            line.append(draw(st.sampled_from(param.opts)))
            if not param.is_flag:
                line.append(draw(_values(param)))
    if draw(st.integers(0, 9)) == 0:  # now and then, something that does not belong
        line.insert(draw(st.integers(0, len(line))), draw(st.sampled_from([*ODD, "--help", "--bogus", "x"])))
    return line


@contextmanager
def _workspace() -> Iterator[Path]:
    """A directory of one's own holding a copy of the data (so edits never touch the shipped one)
    and a template directory."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        shutil.copytree(shipped_data_dir(), root / "data")
        (root / "templates").mkdir()
        (root / "templates" / "unit.md.j2").write_text("# {{ unit.name }}\n", encoding="utf-8")
        previous = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(previous)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=command_lines(), language=st.sampled_from(["zh", "en"]))
def test_any_command_line_gets_an_answer_or_a_message(line, language):
    with _workspace():
        result = CliRunner().invoke(app, line, env={**CLI_ENV, "STDPLAN_LANG": language}, catch_exceptions=False)
    assert result.exit_code in {0, 1, 2}, (line, result.output)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code:  # validate's report is its answer, on stdout; every other message is on stderr
        assert result.stderr.strip() or (line[0] == "validate" and result.stdout.strip()), line


# --- through the installed command -----------------------------------------------------------------

STDPLAN = shutil.which("stdplan", path=str(Path(sys.executable).parent)) or shutil.which("stdplan")
installed = pytest.mark.skipif(STDPLAN is None, reason="the stdplan command is not installed")


def run(*args: str, stdout: Any = subprocess.PIPE, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "STDPLAN_DATA"} | {"STDPLAN_LANG": "en"}
    return subprocess.run(
        [STDPLAN, *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60, check=False
    )


@installed
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_stdout_that_cannot_be_written_is_a_message(tmp_path):
    for args in (("tasks",), ("tasks", "-f", "json"), ("brief", "overview"), ("validate",), ("--help",)):
        with open("/dev/full", "w") as full:
            result = run(*args, stdout=full, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "cannot write the output: the disk is full" in usage_error(result.stderr), args
        assert "Traceback" not in result.stderr
        assert "Exception ignored" not in result.stderr


@installed
def test_an_empty_data_directory_is_a_usage_error(tmp_path):
    (tmp_path / "data").mkdir()  # `--data ''` would otherwise mean here
    result = run("tasks", "--data", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "an empty path names no file or directory" in usage_error(result.stderr)


# --- what the fuzzing found, kept as examples -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "overview", "--template-dir", ""], "an empty path names no file or directory"),
        (["tasks", "-o", " "], "an empty path names no file or directory"),
        (["tasks", "--data", "x" * 300], "the name is too long"),
        (["brief", "overview", "-o", "x" * 300 + ".md"], "the name is too long"),
        (["overdue", "--as-of", "2024-02-30"], "'2024-02-30' is not a date written like 2025-09-01"),
        (["brief", "overview", "--date", "0000-01-01"], "'0000-01-01' is not a date written like 2025-09-01"),
        (["brief", "overview", "--title", "\udcff"], "\\udcff holds bytes that are not UTF-8 text"),
        (["tasks", "--lead", "市公安局\udcff"], "holds bytes that are not UTF-8 text"),
        (["validate", "--data", "\udcff"], "data directory not found: \\udcff"),
        (
            ["brief", "overview", "--title", "红头\x1b[31m"],
            "the title holds the control character U+001B at position 3",
        ),
    ],
    ids=[
        "empty-template-dir",
        "blank-output",
        "data-name-too-long",
        "output-name-too-long",
        "30-february",
        "year-0",
        "title-not-utf8",
        "name-not-utf8",
        "path-not-utf8",
        "title-control-character",
    ],
)
def test_odd_values_are_usage_errors(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in usage_error(result.stderr)


def test_a_group_without_its_command_shows_its_help_on_stderr(cli):
    result = cli("progress")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "add" in result.stderr
