"""Recording progress in tasks.yaml without losing a byte of what people wrote.

An edit takes a lock, reads the file as a round-trip tree (ruamel.yaml keeps every comment, blank
line, key order and quote), changes only the task concerned, checks the whole result with the
same models and checks as `stdplan validate`, and only then replaces the file atomically. A
refused edit leaves the file as it was, byte for byte. The lock lives in the temporary directory,
so the data directory (a git working tree) never holds a lock or temporary file.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from stdplan.dataset import TASKS_FILE, Dataset
from stdplan.loading import check_directory, load_dataset, shipped_data_dir
from stdplan.models import STAGES, Task
from stdplan.output import write_output
from stdplan.problems import DataInvalid, UsageError
from stdplan.queries import resolve_unit, task_by_number

LOCK_TIMEOUT_SECONDS = 60
TASK_KEYS = tuple(Task.model_fields)  # where a new key goes: in the models' order


def add_progress(
    directory: Path,
    number: int,
    *,
    date: datetime.date,
    note: str,
    by: str | None = None,
    status: str | None = None,
) -> Task:
    """Appends a progress entry to task `number` (and sets its status, if given)."""

    def change(task: CommentedMap, dataset: Dataset) -> None:
        entry = CommentedMap(date=date, note=note)
        if by is not None:
            entry["by"] = resolve_unit(dataset, by)
        _add_to_list(task, "progress", entry)
        if status is not None:
            _place(task, "status", status, TASK_KEYS)

    return edit_task(directory, number, change)


def add_standard(
    directory: Path,
    number: int,
    *,
    level: str,
    title: str,
    code: str | None = None,
    stage: str = STAGES[0],
    date: datetime.date,
) -> Task:
    """Adds a standard the task produces, at `stage` on `date`."""

    def change(task: CommentedMap, _: Dataset) -> None:
        standard = CommentedMap(level=level, title=title)
        if code is not None:
            standard["code"] = code
        standard["stages"] = CommentedMap({stage: date})
        _add_to_list(task, "standards", standard)

    return edit_task(directory, number, change)


def advance_standard(directory: Path, number: int, index: int, *, date: datetime.date) -> Task:
    """Moves the task's standard `index` (1-based) to the stage after the last one it reached."""

    def change(task: CommentedMap, dataset: Dataset) -> None:
        standards = task_by_number(dataset, number).standards
        if not 1 <= index <= len(standards):
            count = len(standards)
            raise UsageError(f"task {number} has {count} standard(s); give a number from 1 to {count}")
        reached = max(STAGES.index(stage) for stage in standards[index - 1].stages)
        if reached == len(STAGES) - 1:
            raise UsageError(f"standard {index} of task {number} is already at its last stage, {STAGES[-1]}")
        stages = task["standards"][index - 1]["stages"]
        _keeping_what_follows(task, lambda: _place(stages, STAGES[reached + 1], date, STAGES))

    return edit_task(directory, number, change)


def edit_task(directory: Path, number: int, change: Callable[[CommentedMap, Dataset], None]) -> Task:
    """Applies `change` to task `number` in tasks.yaml, or raises and leaves the file untouched.

    Raises UsageError for what was asked wrongly (an unknown task or unit), DataInvalid when the
    data is invalid before the edit or would be after it.
    """
    if directory.resolve() == shipped_data_dir().resolve():
        raise UsageError("the data shipped with stdplan is not edited: give --data DIR (or work where ./data is)")
    path = directory / TASKS_FILE
    try:
        with FileLock(_lock_path(path), timeout=LOCK_TIMEOUT_SECONDS):
            return _edit_locked(directory, path, number, change)
    except Timeout:
        raise UsageError(
            f"{path} has been locked by another edit for {LOCK_TIMEOUT_SECONDS} s; try again when it is done"
        ) from None


def _edit_locked(directory: Path, path: Path, number: int, change: Callable[[CommentedMap, Dataset], None]) -> Task:
    dataset = load_dataset(directory)
    index = dataset.plan.tasks.index(task_by_number(dataset, number))
    yaml = _round_trip_yaml()
    tree = yaml.load(path.read_bytes().decode("utf-8"))
    change(tree["tasks"][index], dataset)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    edited = buffer.getvalue().encode("utf-8")
    result = check_directory(directory, use_cache=False, replaced={TASKS_FILE: edited})
    if result.dataset is None:
        raise DataInvalid(result.problems)
    write_output(path, edited)  # atomically; a file that cannot be written is a clear UsageError
    return result.dataset.plan.tasks[index]


def _round_trip_yaml() -> YAML:
    """Reads and writes the data files in their own style: two-space indents, '- ' two in, long lines kept."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _lock_path(path: Path) -> Path:
    """A lock file per data file, in the temporary directory shared by everyone editing it."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"stdplan-{digest}.lock"


def _add_to_list(record: CommentedMap, key: str, entry: Any) -> None:
    """Appends `entry` to the record's list `key`, making the list where there is none yet."""

    def change() -> None:
        if key in record:
            record[key].append(entry)
        else:
            _place(record, key, CommentedSeq([entry]), TASK_KEYS)

    _keeping_what_follows(record, change)


def _place(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Sets `key`, where the models put it: after the keys that come before it in `order`."""
    if key in mapping:
        mapping[key] = value
        return
    position = sum(1 for existing in mapping if existing in order and order.index(existing) < order.index(key))
    _keeping_what_follows(mapping, lambda: mapping.insert(position, key, value))


def _keeping_what_follows(record: CommentedMap, change: Callable[[], None]) -> None:
    """Makes a change that may add lines at the end of `record`. ruamel.yaml hangs the blank lines
    and comments that follow a record (often the next record's heading) on its last line; they must
    stay below the new last line. Only an end-of-line comment stays where it was."""
    holder, last = _last_line(record)
    slot = 2 if isinstance(holder, CommentedMap) else 0
    token = holder.ca.items.get(last, [None] * 4)[slot] if holder is not None else None
    change()
    new_holder, new_last = _last_line(record)
    if token is None or (new_holder is holder and new_last == last):
        return
    own, _, rest = token.value.partition("\n")
    if own.strip():
        token.value, moved = own + "\n", rest
    else:
        holder.ca.items[last][slot], moved = None, token.value
    if moved:
        new_slot = 2 if isinstance(new_holder, CommentedMap) else 0
        items = new_holder.ca.items.setdefault(new_last, [None] * (4 if new_slot == 2 else 2))
        items[new_slot] = CommentToken(moved, CommentMark(0), None)


def _last_line(node: Any) -> tuple[Any, Any]:
    """The collection and key (or index) of the last scalar written for `node`."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and node:
        last = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        if isinstance(node[last], (CommentedMap, CommentedSeq)) and node[last]:
            node = node[last]
        else:
            return node, last
    return None, None
