"""Word documents: the annual 交流轮岗 summary table and a school's staffing report (python-docx)."""

from __future__ import annotations

import io


def _doc():
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    return doc


def _table(doc, headers: list[str], rows: list[list]):
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, headers):
        cell.text = h
        for p in cell.paragraphs:
            for r in p.runs:
                r.bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, row):
            cell.text = "" if v is None else str(v)
    return t


def _pct(v) -> str:
    return "—" if v is None else f"{v:.1%}"


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def exchange_summary_docx(view, county: str) -> bytes:
    """{county}义务教育学校教师交流轮岗情况汇总表 for one school year: per school, then the county, then the list."""
    q, st = view.quota, view.settings
    names = dict(zip(view.schools["school_id"].astype(str), view.schools["name"].astype(str)))
    doc = _doc()
    doc.add_heading(f"{county}{view.year}—{view.year + 1}学年义务教育学校教师交流轮岗情况汇总表", level=1)
    c = q.county
    doc.add_paragraph(f"全县符合交流条件的教师 {c.eligible} 人，本学年交流轮岗 {c.exchanged} 人，占 {_pct(c.rate)}"
                      f"（标准 ≥ {st.exchange_rate_min:.0%}）；其中骨干教师 {c.backbone_exchanged} 人，占交流教师的 "
                      f"{_pct(c.backbone_share)}（标准 ≥ {st.backbone_share_min:.0%}）。结论：{'达标' if c.passes else '未达标'}。")
    doc.add_paragraph(f"口径：学年初（{st.year_start}）在本校连续任教满 {st.exchange_min_years} 年、距法定退休年龄 "
                      f"{st.retirement_exclusion_years} 年及以上的公办学校专任教师为符合交流条件；交流包括"
                      f"{'、'.join(st.exchange_kinds)}，按开始日期归入学年，计入调出学校。")
    rows = [[names.get(sid, sid), line.eligible, line.exchanged, _pct(line.rate), line.backbone_exchanged,
             _pct(line.backbone_share), "达标" if line.passes else ("—" if not line.eligible else "未达标")]
            for sid, line in sorted(q.schools.items())]
    rows.append(["全县合计", c.eligible, c.exchanged, _pct(c.rate), c.backbone_exchanged, _pct(c.backbone_share),
                 "达标" if c.passes else "未达标"])
    _table(doc, ["学校", "符合条件人数", "交流人数", "交流比例", "其中骨干", "骨干占比", "结论"], rows)
    doc.add_heading("交流轮岗教师名单", level=2)
    tn = dict(zip(view.history.teachers["teacher_id"], view.history.teachers["name"]))
    _table(doc, ["工号", "姓名", "类型", "开始日期", "调出学校", "调入学校", "方向", "骨干"],
           [[m.teacher_id, tn.get(m.teacher_id, ""), m.kind, m.start.date().isoformat(),
             names.get(m.from_school_id, m.from_school_id), names.get(m.to_school_id, m.to_school_id), m.direction,
             "是" if m.backbone else ""] for m in q.moved.itertuples(index=False)])
    return _save(doc)


def staffing_report_docx(view, school, rows: list[dict], subjects: list[dict], ages: list[dict],
                         bands: list[str]) -> bytes:
    """A school's staffing report: need by ratio, teachers in post, surplus or shortage, short subjects, ages."""
    from junheng.teachers.core.codes import STAFFING_SUBJECTS, SUBJECT_LABELS

    st = view.settings
    doc = _doc()
    doc.add_heading(f"{school.name}教职工编制核算报告（{view.year}—{view.year + 1}学年）", level=1)
    doc.add_paragraph(f"依据：中小学教职工编制标准 小学 1:{st.student_ratio['小学']:g}、初中 1:{st.student_ratio['初中']:g}；"
                      f"在校生少于 {st.small_school_students} 人的学校按班师比（小学 {st.class_ratio['小学']:g}、"
                      f"初中 {st.class_ratio['初中']:g}）与生师比中较大者核定。在岗教师按 {st.reference_date(view.year)} 的任职统计。")
    _table(doc, ["学段", "在校生", "班级", "按生师比", "按班师比", "核定编制", "在岗专任教师", "超编(+)/缺编(−)"],
           [[r["section"], r["students"], r["classes"], r["by_students"], r["by_classes"] if r["small"] else "—",
             r["need"], r["teachers"], f"{r['surplus']:+d}"] for r in rows])
    doc.add_heading("紧缺学科", level=2)
    _table(doc, ["学段", *(f"{SUBJECT_LABELS[s]}（需要/在岗）" for s in STAFFING_SUBJECTS)],
           [[r["section"], *(f"{r['cells'][s]['need']}/{r['cells'][s]['teachers']}" if s in r["cells"] else ""
                             for s in STAFFING_SUBJECTS)] for r in subjects])
    doc.add_heading("年龄结构", level=2)
    _table(doc, bands, [[a[b] for b in bands] for a in ages])
    short = [f"{SUBJECT_LABELS[s]} {r['cells'][s]['shortage']} 人" for r in subjects for s in STAFFING_SUBJECTS
             if s in r["cells"] and r["cells"][s]["shortage"]]
    total = sum(r["surplus"] for r in rows)
    doc.add_paragraph(f"结论：全校{'超编' if total > 0 else '缺编' if total < 0 else '编制持平'}"
                      f"{abs(total) if total else ''}{' 人' if total else ''}；"
                      + (f"紧缺学科：{'、'.join(short)}。" if short else "紧缺学科均已配足。"))
    return _save(doc)
