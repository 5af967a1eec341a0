"""The data files read the same in a YAML 1.1 reader (PyYAML, the most used in Python) as in stdplan.

YAML 1.1 reads a bare no, yes, on or off as a boolean, 0755 as octal and 1:30 as sixty-based: a key
or value of that shape would mean something else to someone else's script.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import edit
from stdplan.dataset import DATA_MODELS
from stdplan.settings import shipped_data_dir
from stdplan.yaml_source import parse_text


def _keys(value: object) -> set[object]:
    if isinstance(value, dict):
        return set(value) | {key for inner in value.values() for key in _keys(inner)}
    if isinstance(value, list):
        return {key for inner in value for key in _keys(inner)}
    return set()


@pytest.mark.parametrize("name", DATA_MODELS)
def test_pyyaml_reads_what_stdplan_reads(name):
    path = shipped_data_dir() / name
    text = path.read_text(encoding="utf-8")
    theirs = yaml.safe_load(text)
    assert all(isinstance(key, str) for key in _keys(theirs))
    assert theirs == parse_text(path, text)


def test_the_old_key_no_is_told_to_be_renamed(cli, data_dir):
    line = edit(data_dir / "tasks.yaml", "  - number: 9\n", "  - no: 9\n")
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    problems = [text for text in result.stdout.splitlines() if "[" in text]
    assert problems == [
        f"{data_dir / 'tasks.yaml'}:{line}:5: the key 'no' is now called 'number' "
        "(YAML 1.1 readers such as PyYAML read no: as false): rename it [renamed-key]"
    ]
