"""The rubric's Excel form: sheets 方案, 类别, 维度, 指标, which a bureau edits and imports back
(``junheng.evaluation.readers.rubric_excel``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from junheng.evaluation.core.rubric import Rubric
from junheng.evaluation.core.rubric_text import RULE_NAMES, SECTION_NAMES, rule_to_text
from junheng.io.cells import safe_row

CATEGORY_HEAD = ("类别编号", "类别名称", "办学类型", "城乡分类", "中心校", "校名包含")
DIMENSION_HEAD = ("维度编号", "维度名称")
INDICATOR_HEAD = ("指标编号", "指标名称", "维度编号", "权重", "类型", "数据来源", "计分规则", "规则参数", "评分满分",
                  "佐证材料", "说明", "学部合成")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _sheet(book, title, head, rows, widths):
    ws = book.create_sheet(title)
    ws.append(list(head))
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEAD_FILL
    for row in rows:
        ws.append(safe_row(ws, row))
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def write_rubric_excel(rubric: Rubric, path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    meta = book.create_sheet("方案")
    for row in (("方案名称", rubric.name), ("依据", rubric.basis), ("兜底类别", rubric.fallback),
                ("说明", ("每项指标得分率 0–100，乘以权重/100 计入总分；缺数据不计 0 分，按有数据指标权重折算。"
                         "按学部发布的数据（如 balance.indicators_met）在“学部合成”列写 取较低者、取较高者、相加 或 取平均。类别表每行一条规则：所填条件都满足即归入该类别，按行序取第一条满足的；"
                         "多个取值用顿号分隔。计分规则：线性 写作 0.8→1.0；区间 写作 ≥0.9:100；≥0.8:60；其他:20；"
                         "名次 写作 名次:100,80,60；其他:40。"))):
        meta.append(safe_row(meta, row))
    meta.column_dimensions["A"].width, meta.column_dimensions["B"].width = 12, 90
    cats = []
    for c in rubric.categories:
        for w in c.when or (None,):
            cats.append((c.id, c.name, "、".join(w.kind) if w else "", "、".join(w.location) if w else "",
                         "" if w is None or w.central is None else ("是" if w.central else "否"),
                         "、".join(w.name_contains) if w else ""))
    _sheet(book, "类别", CATEGORY_HEAD, cats, (10, 14, 22, 16, 8, 14))
    _sheet(book, "维度", DIMENSION_HEAD, [(d.id, d.name) for d in rubric.dimensions], (10, 20))
    rows = [(i.id, i.name, i.dimension, i.weight, "数据" if i.kind == "figure" else "评分", i.source or "",
             RULE_NAMES[i.rule.type] if i.rule else "", rule_to_text(i.rule) if i.rule else "",
             i.max if i.kind == "judgement" else "", i.evidence, i.note, SECTION_NAMES[i.sections])
            for i in rubric.indicators]
    _sheet(book, "指标", INDICATOR_HEAD, rows, (8, 30, 8, 6, 6, 30, 8, 30, 8, 36, 30, 10))
    if rubric.schools:
        _sheet(book, "指定学校", ("学校标识码", "类别编号"), sorted(rubric.schools.items()), (14, 10))
    book.save(path)
    return path
