"""Recording progress in tasks.yaml without losing a byte of what people wrote.

An edit takes the lock every editor of that file meets at (`.tasks.yaml.stdplan-lock` beside it),
reads the file once as a round-trip tree (ruamel.yaml keeps every comment, blank line, key order
and quote), changes only the task concerned, checks the whole result with the same models and
checks as `stdplan validate` (never through the cache: only the bytes read under the lock count),
makes sure it only adds lines (or changes a status), and only then replaces the file atomically,
if it still holds the bytes the edit started from. A refused edit leaves the file as it was, byte
for byte.
"""

from __future__ import annotations

import codecs
import datetime
import difflib
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.tokens import CommentToken

from stdplan.atomic import final_target, remove_partial_files, write_file
from stdplan.dataset import DATA_MODELS
from stdplan.loading import check_directory, records_of
from stdplan.messages import Message
from stdplan.models import STAGES, ProgressEntry, Standard, Task
from stdplan.problems import DataInvalid, UsageError, os_reason
from stdplan.queries import current_stage, parse_word, resolve_unit, task_by_number
from stdplan.records import TASKS_FILE, Records
from stdplan.settings import shipped_data_dir
from stdplan.source_file import read_files
from stdplan.validation import explain

LOCK_TIMEOUT_SECONDS = 60
LOCK_SUFFIX = ".stdplan-lock"
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
    """Appends a progress entry to task `number`; `status` (English or Chinese) sets its status too."""
    code = parse_word("status", status) if status is not None else None

    def change(task: CommentedMap, records: Records) -> None:
        entry = _checked(ProgressEntry, {"date": date, "note": note, "by": by and resolve_unit(records, by)})
        _add_to_list(task, "progress", entry)
        if code is not None:
            _place(task, "status", code, TASK_KEYS)

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
    planned: Sequence[tuple[str, datetime.date]] = (),
) -> Task:
    """Adds a standard the task produces, at `stage` on `date`, with the days its later stages are
    `planned` for (stage, day)."""
    plans: dict[str, datetime.date] = {}
    for later, on in planned:
        if later in plans:
            raise UsageError(Message("the planned stage {stage} is given twice", stage=later))
        if STAGES.index(later) <= STAGES.index(stage):
            raise UsageError(
                Message(
                    "the planned stage {planned} is not after {stage}, the stage the standard has reached",
                    planned=later,
                    stage=stage,
                )
            )
        plans[later] = on

    def change(task: CommentedMap, _: Records) -> None:
        values: dict[str, Any] = {"level": level, "title": title, "code": code, "stages": {stage: date}}
        if plans:  # in the stages' order, whatever order they were typed in
            values["planned"] = dict(sorted(plans.items(), key=lambda plan: STAGES.index(plan[0])))
        standard = _checked(Standard, values)
        standard["stages"] = CommentedMap(standard["stages"])
        if "planned" in standard:
            standard["planned"] = CommentedMap(standard["planned"])
        _add_to_list(task, "standards", standard)

    return edit_task(directory, number, change)


def advance_standard(directory: Path, number: int, index: int, *, date: datetime.date) -> tuple[Task, str]:
    """Moves the task's standard `index` (1-based) to the stage after the last one it reached;
    returns the task and that stage."""
    reached: list[str] = []

    def change(task: CommentedMap, records: Records) -> None:
        standards = task_by_number(records, number)["standards"]
        if not standards:
            raise UsageError(Message("task {number} has no standards yet: add one first", number=number))
        if not 1 <= index <= len(standards):
            count = len(standards)
            raise UsageError(
                Message(
                    "task {number} has {count} standard(s); give a number from 1 to {count}", number=number, count=count
                )
            )
        current = STAGES.index(current_stage(standards[index - 1]["stages"]))
        if current == len(STAGES) - 1:
            raise UsageError(
                Message(
                    "standard {index} of task {number} is already at its last stage, {stage}",
                    index=index,
                    number=number,
                    stage=STAGES[-1],
                )
            )
        reached.append(STAGES[current + 1])
        stages = task["standards"][index - 1]["stages"]
        _keeping_what_follows(task, lambda: _place(stages, reached[0], date, STAGES))

    return edit_task(directory, number, change), reached[0]


