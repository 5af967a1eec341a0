"""Loading a data directory's three files: read, decoded, parsed, validated and cross-checked, each
step once (`check_directory`), into models (`Dataset`) for the checks and edits; and (`load`) as
records (`Records`) for queries and handouts, with the cache around that pipeline once. Which
directory is settings.resolve_data_dir's to say."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from stdplan import cache
from stdplan.checks import run_checks
from stdplan.dataset import DATA_MODELS, Dataset
from stdplan.models import record_fields
from stdplan.problems import DataInvalid, Finding, Problem
from stdplan.records import NATIONAL_FILE, TASKS_FILE, UNITS_FILE, Records
from stdplan.source_file import decode, read_files
from stdplan.validation import validate_data


@dataclass
class Checked:
    """What reading and checking the files gave (check_directory): either the validated models or the
    problems that kept them from being valid; never both."""

    directory: Path
    dataset: Dataset | None
    problems: list[Problem]


@dataclass
class Loaded:
    """Either the checked data as records or the problems that kept it from being checked; never both."""

    directory: Path
    records: Records | None
    problems: list[Problem]


def load(directory: Path, *, use_cache: bool = True) -> Loaded:
    """The data of `directory`, read, validated and cross-checked (check_directory), or taken from the
    cache when it holds exactly these files' records; what passed is kept there for next time."""
    if not use_cache:
        result = check_directory(directory)
        return Loaded(directory, records_of(result.dataset) if result.dataset else None, result.problems)
    found = cache.lookup(directory)
    if found.records is not None:
        return Loaded(directory, found.records, [])
    result = check_directory(directory, replaced=found.raw)  # the bytes the key was taken from
    if result.dataset is None:
        return Loaded(directory, None, result.problems)
    dumped, fields = _as_json(result.dataset)
    if found.identities is not None:
        cache.keep(directory, found.identities, dumped, fields)
    return Loaded(directory, Records(dumped, fields), [])


def records_of(dataset: Dataset) -> Records:
    """The dataset as records, made as a cache entry makes them."""
    return Records(*_as_json(dataset))


def _as_json(dataset: Dataset) -> tuple[dict[str, str], str]:
    """Each file's data as the models dump it to JSON, and the records' fields as JSON."""
    models = {NATIONAL_FILE: dataset.national, TASKS_FILE: dataset.plan, UNITS_FILE: dataset.units}
    return {name: model.model_dump_json() for name, model in models.items()}, json.dumps(record_fields())


def check_directory(directory: Path, *, replaced: Mapping[str, bytes] | None = None) -> Checked:
    """Reads, validates and cross-checks every file, collecting all problems before giving up.

    `replaced` checks given content in place of a file's (an edit, before it is written; the bytes
    a cache lookup read).
    """
    raw, problems = read_files(directory, DATA_MODELS, replaced)
    from stdplan.yaml_source import locate, parse_text  # the YAML library only when the files must be read

    # Each file in turn: text, data, model. Only the text is kept, for positions should anything be wrong.
    texts: dict[str, str] = {}
    models: dict[str, BaseModel] = {}
    findings: list[Finding] = []
    with _gc_paused():
        for name in list(raw):
            text = decode(directory / name, raw.pop(name))  # the bytes are let go once decoded
            if isinstance(text, Problem):
                problems.append(text)
                continue
            data = parse_text(directory / name, text)
            if isinstance(data, Problem):
                problems.append(data)
                continue
            texts[name] = text
            validated = validate_data(name, data, DATA_MODELS[name])
            del data  # the model holds what it needs; the next file is not read beside this one's data
            if isinstance(validated, list):
                findings += validated
            else:
                models[name] = validated
    # Files that failed stand in as empty models; only checks that do not read them run.
    stand_ins = {name: model.model_construct() for name, model in DATA_MODELS.items() if name not in models}
    dataset = _dataset({**models, **stand_ins})
    findings += run_checks(dataset, valid_files=models.keys())
    if not problems and not findings:
        return Checked(directory, dataset, [])
    for name, text in texts.items():
        if about := [finding for finding in findings if finding.file == name]:
            problems += locate(directory / name, text, about)
    return Checked(directory, None, sorted(problems, key=_reading_order))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building the data and then the models makes millions of objects and no garbage: the collections
    they set off find nothing to free, and each goes over all of them (most of validation's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _dataset(models: dict[str, BaseModel]) -> Dataset:
    return Dataset(models[NATIONAL_FILE], models[TASKS_FILE], models[UNITS_FILE])  # type: ignore[arg-type]


def load_dataset(directory: Path) -> Dataset:
    """The valid dataset in `directory` (the models, read afresh); raises DataInvalid with every problem otherwise."""
    result = check_directory(directory)
    if result.dataset is None:
        raise DataInvalid(result.problems)
    return result.dataset


def load_records(directory: Path, *, use_cache: bool = True) -> Records:
    """The checked records of `directory`; raises DataInvalid with every problem otherwise."""
    loaded = load(directory, use_cache=use_cache)
    if loaded.records is None:
        raise DataInvalid(loaded.problems)
    return loaded.records


def _reading_order(problem: Problem) -> tuple[str, int, int]:
    return (str(problem.file), problem.line or 0, problem.column or 0)
