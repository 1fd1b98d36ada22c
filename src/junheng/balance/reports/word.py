"""The self-assessment Word report (python-docx), and the same content through a bureau's docxtpl template.

Not imported by ``junheng.balance``. Charts are drawn with matplotlib (Agg) in a CJK font.

Template context (docxtpl, Jinja2 syntax in the .docx), built by :func:`report_context`:

- ``county`` (str), ``year`` (int or ""), ``standard`` (title), ``standard_name`` (e.g. quality_2017), ``date``
- ``overall`` ("达标" / "未达标" / "待定"), ``resource_verdict``
- ``dimensions``: list of {``name``, ``verdict``, ``summary``}
- ``stages``: list of {``stage``, ``verdict``, ``n_sections``, ``n_failing``, ``composite`` (str or ""),
  ``cvs``: list of {``key``, ``name``, ``value`` (str, 3 decimals), ``limit``, ``verdict``},
  ``sections``: list of {``school_id``, ``school_name``, ``students``, ``values``: list of str (indicator order),
  ``met``, ``verdict``, ``reason``}}
- ``indicators``: list of {``key``, ``name``, ``unit``, ``thresholds`` (str per stage)}
- ``items``: list of {``dimension``, ``key``, ``name``, ``verdict``, ``detail``}
- ``shortfalls``: list of {``school_name``, ``stage``, ``key``, ``text``, ``blocking``}
- ``drivers``: list of str (why a CV fails and what raising the lowest sections would do)
- ``plan``: None or {``status``, ``cost_wan`` (万元, str), ``gap`` (str %), ``actions``: list of str}
- ``cv_chart``: an InlineImage of the CV chart (when rendering through :func:`render_template`)
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

from junheng.balance.core.fmt import num
from junheng.balance.core.results import Assessment
from junheng.balance.core.tables import cv_table, dimension_table, item_table, section_table, verdict

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font():
    from matplotlib import font_manager

    if CJK_FONT.exists():
        font_manager.fontManager.addfont(str(CJK_FONT))
        return font_manager.FontProperties(fname=str(CJK_FONT))
    return font_manager.FontProperties()


def cv_chart(a: Assessment, path: str | Path) -> Path:
    """Bar chart of every CV against its limit, per stage (PNG)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fp = _font()
    stages = list(a.stages.values())
    fig, axes = plt.subplots(1, max(len(stages), 1), figsize=(5.2 * max(len(stages), 1), 3.6), squeeze=False)
    for ax, s in zip(axes[0], stages, strict=False):
        keys = list(s.cvs)
        vals = [s.cvs[k].value for k in keys]
        lim = s.cvs[keys[0]].limit if keys else None
        colors = ["#c0392b" if s.cvs[k].passes is False else "#2e86c1" for k in keys]
        ax.bar(keys, vals, color=colors)
        if lim is not None:
            ax.axhline(lim, color="#7f8c8d", linestyle="--")
            ax.text(len(keys) - 0.5, lim, f"限值 {lim}", fontproperties=fp, va="bottom", ha="right")
        if s.composite is not None and s.composite.limit is not None:
            ax.axhline(s.composite.limit, color="#7f8c8d", linestyle="--")
            ax.text(len(keys) - 0.5, s.composite.limit, f"综合限值 {s.composite.limit}", fontproperties=fp,
                    va="bottom", ha="right")
        ax.set_title(f"{s.stage}各项指标校际差异系数", fontproperties=fp)
        ax.set_ylabel("差异系数", fontproperties=fp)
        ax.set_ylim(0, max([*vals, lim or 0, 0.1]) * 1.2)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=150)
    plt.close(fig)
    return out


def report_context(a: Assessment, *, county: str = "", year: int | None = None, shortfalls=None, drivers=None,
                   plan=None) -> dict:
    """The template context documented in this module's docstring."""
    st = a.standard
    stages = []
    for s in a.stages.values():
        stages.append({
            "stage": s.stage, "verdict": verdict(s.passes), "n_sections": len(s.sections),
            "n_failing": sum(not r.passes for r in s.sections),
            "composite": "" if s.composite is None else f"{s.composite.value:.3f}（限值 {s.composite.limit}）",
            "cvs": [{"key": k, "name": st.indicator(k).name, "value": f"{c.value:.3f}",
                     "limit": "" if c.limit is None else num(c.limit), "verdict": verdict(c.passes)}
                    for k, c in s.cvs.items()],
            "sections": [{"school_id": r.school_id, "school_name": r.school_name, "students": int(r.students),
                          "values": [num(r.indicators[k].value, 2) for k in st.indicator_keys], "met": r.met,
                          "verdict": verdict(r.passes), "reason": r.reason} for r in s.sections],
        })
    items = [{"dimension": d.name, "key": it.key, "name": it.name, "verdict": verdict(it.passes),
              "detail": it.detail} for d in a.dimensions.values() for it in d.items]
    return {
        "county": county, "year": year if year is not None else "", "standard": st.title, "standard_name": st.name,
        "date": dt.date.today().isoformat(), "overall": verdict(a.passes),
        "resource_verdict": verdict(a.resource_passes),
        "dimensions": [{"name": d.name, "verdict": verdict(d.passes), "summary": d.summary}
                       for d in a.dimensions.values()],
        "stages": stages,
        "indicators": [{"key": i.key, "name": i.name, "unit": i.unit,
                        "thresholds": "、".join(f"{s} {num(i.threshold(s))}" for s in st.stages
                                               if i.threshold(s) is not None)} for i in st.indicators],
        "items": items,
        "shortfalls": [{"school_name": x.school_name, "stage": x.stage, "key": x.key, "text": x.text,
                        "blocking": x.blocking} for x in (shortfalls or [])],
        "drivers": [d.text for d in (drivers or [])],
        "plan": None if plan is None else {
            "status": plan.status, "cost_wan": num(plan.cost / 1e4, 1), "gap": f"{plan.gap:.2%}",
            "actions": [f"{x.school_name}（{x.stage}）：{x.text}" for x in plan.actions]},
    }


