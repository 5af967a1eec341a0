"""A handout's Markdown laid out in Word as Chinese officials expect it (GB/T 9704-2012 where it applies).

The content comes from the Markdown template, so Word and Markdown handouts never drift apart.
The look comes from a reference document: the layout built here (A4, the standard's margins,
小标宋/黑体/楷体/仿宋 in their sizes, page numbers as "— 1 —"), or a `brief.docx` of one's own whose
styles and page setup are used instead, the way pandoc uses a reference.docx.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len

from stdplan.messages import Message

REFERENCE_NAME = "brief.docx"

# python-docx reads the font table as opaque bytes; as XML it can take the fallback fonts. This is
# python-docx's own hook for part classes, and an XmlPart saves what it loaded unchanged.
PartFactory.part_type_for.setdefault(CONTENT_TYPE.WML_FONT_TABLE, XmlPart)

# Chinese type sizes (字号) in points.
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四

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
# Markdown heading level → Word style: the title, then the standard's first- and second-level headings.
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}


def markdown_to_docx(markdown: str, reference: Path | None = None) -> bytes:
    """The Word document for a handout's Markdown, styled by `reference` or by the standard's layout."""
    document = _reference_document(reference) if reference else _standard_document()
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    _write_blocks(document, tokens)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- content --------------------------------------------------------------------------------------


def _write_blocks(document: WordDocument, tokens: Sequence[Token]) -> None:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            paragraph = document.add_paragraph(style=_paragraph_style(document, HEADING_STYLES.get(level, "Heading 2")))
            _write_inline(paragraph, tokens[index + 1])
            index += 3
        elif token.type == "paragraph_open":
            _write_inline(document.add_paragraph(), tokens[index + 1])
            index += 3
        elif token.type == "table_open":
            end = _closing(tokens, index, "table_close")
            _write_table(document, tokens[index:end])
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
        elif child.type == "hardbreak" or (child.type == "html_inline" and child.content.lower().startswith("<br")):
            paragraph.add_run().add_break()


def _write_table(document: WordDocument, tokens: Sequence[Token]) -> None:
    rows: list[list[Token]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token)
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    if "Table Grid" in _style_names(document):
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heading, text = (_paragraph_style(document, name).style_id for name in (TABLE_HEADING, TABLE_TEXT))
    widths = _column_widths(document, columns, [[inline.content for inline in row] for row in rows])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table grid, which LibreOffice reads
    table.autofit = False
    # Row by row through the XML: python-docx's table.cell() and row.cells walk the whole table on
    # every call, which made a table of a thousand rows take seconds.
    for r, (tr, row) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        _row_property(tr, "w:cantSplit")  # no row split across two pages
        if r == 0:
            _row_property(tr, "w:tblHeader")  # repeated at the top of every page
        for tc, width, inline in zip(tr.tc_lst, widths, row, strict=False):
            tc.width = width  # the cell, which Word reads
            paragraph = _Cell(tc, table).paragraphs[0]
            paragraph._p.style = heading if r == 0 else text
            _write_inline(paragraph, inline)


def _row_property(tr: Any, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(element)


def _column_widths(document: WordDocument, columns: int, texts: list[list[str]]) -> list[int]:
    """Column widths after the text they hold (short numbers narrow, titles wide) over the text width."""
    section = document.sections[-1]
    available = section.page_width - section.left_margin - section.right_margin
    # The widest text plus room for the cell's margins, between a two-character floor and a cap
    # that keeps one long column from squeezing the others.
    weights = [
        max(6, min(40, 2 + max((cell_len(row[c]) for row in texts if c < len(row)), default=0))) for c in range(columns)
    ]
    return [int(available * weight / sum(weights)) for weight in weights]


# --- the reference document -----------------------------------------------------------------------


class ReferenceUnusable(Exception):
    """The reference document cannot be opened as a Word document, or lacks a page size."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _reference_document(path: Path) -> WordDocument:
    """A document of one's own with its body emptied: its styles, page setup, header and footer stay."""
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise ReferenceUnusable(
            Message("not a Word document (.docx) python-docx can open: {error}", error=str(error))
        ) from None
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        raise ReferenceUnusable(
            Message("its page size or margins are not set; set them in Word (Layout → Size, Margins)")
        )
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _standard_document() -> WordDocument:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits 7 mm below the text block
    _page_number_footer(section.footer.paragraphs[0])

    # About 22 lines of 28 characters on a page, as the standard sets.
    normal = _style(document, "Normal", BODY_FONT, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28.9)
    normal.paragraph_format.first_line_indent = SIZE_3 * 2
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)

    title = _style(document, "Title", TITLE_FONT, SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)  # centred on the page, not on the indented line
    title.paragraph_format.space_after = Pt(28.9)
    _remove(title.element.pPr, "w:pBdr")  # python-docx's default Title is underlined by a border
    for name, font in (("Heading 1", HEADING_1_FONT), ("Heading 2", HEADING_2_FONT)):
        _style(document, name, font, SIZE_3).paragraph_format.keep_with_next = True
    for name, font in ((TABLE_TEXT, BODY_FONT), (TABLE_HEADING, HEADING_1_FONT)):
        _style(
            document, name, font, SIZE_SMALL_4, base=normal
        ).paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name in ("List Bullet", "List Number"):
        _style(document, name, BODY_FONT, SIZE_3)
    _declare_fallbacks(document)
    return document


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


def _page_number_footer(paragraph: Paragraph) -> None:
    """ "— 1 —" centred: an em dash, the PAGE field, an em dash, in 4号 宋体."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
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