def _checked(model: type[BaseModel], values: dict[str, Any]) -> CommentedMap:
    """The new entry, checked on its own first, so that a wrong value is told as the option it came
    from (exit 2), not as a line of a file that was never written; absent values are left out."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        what = explain(detail["type"], detail.get("input"), detail.get("ctx") or {})
        raise UsageError(Message("--{option}: {problem}", option=detail["loc"][0], problem=what)) from None
    return CommentedMap((key, value) for key, value in values.items() if value is not None)


def edit_task(directory: Path, number: int, change: Callable[[CommentedMap, Records], None]) -> Task:
    """Applies `change` to task `number` in tasks.yaml, or raises and leaves the file untouched.

    Raises UsageError for what was asked wrongly (an unknown task or unit), DataInvalid when the
    data is invalid before the edit or would be after it.
    """
    path = directory / TASKS_FILE
    try:
        target = final_target(path)
    except OSError as error:
        raise UsageError(Message("cannot edit {path}: {reason}", path=path, reason=os_reason(error))) from None
    if _same_file(target, shipped_data_dir() / TASKS_FILE):  # through a link to it, too
        raise UsageError(
            Message("the data shipped with stdplan is not edited: give --data DIR (or work where ./data is)")
        )
    lock = FileLock(lock_path(target), timeout=LOCK_TIMEOUT_SECONDS, **_lock_mode(target))
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(
            Message(
                "{path} has been locked by another edit for {seconds} s; try again when it is done",
                path=path,
                seconds=LOCK_TIMEOUT_SECONDS,
            )
        ) from None
    except OSError as error:
        raise UsageError(
            Message(
                "cannot take the lock {lock} that every edit of {file} takes: {reason} (everyone who edits the "
                "file must be able to write it; while no edit runs, it may be removed)",
                lock=lock.lock_file,
                file=TASKS_FILE,
                reason=os_reason(error),
            )
        ) from None
    try:
        remove_partial_files(target)
        return _edit_locked(directory, path, number, change)
    finally:
        lock.release()


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of them is not there: not the same
        return False


def _lock_mode(data_file: Path) -> dict[str, int]:
    """The lock is writable by whoever may write the data file (a group's shared folder, say): with
    the umask's 0644, the first editor's lock would shut every other account out for good."""
    try:
        return {"mode": data_file.stat().st_mode & 0o666 | 0o600}  # a lock its owner cannot write is none
    except OSError:
        return {}


def _edit_locked(directory: Path, path: Path, number: int, change: Callable[[CommentedMap, Records], None]) -> Task:
    # Each file is read once, under the lock: the same bytes are checked before and after the change,
    # and tasks.yaml's are compared right before the rename, so a file changed by hand is not missed.
    files, unread = read_files(directory, DATA_MODELS)
    if unread:
        raise DataInvalid(unread)  # said as validate says it
    raw = files[TASKS_FILE]
    before = check_directory(directory, replaced=files)
    if before.dataset is None:
        raise DataInvalid(before.problems)
    records = records_of(before.dataset)
    index = records.tasks.index(task_by_number(records, number))
    layout = _Layout.of(raw)
    yaml = layout.yaml()
    tree = yaml.load(layout.text)
    change(tree["tasks"][index], records)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    _refuse_unless_only_added(layout.text, buffer.getvalue())
    edited = layout.encode(buffer.getvalue())
    result = check_directory(directory, replaced={**files, TASKS_FILE: edited})
    if result.dataset is None:  # the lines are those of the edited text, which was not written
        raise DataInvalid(result.problems, Message("the edit would leave the data invalid:"))
    write_file(path, edited, expected=raw)
    return result.dataset.plan.tasks[index]


def lock_path(data_file: Path) -> Path:
    """Where every editor of `data_file` (the file itself, links resolved: `final_target`) meets,
    whatever their account, temporary directory or link to it: beside it, under a name no one takes
    for data. It stays after the edit (Windows removes it): removing a lock file others may be
    waiting on lets two editors in at once (filelock#574, and NFS keeps a removed open file alive
    under another name), so it is git-ignored instead."""
    return data_file.parent / f".{data_file.name}{LOCK_SUFFIX}"


# Indentation styles to try, (mapping, sequence, dash offset): the data files' own first.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


@dataclass(frozen=True)
class _Layout:
    """What ruamel.yaml does not keep by itself: a byte-order mark, CRLF line ends, a missing final
    line end (as some Windows editors save), the indentation."""

    text: str
    bom: bool
    crlf: bool
    final_newline: bool
    style: tuple[int, int, int]

    @classmethod
    def of(cls, raw: bytes) -> _Layout:
        bom = raw.startswith(codecs.BOM_UTF8)
        text = raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8")
        crlf = "\r\n" in text
        others = text.replace("\r\n", "")
        if "\r" in others or (crlf and "\n" in others):  # an edit would write one kind for all
            raise UsageError(
                Message(
                    "{file} has line endings an automatic edit would change (CRLF and LF mixed, or CR alone): "
                    "save it with LF or CRLF line endings throughout (an editor's setting) and try again",
                    file=TASKS_FILE,
                )
            )
        text = text.replace("\r\n", "\n")
        final_newline = text.endswith("\n")
        text = text if final_newline else text + "\n"  # ruamel.yaml always ends with one
        for style in _STYLES:
            yaml = _round_trip_yaml(style)
            buffer = io.StringIO()
            try:
                yaml.dump(yaml.load(text), buffer)
            except YAMLError as error:  # what the fast reader lets pass and the round-trip one does not
                raise _unkept(error) from None
            if buffer.getvalue() == text:
                return cls(text, bom, crlf, final_newline, style)
        raise _unkept()

    def yaml(self) -> YAML:
        return _round_trip_yaml(self.style)

    def encode(self, text: str) -> bytes:
        text = text if self.final_newline else text.removesuffix("\n")
        text = text.replace("\n", "\r\n") if self.crlf else text
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def _unkept(error: YAMLError | None = None) -> UsageError:
    """An edit that cannot keep the file byte for byte; where the round-trip reader stopped, if it did."""
    mark = getattr(error, "problem_mark", None)
    where = Message(" (line {line})", line=mark.line + 1) if mark is not None else ""
    return UsageError(
        Message(
            "{file} is laid out in a way an automatic edit cannot keep byte for byte{where} (indentation, a tab "
            "after a colon or before a comment, '---' or '...'); record this by hand, or lay the file out as the "
            "shipped one",
            file=TASKS_FILE,
            where=where,
        )
    )


def _round_trip_yaml(style: tuple[int, int, int]) -> YAML:
    """Reads and writes a data file in a given indentation, long lines kept as they are."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _refuse_unless_only_added(before: str, after: str) -> None:
    """The last guard of 'nothing is lost': an edit adds lines, and changes at most a status line."""
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace") and not all(_STATUS_LINE.match(line) for line in old[i1:i2]):
            raise UsageError(
                Message(
                    "the edit would change {file} beyond the lines it adds (line {line}); nothing was written",
                    file=TASKS_FILE,
                    line=i1 + 1,
                )
            )


_STATUS_LINE = re.compile(r"^\s+status: ")


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
