"""Every query answer in every format: the one place that knows table, json, csv, yaml, md and xlsx.

JSON and YAML carry the records as they are, English keys and codes: the machine interface. The
formats for people speak the user's language: CSV and Excel every field, one row per record; the
terminal table and Markdown the columns a person reads; headings and codes said as words (i18n).
Listing commands all come through `emit`; the fast front end (fast.py) writes the same text, from
`stdout_text` and `notes`, which `emit` writes too.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from stdplan.answers import Detail, Listing, Record
from stdplan.i18n import Speaker, say, speaker
from stdplan.messages import Label, Message
from stdplan.problems import UsageError
from stdplan.vocabulary import FIELD_VOCABULARY
from stdplan.widths import display_width

Answer = Listing | Detail


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"
    md = "md"
    xlsx = "xlsx"


_JOIN_NAMES = "、"  # names in one cell, as the source tables write them


F = TypeVar("F", bound=StrEnum)

_SUFFIX_ALIASES = {"yml": "yaml", "markdown": "md", "txt": "table"}
_BINARY = {"xlsx", "docx"}  # never to a terminal


def choose_format(requested: F | None, output: Path | None, default: F) -> F:
    """The format asked for, else the one the output file's suffix names (tasks.xlsx), else `default`
    (a file without a suffix); a suffix that names no format is a usage error."""
    formats = type(default)
    chosen = requested
    if chosen is None and output is not None and output.suffix:
        suffix = output.suffix.lower().lstrip(".")
        chosen = formats.__members__.get(_SUFFIX_ALIASES.get(suffix, suffix))
        if chosen is None:
            known = tuple(f".{name}" for name in formats.__members__ if name != "table")
            raise UsageError(
                Message(
                    "cannot tell the format from '{suffix}' ({known}): give --format", suffix=output.suffix, known=known
                )
            )
    chosen = chosen or default
    if chosen in _BINARY and output is None:
        raise UsageError(Message("{format} is a binary file: give --output FILE.{format}", format=chosen))
    return chosen


def emit(answer: Answer, output_format: OutputFormat, output: Path | None, *, replace: bool = True) -> None:
    """Writes the answer to `output` (atomically; an existing one only if `replace`) or stdout;
    notes for people go to stderr."""
    if output is None:
        text = stdout_text(answer, output_format)
        if text:  # unbuffered, even an empty write reaches the file: a full disk would fail an empty answer
            sys.stdout.write(text)
    else:
        from stdplan.atomic import write_file  # only when writing a file

        write_file(output, render(answer, output_format, to_file=True), replace=replace)
    for note in notes(answer):
        sys.stderr.write(note + "\n")


def stdout_text(answer: Answer, output_format: OutputFormat) -> str:
    """The answer as `emit` writes it to stdout: a table fitted to the terminal there is."""
    if output_format is OutputFormat.table:
        if _is_empty(answer):  # an empty table would be a header alone; the note says it better
            return ""
        from stdplan.table import terminal  # the table's modules, ~1 ms, only for the table format

        width, bold = terminal()
        return table(answer, width=width, bold=bold)
    content = render(answer, output_format)
    if not isinstance(content, str):  # binary formats always go to a file
        raise UsageError(Message("{format} is a binary file: give --output FILE.{format}", format=output_format))
    return content


def notes(answer: Answer) -> list[str]:
    """What is said of the answer besides it, for people (on stderr): nothing matched, a summary."""
    return [say(note) for note in _notes(answer)]


def render(answer: Answer, output_format: OutputFormat, *, to_file: bool = False) -> str | bytes:
    """The answer as text (or bytes, for xlsx). CSV written to a file starts with a BOM so that
    Excel reads it as UTF-8 and keeps the Chinese intact; on stdout it would confuse pipes."""
    if output_format is OutputFormat.json:
        return json.dumps(_data(answer), ensure_ascii=False, indent=2) + "\n"
    if output_format is OutputFormat.yaml:
        return _yaml(_data(answer))
    if output_format is OutputFormat.csv:
        text = _csv(answer)
        return "\ufeff" + text if to_file else text
    if output_format is OutputFormat.md:
        return _markdown(answer)
    if output_format is OutputFormat.xlsx:
        return _xlsx(answer)
    from stdplan.table import terminal

    return table(answer, width=terminal().width, bold=False)  # text for a file: no escape codes


def table(answer: Answer, *, width: int, bold: bool) -> str:
    """The terminal table of the answer's columns, `width` cells wide where they allow, with bold headings if
    `bold`; a detail as field and value under its title. What every front end prints for the table format."""
    from stdplan.table import draw

    answer = _for_people(answer)
    # A name per line: a narrow column then never breaks a name in two.
    headings, rows = _cells(answer, every_field=False, names="\n")
    if isinstance(answer, Detail):  # fields and their values: words and numbers in one column
        right = [False] * len(headings)
    else:
        right = [_is_whole_number_column([row.get(column) for row in answer.records]) for column in answer.columns]
    title = _title(answer) if isinstance(answer, Detail) else None
    return draw(headings, rows, right=right, width=width, bold=bold, title=title)


# Characters Markdown would read as markup anywhere in a line, and "&" where it would start an entity.
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]<>|]|&(?=#?\w+;)")
# At the start of a line, what opens a heading, list item, underline or code fence: "# ", "- ",
# "1. ", "-", "==", "~~~".
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(?:([#+\-=~])(?=[ \t#+\-=~]|$)|(\d+)([.)])(?=[ \t]|$))", re.MULTILINE)
# At the end of a heading, #s after a space close it and are dropped: "# 标题 #" is 标题.
_MARKDOWN_CLOSING_HASHES = re.compile(r"(?<=[ \t])(?=#+$)")


def _escape_markup(match: re.Match[str]) -> str:
    # An underscore inside a word (all_pilots, 子_项) can never start emphasis: left as written.
    text, at = match.string, match.start()
    if match.group() == "_" and 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum():
        return "_"
    return "\\" + match.group()


# Spaces at either end of a paragraph, heading or table cell, which Markdown drops (markdown-it drops
# what str.strip() does: U+3000 and U+00A0 too).
_MARKDOWN_EDGE_SPACES = re.compile(r"^\s+|\s+$")


def markdown_escape(text: str) -> str:
    """Text that stays text in Markdown, in a table cell, a heading or anywhere else: no column
    breaks, emphasis, HTML, entities, headings, lists or code; a line break becomes <br>, spaces at
    either end character references, which Markdown keeps."""
    text = _MARKDOWN_INLINE.sub(_escape_markup, text)
    text = _MARKDOWN_LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )
    text = _MARKDOWN_CLOSING_HASHES.sub("\\\\", text.replace("\n", "<br>"))
    return _MARKDOWN_EDGE_SPACES.sub(lambda spaces: "".join(f"&#{ord(char)};" for char in spaces.group()), text)


TOTAL = Message("total")
_NONE = "—"  # counted under no value: a task with no responsible unit


def _for_people(answer: Answer) -> Answer:
    """What people's formats show of counts: one field's with a 合计 row; two fields' as a matrix, the
    first's values down, the second's across, with 合计 row and column (zeros shown). Any other
    answer as it is."""
    if not isinstance(answer, Listing) or not answer.counted_by:
        return answer
    down, *across = answer.counted_by
    rows: dict[Any, Record] = {}
    if not across:
        for record in answer.records:
            rows[record[down]] = {down: _NONE if record[down] is None else record[down], "count": record["count"]}
        total = {down: TOTAL, "count": sum(record["count"] for record in answer.records)}
        columns: tuple[str, ...] = (down, "count")
        headings: dict[str, object] = {}
    else:
        (field,) = across
        values = list(dict.fromkeys(record[field] for record in answer.records))
        keys = [f"{field}={index}" for index in range(len(values))]  # a value may be any text: columns by place
        for record in answer.records:
            shown = _NONE if record[down] is None else record[down]
            row = rows.setdefault(record[down], {down: shown, **dict.fromkeys(keys, 0), "total": 0})
            row[keys[values.index(record[field])]] += record["count"]
            row["total"] += record["count"]
        total = {down: TOTAL, **{key: sum(row[key] for row in rows.values()) for key in (*keys, "total")}}
        columns = (down, *keys, "total")
        vocabulary = FIELD_VOCABULARY.get(field)
        headings = {
            key: _NONE if value is None else Label(vocabulary, value) if vocabulary else value
            for key, value in zip(keys, values, strict=True)
        }
        headings["total"] = TOTAL
    records = [*rows.values(), total]
    return answer._replace(fields=columns, columns=columns, records=records, counted_by=(), headings=headings)


def _data(answer: Answer) -> list[Record] | Record:
    return answer.records if isinstance(answer, Listing) else answer.record


def _is_empty(answer: Answer) -> bool:
    return isinstance(answer, Listing) and not answer.records


def _notes(answer: Answer) -> list[Message]:
    if not isinstance(answer, Listing):
        return []
    empty = [Message("no {things} match", things=Label("noun", answer.noun))] if _is_empty(answer) else []
    return empty + ([answer.summary] if answer.summary else [])


def _title(answer: Answer) -> str:
    """What a sheet or a detail table is called: 任务, 任务 9."""
    noun = speaker().label("noun", answer.noun)
    return f"{noun} {answer.number}" if isinstance(answer, Detail) else noun


def _rows(answer: Answer, *, every_field: bool) -> tuple[tuple[str, ...], list[Record]]:
    """Column names and rows: a listing's records, or a detail as one (field, value) row per field."""
    if isinstance(answer, Detail):
        return ("field", "value"), [{"field": key, "value": value} for key, value in answer.record.items()]
    return (answer.fields if every_field else answer.columns), answer.records


