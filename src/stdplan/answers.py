"""The shapes a query's answer takes: plain records that output can render in any format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]  # JSON-ready values: str, int, bool, None, lists, nested records


@dataclass(frozen=True)
class Listing:
    """Records of one kind, e.g. tasks.

    `fields` are every key of a record (what JSON, YAML, CSV and Excel carry); `columns` the few a
    person reads in a terminal table or a Markdown handout. In those two, `placeholders` name what
    an empty cell means (e.g. "not covered"), `labels` replace codes by words (in_progress → 推进中)
    and the `bars` columns, fractions from 0 to 1, are drawn as bars.
    """

    noun: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    records: list[Record]
    summary: str | None = None
    placeholders: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    bars: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Detail:
    """One record in full, with the records it links to nested inside it."""

    noun: str
    record: Record
