"""Finding the data directory and loading its three files into one checked `Dataset`."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from stdplan.checks import run_checks
from stdplan.dataset import DATA_MODELS, NATIONAL_FILE, TASKS_FILE, UNITS_FILE, Dataset
from stdplan.problems import DataInvalid, Problem, UsageError
from stdplan.validation import validate_source
from stdplan.yaml_source import SourceFile, read_source


def shipped_data_dir() -> Path:
    """The copy of the data installed with the package."""
    return Path(str(resources.files("stdplan") / "data"))


def resolve_data_dir(option: Path | None) -> Path:
    """`--data` (or STDPLAN_DATA, which the CLI maps onto it), else ./data when it holds data files,
    else the shipped copy."""
    if option is not None:
        if not option.is_dir():
            raise UsageError(f"data directory not found: {option}")
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


def check_directory(directory: Path) -> LoadResult:
    """Reads, validates and cross-checks every file, collecting all problems before giving up."""
    problems: list[Problem] = []
    sources: dict[str, SourceFile] = {}
    models: dict[str, BaseModel] = {}
    for name, model in DATA_MODELS.items():
        source = read_source(directory / name)
        if isinstance(source, Problem):
            problems.append(source)
            continue
        sources[name] = source
        validated = validate_source(source, model)
        if isinstance(validated, list):
            problems.extend(validated)
        else:
            models[name] = validated
    if problems:
        return LoadResult(directory, None, sorted(problems, key=_reading_order))
    dataset = Dataset(models[NATIONAL_FILE], models[TASKS_FILE], models[UNITS_FILE], sources)  # type: ignore[arg-type]
    problems = sorted(run_checks(dataset), key=_reading_order)
    return LoadResult(directory, None if problems else dataset, problems)


def load_dataset(directory: Path) -> Dataset:
    """The valid dataset in `directory`; raises DataInvalid with every problem otherwise."""
    result = check_directory(directory)
    if result.dataset is None:
        raise DataInvalid(result.problems)
    return result.dataset


def _reading_order(problem: Problem) -> tuple[str, int, int]:
    return (str(problem.file), problem.line or 0, problem.column or 0)
