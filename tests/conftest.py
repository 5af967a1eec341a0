from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from typer.testing import CliRunner

# Most tests read English output; the language is chosen once, when the CLI's help is made, so this
# comes before importing it. Chinese is tested by switching (fixture `chinese`) and through the
# installed command, whose environment each test sets itself.
os.environ["STDPLAN_LANG"] = "en"

from stdplan import i18n
from stdplan.cli import app
from stdplan.dataset import DATA_MODELS
from stdplan.settings import shipped_data_dir

# Pinned so output does not depend on the terminal the tests run in.
CLI_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "STDPLAN_DATA": None}


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None) -> CliResult:
    result = CliRunner().invoke(app, list(args), env={**CLI_ENV, **(env or {})})
    # An exception other than the deliberate exit would be a traceback in front of a user.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own cache directory, never the user's."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("STDPLAN_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def chinese() -> Iterator[None]:
    """Messages, headings and values in Chinese for one test (help texts stay as made at import)."""
    i18n.use("zh")
    yield
    i18n.use("en")


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    return run_cli


DATA_FILES = sorted(DATA_MODELS)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped data."""
    target = tmp_path / "data"
    target.mkdir()
    for name in DATA_FILES:  # the files only: a lock a test once left beside the shipped ones is not data
        shutil.copyfile(shipped_data_dir() / name, target / name)
    return target


# A data folder after an edit: its files, and the lock every editor meets at (git-ignored).
AFTER_AN_EDIT = [".tasks.yaml.stdplan-lock", *DATA_FILES]


def names_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def usage_error(stderr: str) -> str:
    """The message of a usage error, out of the box Typer draws around it."""
    return " ".join(line.strip(" │╭╮╰╯─") for line in stderr.splitlines() if line.startswith("│"))


def drop_last_task(data_dir: Path) -> None:
    """Takes task 17 (national item 104) out of the plan, leaving the data valid."""
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text[: text.index("  - number: 17\n")], encoding="utf-8")


def edit(path: Path, old: str, new: str) -> int:
    """Replaces the first `old` in the file by `new`; returns the 1-based line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    start = text.index(old)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    return text.count("\n", 0, start) + 1


def word_handout(cli: Callable[..., CliResult], tmp_path: Path, *args: str) -> Document:
    """The Word handout `brief ARGS` writes (to KIND.docx, dated 2026-01-05), opened with python-docx."""
    target = tmp_path / f"{args[0]}.docx"
    result = cli("brief", *args, "--output", str(target), "--date", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    return docx.Document(str(target))


def without_batches(national_list: str) -> str:
    """national_list.yaml as stdplan wrote it before it recorded the pilots' batches: no `batches`,
    no pilot's `batch`, and only the 11 pilots of the list."""
    before, _, rest = national_list.partition("batches:\n")
    text = before + rest[rest.index("\npilots:") + 1 :]
    text = "\n".join(line for line in text.splitlines() if not line.startswith("    batch: ")) + "\n"
    return text[: text.index("  - name: 大连")] + text[text.index("\nsections:") + 1 :]
