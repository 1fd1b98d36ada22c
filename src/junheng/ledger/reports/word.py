"""The rectification report as Word (python-docx) and Excel (openpyxl), and into a bureau's own template.

All three render ``context.report_context``; nothing here computes a figure.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from junheng.io.cells import safe_row
from junheng.ledger.core.model import LedgerItem
from junheng.ledger.reports.context import report_context

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # not allowed in XML text
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
ITEM_WIDTHS = (1.2, 1.9, 2.3, 1.5, 3.9, 1.7, 2.5, 1.6)      # cm; the body is 16.6 cm wide
OVERDUE_WIDTHS = (1.2, 2.3, 1.5, 4.0, 1.7, 2.5, 1.7, 1.7)
TABLE_FONT_PT = 9
ITEM_COLUMNS = (("item_id", "编号"), ("category", "类别"), ("unit", "责任单位"), ("person", "责任人"),
                ("description", "问题描述"), ("severity", "严重程度"), ("deadline", "整改期限"), ("status", "状态"))
OVERDUE_COLUMNS = (("item_id", "编号"), ("unit", "责任单位"), ("person", "责任人"), ("description", "问题描述"),
                   ("severity", "严重程度"), ("deadline", "整改期限"), ("days_overdue", "逾期天数"), ("level", "督办等级"))


def _set_font(style_or_run, name: str, size_pt: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = name
    if size_pt:
        font.size = Pt(size_pt)
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _table(doc, header: list[str], rows: list[list[Any]], widths_cm: tuple[float, ...] = ()) -> None:
    """A grid table with a bold header row that repeats on every page; optional column widths.

    Data rows are copies of one formatted prototype row (python-docx's per-cell API is ~100× slower).
    """
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    head, proto = table.rows[0], table.rows[1]
    trpr = head._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for cell, text in zip(head.cells, header):
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.size = Pt(TABLE_FONT_PT)
    for cell in proto.cells:
        cell.paragraphs[0].add_run("x").font.size = Pt(TABLE_FONT_PT)
    if widths_cm:
        table.autofit = False
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)          # the grid, which LibreOffice and WPS follow
        for row in (head, proto):
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)        # the cells, which Word follows
    proto_tr = proto._tr
    parent = proto_tr.getparent()
    for row in rows:
        tr = copy.deepcopy(proto_tr)
        for t, value in zip(tr.iter(qn("w:t")), row):
            t.text = _CONTROL.sub(" ", "" if value is None else str(value))
        parent.append(tr)
    parent.remove(proto_tr)


def write_word_report(items: Iterable[LedgerItem], today: dt.date, path: str | Path,
                      title: str = "整改台账情况报告") -> Path:
    """A Word report: overview, tables by status, category, unit and age, the overdue list and every item."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    ctx = report_context(items, today, title)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    _set_font(doc.styles["Normal"], BODY_FONT, 10.5)
    for level in (0, 1, 2):
        _set_font(doc.styles["Title" if level == 0 else f"Heading {level}"], HEADING_FONT)
    heading = doc.add_heading(ctx["title"], level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"统计截至 {ctx['as_of']}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    s = ctx["summary"]
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph(
        f"共有整改事项 {s['total']} 项，已销号 {s['closed']} 项，销号率 {s['closure_rate_text']}；"
        f"未销号 {s['open']} 项，其中逾期 {s['overdue']} 项（占未销号事项的 {s['overdue_rate_text']}），"
        f"待验收 {s['awaiting_check']} 项。已销号事项中逾期完成 {s['finished_late']} 项，"
        f"按期完成率 {s['on_time_rate_text']}。")
    doc.add_heading("二、按状态统计", level=1)
    _table(doc, ["状态", "事项数"], [[k, v] for k, v in ctx["status_counts"].items()])
    columns = [*ctx["statuses"], ctx["total_label"]]
    doc.add_heading("三、按问题类别统计", level=1)
    _table(doc, ["问题类别", *columns], [[r["name"], *(r[c] for c in columns)] for r in ctx["by_category"]])
    doc.add_heading("四、按责任单位统计", level=1)
    _table(doc, ["责任单位", *columns], [[r["name"], *(r[c] for c in columns)] for r in ctx["by_unit"]])
    doc.add_heading("五、未销号事项账龄", level=1)
    _table(doc, ["账龄（自立项起）", "事项数"], [[k, v] for k, v in ctx["ages"].items()])
    doc.add_heading("六、逾期及挂牌督办事项", level=1)
    if ctx["overdue"]:
        _table(doc, [h for _, h in OVERDUE_COLUMNS], [[r[k] for k, _ in OVERDUE_COLUMNS] for r in ctx["overdue"]],
               OVERDUE_WIDTHS)
    else:
        doc.add_paragraph("无逾期事项。")
    doc.add_heading("七、事项明细", level=1)
    _table(doc, [h for _, h in ITEM_COLUMNS], [[r[k] for k, _ in ITEM_COLUMNS] for r in ctx["items"]], ITEM_WIDTHS)
    doc.save(str(path))
    return Path(path)


def write_excel_report(items: Iterable[LedgerItem], today: dt.date, path: str | Path,
                       title: str = "整改台账情况报告") -> Path:
    """An Excel workbook: 汇总, 按类别, 按单位, 账龄, 逾期清单, 事项明细, 处理记录."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    items = list(items)
    ctx = report_context(items, today, title)
    wb = Workbook()
    fill = PatternFill("solid", fgColor="1F6FB2")

    def sheet(name: str, header: list[str], rows: list[list[Any]], widths: dict[int, int] | None = None):
        ws = wb.create_sheet(name)
        ws.append(safe_row(ws, header))
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in rows:
            ws.append(safe_row(ws, row))
        for i, h in enumerate(header, 1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = (widths or {}).get(i, max(10, len(h) * 2 + 2))
        ws.freeze_panes = "A2"
        return ws

    s = ctx["summary"]
    first = wb.active
    wb.remove(first)
    sheet("汇总", ["项目", "数值"], [
        ["标题", ctx["title"]], ["统计截至", ctx["as_of"]], ["事项总数", s["total"]], ["已销号", s["closed"]],
        ["未销号", s["open"]], ["逾期", s["overdue"]], ["待验收", s["awaiting_check"]],
        ["逾期完成", s["finished_late"]], ["销号率", s["closure_rate_text"]], ["逾期率（占未销号）", s["overdue_rate_text"]],
        ["按期完成率", s["on_time_rate_text"]],
        *([f"状态：{k}", v] for k, v in ctx["status_counts"].items()),
    ], {1: 22, 2: 30})
    columns = [*ctx["statuses"], ctx["total_label"]]
    sheet("按类别", ["问题类别", *columns], [[r["name"], *(r[c] for c in columns)] for r in ctx["by_category"]])
    sheet("按单位", ["责任单位", *columns], [[r["name"], *(r[c] for c in columns)] for r in ctx["by_unit"]], {1: 24})
    sheet("账龄", ["账龄（自立项起）", "事项数"], [[k, v] for k, v in ctx["ages"].items()], {1: 20})
    sheet("逾期清单", [h for _, h in OVERDUE_COLUMNS] + ["说明"],
          [[r[k] for k, _ in OVERDUE_COLUMNS] + [r["reason"]] for r in ctx["overdue"]], {3: 10, 4: 50, 9: 40})
    detail = ITEM_COLUMNS + (("source", "来源"), ("source_date", "检查日期"), ("days_overdue", "逾期天数"),
                             ("evidence", "佐证材料数"), ("last_rejection", "最近退回原因"),
                             ("indicator_passing", "关联指标"))
    sheet("事项明细", [h for _, h in detail], [[r[k] for k, _ in detail] for r in ctx["items"]], {3: 20, 5: 50})
    history_rows = [[i.item_id, h.at.strftime("%Y-%m-%d %H:%M"), h.by, h.action.value,
                     h.from_status.value if h.from_status else "", h.to_status.value, h.note,
                     "；".join(f"{f}: {old} → {new}" for f, old, new in h.changes)]
                    for i in sorted(items, key=lambda x: x.item_id) for h in i.history]
    sheet("处理记录", ["编号", "时间", "操作人", "操作", "原状态", "新状态", "说明", "变更"], history_rows,
          {2: 17, 7: 40, 8: 40})
    wb.save(str(path))
    return Path(path)


def render_word_template(template: str | Path, items: Iterable[LedgerItem], today: dt.date, path: str | Path,
                         title: str = "整改台账情况报告") -> Path:
    """Fill a bureau's own Word template (docxtpl/Jinja placeholders over ``report_context``)."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(template))
    doc.render(report_context(items, today, title))
    doc.save(str(path))
    return Path(path)
