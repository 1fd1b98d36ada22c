"""Word reports per school (python-docx), all schools as a zip, and the same through a bureau's docxtpl
template. Not imported by ``junheng.scores``.

Template context (``school_context``; every number is already formatted as text):

- ``exam``: name, date, grade, subjects (list of names)
- ``school``: name, students (listed), complete (sat every subject), total_mean, county_total_mean,
  above_mean_rate, total_rank, n_schools, index, index_rank
- ``subjects``: list of rows — subject, full_marks, n, absent, mean, county_mean, sd, max, min,
  excellent_rate, pass_rate, low_rate, county_excellent_rate, county_pass_rate, county_low_rate,
  above_mean_rate, index, rank (the school's rank among schools by mean)
- ``classes``: list of rows for the total — class, n, absent, mean, excellent_rate, pass_rate, low_rate,
  index, rank (among all classes of the county)
- ``struggling``: list of rows — name, class, total, reason (names only: no identifiers, no ranks)
- ``value_added``: None, or subject, n, effect, se, ci_low, ci_high, shrinkage, status, rank, n_ranked,
  meaning (a sentence that says what the effect means)
- ``charts`` (template rendering only): subjects, bands, value_added (docxtpl InlineImage or None)
- ``generated``: the date of the report

Speed (issue 15): the charts' shared parts are built once per exam (``charts.ChartSet``) and only each
school's own artists are redrawn; ``reports_zip`` spreads the schools over a pool of processes (one per core,
each rendering whole reports from a slim copy of the analysis) while the parent writes the zip in school
order, so the zip is the same as a serial run's.

Example template text: ``{{ school.name }}总分均分 {{ school.total_mean }}（全县 {{ school.county_total_mean }}）``
and a table row ``{%tr for s in subjects %} … {{ s.mean }} … {%tr endfor %}``.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.model import TOTAL
from junheng.scores.core.tracking import struggling_students
from junheng.scores.core.value_added import ValueAddedResult
from junheng.scores.reports import charts
from junheng.scores.reports.context import MAX_STRUGGLING, school_context

Progress = Callable[[int, int, str], None]


def chart_set(analysis: ExamAnalysis, value_added: ValueAddedResult | None) -> charts.ChartSet:
    """The exam's report charts (built lazily, then reused for every school)."""
    bands = analysis.bands[analysis.bands["subject"].astype(str) == TOTAL]
    return charts.ChartSet(analysis.units, bands, TOTAL, None if value_added is None else value_added.schools)


def _chart_images(chart: charts.ChartSet, school: str, value_added: ValueAddedResult | None) -> dict[str, bytes]:
    images = {"subjects": chart.subjects_png(school), "bands": chart.bands_png(school)}
    if value_added is not None and (value_added.schools["school"].astype(str) == school).any():
        png = chart.value_added_png(school)
        if png is not None:
            images["value_added"] = png
    return images


