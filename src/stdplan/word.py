"""A handout's Markdown laid out in Word as Chinese officials expect it (GB/T 9704-2012 where it applies).

The content comes from the Markdown template, so Word and Markdown handouts never drift apart.
The look comes from a reference document: the layout built here (A4, the standard's margins,
小标宋/黑体/楷体/仿宋 in their sizes, page numbers as "— 1 —"), or a `brief.docx` of one's own whose
styles and page setup are used instead, the way pandoc uses a reference.docx.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from stdplan.messages import Message
from stdplan.problems import ReferenceUnusable
from stdplan.typesetting import title_lines, width

REFERENCE_NAME = "brief.docx"
LANGUAGE = "zh-CN"

# python-docx reads the font table as opaque bytes; as XML it can take the fallback fonts. This is
# python-docx's own hook for part classes, and an XmlPart saves what it loaded unchanged.
PartFactory.part_type_for.setdefault(CONTENT_TYPE.WML_FONT_TABLE, XmlPart)

# Chinese type sizes (字号) in points.
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四
SIZE_5 = Pt(10.5)  # 五号
# GB/T 9704-2012 5.2.2: 22 lines of 28 characters of 3号 (16 pt) in the 225 mm high text block. The
# standard's 156 mm width holds 28 such characters only compressed to 15.8 pt, which Word does but
# LibreOffice cannot (it gives each a cell of two), so the block is 158.2 mm wide: 28 characters
# uncompressed (158.05 mm), the left margin 27 mm (within the standard's ± 1 mm).
LINE_PITCH = Pt(Mm(225).pt / 22)
TEXT_WIDTH = Mm(158.2)

# Fonts as the standard names them, and what Word and LibreOffice use where a font is absent
# (written to the font table as w:altName).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_2_FONT: "楷体"}

TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"
TABLE_GROUP = "Table Group"
# Markdown heading level → Word style: the title, then the standard's first- and second-level headings.
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}


def markdown_to_docx(
    markdown: str,
    *,
    date: datetime.date,
    reference: Path | None = None,
    landscape: bool = False,
    title_words: Iterable[str] = (),
) -> bytes:
    """The Word document for a handout's Markdown, styled by `reference` or by the standard's layout
    (on landscape A4 when `landscape`). `date` is the handout's, `title_words` the words the title may
    be broken between."""
    document = _reference_document(reference) if reference else _standard_document(landscape=landscape)
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    layout = _Layout(document, tuple(title_words))
    _write_blocks(document, tokens, layout)
    _describe(document, _first_title(tokens), date)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Layout:
    """What the content needs to know of the page: the text width and the sizes the styles set."""

    def __init__(self, document: WordDocument, title_words: tuple[str, ...]) -> None:
        section = document.sections[-1]
        self.text_width: int = section.page_width - section.left_margin - section.right_margin
        self.title_words = title_words
        self.title_size = _style_size(document, "Title", SIZE_2)
        self.table_size = _style_size(document, TABLE_TEXT, SIZE_SMALL_4)

    def title_line_width(self) -> float:
        """How many characters of the title's size fit on a line."""
        return math.floor(self.text_width / self.title_size)


def _style_size(document: WordDocument, name: str, default: Length) -> Length:
    """The font size a style sets (a reference document's own, where it has the style), else `default`."""
    for style in document.styles:
        if style.name == name and style.type == WD_STYLE_TYPE.PARAGRAPH:
            while style is not None:
                if style.font.size:
                    return style.font.size
                style = style.base_style
    return default