class Words:
    """Values said for people: codes by their field's vocabulary, booleans as 是/否, nested records
    with their fields named, no status as 未填报; by the user's speaker unless told another (a
    handout speaks Chinese)."""

    def __init__(self, names: str = _JOIN_NAMES, speaking: Speaker | None = None) -> None:
        self.speaker: Speaker = speaking or speaker()
        self.names = names

    def heading(self, column: str) -> str:
        return self.speaker.field(column)

    def text(self, value: Any, field: str, placeholder: str = "") -> str:
        """One value as cell text: lists of names joined by `names`, linked records spelled out."""
        vocabulary = FIELD_VOCABULARY.get(field)
        if value is None:
            return self.speaker.label(vocabulary, None) if vocabulary == "status" else placeholder
        if isinstance(value, bool):
            return self.speaker.yes_no(value)
        if isinstance(value, Message | Label):
            return self.speaker.say(value)
        if isinstance(value, str) and vocabulary:
            return self.speaker.label(vocabulary, value)
        if isinstance(value, dict):
            if not value:  # a standard with no stage planned: said as nothing recorded, like a missing code
                return placeholder
            pairs = (
                self.heading(key) + self.speaker.mark(": ") + self.text(inner, key, "—") for key, inner in value.items()
            )
            return self.speaker.mark("; ").join(pairs)
        if isinstance(value, list):
            if any(isinstance(inner, dict) for inner in value):
                separator = "\n"
            else:
                # Numbers apart with a space (in English), so a narrow column wraps between them.
                separator = self.speaker.mark(", ") if _is_whole_number_column(value) else self.names
            return separator.join(self.text(inner, field) for inner in value)
        return str(value)