def _set_fonts(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for name in ("Title", "Heading 1", "Heading 2"):
        heading = document.styles[name]
        heading.font.name = "黑体"
        heading.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def school_report(
    analysis: ExamAnalysis,
    school: str,
    *,
    value_added: ValueAddedResult | None = None,
    struggling: pd.DataFrame | None = None,
    with_charts: bool = True,
    charts_of_exam: charts.ChartSet | None = None,
) -> bytes:
    """One school's report (.docx bytes): results against the county, classes, struggling students,
    value-added, charts (``charts_of_exam``: the exam's chart set, to reuse over many schools)."""
    ctx = school_context(analysis, school, value_added, struggling)
    images = {}
    if with_charts:
        images = _chart_images(charts_of_exam or chart_set(analysis, value_added), school, value_added)
    document = Document()
    _set_fonts(document)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.2)
    title = document.add_heading(f"{ctx['exam']['name']}质量分析报告", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = document.add_paragraph(f"{school}　　生成日期 {ctx['generated']}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    s = ctx["school"]
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph(
        f"本校名单 {s['students']} 人，全科参考 {s['complete']} 人。总分平均分 {s['total_mean']}，全县 "
        f"{s['county_total_mean']}，超均率 {s['above_mean_rate']}；在全县 {s['n_schools']} 所学校中按平均分居第 "
        f"{s['total_rank']} 位，综合指数 {s['index']}（第 {s['index_rank']} 位）。"
    )
    _table(
        document,
        ["科目", "参考", "缺考", "平均分", "全县均分", "超均率", "优秀率", "及格率", "低分率", "综合指数", "名次"],
        [[r["subject"], r["n"], r["absent"], r["mean"], r["county_mean"], r["above_mean_rate"], r["excellent_rate"],
          r["pass_rate"], r["low_rate"], r["index"], r["rank"]] for r in ctx["subjects"]],
    )  # fmt: skip
    cut = analysis.config.cutoffs
    document.add_paragraph(
        f"说明：优秀率、及格率为得分不低于满分 {cut.excellent:.0%}、{cut.passing:.0%} 的人数占参考人数的比例，"
        f"低分率为低于 {cut.low:.0%} 的比例；超均率 =（本校均分 − 全县均分）/ 全县均分；缺考不计入参考人数。"
    ).runs[0].font.size = Pt(9)
    if "subjects" in images:
        document.add_picture(io.BytesIO(images["subjects"]), width=Cm(15))
    document.add_heading("二、总分分数段", level=1)
    if "bands" in images:
        document.add_picture(io.BytesIO(images["bands"]), width=Cm(15))
    document.add_heading("三、各班情况（总分）", level=1)
    _table(
        document,
        ["班级", "参考", "缺考", "平均分", "优秀率", "及格率", "低分率", "综合指数", "全县名次"],
        [[r["class"], r["n"], r["absent"], r["mean"], r["excellent_rate"], r["pass_rate"], r["low_rate"], r["index"],
          r["rank"]] for r in ctx["classes"]],
    )  # fmt: skip
    document.add_heading("四、学困生名单", level=1)
    if ctx["struggling"]:
        more = f"（仅列前 {MAX_STRUGGLING} 人）" if ctx["n_struggling"] > MAX_STRUGGLING else ""
        document.add_paragraph(f"总分低于低分线的学生共 {ctx['n_struggling']} 人{more}，请制定帮扶措施。")
        _table(document, ["姓名", "班级", "总分", "原因"],
               [[r["name"], r["class"], r["total"], r["reason"]] for r in ctx["struggling"]])  # fmt: skip
    else:
        document.add_paragraph("本次考试本校没有总分低于低分线的学生。")
    document.add_heading("五、增值评价", level=1)
    va = ctx["value_added"]
    if va is None:
        document.add_paragraph("本次未做增值评价（需要与前测考试对应的学生成绩）。")
    else:
        if va["status"] == "有效":
            position = f"在 {va['n_ranked']} 所有效学校中居第 {va['rank']} 位"
        else:
            position = "对应学生人数不足，标为“样本不足”，不参与排序"
        document.add_paragraph(
            f"{va['subject']}：对应前测的学生 {va['n']} 人，增值效应 {va['effect']} 分（标准误 {va['se']}，95% 区间 "
            f"{va['ci_low']} 至 {va['ci_high']}，收缩系数 {va['shrinkage']}），{position}。"
        )
        document.add_paragraph(va["meaning"]).runs[0].font.size = Pt(9)
        if "value_added" in images:
            document.add_picture(io.BytesIO(images["value_added"]), width=Cm(15))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _safe(name: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name) or "未命名学校"


def school_names(analysis: ExamAnalysis) -> list[str]:
    rows = analysis.units[(analysis.units["level"] == "school") & (analysis.units["subject"] == TOTAL)]
    return sorted(rows["school"].astype(str))


@dataclass
class _Job:
    """What rendering a school's report needs (picklable: a worker process receives it once)."""

    analysis: ExamAnalysis
    value_added: ValueAddedResult | None
    struggling: pd.DataFrame
    template: str | None
    with_charts: bool
    charts: charts.ChartSet | None = None

    def render(self, school: str) -> bytes:
        if self.with_charts and self.charts is None:
            self.charts = chart_set(self.analysis, self.value_added)
        if self.template is not None:
            return render_template(self.template, self.analysis, school, value_added=self.value_added,
                                   struggling=self.struggling, with_charts=self.with_charts,
                                   charts_of_exam=self.charts)  # fmt: skip
        return school_report(self.analysis, school, value_added=self.value_added, struggling=self.struggling,
                             with_charts=self.with_charts, charts_of_exam=self.charts)  # fmt: skip

    def slim(self) -> _Job:
        """A copy without what no report reads (students and standings; value-added's student rows)."""
        a = self.analysis
        va = self.value_added
        return _Job(replace(a, students=a.students.iloc[:0], standings=a.standings.iloc[:0]),
                    None if va is None else replace(va, students=va.students.iloc[:0]), self.struggling,
                    self.template, self.with_charts)  # fmt: skip


_worker_job: list[_Job] = []


def _start_worker(job: _Job) -> None:
    _worker_job[:] = [job]


def _render_in_worker(school: str) -> bytes:
    return _worker_job[0].render(school)


MIN_PARALLEL = 6
"""Fewer schools than this are rendered in this process (starting a worker costs about a second)."""


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fresh single-threaded server that has imported this module once (safe from a web
    server's threads, unlike a plain fork; cheaper than spawning, which imports everything per worker)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _rendered(job: _Job, names: list[str], workers: int) -> Iterator[bytes]:
    if workers <= 1 or len(names) < MIN_PARALLEL:
        for school in names:
            yield job.render(school)
        return
    context = _pool_context()
    with ProcessPoolExecutor(min(workers, len(names)), mp_context=context, initializer=_start_worker,
                             initargs=(job.slim(),)) as pool:  # fmt: skip
        yield from pool.map(_render_in_worker, names)


def reports_zip(
    analysis: ExamAnalysis,
    path: str | Path,
    *,
    value_added: ValueAddedResult | None = None,
    schools: Sequence[str] | None = None,
    template: str | Path | None = None,
    progress: Progress | None = None,
    with_charts: bool = True,
    workers: int | None = None,
) -> Path:
    """All schools' reports in one zip (``{school}.docx``, in school order), with ``progress(done, total,
    school)`` after each; through ``template`` (docxtpl) when given. ``workers``: processes rendering reports
    (default: one per core; 1 renders here)."""
    path = Path(path)
    names = list(schools) if schools is not None else school_names(analysis)
    job = _Job(analysis, value_added, struggling_students(analysis), None if template is None else str(template),
               with_charts)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        rendered = _rendered(job, names, default_workers() if workers is None else workers)
        for done, (school, data) in enumerate(zip(names, rendered, strict=True), start=1):
            archive.writestr(f"{_safe(school)}.docx", data)
            if progress is not None:
                progress(done, len(names), school)
    return path


def render_template(
    template: str | Path,
    analysis: ExamAnalysis,
    school: str,
    *,
    value_added: ValueAddedResult | None = None,
    struggling: pd.DataFrame | None = None,
    with_charts: bool = True,
    charts_of_exam: charts.ChartSet | None = None,
) -> bytes:
    """Render a bureau's docxtpl template with :func:`school_context` (plus ``charts``) → .docx bytes."""
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(str(template))
    context = school_context(analysis, school, value_added, struggling)
    images = {}
    if with_charts:
        images = _chart_images(charts_of_exam or chart_set(analysis, value_added), school, value_added)
    context["charts"] = {
        key: (InlineImage(document, io.BytesIO(images[key]), width=Cm(15)) if key in images else None)
        for key in ("subjects", "bands", "value_added")
    }
    document.render(context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
