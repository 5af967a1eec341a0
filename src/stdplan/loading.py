"""Finding the data directory and loading its three files into one checked `Dataset`."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from stdplan import cache
from stdplan.checks import run_checks
from stdplan.dataset import DATA_MODELS, NATIONAL_FILE, TASKS_FILE, UNITS_FILE, Dataset
from stdplan.messages import Message
from stdplan.problems import DataInvalid, Finding, Problem, UsageError
from stdplan.settings import shipped
from stdplan.source_file import decode, read_bytes
from stdplan.validation import validate_data


def shipped_data_dir() -> Path:
    """The copy of the data installed with the package."""
    return shipped("data")


def resolve_data_dir(option: Path | None) -> Path:
    """`--data` (or STDPLAN_DATA, which the CLI maps onto it), else ./data when it holds data files,
    else the shipped copy."""
    if option is not None:
        if not option.is_dir():
            raise UsageError(Message("data directory not found: {path}", path=option))
        return option
    local = Path("data")
    if any((local / name).is_file() for name in DATA_MODELS):
        return local
    return shipped_data_dir()


@dataclass
class LoadResult:
    """Either a dataset or the problems that kept it from being one; never both."""

    directory: Path
    dataset: Dataset | None
    problems: list[Problem]


def check_directory(
    directory: Path, *, use_cache: bool = True, replaced: Mapping[str, bytes] | None = None
) -> LoadResult:
    """Reads, validates and cross-checks every file, collecting all problems before giving up.

    With `use_cache`, data that passed before, unchanged, is taken from the cache (see cache.py).
    `replaced` checks given content in place of a file's (an edit, before it is written).
    """
    raw: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name in DATA_MODELS:
        content = replaced[name] if replaced and name in replaced else read_bytes(directory / name)
        if isinstance(content, Problem):
            problems.append(content)
        else:
            raw[name] = content
    found = {name: cache.file_identity(directory / name, raw[name]) for name in raw} if use_cache else {}
    identities = {name: identity for name, identity in found.items() if identity is not None}
    use_cache = use_cache and len(identities) == len(found)  # a file gone since it was read: no cache
    if use_cache and not problems and (dataset := _cached(directory, identities)) is not None:
        return LoadResult(directory, dataset, [])
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
        if use_cache:
            cache.store(directory, identities, {name: model.model_dump_json() for name, model in models.items()})
        return LoadResult(directory, dataset, [])
    for name, text in texts.items():
        if about := [finding for finding in findings if finding.file == name]:
            problems += locate(directory / name, text, about)
    return LoadResult(directory, None, sorted(problems, key=_reading_order))


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


def _cached(directory: Path, identities: dict[str, cache.Identity]) -> Dataset | None:
    """The dataset from the cache, when an entry for exactly these files is there and its data is valid."""
    data = cache.load(directory, identities)
    if data is None:
        return None
    try:
        models = {name: model.model_validate_json(data[name]) for name, model in DATA_MODELS.items()}
    except ValidationError:
        return None
    return _dataset(models)


def _dataset(models: dict[str, BaseModel]) -> Dataset:
    return Dataset(models[NATIONAL_FILE], models[TASKS_FILE], models[UNITS_FILE])  # type: ignore[arg-type]


def load_dataset(directory: Path) -> Dataset:
    """The valid dataset in `directory`; raises DataInvalid with every problem otherwise."""
    result = check_directory(directory)
    if result.dataset is None:
        raise DataInvalid(result.problems)
    return result.dataset


def _reading_order(problem: Problem) -> tuple[str, int, int]:
    return (str(problem.file), problem.line or 0, problem.column or 0)
