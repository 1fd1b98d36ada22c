"""Word reports, the zip of all schools, the docxtpl template route, and the Excel tables."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docxtpl import DocxTemplate
from openpyxl import load_workbook

from junheng.scores.core import analyze_exam, value_added
from junheng.scores.reports.excel import write_tables
from junheng.scores.reports.word import reports_zip, school_context, school_report
from tests.scores.data import simulated


@pytest.fixture(scope="module")
def exam():
    frame, exam = simulated(300, 4, seed=11)
    analysis = analyze_exam(frame, exam)
    prior = frame.assign(语文=frame["语文"].fillna(60) * 0.9 + 5)
    va = value_added(frame.dropna(subset=["语文"]), [prior], "语文", min_size=5)
    return analysis, va


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_school_report_content(exam):
    analysis, va = exam
    data = school_report(analysis, "学校1", value_added=va)
    document = Document(io.BytesIO(data))
    text = text_of(data)
    assert "模拟考试质量分析报告" in text and "学校1" in text
    for heading in ("一、总体情况", "二、总分分数段", "三、各班情况（总分）", "四、学困生名单", "五、增值评价"):
        assert heading in text
    county_mean = analysis.county("语文")["mean"]
    assert f"{county_mean:.2f}" in text  # the county figure sits beside the school's
    assert len(document.inline_shapes) == 3  # subject bars, band chart, caterpillar
    assert len(document.tables) >= 3
    assert "G4101" not in text  # no identifiers in the printed lists


def test_context_is_documented_and_complete(exam):
    analysis, va = exam
    ctx = school_context(analysis, "学校2", va)
    assert set(ctx) == {"exam", "school", "subjects", "classes", "struggling", "n_struggling", "value_added",
                        "generated"}  # fmt: skip
    assert [s["subject"] for s in ctx["subjects"]] == ["语文", "数学", "英语", "总分"]
    assert ctx["value_added"]["status"] in ("有效", "样本不足")
    from junheng.scores.reports import word as report

    for key in ("exam", "school", "subjects", "classes", "struggling", "value_added", "charts", "generated"):
        assert f"``{key}``" in report.__doc__


def test_zip_for_all_schools_with_progress(exam, tmp_path):
    analysis, va = exam
    calls = []
    path = reports_zip(analysis, tmp_path / "reports.zip", value_added=va, with_charts=False,
                       progress=lambda done, total, school: calls.append((done, total, school)))  # fmt: skip
    names = zipfile.ZipFile(path).namelist()
    assert names == [f"学校{i}.docx" for i in range(4)]
    assert calls == [(i + 1, 4, f"学校{i}") for i in range(4)]


def _parts(path) -> dict[str, dict[str, bytes]]:
    """Per report in the zip: its document XML and chart images (core properties hold a timestamp)."""
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as docx:
                out[name] = {p: docx.read(p) for p in docx.namelist()
                             if p == "word/document.xml" or p.startswith("word/media/")}
    return out


def test_parallel_reports_equal_serial_reports(exam, tmp_path, monkeypatch):
    """Issue 15: the process pool gives the same documents, in the same order, as rendering here; a school's
    charts do not depend on which schools were drawn before it in the same process."""
    from junheng.scores.reports import word

    analysis, va = exam
    schools = ["学校2", "学校0", "学校3"]
    serial = _parts(reports_zip(analysis, tmp_path / "serial.zip", value_added=va, schools=schools, workers=1))
    monkeypatch.setattr(word, "MIN_PARALLEL", 2)
    calls = []
    parallel = reports_zip(analysis, tmp_path / "parallel.zip", value_added=va, schools=schools, workers=2,
                           progress=lambda done, total, school: calls.append(school))  # fmt: skip
    assert zipfile.ZipFile(parallel).namelist() == [f"{s}.docx" for s in schools] and calls == schools
    assert _parts(parallel) == serial
    alone = _parts(reports_zip(analysis, tmp_path / "alone.zip", value_added=va, schools=["学校3"], workers=1))
    assert alone["学校3.docx"] == serial["学校3.docx"]
    assert len(serial["学校2.docx"]) == 4  # the document and its three charts


def test_bureau_template(exam, tmp_path):
    analysis, va = exam
    template = Document()
    template.add_paragraph("{{ school.name }}：总分均分 {{ school.total_mean }}，全县 {{ school.county_total_mean }}")
    template.add_paragraph("{% for s in subjects %}{{ s.subject }}={{ s.mean }}；{% endfor %}")
    template.add_paragraph("增值：{{ value_added.effect }}（{{ value_added.status }}）")
    template.add_paragraph("{{ charts.subjects }}")
    path = tmp_path / "局模板.docx"
    template.save(path)
    DocxTemplate(str(path))  # a valid template
    ctx = school_context(analysis, "学校3", va)
    data = reports_zip(analysis, tmp_path / "t.zip", value_added=va, schools=["学校3"], template=path)
    rendered = zipfile.ZipFile(data).read("学校3.docx")
    text = text_of(rendered)
    assert f"学校3：总分均分 {ctx['school']['total_mean']}，全县 {ctx['school']['county_total_mean']}" in text
    assert f"语文={ctx['subjects'][0]['mean']}；" in text
    assert f"增值：{ctx['value_added']['effect']}" in text
    assert len(Document(io.BytesIO(rendered)).inline_shapes) == 1


def test_excel_tables(exam, tmp_path):
    analysis, va = exam
    path = write_tables(analysis, tmp_path / "tables.xlsx", value_added=va, include_students=True)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[:6] == ["考试信息", "全县", "学校", "班级", "分数段", "增值评价-语文"]
    header = [c.value for c in next(book["学校"].iter_rows(max_row=1))]
    assert header[:4] == ["学校", "科目", "满分", "参考人数"] and "优秀率" in header
    students = [c.value for c in next(book["学生成绩"].iter_rows(max_row=1))]
    assert "名次" not in students  # ranks only on request (DESIGN §4.3)
    rows = list(book["全县"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