def _first_title(tokens: Sequence[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return " ".join(_lines(tokens[index + 1]))
    return ""


def _describe(document: WordDocument, title: str, date: datetime.date) -> None:
    """The file's properties (File → Info): its title and date, made by stdplan, in Chinese."""
    properties = document.core_properties
    made = datetime.datetime.combine(date, datetime.time())
    properties.title = title
    properties.author = properties.last_modified_by = "stdplan"
    properties.created = properties.modified = made
    properties.language = LANGUAGE
    properties.comments = properties.keywords = properties.subject = ""
    properties.revision = 1


# --- content --------------------------------------------------------------------------------------


def _write_blocks(document: WordDocument, tokens: Sequence[Token], layout: _Layout) -> None:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            paragraph = document.add_paragraph(style=_paragraph_style(document, HEADING_STYLES.get(level, "Heading 2")))
            if level == 1:
                _write_title(paragraph, _lines(tokens[index + 1]), layout)
            else:
                _write_inline(paragraph, tokens[index + 1])
            index += 3
        elif token.type == "paragraph_open":
            _write_inline(document.add_paragraph(), tokens[index + 1])
            index += 3
        elif token.type == "table_open":
            end = _closing(tokens, index, "table_close")
            _write_table(document, tokens[index:end], layout)
            index = end + 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, index, token.type.replace("_open", "_close"))
            style = "List Bullet" if token.type == "bullet_list_open" else "List Number"
            for inline in tokens[index:end]:
                if inline.type == "inline":
                    _write_inline(document.add_paragraph(style=_paragraph_style(document, style)), inline)
            index = end + 1
        else:  # hr, code, html blocks: a handout template has no use for them
            index += 1


def _style_names(document: WordDocument) -> set[str]:
    return {style.name for style in document.styles}


def _paragraph_style(document: WordDocument, name: str) -> Any:
    """The named style; a reference document of one's own may lack it, and then gets a plain one."""
    if name in _style_names(document):
        return document.styles[name]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    return style


def _closing(tokens: Sequence[Token], start: int, closing_type: str) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0 and tokens[index].type == closing_type:
            return index
    return len(tokens) - 1


def _write_title(paragraph: Paragraph, given: list[str], layout: _Layout) -> None:
    """The title in lines of even length broken between words (GB/T 9704-2012 7.3.1); lines the
    title was given with stay lines."""
    lines = [line for text in given for line in title_lines(text, layout.title_line_width(), layout.title_words)]
    for number, line in enumerate(lines):
        run = paragraph.add_run()
        if number:
            run.add_break()  # lines of the one title paragraph
        run.add_text(line)


def _is_break(child: Token) -> bool:
    return child.type == "hardbreak" or (child.type == "html_inline" and child.content.lower().startswith("<br"))


def _lines(inline: Token) -> list[str]:
    """The inline content's text as shown, markup and escapes gone, line by line."""
    lines = [""]
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif _is_break(child):
            lines.append("")
    return lines


def _write_inline(paragraph: Paragraph, inline: Token) -> None:
    """Runs for the inline content: the text exactly as written, bold and italic where marked."""
    bold = italic = False
    for child in inline.children or []:
        if child.type in ("text", "code_inline") and child.content:
            run = paragraph.add_run(child.content)
            run.bold = bold or None
            run.italic = italic or None
        elif child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif _is_break(child):
            paragraph.add_run().add_break()


_CELL_MARGIN = Mm(1.9)  # left and right, Word's default
_CELL_PADDING = Mm(0.5)  # top and bottom
_NARROWEST = Mm(11)  # no column narrower, whatever it holds
_SHORT = 10  # characters: a column whose heading and values all fit stays on one line at their width
_KEPT_TOGETHER = 10  # rows: a table this short is never broken across pages


def _write_table(document: WordDocument, tokens: Sequence[Token], layout: _Layout) -> None:
    """One table: fixed layout, widths by column kind, the header row repeated on every page, rows
    kept whole, cells centred vertically. A row with bold text in its first cell only is a group row
    (a category): one cell across the table."""
    rows: list[list[Token]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token)
    columns = max(len(row) for row in rows)
    groups = [r > 0 and _is_group_row(row) for r, row in enumerate(rows)]
    table = document.add_table(rows=len(rows), cols=columns)
    if "Table Grid" in _style_names(document):
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # tblLayout fixed: the widths below, not Word's guess from the content
    texts = [[_lines(inline) for inline in row] for row, group in zip(rows, groups, strict=True) if not group]
    widths = _column_widths(texts, columns, layout)
    _table_properties(table, sum(widths))
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width  # the table grid, which LibreOffice reads
    heading, text, group_style = (
        _paragraph_style(document, name).style_id for name in (TABLE_HEADING, TABLE_TEXT, TABLE_GROUP)
    )
    keep_together = len(rows) <= _KEPT_TOGETHER
    # In a comparison (see _column_widths), a group's rows stay on the page with their group row:
    # a task is never compared on one page and finished on the next.
    compared = _is_comparison(texts)
    # Row by row through the XML: python-docx's table.cell() and row.cells walk the whole table on
    # every call, which made a table of a thousand rows take seconds.
    for r, (tr, row, group) in enumerate(zip(table._tbl.tr_lst, rows, groups, strict=True)):
        _row_property(tr, "w:cantSplit")  # no row split across two pages
        if r == 0:
            _row_property(tr, "w:tblHeader")  # repeated at the top of every page
        cells = list(tr.tc_lst)
        if group:
            for merged in cells[1:]:
                tr.remove(merged)
            cells = cells[:1]
            cells[0].grid_span = columns
        for tc, cell_width, inline in zip(cells, [sum(widths)] if group else widths, row, strict=False):
            tc.width = cell_width  # the cell, which Word reads
            cell = _Cell(tc, table)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph._p.style = heading if r == 0 else group_style if group else text
            kept = keep_together or group or (compared and r > 0 and r < len(rows) - 1 and not groups[r + 1])
            if kept and r < len(rows) - 1:  # a category stays with its first row
                paragraph.paragraph_format.keep_with_next = True
            _write_inline(paragraph, inline)


def _is_group_row(row: list[Token]) -> bool:
    """A category row: its first cell all bold (**…**), the others empty."""
    children = [child for child in row[0].children or [] if child.type != "text" or child.content]
    bold = len(children) >= 3 and children[0].type == "strong_open" and children[-1].type == "strong_close"
    return bold and not any(inline.content for inline in row[1:])


def _is_comparison(texts: list[list[list[str]]]) -> bool:
    """A table whose first heading is empty: rows named in the first column, the others compared."""
    return bool(texts) and texts[0][:1] == [[""]]


def _column_widths(texts: list[list[list[str]]], columns: int, layout: _Layout) -> list[int]:
    """Short columns (序号, 状态, dates: heading and values of at most `_SHORT` characters) as wide as
    their longest line, never under 1.1 cm; the other columns share the rest of the text width, the
    first of them (a table's title column) twice as much as each other one; but in a table whose
    first heading is empty, a comparison (rows named in the first column, 本市任务 | 国家清单事项
    beside each other), all alike. Same columns, same widths."""
    margins = 2 * _CELL_MARGIN + Mm(1)  # and a millimetre for fonts wider than their size
    longest = [
        max(
            (width(line) for row in texts if c < len(row) for line in row[c]),
            default=0,
        )
        for c in range(columns)
    ]
    short = [need <= _SHORT for need in longest]
    widths = [
        max(_NARROWEST, int(math.ceil(need) * layout.table_size + margins)) if fits else 0
        for need, fits in zip(longest, short, strict=True)
    ]
    wide = [c for c in range(columns) if not short[c]]
    if wide:
        rest = max(layout.text_width - sum(widths), len(wide) * _NARROWEST * 2)
        compared = _is_comparison(texts)
        shares = [2 if c == wide[0] and not compared else 1 for c in wide]
        for c, share in zip(wide, shares, strict=True):
            widths[c] = int(rest * share / sum(shares))
    return widths


# The elements a table's properties may hold after w:tblW, in the order the schema requires (Word
# refuses a file whose elements are out of order).
_AFTER_TABLE_WIDTH = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription",
)  # fmt: skip


