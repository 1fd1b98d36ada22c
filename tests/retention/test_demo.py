"""``demo_load.load``: the demo's roster files (学籍 export layout, the documented names) and population list go
through the normal imports; the census, cases, contacts, zero-reports and warnings give the dashboard content —
one case returned, exactly one overdue."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from junheng.accounts import Scope
from junheng.retention.demo import demo_files, load
from junheng.retention.store.queries import dashboard
from junheng.retention.store.service import load_settings, today
from tests.retention.webcounty import population, rosters

pytestmark = pytest.mark.db
HEADERS = {"school": "学校标识码", "student_id": "全国学籍号", "name": "姓名", "birth_date": "出生日期",
           "id_number": "身份证件号", "grade": "年级", "status": "学籍状态"}
GRADES = "一二三四五六七八九"


def _export(frame, path):
    """A roster as the 学籍 system exports it: Chinese headers, YYYYMMDD dates, 七年级-style grades."""
    wb = Workbook()
    ws = wb.active
    ws.title = "学生信息"
    ws.append(list(HEADERS.values()) + ["户口所在地"])
    for r in frame.itertuples():
        home = {"330100001": "测试县城关镇", "330100002": "测试县山前乡"}.get(r.township_code, "外省")
        ws.append([r.school, r.student_id, r.name, r.birth_date.replace("-", ""), r.id_number,
                   f"{GRADES[int(r.grade) - 1]}年级", r.status or "在读", home + (r.village or "")])
    wb.save(path)


def test_demo_load_fills_the_dashboard(web_deployment, tmp_path):
    previous, current = rosters()
    _export(previous, tmp_path / "学籍花名册_2024-1（2024年春季学期）.xlsx")
    _export(current, tmp_path / "学籍花名册_2024-2（2024年秋季学期）.xlsx")
    pop = population(tmp_path)
    pop.rename(tmp_path / "户籍适龄人口名单.csv")
    (tmp_path / "manifest.json").write_text(json.dumps({
        "rosters": {"2024-1": "学籍花名册_2024-1（2024年春季学期）.xlsx",
                    "2024-2": "学籍花名册_2024-2（2024年秋季学期）.xlsx"},
        "population": "户籍适龄人口名单.csv"}, ensure_ascii=False), encoding="utf-8")
    files, people = demo_files(tmp_path)
    assert sorted(files) == ["2024-1", "2024-2"] and people.name == "户籍适龄人口名单.csv"

    summary = load(web_deployment, tmp_path, "demo")
    assert summary.startswith("控辍保学：") and "疑似辍学 2 人" in summary and "人口比对 2 件" in summary
    with web_deployment.db.sessions() as s:
        board = dashboard(s, Scope("bureau_admin"), load_settings(None), today())
        town = dashboard(s, Scope("township_official", township_code="330100002"), load_settings(None), today())
    assert board.totals["returned_this_term"] == 1 and board.totals["overdue"] == 1 and board.totals["cases"] == 4
    assert board.overdue[0]["township_official"] and board.overdue[0]["class_teacher"]
    assert town.totals["cases"] == 2     # 王小芳's census case and 孙未入's from the population list


def test_no_files_no_harm(web_deployment, tmp_path):
    assert "未载入" in load(web_deployment, tmp_path, "demo")
