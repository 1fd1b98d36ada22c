"""Shared python-docx helpers for the retention documents: A4 official-document page, Chinese fonts, tables.

Fonts follow common 公文 practice (GB/T 9704): title in 小标宋/黑体 二号, body 仿宋 三号; the names are written
both as the Latin and the East Asian font so Word and WPS pick them up.
"""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋", "方正小标宋简体", "黑体"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(10.5)


def set_font(run, name: str, size=None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def new_document(body_size=BODY_SIZE):
    """A4, margins 37/35/28/26 mm, body font 仿宋."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = body_size
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28) if body_size == BODY_SIZE else 1.25
    return doc


def title(doc, text: str, size=TITLE_SIZE) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(12)
    set_font(p.add_run(text), TITLE_FONT, size, bold=True)


def heading(doc, text: str, size=None) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    set_font(p.add_run(text), HEAD_FONT, size)


def para(doc, text: str, *, indent: bool = True, align=None, size=None, bold: bool | None = None):
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(32 if size is None else size.pt * 2)
    if align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), BODY_FONT, size, bold)
    return p


def table(doc, header: list[str], rows: list[list], size=TABLE_SIZE, widths_mm: list[float] | None = None):
    """A bordered table with a bold header row; ``widths_mm`` fixes the column widths."""
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(str(text)), HEAD_FONT, size, bold=True)
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, size)
    if widths_mm:
        t.autofit = False
        for column, width in zip(t.columns, widths_mm):  # the grid (LibreOffice/WPS) and each cell (Word)
            column.width = Mm(width)
        for row in t.rows:
            for cell, width in zip(row.cells, widths_mm):
                cell.width = Mm(width)
    return t