def _table_properties(table: Any, total: int) -> None:
    """The table's width and its cells' margins, in twentieths of a point as Word writes them."""
    properties = table._tbl.tblPr
    table_width = OxmlElement("w:tblW")
    table_width.set(qn("w:w"), str(total // 635))  # EMU → twips
    table_width.set(qn("w:type"), "dxa")
    _remove(properties, "w:tblW")
    properties.insert_element_before(table_width, *_AFTER_TABLE_WIDTH)
    margins = OxmlElement("w:tblCellMar")
    for side, size in (
        ("top", _CELL_PADDING),
        ("left", _CELL_MARGIN),
        ("bottom", _CELL_PADDING),
        ("right", _CELL_MARGIN),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(size // 635))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.insert_element_before(margins, *_AFTER_TABLE_WIDTH[_AFTER_TABLE_WIDTH.index("w:tblCellMar") + 1 :])


def _row_property(tr: Any, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(element)


# --- the reference document -----------------------------------------------------------------------


def _reference_document(path: Path) -> WordDocument:
    """A document of one's own with its body emptied: its styles, page setup, header and footer stay."""
    try:
        document = Document(str(path))
        _check_reference(document)
    except ReferenceUnusable:
        raise
    # A damaged file fails as its damaged part makes python-docx fail: a missing part's KeyError,
    # lxml's XMLSyntaxError, an AttributeError on an unexpected element. Whatever it is, it is the file's.
    except Exception as error:
        raise ReferenceUnusable(
            Message("not a Word document (.docx) python-docx can open: {error}", error=str(error))
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _check_reference(document: WordDocument) -> None:
    """Reads what the handout reads of a reference document and writes every part back once, so
    that what fails is found here, as the file's fault, and not halfway through the handout."""
    if "Normal" not in _style_names(document):
        raise ReferenceUnusable(Message("it has no Normal style, on which the handout's styles are based"))
    if not document.sections:
        raise ReferenceUnusable(Message("it has no page setup; save it again from Word"))
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        raise ReferenceUnusable(
            Message("its page size or margins are not set; set them in Word (Layout → Size, Margins)")
        )
    _Layout(document, ())
    document.core_properties.title = ""
    document.save(io.BytesIO())


def _standard_document(*, landscape: bool) -> WordDocument:
    document = Document()
    section = document.sections[0]
    # GB/T 9704-2012 5.2.1: A4, top 37 mm, left 28 ± 1 mm, a text block of 156 × 225 mm, here
    # TEXT_WIDTH wide (see there). On landscape pages (a wide table) the margins turn with the page.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin = Mm(27)
    section.right_margin = section.page_width - section.left_margin - TEXT_WIDTH
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            section.left_margin, section.top_margin, section.right_margin, section.bottom_margin,
        )  # fmt: skip
    section.footer_distance = section.bottom_margin - Mm(7)  # the page number 7 mm below the text block
    _page_numbers(document, section)
    _document_grid(section)

    normal = _style(document, "Normal", BODY_FONT, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.first_line_indent = SIZE_3 * 2
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)

    title = _style(document, "Title", TITLE_FONT, SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)  # centred on the page, not on the indented line
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.line_spacing = Pt(35)  # the title's lines a little apart, its size being 22 pt
    _remove(title.element.pPr, "w:pBdr")  # python-docx's default Title is underlined by a border
    for name, font in (("Heading 1", HEADING_1_FONT), ("Heading 2", HEADING_2_FONT)):
        _style(document, name, font, SIZE_3).paragraph_format.keep_with_next = True
    # A landscape page is for a wide table, whose many columns hold more text in 五号.
    table_size = SIZE_5 if landscape else SIZE_SMALL_4
    for name, font in ((TABLE_TEXT, BODY_FONT), (TABLE_HEADING, HEADING_1_FONT), (TABLE_GROUP, HEADING_2_FONT)):
        style = _style(document, name, font, table_size, base=normal)
        # Exactly a quarter more than the size: "single" in a CJK font's metrics is half as much again.
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(table_size.pt * 1.25)
    for name in ("Title", TABLE_TEXT, TABLE_HEADING, TABLE_GROUP):
        _off_the_grid(document.styles[name])
    table_heading = document.styles[TABLE_HEADING]
    table_heading.font.bold = True
    table_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.styles[TABLE_GROUP].font.bold = True
    for name in ("List Bullet", "List Number"):
        _style(document, name, BODY_FONT, SIZE_3)
    _chinese_language(document)
    _declare_fallbacks(document)
    return document


def _document_grid(section: Section) -> None:
    """The document grid (Layout → Document Grid): 22 lines of 28 characters on a portrait page
    (GB/T 9704-2012 5.2.2), the same pitch on a landscape one."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))
    # The character pitch as its difference from the default font size (三号), in 1/4096 of a point:
    # none, the text block being wide enough for 28 characters of that size.
    grid.set(qn("w:charSpace"), "0")


def _off_the_grid(style: Any) -> None:
    """Text of another size than the body's (the title, tables) set at its own pitch: snapped to the
    body's character grid, each character would take a 16 pt cell."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)


# What a paragraph's properties may hold after w:snapToGrid, in the schema's order.
_AFTER_SNAP_TO_GRID = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _chinese_language(document: WordDocument) -> None:
    """Chinese as the language of the text (proofing, line breaking) and of the theme's East Asian
    fonts, where python-docx's template says English and Japanese; the default size the grid counts in."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), LANGUAGE)
    for tag in ("w:sz", "w:szCs"):
        run_defaults.find(qn(tag)).set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), LANGUAGE)


def _style(document: WordDocument, name: str, font: str, size: Pt, base: Any = None) -> Any:
    """A paragraph style set in `font` for Chinese and Latin text alike, black, upright, not bold."""
    style = _paragraph_style(document, name)
    if base is not None:
        style.base_style = base
        style.paragraph_format.first_line_indent = Pt(0)
    style.font.size = size
    style.font.bold = style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.space_before = Pt(0)
    _set_fonts(style.element.get_or_add_rPr(), font)
    return style


def _set_fonts(run_properties: Any, font: str) -> None:
    """Sets the font for every script. Chinese text takes w:eastAsia, which python-docx's font.name
    leaves alone, and theme fonts would override an explicit one, so those go."""
    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _remove(parent: Any, tag: str) -> None:
    if parent is not None:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def _page_numbers(document: WordDocument, section: Section) -> None:
    """ "— 1 —" in 4号 宋体 (GB/T 9704-2012 7.5): on odd pages at the right, on even pages at the
    left, one character in from the edge of the text."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if alignment == "right" else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if alignment == "right":
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _page_number(paragraph)


def _page_number(paragraph: Paragraph) -> None:
    """An em dash, the PAGE field, an em dash."""
    for text, field in (("— ", None), (None, "begin"), (" PAGE ", "instr"), (None, "separate"), ("1", None),
                        (None, "end"), (" —", None)):  # fmt: skip
        run = paragraph.add_run()
        run.font.size = SIZE_4
        _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT)
        if field in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            run._r.append(char)
        elif field == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _declare_fallbacks(document: WordDocument) -> None:
    """Font-table entries naming, for each standard font a machine may lack, the common one to use."""
    font_table = _font_table(document)
    if font_table is None:
        return
    for font, fallback in FALLBACKS.items():
        entry = OxmlElement("w:font")
        entry.set(qn("w:name"), font)
        alternative = OxmlElement("w:altName")
        alternative.set(qn("w:val"), fallback)
        entry.append(alternative)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        entry.append(charset)
        font_table.append(entry)


def _font_table(document: WordDocument) -> Any:
    for relationship in document.part.rels.values():
        if relationship.reltype.endswith("/fontTable") and isinstance(relationship.target_part, XmlPart):
            return relationship.target_part.element
    return None
