"""Excel of all scores of a round: one row per school, the total, category, rank, coverage and each indicator's
score (a missing one left blank and marked 缺), plus a sheet of the frozen figures with their provenance."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from junheng.evaluation.core.scoring import by_category
from junheng.io.cells import safe_row

HEAD = PatternFill("solid", fgColor="DDEBF7")
MISSING = PatternFill("solid", fgColor="FDECEA")


def scores_workbook(data, known) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "得分"
    inds = data.rubric.indicators
    ws.append(safe_row(ws, ["类别", "名次", "学校标识码", "学校名称", "总分", "数据覆盖（权重）", "学校自评",
                            *[f"{i.id} {i.name}（{i.weight:g}）" for i in inds]]))
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEAD
    for cat, rows in by_category(data.result).items():
        for r in rows:
            me = data.selves.get(r.school)
            ws.append(safe_row(ws, [
                data.rubric.category_name(cat), r.rank, r.school, known[r.school].name if r.school in known
                else r.school, None if r.total is None else round(r.total, 2), round(r.coverage, 4),
                me.total if me else None,
                *[("缺" if r.indicators[i.id].missing else round(r.indicators[i.id].score, 2)) for i in inds]]))
            for cell in ws[ws.max_row][7:]:
                if cell.value == "缺":
                    cell.fill = MISSING
    ws.freeze_panes = "E2"
    ws.column_dimensions["D"].width = 26
    fs = book.create_sheet("数据来源")
    fs.append(["学校标识码", "指标", "数据键", "期间", "数值", "来源", "计算过程"])
    for cell in fs[1]:
        cell.font, cell.fill = Font(bold=True), HEAD
    for (code, ind), f in sorted(data.figures.items()):
        fs.append(safe_row(fs, [code, ind, f.key, f.period, f.value if f.value is not None else "缺", f.source,
                                f.arithmetic]))
    for col, w in zip("ABCDEFG", (14, 8, 34, 8, 10, 40, 60), strict=True):
        fs.column_dimensions[col].width = w
    js = book.create_sheet("督学评分")
    js.append(["学校标识码", "指标", "评分人", "评分", "佐证"])
    for (code, ind), rows in sorted(data.judgements.items()):
        for j in rows:
            js.append(safe_row(js, [code, ind, j.rater, j.score, j.evidence]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
