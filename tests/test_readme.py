"""The README's examples are real: each `console` block is run and must print what it shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from stdplan.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
PROMPT = "$ "
# A user's terminal as the README shows it: no locale (so Chinese), fixed width, no colour.
SHOWN_ENVIRONMENT = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
_LOCALE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "STDPLAN_LANG", "STDPLAN_DATA")


def examples() -> list[tuple[str, str]]:
    """(command line, output shown) for every command in a console block."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for command in re.split(r"^(?=\$ )", block, flags=re.M):
            if command.strip():
                line, _, shown = command.partition("\n")
                assert line.startswith(PROMPT), line
                found.append((line, shown))
    return found


def tidy(text: str) -> str:
    """What the eye sees: no trailing spaces, no blank lines at either end (a table has one above and below)."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def test_the_readme_has_examples():
    assert len(examples()) >= 6


@pytest.mark.parametrize(("line", "shown"), examples(), ids=[line for line, _ in examples()])
def test_readme_example_is_real_output(line, shown, tmp_path):
    """Run as a user runs it, a process of its own (the language is chosen once, at start), in an
    empty directory (the shipped data); `VAR=value stdplan …` sets a variable as a shell would."""
    words = shlex.split(line.removeprefix(PROMPT))
    assignments = dict(word.split("=", 1) for word in words if "=" in word.split("-")[0] and word[0].isupper())
    command = words[len(assignments) :]
    assert command[0] == "stdplan", line
    environment = {name: value for name, value in os.environ.items() if name not in _LOCALE}
    result = subprocess.run(
        [sys.executable, "-m", "stdplan", *command[1:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**environment, **SHOWN_ENVIRONMENT, **assignments},
        check=False,
    )
    assert tidy(result.stdout + result.stderr) == tidy(shown)


def test_every_command_has_help():
    def commands(group):
        for name, command in group.commands.items():
            yield name, command
            if hasattr(command, "commands"):
                yield from commands(command)

    for name, command in commands(get_command(app)):
        assert command.help, f"{name} has no help"
