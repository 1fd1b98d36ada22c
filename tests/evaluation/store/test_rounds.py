"""Rounds on the database: figures pulled through collect_figures and frozen with provenance, judgements by
several raters, approval locks the round, history and disclosure."""

from __future__ import annotations

import pytest

import junheng.modules
from junheng.evaluation.core import EvaluationSettings, parse_rubric
from junheng.evaluation.store import rounds
from junheng.evaluation.store.models import EvaluationFigure
from junheng.figures import Figure
from tests.evaluation.core.test_scoring import RUBRIC
from tests.evaluation.store.conftest import SCHOOLS

pytestmark = pytest.mark.db
A, B, C = SCHOOLS
CALLS = []


def fake_collect(session, period, keys=None):
    CALLS.append((period, frozenset(keys or ())))
    figs = [Figure("teachers.training_completion_rate", A, "2024", 0.9, "", "教师模块", "45 ÷ 50 = 0.9"),
            Figure("teachers.training_completion_rate", B, "2024", None, "", "教师模块", "无培训记录"),
            Figure("teachers.training_completion_rate", f"{C}|小学", "2024", 0.1, "", "教师模块", "学部数字不用"),
            Figure("scores.pass_rate", A, "2024-2", 0.95, "", "期末统考", "190 ÷ 200"),
            Figure("scores.pass_rate", B, "2024-2", 0.8, "", "期末统考", "160 ÷ 200"),
            Figure("scores.mean_index", A, "2024-2", 80, "", "期末统考", "指数"),
            Figure("scores.mean_index", B, "2024-2", 70, "", "期末统考", "指数"),
            Figure("scores.mean_index", C, "2024-2", 75, "", "期末统考", "指数")]
    return [f for f in figs if f.period == period and (keys is None or f.key in keys)]


@pytest.fixture
def draft(county, monkeypatch):
    monkeypatch.setattr(junheng.modules, "collect_figures", fake_collect)
    with county.db.transaction() as s:
        rubric = rounds.save_rubric(s, parse_rubric(RUBRIC), "staff")
        rid = rounds.create_round(s, "2024-2", "秋季考核", rubric.id, "staff",
                                  EvaluationSettings(rater_aggregation="trimmed")).id
    return county, rid


def test_pull_freezes_figures_with_provenance(draft):
    dep, rid = draft
    CALLS.clear()
    with dep.db.transaction() as s:
        assert rounds.pull_figures(s, rid, "staff") == (6, 3)
    # term figures asked for the term, school-year figures for the school year 2024 of term 2024-2
    assert {p for p, _ in CALLS} == {"2024-2", "2024"}
    with dep.db.sessions() as s:
        rows = {(f.school_id, f.indicator_id): f for f in s.query(EvaluationFigure)}
    assert rows[(A, "L1")].value == 0.9 and rows[(A, "L1")].arithmetic == "45 ÷ 50 = 0.9"
    assert rows[(A, "L1")].source == "教师模块" and rows[(A, "L1")].period == "2024"
    assert rows[(B, "L1")].value is None and rows[(B, "L1")].arithmetic == "无培训记录"
    assert rows[(C, "L1")].value is None and rows[(C, "L1")].source == "未发布"   # a section figure is not a school's
    assert rows[(C, "B1")].value is None


