from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from junheng.ledger.reports.word import render_word_template, write_excel_report, write_word_report
from tests.ledger.core.test_stats import TODAY, ledger

pytestmark = pytest.mark.core


def test_word_report(tmp_path):
    path = write_word_report(ledger(), TODAY, tmp_path / "报告.docx", "城关镇整改情况报告")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "城关镇整改情况报告" in text and "统计截至 2026年10月10日" in text
    assert "共有整改事项 8 项，已销号 2 项，销号率 25.0%" in text
    assert "其中逾期 2 项（占未销号事项的 33.3%）" in text and "逾期完成 1 项" in text
    assert len(doc.tables) == 6
    status = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert status == [["状态", "事项数"], ["待整改", "2"], ["整改中", "1"], ["待验收", "1"], ["逾期", "2"],
                      ["已销号", "2"]]
    overdue = [[c.text for c in r.cells] for r in doc.tables[4].rows]
    assert [r[0] for r in overdue[1:]] == ["1", "8"] and overdue[1][6] == "10"
    assert len(doc.tables[5].rows) == 9
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_word_report_without_overdue(tmp_path):
    doc = Document(str(write_word_report(ledger()[2:4], TODAY, tmp_path / "r.docx")))
    assert "无逾期事项。" in [p.text for p in doc.paragraphs]


def test_excel_report(tmp_path):
    wb = load_workbook(write_excel_report(ledger(), TODAY, tmp_path / "报告.xlsx"))
    assert wb.sheetnames == ["汇总", "按类别", "按单位", "账龄", "逾期清单", "事项明细", "处理记录"]
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["事项总数"] == 8 and summary["销号率"] == "25.0%" and summary["状态：逾期"] == 2
    units = list(wb["按单位"].iter_rows(values_only=True))
    assert units[0] == ("责任单位", "待整改", "整改中", "待验收", "逾期", "已销号", "合计")
    assert units[1] == ("城关一小", 0, 1, 0, 1, 1, 3)
    assert [r[0] for r in wb["逾期清单"].iter_rows(min_row=2, values_only=True)] == ["1", "8"]
    history = list(wb["处理记录"].iter_rows(min_row=2, values_only=True))
    assert len(history) == sum(len(i.history) for i in ledger())
    detail = list(wb["事项明细"].iter_rows(values_only=True))
    assert detail[0][:3] == ("编号", "类别", "责任单位") and len(detail) == 9


def test_bureau_template(tmp_path):
    template = Document()
    template.add_paragraph("截至{{ as_of }}，共 {{ summary.total }} 项，逾期 {{ summary.overdue }} 项。")
    template.add_paragraph("{% for r in overdue %}{{ r.unit }}：{{ r.description }}（逾期{{ r.days_overdue }}天）；"
                           "{% endfor %}")
    template.save(str(tmp_path / "局模板.docx"))
    out = render_word_template(tmp_path / "局模板.docx", ledger(), TODAY, tmp_path / "out.docx")
    text = [p.text for p in Document(str(out)).paragraphs]
    assert text[0] == "截至2026年10月10日，共 8 项，逾期 2 项。"
    assert text[1].startswith("城关一小：消防通道堆放杂物（逾期10天）；")