def _cells(answer: Answer, *, every_field: bool, names: str = _JOIN_NAMES) -> tuple[list[str], list[list[str]]]:
    """Headings and cell texts in the user's language; for reading (not every field) with
    placeholders and bars."""
    columns, rows = _rows(answer, every_field=every_field)
    words = Words(names)
    if isinstance(answer, Detail) and not every_field and (beside := _beside(answer, words)):
        return beside
    if isinstance(answer, Detail):
        headings = [words.speaker.say(Message("field")), words.speaker.say(Message("value"))]
        return headings, [[words.heading(row["field"]), words.text(*_shown(answer, row["field"]))] for row in rows]
    headings = [words.speaker.say(answer.headings[c]) if c in answer.headings else words.heading(c) for c in columns]
    if every_field:
        return headings, [[words.text(*_shown(answer, column, row)) for column in columns] for row in rows]

    def cell(row: Record, column: str) -> str:
        value, field = _shown(answer, column, row)
        if column in answer.bars and isinstance(value, int | float):
            return _bar(value)
        placeholder = answer.placeholders.get(column)
        return words.text(value, field, words.speaker.say(placeholder) if placeholder else "")

    return headings, [[cell(row, column) for column in columns] for row in rows]


def _beside(answer: Detail, words: Words) -> tuple[list[str], list[list[str]]] | None:
    """A detail beside the records it links to (answers.Beside): a column for each, the paired
    fields on a row, then the record's other fields; None when it has no Beside or links to none."""
    if answer.beside is None:
        return None
    nested, pairs, own, other = answer.beside
    linked = answer.record.get(nested)
    others: list[Record] = [linked] if isinstance(linked, dict) else list(linked or [])
    if not others:
        return None
    say = words.speaker.say
    headings = [say(Message("field")), say(own), *[say(other)] * len(others)]

    def cell(record: Record, field: str, shown: Any) -> str:
        return words.text(*shown(field)) if field in record else ""

    rows = [
        [
            words.heading(mine),
            cell(answer.record, mine, lambda field: _shown(answer, field)),
            *[cell(record, theirs, lambda field, record=record: (record[field], field)) for record in others],
        ]
        for mine, theirs in pairs
    ]
    paired = {mine for mine, _theirs in pairs} | {nested}
    rest = [field for field in answer.record if field not in paired]
    rows += [[words.heading(field), words.text(*_shown(answer, field)), *[""] * len(others)] for field in rest]
    return headings, rows


