"""Every word stdplan says has its Chinese in the catalog, and each translation keeps its blanks.

The static strings are found the way the catalog is maintained (Babel's extractor over the code, and
over Typer's own gettext calls); the dynamic ones (column headings, the words for codes) are found by
asking every listing the shipped data can give, and every vocabulary, what they show.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
import typer
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pydantic import BaseModel

import stdplan
from stdplan import changes, counts, queries, revisions, vocabulary
from stdplan.answers import Detail, Listing
from stdplan.dataset import DATA_MODELS
from stdplan.loading import load_records
from stdplan.settings import shipped_data_dir

PACKAGE = Path(stdplan.__file__).parent
CATALOG = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "stdplan.po"
KEYWORDS = {"_": None, "Message": None, "pgettext": ((1, "c"), 2)}
Entry = tuple[str | None, str]  # (context, msgid)


def _extracted(directory: Path, keywords: dict[str, object]) -> Iterator[Entry]:
    for _file, _line, message, _comments, context in extract_from_dir(
        directory, method_map=[("**.py", "python")], keywords=keywords, comment_tags=()
    ):
        yield context, message


def _records(answer: Listing | Detail) -> Iterator[dict[str, object]]:
    yield from answer.records if isinstance(answer, Listing) else [answer.record]


def _keys(value: object) -> Iterator[str]:
    """The keys of nested records inside a value: they become headings too (日期: …; 进展: …)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def dynamic_entries() -> set[Entry]:
    """What listings show by name: nouns, headings and the codes of each vocabulary."""
    ds = load_records(shipped_data_dir())
    day = datetime.date.fromisoformat(ds.national["document"]["date"])
    answers: list[Listing | Detail] = [
        queries.find_tasks(ds, queries.TaskFilter()),
        queries.find_items(ds, queries.ItemFilter()),
        queries.find_items(ds, queries.ItemFilter(city="武汉")),
        queries.coverage(ds),
        queries.list_units(ds),
        queries.list_cities(ds),
        queries.overdue(ds, day.replace(year=day.year + 5)),
        queries.target_progress(ds, day),
        queries.progress_log(ds),
        queries.show_task(ds, 9),
        queries.show_item(ds, 74),
        changes.changes_listing([]),
        *(counts.count_items(ds, queries.ItemFilter(), [field]) for field in counts.ITEM_FIELDS),
        *(counts.count_tasks(ds, queries.TaskFilter(), [field]) for field in counts.TASK_FIELDS),
        changes.changes_listing([], noun="history", made_by=revisions.COMMIT_FIELDS),
    ]
    entries: set[Entry] = {("noun", answer.noun) for answer in answers}
    for answer in answers:
        names = set(answer.fields) if isinstance(answer, Listing) else set(answer.record)
        names |= {key for record in _records(answer) for value in record.values() for key in _keys(value)}
        # progress and standards, empty here
        names |= {"date", "note", "by", "code", "stages", "planned", "title", "level"}
        entries |= {("field", name) for name in names if name not in vocabulary.WORDS["stage"]}
    for name, words in vocabulary.WORDS.items():
        entries |= {(vocabulary.shown_as(name), code) for code in words}
        entries.add(("metavar", name.upper()))
    entries |= {("record", kind) for kind in changes.RECORD_KINDS.values()}
    entries |= {("change", change) for change in changes.CHANGES}
    # A change names the field that changed: any field of the data that is not a list of records.
    entries |= {("field", name) for name in _value_fields()}
    entries |= {("boolean", "yes"), ("boolean", "no")}
    entries |= {("punctuation", mark) for mark in (", ", "; ", ": ")}
    return entries


def _value_fields() -> Iterator[str]:
    """The fields of every model of the data whose values are not records."""
    seen: set[type[BaseModel]] = set()
    waiting: list[type[BaseModel]] = list(DATA_MODELS.values())
    while waiting:
        model = waiting.pop()
        seen.add(model)
        for name, field in model.model_fields.items():
            inner = [
                kind
                for kind in (field.annotation, *get_args(field.annotation))
                if isinstance(kind, type) and issubclass(kind, BaseModel)
            ]
            if inner:
                waiting += [kind for kind in inner if kind not in seen]
            else:
                yield name


def required_entries() -> set[Entry]:
    ours = set(_extracted(PACKAGE, KEYWORDS))
    typers = set(_extracted(Path(typer.__file__).parent, {"_": None}))
    return ours | typers | dynamic_entries()


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    with CATALOG.open("rb") as file:
        return read_po(file)


def test_every_string_has_its_chinese(catalog):
    translated = {(m.context, m.id) for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(required_entries() - translated, key=lambda entry: (entry[0] or "", entry[1]))
    assert not missing, "missing from locale/zh_CN/LC_MESSAGES/stdplan.po:\n" + "\n".join(map(repr, missing))


def test_the_catalog_holds_no_string_stdplan_no_longer_says(catalog):
    stale = sorted({(m.context, m.id) for m in catalog if m.id} - required_entries(), key=str)
    assert not stale, "no longer said, remove from the catalog:\n" + "\n".join(map(repr, stale))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_translations_keep_their_blanks(catalog):
    for message in catalog:
        if message.id and message.string:
            assert _fields(message.string) == _fields(message.id), message.id


def test_shown_words_can_be_typed_back(catalog):
    """What a table shows for a code is a word the options accept for it."""
    words = {(m.context, m.id): m.string for m in catalog if m.id}
    for name in ("level", "status", "assignment"):
        for code in vocabulary.codes(name):
            assert vocabulary.parse(name, words[(name, code)]) == code


def test_vocabulary_codes_are_the_models():
    from typing import get_args

    from stdplan.models import Assignment, SectionLevel, StandardStage, TaskStatus, UnitKind

    for name, literal in (
        ("level", SectionLevel),
        ("status", TaskStatus),
        ("assignment", Assignment),
        ("stage", StandardStage),
        ("unit_kind", UnitKind),
    ):
        assert vocabulary.codes(name) == get_args(literal)
