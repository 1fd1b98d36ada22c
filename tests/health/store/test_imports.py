"""Imports on SQLite (and PostgreSQL when configured): one undoable batch, nothing half-imported, derived data."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from junheng.health import api
from junheng.health.store import imports, queries
from junheng.health.store.models import FitnessResult, PsychCaseRow
from junheng.io.problems import ImportFailed
from junheng.registry.store.importer import import_registry
from junheng.store.batches import undo_batch
from tests.health.workbook import GOOD, HEADERS, write_rows

pytestmark = pytest.mark.db


@pytest.fixture
def county(deployment, registry_file):
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
    return deployment


def _sheet(path, headers, rows):
    titles = {"右眼裸眼视力": "视力筛查", "量表": "心理测评", "安置方式": "特殊教育"}
    wb = Workbook()
    ws = wb.active
    ws.title = next(t for h, t in titles.items() if h in headers)
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_fitness_import_scores_and_undo(county, tmp_path):
    src = write_rows(tmp_path / "2133010001.xlsx", GOOD)
    with county.db.transaction() as session:
        result = imports.import_fitness(session, src, "2024", "tester")
    with county.db.sessions() as session:
        df = queries.fitness(session, "2024")
        assert sorted(df["student_id"]) == ["G001", "G002", "G003"]
        g2 = df.set_index("student_id").loc["G002"]
        assert (g2["total"], g2["extra"], g2["rating"], g2["score_run800"]) == (93.7, 8.0, "优秀", 100.0)
        figs = {f.key: f for f in api.figures(session, "2024", {"health.fitness_pass_rate"})}
        assert figs["health.fitness_pass_rate"].value == pytest.approx(2 / 3)
        assert api.risk_flags(session, "2024") == {"G003": ["体质测试不及格"]}
        df["total"] = 0  # the frame is the caller's copy, not the cached one
        assert queries.fitness(session, "2024").set_index("student_id").loc["G002", "total"] == 93.7
    with county.db.transaction() as session:
        undo_batch(session, result.batch_id, "tester")
    with county.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(FitnessResult)) == 0
        assert queries.fitness(session, "2024").empty  # the undo is seen, not a cached frame


def test_fitness_import_refuses_unknown_school_and_writes_nothing(county, tmp_path):
    src = write_rows(tmp_path / "9999999999.xlsx", GOOD)
    with county.db.transaction() as session, pytest.raises(ImportFailed) as info:
        imports.import_fitness(session, src, "2024", "tester")
    assert "不在学校名册中" in info.value.problems[0].reason
    bad = list(GOOD[1])
    bad[HEADERS.index("50米跑")] = 2
    with county.db.transaction() as session, pytest.raises(ImportFailed):
        imports.import_fitness(session, write_rows(tmp_path / "2133010001.xlsx", [GOOD[0], bad]), "2024", "t")
    with county.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(FitnessResult)) == 0


def test_vision_rates_and_figure(county, tmp_path):
    headers = ["学校标识码", "学籍号", "姓名", "性别", "年级", "班级", "右眼裸眼视力", "左眼裸眼视力", "右眼等效球镜",
               "左眼等效球镜", "筛查日期"]
    rows = [["2133010001", "V1", "甲", "男", "11", "一年级1班", 5.0, 5.0, None, None, "2025-03-01"],
            ["2133010001", "V2", "乙", "女", "一年级", "一年级1班", 4.9, 5.1, -1.0, 0, "2025-03-01"],
            ["2133010001", "V3", "丙", "男", "11", "一年级1班", 5.1, 4.8, 0.5, 0.25, "2025-03-01"],
            ["2133010001", "V4", "丁", "女", "11", "一年级1班", 1.5, 1.2, 0, 0, "2025-03-01"]]   # 小数记录
    with county.db.transaction() as session:
        imports.import_sheet(session, "vision", _sheet(tmp_path / "v.xlsx", headers, rows), "2025-1", "tester")
    with county.db.sessions() as session:
        fig = api.figures(session, "2024", {"health.poor_vision_rate"})[0]
        assert (fig.school, fig.value) == ("2133010001", 0.5)
        v4 = queries.vision(session, "2025-1").set_index("student_id").loc["V4"]
        assert (v4["right"], v4["left"]) == (5.2, 5.1)
    bad = [["2133010001", "V5", "戊", "男", "11", "一年级1班", 2.5, 5.0, None, None, "2025-03-01"]]
    with county.db.transaction() as session, pytest.raises(ImportFailed) as info:
        imports.import_sheet(session, "vision", _sheet(tmp_path / "v2.xlsx", headers, bad), "2025-1", "tester")
    assert (info.value.problems[0].row, info.value.problems[0].column) == (2, "右眼裸眼视力")


def test_psych_high_risk_opens_a_case_once(county, tmp_path):
    headers = ["学校标识码", "学籍号", "姓名", "年级", "班级", "量表", "总分", "测评日期"]
    rows = [["2133010001", "P1", "甲", "11", "", "PHQ-9", 16, "2024-10-10"],
            ["2133010001", "P2", "乙", "11", "", "PHQ-9", 11, "2024-10-10"],
            ["2133010001", "P3", "丙", "11", "", "PHQ-9", 3, "2024-10-10"]]
    path = _sheet(tmp_path / "p.xlsx", headers, rows)
    with county.db.transaction() as session:
        imports.import_sheet(session, "psych", path, "2024", "tester", today=dt.date(2024, 10, 12))
    with county.db.transaction() as session:
        imports.import_sheet(session, "psych", path, "2024", "tester", today=dt.date(2024, 10, 13))
    with county.db.sessions() as session:
        cases = list(session.scalars(select(PsychCaseRow)))
        assert [(c.student_id, c.status, c.opened_on) for c in cases] == [("P1", "待约谈", "2024-10-12")]
        levels = dict(zip(*[queries.psych(session, "2024")[c] for c in ("student_id", "level")]))
        assert levels == {"P1": "高风险", "P2": "关注", "P3": "正常"}
        from junheng.accounts import Scope
        from junheng.home import Viewer

        def tile(role, day):
            return api.home_tiles(session, Viewer(Scope(role), day))

        (fresh,) = tile("health_officer", dt.date(2024, 10, 14))
        assert fresh.value == 1 and fresh.status == "warn" and fresh.detail == "共 1 件，未结 1 件，其中有步骤逾期 0 件"
        (late,) = tile("bureau_admin", dt.date(2025, 1, 6))
        assert late.status == "bad" and late.detail.endswith("其中有步骤逾期 1 件")
        assert tile("leader", dt.date(2024, 10, 14)) == [] and tile("school_clerk", dt.date(2024, 10, 14)) == []


def test_psych_unknown_scale_is_refused(county, tmp_path):
    headers = ["学校标识码", "学籍号", "姓名", "年级", "班级", "量表", "总分", "测评日期"]
    path = _sheet(tmp_path / "p.xlsx", headers, [["2133010001", "P1", "甲", "11", "", "XYZ", 16, "2024-10-10"]])
    with county.db.transaction() as session, pytest.raises(ImportFailed) as info:
        imports.import_sheet(session, "psych", path, "2024", "tester")
    assert "没有设置风险界值" in info.value.problems[0].reason


def test_special_education_enrolment_rate(county, tmp_path):
    headers = ["登记号", "姓名", "性别", "出生日期", "残疾类别", "安置方式", "学校标识码", "乡镇代码"]
    rows = [["S1", "甲", "男", "2015-01-01", "智力", "随班就读", "2133010001", ""],
            ["S2", "乙", "女", "2014-01-01", "肢体", "送教上门", "2133010001", ""],
            ["S3", "丙", "男", "2013-01-01", "听力", "特教学校", "2133010002", ""],
            ["S4", "丁", "女", "2012-01-01", "多重", "未入学", None, ""]]
    with county.db.transaction() as session:
        imports.import_sheet(session, "special_ed", _sheet(tmp_path / "s.xlsx", headers, rows), "2024", "tester")
    with county.db.sessions() as session:
        fig = api.figures(session, "2024", {"health.disabled_enrolment_rate"})[0]
        assert fig.school is None and fig.value == 0.75
        assert "随班就读 1＋送教上门 1＋特教学校 1" in fig.arithmetic and "3/4" in fig.arithmetic


def test_graduation_score_uses_the_other_years_on_record(county, tmp_path):
    """G003 is in 初三 in 2024 (学年总分 17.5) and has a 2023 初二 record: 毕业成绩 = 17.5 × 50% + 2023 total × 50%."""
    from junheng.health.store.views import graduation

    earlier = [list(GOOD[2])]
    earlier[0][0] = "22"                         # the same student a year before, in 初二
    earlier[0][HEADERS.index("1000米跑")] = "3'50"
    earlier[0][HEADERS.index("肺活量")] = 3700
    with county.db.transaction() as session:
        imports.import_fitness(session, write_rows(tmp_path / "2133010001.xlsx", GOOD), "2024", "t")
        imports.import_fitness(session, write_rows(tmp_path / "2133010001b.xlsx", earlier), "2023", "t",
                               school_id="2133010001")
    with county.db.sessions() as session:
        before = queries.fitness(session, "2023").set_index("student_id").loc["G003", "total"]
        rows = {r["student_id"]: r for r in graduation(session, "2024", "2133010001")}
    g3 = rows["G003"]
    assert g3["years"] == 2 and g3["final"] == 17.5
    assert g3["score"] == pytest.approx(17.5 * 0.5 + before * 0.5, abs=0.05)
    assert "G001" not in rows                     # 一年级 is not a graduating grade