def _shown(answer: Answer, column: str, row: Record | None = None) -> tuple[Any, str]:
    """What a person is shown for `column` of a listing's `row` (or of a detail's record), and the
    field whose vocabulary says it: the value, or its stand-in's when it is empty."""
    record = answer.record if isinstance(answer, Detail) else (row or {})
    value = record.get(column)
    stand_in = answer.stand_ins.get(column)
    if stand_in is not None and value in (None, "", []):
        return record.get(stand_in), stand_in
    if not isinstance(answer, Listing):
        return value, column
    if column in answer.by_name and isinstance(value, dict):
        value = value.get("title", value.get("name", value))
    said_as = answer.said_as.get(column)
    return value, (record.get(said_as) or column) if said_as else column


def _bar(fraction: float, width: int = 10) -> str:
    """A progress bar in text, which a terminal and a Markdown table both show: █████░░░░░ 50%."""
    filled = round(min(max(fraction, 0.0), 1.0) * width)
    return "█" * filled + "░" * (width - filled) + f" {fraction:.0%}"


def _is_whole_number_column(values: list[Any]) -> bool:
    """A column of numbers (blanks allowed), aligned right and never wrapped."""
    present = [value for value in values if value is not None]
    return bool(present) and all(isinstance(value, int) and not isinstance(value, bool) for value in present)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# What makes a spreadsheet take a cell for a formula: OWASP's list for CSV injection, the line feed,
# and the full-width forms, which Excel takes for the same in Chinese and Japanese settings.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Apostrophes already in front count too, so that taking one off gives the text back whatever it was.
_CSV_GUARDED = re.compile(f"'*[{re.escape(''.join(_FORMULA_START))}]")


def _csv(answer: Answer) -> str:
    """Every field, as a reader should see it. Text from the data that a spreadsheet would run as a
    formula (=HYPERLINK(…), + - @, a tab…) gets an apostrophe in front, OWASP's rule, CSV having no
    other way to mark a cell as text: Excel and LibreOffice show it, and a script takes one leading
    apostrophe off a cell where apostrophes stand before such a character (JSON carries the data
    untouched). Numbers, negative ones too, are written as they are, so that both read numbers; days
    (2025-09-01) begin with a digit."""
    answer = _for_people(answer)
    columns, rows = _rows(answer, every_field=True)
    headings, texts = _cells(answer, every_field=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["'" + text if _CSV_GUARDED.match(text) else text for text in headings])  # a matrix's are data
    for row, cells in zip(rows, texts, strict=True):
        writer.writerow(
            [
                text if _is_number(row.get(column)) or not _CSV_GUARDED.match(text) else "'" + text
                for column, text in zip(columns, cells, strict=True)
            ]
        )
    return buffer.getvalue()


def _markdown(answer: Answer) -> str:
    answer = _for_people(answer)
    columns, rows = _cells(answer, every_field=False)
    lines = [_markdown_row(map(markdown_escape, columns)), _markdown_row(["---"] * len(columns))]
    lines += [_markdown_row([markdown_escape(cell) for cell in row]) for row in rows]
    return "\n".join(lines) + "\n"


def _markdown_row(cells: Any) -> str:
    return "| " + " | ".join(cells) + " |"


def _yaml(data: list[Record] | Record) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.representer.sort_base_mapping_type_on_output = False  # keep the records' field order
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _xlsx(answer: Answer) -> bytes:
    return workbook([answer])


# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LONGEST = 31
# Display cells (a Chinese character is two); longer text wraps, so a sheet printed one page wide stays legible.
_WIDEST_COLUMN = 30
_DAY_FORMAT = "yyyy-mm-dd"
_LINE_HEIGHT = 15  # points: a line of Excel's default 11 pt text


