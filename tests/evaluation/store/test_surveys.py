"""Survey import (one undoable batch, nothing half-imported) and the published figure balance S1 reads."""

from __future__ import annotations

import pytest

from junheng.evaluation import api
from junheng.evaluation.core import load_questionnaire
from junheng.evaluation.core.survey import DEFAULT_QUESTIONNAIRE
from junheng.evaluation.store import surveys
from junheng.io.problems import ImportFailed
from junheng.modules import collect_figures
from junheng.store.batches import undo_batch
from tests.evaluation.store.conftest import write_export

pytestmark = pytest.mark.db
HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是？", "2、您所在的学校是？",
          *[f"{n}、您对……满意吗？" for n in range(3, 9)]]
F = ["2024-11-02 10:00:00", "95秒", "微信", "N/A", "1.2.3.4"]


def rows():
    return [["1", *F, "学生", "测试县实验小学", *["满意"] * 6],                          # 6/6
            ["2", *F, "家长", "测试县实验小学", *["不满意"] * 3, *["基本满意"] * 3],       # 3/6
            ["3", *F, "家长", "测试县第一中学", *[1] * 6],                                # 6/6
            ["4", *F, "政协委员", "(跳过)", *["非常不满意"] * 6]]                          # 0/6, county only


def test_import_publish_and_undo(county, tmp_path):
    q = load_questionnaire(DEFAULT_QUESTIONNAIRE)
    path = write_export(tmp_path / "问卷.xlsx", HEADER, rows())
    with county.db.transaction() as s:
        done = surveys.import_survey(s, q, "2024", path, "staff")
    assert (done.responses, done.schools) == (4, 2)
    with county.db.sessions() as s:
        figs = {f.school: f for f in collect_figures(s, "2024", {"evaluation.survey_satisfaction"})}
        assert api.figures(s, "2024-1", None) == []           # a school-year figure only
    # county: 学生 1.0 (w .25), 家长 9/12 (w .30), 人大代表/政协委员 0 (w .10), over weight .65
    expected = (0.25 * 1 + 0.30 * 0.75 + 0.10 * 0) / 0.65
    assert figs[None].value == pytest.approx(expected)
    assert "0.25×1.0000（学生，6/6）" in figs[None].arithmetic and "折算" in figs[None].arithmetic
    assert figs["2133010001"].value == pytest.approx((0.25 * 1 + 0.30 * 0.5) / 0.55)
    assert figs["2133010002"].value == pytest.approx(1.0)
    assert "样本 1 人" in figs["2133010002"].detail
    with county.db.transaction() as s:
        assert undo_batch(s, done.batch_id, "staff") == 4
    with county.db.sessions() as s:
        assert collect_figures(s, "2024", {"evaluation.survey_satisfaction"}) == []


def test_unknown_school_refused_nothing_written(county, tmp_path):
    q = load_questionnaire(DEFAULT_QUESTIONNAIRE)
    bad = [*rows(), ["5", *F, "学生", "不存在的学校", *["满意"] * 6]]
    path = write_export(tmp_path / "问卷.xlsx", HEADER, bad)
    with county.db.transaction() as s, pytest.raises(ImportFailed) as exc:
        surveys.import_survey(s, q, "2024", path, "staff")
    assert "「不存在的学校」不在学校名册中" in str(exc.value.problems[0])
    with county.db.sessions() as s:
        assert surveys.surveys(s) == []