def _table(doc, df, font_size: float = 8):
    from docx.shared import Pt

    t = doc.add_table(rows=1, cols=len(df.columns))
    t.style = "Table Grid"
    for j, col in enumerate(df.columns):
        t.rows[0].cells[j].text = str(col)
    for row in df.itertuples(index=False):
        cells = t.add_row().cells
        for j, v in enumerate(row):
            cells[j].text = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
    for r in t.rows:
        for c in r.cells:
            for p in c.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(font_size)
    return t


def _cjk_styles(doc) -> None:
    from docx.oxml.ns import qn

    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "宋体" if name == "Normal" else "黑体")


def build_report(path: str | Path, a: Assessment, *, county: str = "", year: int | None = None, shortfalls=None,
                 drivers=None, plan=None) -> Path:
    """The self-assessment report: verdicts, every indicator per section and stage, CVs, items, shortfalls."""
    from docx import Document
    from docx.shared import Cm

    from junheng.balance.core.tables import driver_table, shortfall_table, threshold_table

    ctx = report_context(a, county=county, year=year, shortfalls=shortfalls, drivers=drivers, plan=plan)
    doc = Document()
    _cjk_styles(doc)
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(1.8)
    doc.add_heading(f"{county}{year or ''}年县域义务教育{'优质' if st_kind(a) else '基本'}均衡发展自评报告", 0)
    doc.add_paragraph(f"评估依据：{a.standard.title}（{a.standard.issuer}）。生成日期：{ctx['date']}。")
    doc.add_heading("一、总体结论", 1)
    doc.add_paragraph(f"县域总体结论：{ctx['overall']}；资源配置：{ctx['resource_verdict']}。")
    _table(doc, dimension_table(a), 9)
    doc.add_heading("二、资源配置", 1)
    doc.add_paragraph("指标要求：")
    _table(doc, threshold_table(a), 9)
    with tempfile.TemporaryDirectory() as tmp:
        png = cv_chart(a, Path(tmp) / "cv.png")
        doc.add_picture(str(png), width=Cm(17))
    doc.add_paragraph("各学段差异系数（以在校生数加权：X̄ = ΣPᵢXᵢ/ΣPᵢ，S = √(Σ(Pᵢ/P)(Xᵢ−X̄)²)，CV = S/X̄）：")
    _table(doc, cv_table(a), 8)
    for s in a.stages:
        doc.add_heading(f"{s}各学部指标（✓ 达到要求，△ 达到要求的85%，✗ 低于85%）", 2)
        _table(doc, section_table(a, s).drop(columns=["说明"]), 7)
    doc.add_heading("三、政府保障程度、教育质量与社会认可度", 1)
    _table(doc, item_table(a).drop(columns=["佐证材料"]), 7)
    if a.excluded:
        doc.add_paragraph("未纳入资源配置计算的学校：" + "；".join(f"{s}（{r}）" for s, r in a.excluded))
    if shortfalls is not None:
        doc.add_heading("四、短板清单", 1)
        _table(doc, shortfall_table(shortfalls)[["学校名称", "学段", "指标", "现值", "要求", "短板"]], 8)
    if drivers:
        doc.add_heading("五、差异系数超限分析", 1)
        for d in drivers:
            doc.add_paragraph(d.text)
        _table(doc, driver_table(drivers), 7)
    if plan is not None:
        doc.add_heading("六、达标优化方案", 1)
        doc.add_paragraph(f"方案总成本 {ctx['plan']['cost_wan']} 万元（求解状态：{plan.status}，与下界差距 "
                          f"{ctx['plan']['gap']}）。")
        for line in ctx["plan"]["actions"]:
            doc.add_paragraph(line, style="List Bullet")
    out = Path(path)
    doc.save(out)
    return out


def st_kind(a: Assessment) -> bool:
    return a.standard.kind == "quality_balanced"


def render_template(template: str | Path, path: str | Path, a: Assessment, *, county: str = "",
                    year: int | None = None, shortfalls=None, drivers=None, plan=None) -> Path:
    """Render a bureau's own .docx template (docxtpl placeholders; context in this module's docstring)."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(str(template))
    ctx = report_context(a, county=county, year=year, shortfalls=shortfalls, drivers=drivers, plan=plan)
    with tempfile.TemporaryDirectory() as tmp:
        png = cv_chart(a, Path(tmp) / "cv.png")
        ctx["cv_chart"] = InlineImage(tpl, str(png), width=Cm(16))
        tpl.render(ctx)
        out = Path(path)
        tpl.save(out)
    return out
