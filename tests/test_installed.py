"""A few runs of the installed `stdplan` command, as users and CI run it."""

from __future__ import annotations

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
    assert result.stdout.startswith("ok: 104 national items, 17 tasks, 19 units, 11 pilots")


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
