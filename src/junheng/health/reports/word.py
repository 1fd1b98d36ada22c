"""The per-school health report (Word): fitness results by class and sex, single-item means, the students below
及格 (count and weakest items), vision screening and the school's counselling resources. No individual
psychological data is ever written into it."""

from __future__ import annotations

import io

from junheng.health.core import HealthSettings, classify, vision_rates
from junheng.health.store import queries
from junheng.health.store import views as pages


def _pct(v) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _table(doc, header: list[str], rows: list[list]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for r in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, r):
            cell.text = "" if v is None else str(v)
    return t


def school_report(session, school, year: str, settings: HealthSettings) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(f"{school.name} {year}–{int(year) + 1} 学年学生健康报告", level=1)
    s = pages.school_summary(session, school.school_id, year)
    doc.add_heading("一、体质健康测试", level=2)
    if s["empty"]:
        doc.add_paragraph("本学年尚无体测成绩。")
    else:
        c = s["county"]
        doc.add_paragraph(
            f"按《国家学生体质健康标准（2014年修订）》评分，本学年成绩完整的测试学生 {c['n']} 人，优秀率 "
            f"{_pct(c['excellent_rate'])}，良好率 {_pct(c['good_rate'])}，及格率 {_pct(c['pass_rate'])}，平均学年总分 "
            f"{c['mean_total']} 分；不及格 {s['below']} 人（名单见系统“不及格学生”页）。")
        _table(doc, ["班级", "人数", "优秀率", "良好率", "及格率", "平均总分"],
               [[r["class_name"], r["n"], _pct(r["excellent_rate"]), _pct(r["good_rate"]), _pct(r["pass_rate"]),
                 r["mean_total"]] for r in s["classes"]])
        doc.add_paragraph()
        _table(doc, ["性别", "人数", "优秀率", "良好率", "及格率", "平均总分"],
               [[r["sex_label"], r["n"], _pct(r["excellent_rate"]), _pct(r["good_rate"]), _pct(r["pass_rate"]),
                 r["mean_total"]] for r in s["sexes"]])
        doc.add_paragraph()
        doc.add_paragraph("单项平均得分：")
        _table(doc, ["项目", "男生", "女生"], [[i["label"], i.get("男"), i.get("女")] for i in s["items"]])
        if len(s["trend"]) > 1:
            doc.add_paragraph("历年：" + "；".join(f"{r['year']} 学年及格率 {_pct(r['pass_rate'])}、优秀率 "
                                                  f"{_pct(r['excellent_rate'])}" for r in s["trend"]))
    doc.add_heading("二、视力筛查", level=2)
    terms = [t for t in queries.vision_terms(session) if t in (f"{year}-2", f"{int(year) + 1}-1")]
    if not terms:
        doc.add_paragraph("本学年尚无视力筛查结果。")
    for term in terms:
        v = queries.vision(session, term, {school.school_id})
        if v.empty:
            continue
        r = vision_rates(classify(v, settings).assign(_all=1), ["_all"]).iloc[0]
        doc.add_paragraph(f"{term} 学期筛查 {int(r['screened'])} 人，视力不良 {int(r['poor'])} 人，视力不良率 "
                          f"{_pct(float(r['poor_rate']))}（国家目标：每年下降 {settings.vision_target_decline_pp} 个百分点以上）。")
    doc.add_heading("三、心理健康工作条件", level=2)
    res = queries.school_psych(session, year, {school.school_id})
    if res.empty:
        doc.add_paragraph("未填报心理辅导室和心理教师配备情况。")
    else:
        r = res.iloc[0]
        doc.add_paragraph(f"心理辅导室：{'有' if r['has_room'] else '无'}；专职心理教师 {int(r['psych_teachers'])} 人，"
                          f"兼职 {int(r['part_time_teachers'])} 人。（个人心理测评结果不写入本报告。）")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
