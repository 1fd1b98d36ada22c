"""The demo loader on the small test county: the survey written by the demo writer imports through the real
path, inspectors and visits, two approved rounds; the survey export has the 问卷星 layout."""

from __future__ import annotations

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from junheng.demo.base import rng_for
from junheng.demo.evaluation import build_inspection, build_survey, write_survey_file
from junheng.evaluation import demo
from junheng.evaluation.store import inspection, rounds
from tests.evaluation.store.conftest import SCHOOLS

SMALL = pd.DataFrame([{"school_id": c, "name": n, "kind": k} for c, n, k in (
    (SCHOOLS[0], "测试县实验小学", "小学"), (SCHOOLS[1], "测试县第一中学", "初中"),
    (SCHOOLS[2], "山前乡九年一贯制学校", "九年一贯制"))])


@pytest.mark.core
def test_survey_export_layout_and_determinism(tmp_path):
    a = build_survey(SMALL, rng_for(1, "evaluation"))
    b = build_survey(SMALL, rng_for(1, "evaluation"))
    assert a.equals(b)
    assert list(a.columns[:8]) == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是？",
                                   "2、您所在的学校是？"]
    assert len(a) == 3 * (12 + 14 + 5 + 1) + 12 + 10 + 25
    path = write_survey_file(SMALL, 1, tmp_path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet1").to_python()
    assert rows[0][8].startswith("3、您对学校的办学条件")


@pytest.mark.core
def test_inspection_plan_assigns_every_school_once():
    import datetime as dt

    assigned, visits = build_inspection(SMALL, rng_for(1, "x"), dt.date(2025, 1, 1))
    codes = [c for cs in assigned.values() for c in cs]
    assert sorted(codes) == sorted(SCHOOLS)
    assert all(v.school_id in assigned[v.inspector] and v.day <= dt.date(2025, 1, 1) for v in visits)


@pytest.mark.db
def test_demo_load(county, tmp_path):
    write_survey_file(SMALL, 2024, tmp_path)
    line = demo.load(county, tmp_path, "demo")
    assert line.startswith("督导评价：满意度调查 143 份答卷")
    with county.db.sessions() as s:
        done = rounds.rounds(s)
        assert len(done) == 2 and all(r.status == "已审定" for r in done)
        assert len(inspection.roster(s)) == 6
        data = rounds.round_data(s, done[0].id)
        # the survey figure reached the autumn round's E4 (school year 2024)
        assert data.figures[(SCHOOLS[0], "E4")].value is not None
        assert "满意度调查" in data.figures[(SCHOOLS[0], "E4")].source