def test_score_approve_lock_history(draft):
    dep, rid = draft
    with dep.db.transaction() as s:
        rounds.pull_figures(s, rid, "staff")
        for rater, score in (("王", 2), ("李", 9), ("张", 10)):
            rounds.set_judgement(s, rid, A, "J1", rater, score, "查阅教案", "staff")
        rounds.set_judgement(s, rid, B, "J1", "王", 6, "", "staff")
        rounds.set_judgement(s, rid, B, "J1", "王", 7, "复核后改分", "staff")     # same rater: replaced
        rounds.set_self(s, rid, A, 85, "自评", "clerk")
        with pytest.raises(rounds.EvaluationError, match="超出"):
            rounds.set_judgement(s, rid, A, "J1", "赵", 11, "", "staff")
        with pytest.raises(rounds.EvaluationError, match="数据指标"):
            rounds.set_judgement(s, rid, A, "L1", "赵", 1, "", "staff")
    with dep.db.sessions() as s:
        data = rounds.round_data(s, rid)
    a = data.result.schools[A]
    # A (小学 → 甲类, alone): L1 50, B1 100, R1 rank 1 → 100, J1 trimmed [9] → 90 → 78; B (初中) and C are 乙类
    assert a.indicators["J1"].score == pytest.approx(90.0) and a.total == pytest.approx(78.0)
    b = data.result.schools[B]
    # B: L1 missing, B1 60, R1 rank 2 → 80, J1 70 → (12 + 16 + 14) / 60 × 100 = 70
    assert b.total == pytest.approx(70.0) and b.indicators["L1"].missing and b.rank == 2
    assert data.result.schools[C].category == "B" and data.result.schools[C].rank == 1
    assert data.selves[A].total == 85
    with dep.db.transaction() as s:
        assert rounds.approve(s, rid, "admin") == 3
        with pytest.raises(rounds.EvaluationError, match="已锁定"):
            rounds.set_judgement(s, rid, A, "J1", "王", 5, "", "staff")
        with pytest.raises(rounds.EvaluationError, match="已锁定"):
            rounds.pull_figures(s, rid, "staff")
        rounds.disclose(s, rid, "admin")
    with dep.db.sessions() as s:
        [(rnd, res)] = rounds.history(s, B)
        assert rnd.status == "已审定" and res.total == pytest.approx(70.0) and res.rank == 2
        assert res.detail["indicators"]["L1"]["score"] is None


def test_approve_needs_figures_and_disclose_needs_approval(draft):
    dep, rid = draft
    with dep.db.transaction() as s:
        with pytest.raises(rounds.EvaluationError, match="先提取数据"):
            rounds.approve(s, rid, "admin")
        with pytest.raises(rounds.EvaluationError, match="审定后"):
            rounds.disclose(s, rid, "admin")
        with pytest.raises(rounds.EvaluationError, match="格式应为"):
            rounds.create_round(s, "2024", "x", 1, "staff")


def test_section_figures_combined_when_the_rubric_says(county, monkeypatch):
    def collect(session, period, keys=None):
        return [Figure("teachers.training_completion_rate", f"{C}|小学", "2024", 0.9, "", "教师模块", "18 ÷ 20"),
                Figure("teachers.training_completion_rate", f"{C}|初中", "2024", 0.8, "", "教师模块", "8 ÷ 10")]

    monkeypatch.setattr(junheng.modules, "collect_figures", collect)
    data = {**RUBRIC, "indicators": [{**RUBRIC["indicators"][0], "sections": "min"}]}
    with county.db.transaction() as s:
        rid = rounds.create_round(s, "2024-2", "x", rounds.save_rubric(s, parse_rubric(data), "staff").id, "staff").id
        rounds.pull_figures(s, rid, "staff")
        f = s.query(EvaluationFigure).filter_by(round_id=rid, school_id=C).one()
    assert f.value == pytest.approx(0.8) and "按学部取较低者：小学 0.9、初中 0.8 → 0.8" in f.arithmetic
    assert "初中：8 ÷ 10" in f.arithmetic


def test_import_judgements_batch_and_undo(draft, tmp_path):
    from junheng.io.problems import ImportFailed
    from junheng.store.batches import undo_batch

    dep, rid = draft
    (tmp_path / "J.csv").write_text("学校,指标,评分人,评分,佐证说明\n测试县实验小学,J1,王,8,看教案\n"
                                    f"{B},J1,王,6,\n{B},J1,李,7,\n", encoding="utf-8")
    with dep.db.transaction() as s:
        batch, n = rounds.import_judgements(s, rid, tmp_path / "J.csv", "staff")
    assert n == 3
    with dep.db.sessions() as s:
        data = rounds.round_data(s, rid)
        assert data.result.schools[B].indicators["J1"].value == pytest.approx(6.5)
        assert data.judgements[(A, "J1")][0].evidence == "看教案"
    (tmp_path / "bad.csv").write_text(f"学校,指标,评分人,评分\n{A},J1,王,12\n{A},L1,王,1\nX,J1,王,1\n", encoding="utf-8")
    with dep.db.transaction() as s, pytest.raises(ImportFailed) as exc:
        rounds.import_judgements(s, rid, tmp_path / "bad.csv", "staff")
    assert [p.row for p in exc.value.problems] == [2, 3, 4]
    with dep.db.transaction() as s:
        assert undo_batch(s, batch, "staff") == 3
    with dep.db.sessions() as s:
        assert rounds.round_data(s, rid).judgements == {}
