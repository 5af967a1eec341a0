"""The shapes a query's answer takes: plain records that output can render in any format."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from stdplan.messages import Message
from stdplan.records import Record  # what a query answers with is what it reads: plain records

_NOTHING: Mapping[str, Any] = MappingProxyType({})


# NamedTuples, not dataclasses: importing dataclasses is a fifth of a fast answer's start-up (fast.py).
class Listing(NamedTuple):
    """Records of one kind, e.g. tasks.

    `noun` names what is listed (tasks, coverage…): the words for it and its columns come from the
    catalogs. `fields` are every key of a record (what JSON, YAML, CSV and Excel carry); `columns`
    the few a person reads in a terminal table or a Markdown handout. In those two, `placeholders`
    say what an empty cell means (e.g. "not covered") and the `bars` columns, fractions from 0 to 1,
    are drawn as bars. Codes are shown as words by their field's vocabulary (vocabulary.py).

    `stand_ins` is for every format for people (table, Markdown, CSV, Excel): a column whose empty
    cell shows another field of the same record, the data's own words (an item's `cities`, empty
    when it goes to every pilot, shows its `scope`, 各试点示范省市). `dates` are the columns holding
    days as ISO text (2025-08-31), which a spreadsheet gets as dates. `said_as` names, for a column
    whose values belong to different fields row by row, the column saying which field (a change's
    old and new status are said as statuses); in the `by_name` columns, a nested record that has a
    title or a name is shown by it (a task added, not its every field). JSON and YAML keep the
    records as they are.

    A listing `counted_by` one or two fields holds counts (`{"level": "local", "count": 41}`): people's
    formats show one field's counts with a 合计 row, two as a matrix with 合计 row and column.
    `headings` says a column's heading where the field's name does not (a matrix's columns are values).
    """

    noun: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    records: list[Record]
    summary: Message | None = None
    placeholders: Mapping[str, Message] = _NOTHING
    bars: frozenset[str] = frozenset()
    stand_ins: Mapping[str, str] = _NOTHING
    dates: frozenset[str] = frozenset()
    said_as: Mapping[str, str] = _NOTHING
    by_name: frozenset[str] = frozenset()
    counted_by: tuple[str, ...] = ()
    headings: Mapping[str, object] = _NOTHING


class Beside(NamedTuple):
    """How a detail's record is read beside the records it links to (a task beside its national
    item, an item beside the tasks that implement it), in the formats for people that lay it out
    (terminal table, Markdown): a column for the record, headed `own`, and one for each record
    under its key `nested` (one record or a list of them), headed `other`. Each of `rows` pairs a
    field of the record with the field of a linked one said beside it (a task's category beside
    an item's section), the row named by the first; a side without its field shows nothing there
    (a task has no level). The record's other fields follow, its own values alone."""

    nested: str
    rows: tuple[tuple[str, str], ...]
    own: Message
    other: Message


class Detail(NamedTuple):
    """One record in full (task 9, item 74), with the records it links to nested inside it;
    `stand_ins` as in a Listing; `beside`, if any, how a person reads it next to those it links to
    (JSON, YAML, CSV and Excel carry the record as it is)."""

    noun: str
    number: int
    record: Record
    stand_ins: Mapping[str, str] = _NOTHING
    beside: Beside | None = None
