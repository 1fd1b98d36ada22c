"""The Word self-assessment report and the bureau-template rendering (docxtpl)."""

from __future__ import annotations

import pytest
from docx import Document

from junheng.balance.core import assess_county
from junheng.balance.core.shortfalls import cv_drivers, shortfalls
from junheng.balance.reports.word import build_report, render_template, report_context
from tests.balance.county import SCHOOLS, school_year_data


@pytest.fixture(scope="module")
def assessment():
    return assess_county(school_year_data(), schools=SCHOOLS, year=2024)


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_report_has_every_table(tmp_path, assessment):
    p = build_report(tmp_path / "r.docx", assessment, county="测试县", year=2024,
                     shortfalls=shortfalls(assessment), drivers=cv_drivers(assessment))
    doc = Document(p)
    body = text_of(doc)
    assert "测试县2024年县域义务教育优质均衡发展自评报告" in body
    for s in ("一、总体结论", "二、资源配置", "四、短板清单", "山前九年一贯制学校", "需增加教学及辅助用房 60 ㎡", "未达标"):
        assert s in body, s
    assert len(doc.inline_shapes) == 1  # the CV chart
    # every section appears in its stage table with all seven indicators
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "学校标识码"]
    assert len(tables) == 2
    assert sum(len(t.rows) - 1 for t in tables) == len(assessment.sections())
    assert len(tables[0].rows[0].cells) == 4 + 7 + 2


def test_template_rendering(tmp_path, assessment):
    tpl = Document()
    tpl.add_paragraph("{{ county }}{{ year }}年自评：总体{{ overall }}，资源配置{{ resource_verdict }}")
    tpl.add_paragraph("{% for s in stages %}{{ s.stage }}差异系数：{% for c in s.cvs %}{{ c.key }}={{ c.value }} "
                      "{% endfor %}{% endfor %}")
    tpl.add_paragraph("{% for x in shortfalls %}{{ x.school_name }}{{ x.text }}；{% endfor %}")
    tpl.add_paragraph("{{ cv_chart }}")
    src = tmp_path / "tpl.docx"
    tpl.save(src)
    out = render_template(src, tmp_path / "out.docx", assessment, county="测试县", year=2024,
                          shortfalls=shortfalls(assessment))
    body = text_of(Document(out))
    assert "测试县2024年自评：总体未达标，资源配置未达标" in body
    assert f"L1={assessment.stages['小学'].cvs['L1'].value:.3f}" in body
    assert "山前九年一贯制学校需增加教学及辅助用房 60 ㎡" in body
    assert len(Document(out).inline_shapes) == 1


def test_context_is_documented(assessment):
    import junheng.balance.reports.word as rep

    ctx = report_context(assessment)
    for key in ctx:
        assert f"``{key}``" in rep.__doc__, key
