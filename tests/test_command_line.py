"""Whatever is typed, stdplan answers with a message and exit 0, 1 or 2, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import usage_error

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
        assert "cannot write the output: No space left on device" in usage_error(result.stderr), args
        assert "Traceback" not in result.stderr
        assert "Exception ignored" not in result.stderr


@installed
def test_an_empty_data_directory_is_a_usage_error(tmp_path):
    (tmp_path / "data").mkdir()  # `--data ''` would otherwise mean here
    result = run("tasks", "--data", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "an empty path names no file or directory" in usage_error(result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "overview", "--template-dir", ""], "an empty path names no file or directory"),
        (["tasks", "-o", " "], "an empty path names no file or directory"),
        (["tasks", "--data", "x" * 300], "File name too long"),
        (["brief", "overview", "-o", "x" * 300 + ".md"], "File name too long"),
        (["brief", "overview", "--title", "\udcff"], "\\udcff holds bytes that are not UTF-8 text"),
        (["tasks", "--lead", "市公安局\udcff"], "holds bytes that are not UTF-8 text"),
        (["validate", "--data", "\udcff"], "data directory not found: \\udcff"),
        (["brief", "overview", "--title", "红头\x1b[31m"], "the title holds the control character U+001B"),
    ],
    ids=[
        "empty-template-dir",
        "blank-output",
        "data-name-too-long",
        "output-name-too-long",
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
