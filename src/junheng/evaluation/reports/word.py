"""Word of a round: a result sheet per school (all schools as a zip) and the county summary.

The sheet says how the total treats a missing indicator: it is shown as 缺, not scored 0, and the total is
re-weighted over the indicators present (the coverage is printed)."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from junheng.evaluation.core.periods import term_label
from junheng.evaluation.core.scoring import by_category


def _doc() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    return doc


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.font.size = True, Pt(16)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")


def _table(doc, head, rows):
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = "" if text is None else str(text)
    return t


def _fmt(v, digits=2) -> str:
    return "缺" if v is None else f"{v:.{digits}f}"


def _sheet(doc, data, known, code) -> None:
    r = data.result.schools[code]
    name = known[code].name if code in known else code
    _title(doc, f"{name} {term_label(data.round.period)}{data.round.title}结果单")
    size = data.result.category_sizes.get(r.category, 0)
    status = "（已审定）" if data.round.status == "已审定" else "（草稿，未审定）"
    doc.add_paragraph(f"学校类别：{data.rubric.category_name(r.category)}；总分：{_fmt(r.total)}；"
                      f"类别内名次：{r.rank or '不排名'}/{size}；考核方案：{data.rubric.name}{status}")
    me = data.selves.get(code)
    if me:
        doc.add_paragraph(f"学校自评：{me.total:.2f}（{me.note or '无说明'}）；局评与自评相差 "
                          f"{_fmt(None if r.total is None else r.total - me.total)} 分")
    rows = []
    dims = {d.id: d.name for d in data.rubric.dimensions}
    for ind in data.rubric.indicators:
        x = r.indicators[ind.id]
        f = data.figures.get((code, ind.id))
        if ind.kind == "figure":
            basis = f"{'缺' if x.value is None else f'{x.value:g}'}；{f.source if f else '未提取'}"
        else:
            basis = f"{x.raters} 名督学评分，合成 {_fmt(x.value)} / {ind.max:g}" if x.raters else "未评分"
        rows.append((dims[ind.dimension], f"{ind.id} {ind.name}", f"{ind.weight:g}", basis, _fmt(x.score, 1),
                     _fmt(x.points)))
    _table(doc, ("维度", "指标", "权重", "依据", "得分率", "得分"), rows)
    if r.missing:
        doc.add_paragraph(f"缺数据的指标：{'、'.join(r.missing)}。缺数据不计 0 分，总分按有数据指标的权重"
                          f"（占全部权重的 {r.coverage:.0%}）折算为百分制。")


def school_sheet(data, known, code: str) -> bytes:
    doc = _doc()
    _sheet(doc, data, known, code)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def all_sheets_zip(data, known) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for code in sorted(data.result.schools):
            name = known[code].name if code in known else code
            z.writestr(f"{code}_{name}.docx", school_sheet(data, known, code))
    return out.getvalue()


def county_summary(data, known) -> bytes:
    doc = _doc()
    _title(doc, f"{term_label(data.round.period)}义务教育学校{data.round.title}汇总报告")
    totals = [r.total for r in data.result.schools.values() if r.total is not None]
    doc.add_paragraph(f"考核方案：{data.rubric.name}（依据：{data.rubric.basis or '—'}）。参评学校 "
                      f"{len(data.result.schools)} 所，平均总分 {_fmt(sum(totals) / len(totals) if totals else None)}。"
                      "按《深化新时代教育评价改革总体方案》要求，考核结果分类呈现，不以升学率排名。")
    for cat, rows in by_category(data.result).items():
        doc.add_heading(f"{data.rubric.category_name(cat)}（{len(rows)} 所）", level=2)
        body = []
        for r in rows:
            me = data.selves.get(r.school)
            body.append((r.rank or "—", known[r.school].name if r.school in known else r.school, _fmt(r.total),
                         f"{r.coverage:.0%}", "、".join(r.missing) or "—", _fmt(me.total if me else None)))
        _table(doc, ("名次", "学校", "总分", "数据覆盖", "缺数据指标", "自评"), body)
    doc.add_paragraph("说明：缺数据的指标不计 0 分，总分按有数据指标的权重折算；名次为类别内竞争排名（并列同名次）。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
