"""Word result sheets, the zip of all sheets, the county summary and the Excel of scores, read back."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from junheng.evaluation.reports import excel, word
from junheng.evaluation.store import rounds
from junheng.evaluation.store.schools import schools
from tests.evaluation.store.conftest import SCHOOLS
from tests.evaluation.store.test_rounds import draft  # noqa: F401 - the fixture

pytestmark = pytest.mark.db
A, B, C = SCHOOLS


def text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append("|".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture
def data(draft):  # noqa: F811
    dep, rid = draft
    with dep.db.transaction() as s:
        rounds.pull_figures(s, rid, "staff")
        rounds.set_judgement(s, rid, B, "J1", "王", 7, "", "staff")
        rounds.set_self(s, rid, B, 75, "自查", "clerk")
    with dep.db.sessions() as s:
        return rounds.round_data(s, rid), schools(s)


def test_school_sheet_says_missing_and_reweighting(data):
    d, known = data
    body = text(word.school_sheet(d, known, B))
    assert "测试县第一中学" in body and "总分：70.00" in body and "类别内名次：2/2" in body
    assert "缺数据的指标：L1" in body and "占全部权重的 60%" in body
    assert "学校自评：75.00" in body and "相差 -5.00 分" in body
    assert "L1 培训|40|缺；" in body


def test_zip_has_one_sheet_per_school(data):
    d, known = data
    with zipfile.ZipFile(io.BytesIO(word.all_sheets_zip(d, known))) as z:
        assert len(z.namelist()) == 3 and all(n.endswith(".docx") for n in z.namelist())


def test_county_summary(data):
    d, known = data
    body = text(word.county_summary(d, known))
    assert "参评学校 3 所" in body and "不以升学率排名" in body and "甲类（1 所）" in body and "乙类（2 所）" in body


def test_scores_workbook(data):
    d, _ = data
    book = load_workbook(io.BytesIO(excel.scores_workbook(d, schools_of(d))))
    rows = list(book["得分"].values)
    by_code = {r[2]: r for r in rows[1:]}
    assert by_code[B][4] == 70.0 and by_code[B][7] == "缺" and by_code[B][6] == 75
    sources = list(book["数据来源"].values)
    assert any(r[0] == A and r[1] == "L1" and r[6] == "45 ÷ 50 = 0.9" for r in sources)


def schools_of(d):
    from types import SimpleNamespace

    names = {A: "测试县实验小学", B: "测试县第一中学", C: "山前乡九年一贯制学校"}
    return {c: SimpleNamespace(name=n) for c, n in names.items()}
