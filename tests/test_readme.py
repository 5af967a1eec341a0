"""The README's examples are real: each `console` block is run and must print what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command

from conftest import run_cli
from stdplan.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
PROMPT = "$ stdplan "


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
    """What the eye sees: no trailing spaces (rich pads table lines), no blank lines at either end."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def test_the_readme_has_examples():
    assert len(examples()) >= 6


@pytest.mark.parametrize(("line", "shown"), examples(), ids=[line for line, _ in examples()])
def test_readme_example_is_real_output(line, shown, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the shipped data, as a new user sees it
    result = run_cli(*shlex.split(line.removeprefix(PROMPT)))
    assert tidy(result.stdout + result.stderr) == tidy(shown)


def test_every_command_has_help():
    def commands(group):
        for name, command in group.commands.items():
            yield name, command
            if hasattr(command, "commands"):
                yield from commands(command)

    for name, command in commands(get_command(app)):
        assert command.help, f"{name} has no help"