def workbook(answers: Sequence[Answer]) -> bytes:
    """An Excel workbook with a sheet per answer, usable as it comes out: named after its view in
    the user's language, the documents' headings bold and frozen, a filter on every column, widths
    fitted, dates as dates, numbers as numbers, no formulas, and printable on A4 landscape one page
    wide with the heading on every page. `-o x.xlsx` is one answer; `stdplan export` all of them."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # the default sheet; each answer brings its own
    for answer in answers:
        _fill_sheet(book.create_sheet(_sheet_name(answer, book.sheetnames)), answer)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(answer: Answer, taken: Sequence[str]) -> str:
    """The view's name as Excel allows it (任务, 国家清单事项 9), unique in the workbook: Excel
    compares names without regard to case."""
    base = _SHEET_NAME_REFUSED.sub(" ", _title(answer)).strip("' ")[:_SHEET_NAME_LONGEST] or "-"
    used = {name.casefold() for name in taken}
    name, count = base, 1
    while name.casefold() in used:
        count += 1
        suffix = f" {count}"
        name = base[: _SHEET_NAME_LONGEST - len(suffix)] + suffix
    return name


def _fill_sheet(sheet: Any, answer: Answer) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.page import PageMargins

    answer = _for_people(answer)
    columns, rows = _rows(answer, every_field=True)
    headings, texts = _cells(answer, every_field=True)
    sheet.append(headings)
    for row, cells in zip(rows, texts, strict=True):
        sheet.append([_sheet_value(answer, column, row, text) for column, text in zip(columns, cells, strict=True)])
    fractions = answer.bars if isinstance(answer, Listing) else frozenset()
    for column, column_cells in zip(columns, sheet.iter_cols(), strict=True):
        heading, *data = column_cells
        heading.font = Font(bold=True)
        _keep_as_text(heading)  # a matrix's headings are values from the data
        heading.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for cell in data:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                _keep_as_text(cell)
            elif isinstance(cell.value, datetime.date):
                cell.number_format = _DAY_FORMAT
            elif column in fractions:
                cell.number_format = "0%"
        sheet.column_dimensions[heading.column_letter].width = _width(column_cells)
    for row_cells in sheet.iter_rows():
        # Heights for the wrapped lines: LibreOffice and Excel keep a generated row one line high.
        lines = max(_lines(cell.value, sheet.column_dimensions[cell.column_letter].width) for cell in row_cells)
        if lines > 1:
            sheet.row_dimensions[row_cells[0].row].height = _LINE_HEIGHT * lines
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    # Printed as it is handed round: A4 landscape, every column on one page's width, as many pages
    # down as it takes, the heading row on each, the view's name above and page numbers below.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    sheet.oddHeader.center.text = "&A"  # the sheet's name
    sheet.oddFooter.center.text = say(Message("page {page} of {pages}", page="&P", pages="&N"))


# Excel reads _xHHHH_ in text as the character U+HHHH; its own underscore escaped, _x005F_, keeps it
# as written (ECMA-376 Part 1, 22.9.2.19).
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _keep_as_text(cell: Any) -> None:
    """Text shown as written, never run: openpyxl takes any text starting with = for a formula, and
    Excel turns one starting with + - @ into a formula when someone edits the cell, unless it is
    marked as text (quotePrefix, what a typed apostrophe does)."""
    if "_x" in cell.value:
        cell.value = _EXCEL_ESCAPE.sub("_x005F_", cell.value)
    cell.data_type = "s"
    if cell.value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _sheet_value(answer: Answer, column: str, row: Record, text: str) -> Any:
    """What a cell holds: numbers as numbers so Excel can sum and sort them, days as dates, the rest
    as the text the other formats show (yes/no as words, never TRUE/FALSE), nothing for blanks."""
    value = row.get(column)
    if _is_number(value):
        return value
    if isinstance(answer, Listing) and column in answer.dates and value:
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return text or None


def _lines(value: Any, width: float) -> int:
    """How many lines a cell's text takes wrapped in a column `width` cells wide."""
    if not isinstance(value, str):
        return 1
    return sum(max(1, math.ceil(display_width(line) / max(width - 2, 1))) for line in value.splitlines() or [""])


def _width(cells: Sequence[Any]) -> float:
    """A column as wide as its longest line (Chinese characters count double), within limits."""

    def length(value: Any) -> int:
        if isinstance(value, datetime.date):
            return len(_DAY_FORMAT)
        return max((display_width(line) for line in str(value).splitlines()), default=0) if value is not None else 0

    return min(max(length(cell.value) for cell in cells) + 2, _WIDEST_COLUMN)
