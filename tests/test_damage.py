"""Random damage to the data never ends in a traceback: exit 0 or 1, with problems that have a place."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from stdplan.dataset import DATA_MODELS
from stdplan.settings import shipped_data_dir

SHIPPED = {name: (shipped_data_dir() / name).read_text(encoding="utf-8") for name in DATA_MODELS}


def truncate(lines: list[str], at: int, _: str) -> list[str]:
    return lines[:at]


def delete_line(lines: list[str], at: int, _: str) -> list[str]:
    return lines[:at] + lines[at + 1 :]


def duplicate_line(lines: list[str], at: int, _: str) -> list[str]:
    return lines[: at + 1] + lines[at:]


def insert_stray(lines: list[str], at: int, stray: str) -> list[str]:
    line = lines[at]
    middle = len(line) // 2
    return [*lines[:at], line[:middle] + stray + line[middle:], *lines[at + 1 :]]


def shift_indent(lines: list[str], at: int, stray: str) -> list[str]:
    shifted = lines[at][1:] if len(stray) % 2 else "  " + lines[at]
    return [*lines[:at], shifted, *lines[at + 1 :]]


DAMAGES = [truncate, delete_line, duplicate_line, insert_stray, shift_indent]
STRAY = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t 市局\\\x00")), min_size=1, max_size=3)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(sorted(DATA_MODELS)),
    damages=st.lists(
        st.tuples(st.sampled_from(DAMAGES), st.floats(0, 1, exclude_max=True), STRAY), min_size=1, max_size=3
    ),
)
def test_damaged_data_gives_problems_not_tracebacks(file, damages):
    lines = SHIPPED[file].splitlines()
    for damage, where, stray in damages:
        if lines:
            lines = damage(lines, int(where * len(lines)), stray)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data"
        shutil.copytree(shipped_data_dir(), data)
        (data / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run_cli("validate", "--data", str(data), "--format", "json")  # re-raises all but a deliberate exit
        assert result.exit_code in (0, 1)
        report = json.loads(result.stdout)
        assert report["valid"] == (result.exit_code == 0) == (not report["problems"])
        for problem in report["problems"]:
            assert problem["line"] >= 1
            assert problem["message"]
            assert "\n" not in problem["message"]
