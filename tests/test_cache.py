"""The cache of validated data: used when the files are the same, never when they are not, never trusted."""

from __future__ import annotations

import json
import os

import pytest

from conftest import edit
from stdplan import yaml_source
from stdplan.loading import load


def entries(private_cache) -> list:
    return sorted(private_cache.glob("*.json"))


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_):
        raise AssertionError("parsed although the cache holds the data")

    monkeypatch.setattr(yaml_source, "parse_text", parse)


def test_second_read_comes_from_the_cache(data_dir, private_cache, monkeypatch):
    first = load(data_dir)
    assert first.records is not None
    assert len(entries(private_cache)) == 1
    refuse_to_parse(monkeypatch)
    second = load(data_dir)
    assert second.records is not None
    assert second.records.plan == first.records.plan
    assert second.records.national == first.records.national
    assert second.records.fields == first.records.fields


def test_a_changed_file_is_read_again_even_with_the_same_size_and_time(cli, data_dir):
    assert cli("tasks", "--national", "74", "-f", "json", "--data", str(data_dir)).stdout.count('"number": 9') == 1
    tasks = data_dir / "tasks.yaml"
    before = tasks.stat()
    edit(tasks, "    national_item: 74\n", "    national_item: 75\n")  # same size
    os.utime(tasks, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = cli("validate", "--data", str(data_dir))
    assert result.exit_code == 1
    assert "title differs from national item 75's" in result.stdout


def test_a_corrupt_or_foreign_entry_is_ignored_and_replaced(cli, data_dir, private_cache):
    assert cli("validate", "--data", str(data_dir)).exit_code == 0
    (entry,) = entries(private_cache)
    stored = entry.read_text(encoding="utf-8")
    header, national, tasks, units, fields, _ = stored.split("\n")
    older = header.replace('"stdplan": "', '"stdplan": "0.0.')
    assert older != header
    for damaged in (
        "not json at all",
        "",
        stored[: len(stored) // 2],  # cut short
        "\n".join([older, national, tasks, units, fields]),  # written by another version
        "\n".join([header, national, tasks, 'units.yaml\t{"units": "市公安局"}', fields]),  # not what was stored
        "\n".join([header, national, tasks, fields]),  # a file missing
    ):
        entry.write_text(damaged, encoding="utf-8")
        result = cli("tasks", "--lead", "市公安局", "-f", "json", "--data", str(data_dir))
        assert result.exit_code == 0
        assert [task["number"] for task in json.loads(result.stdout)] == [9, 10, 12, 15]
        assert entry.read_text(encoding="utf-8") == stored  # written again, whole


def test_no_cache_neither_reads_nor_writes_it(cli, data_dir, private_cache):
    assert cli("validate", "--data", str(data_dir), "--no-cache").exit_code == 0
    assert entries(private_cache) == []


def test_a_cache_that_cannot_be_written_is_not_kept(cli, data_dir, private_cache, monkeypatch):
    monkeypatch.setenv("STDPLAN_CACHE_DIR", str(data_dir / "units.yaml" / "cache"))  # below a file
    assert cli("validate", "--data", str(data_dir)).exit_code == 0


def test_invalid_data_is_never_cached(cli, data_dir, private_cache):
    edit(data_dir / "units.yaml", "    kind: party\n", "    kind: partey\n")
    assert cli("validate", "--data", str(data_dir)).exit_code == 1
    assert entries(private_cache) == []
