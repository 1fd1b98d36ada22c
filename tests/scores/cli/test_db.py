"""``junheng scores import / exams / export / report / undo`` against the environment's database, and the demo
loader on a small manifest (an earlier year's exam whose classes are not in the registry is loaded unchecked)."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from junheng.registry.store.importer import import_registry
from junheng.scores.cli.db import app
from junheng.scores.store.models import ExamRecord
from junheng.store.models.accounts import AuditEntry
from tests.scores import web_fixtures as wf

pytestmark = pytest.mark.db


@pytest.fixture
def env(deployment, registry_file, monkeypatch):
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
    settings = deployment.settings
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("JUNHENG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JUNHENG_SECRET_KEY", "test-secret")
    return deployment


def test_import_list_export_report_undo(env, tmp_path):
    runner = CliRunner()
    _prior, current = wf.exams()
    source = wf.write_csv(current, tmp_path / "期末.csv")
    args = ["import", str(source), "--name", "七年级期末", "--date", "2025-01-15", "--full-marks", "语文=120,数学=100",
            "--grade", "7"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "学生 104 人" in result.output
    listed = runner.invoke(app, ["exams"])
    assert "七年级期末" in listed.output and "语文、数学" in listed.output
    with env.db.sessions() as session:
        exam_id = session.scalars(select(ExamRecord.id)).one()
    excel = tmp_path / "统计表.xlsx"
    assert runner.invoke(app, ["export", "--exam", str(exam_id), "-o", str(excel), "--ranks"]).exit_code == 0
    assert excel.stat().st_size > 0
    out = tmp_path / "报告.zip"
    made = runner.invoke(app, ["report", "--exam", str(exam_id), "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert len(zipfile.ZipFile(out).namelist()) == 3
    with env.db.sessions() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("scores:%"))))
    assert sorted(actions) == ["scores:export", "scores:ranked-list"]
    assert runner.invoke(app, ["undo", "--exam", str(exam_id)]).exit_code == 0
    with env.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamRecord)) == 0


def test_bad_input_exits_2_and_writes_nothing(env, tmp_path):
    _, current = wf.exams()
    current.loc[0, "数学"] = 101
    source = wf.write_csv(current, tmp_path / "坏.csv")
    report = tmp_path / "错误.xlsx"
    result = CliRunner().invoke(app, ["import", str(source), "--name", "期末", "--date", "2025-01-15",
                                      "--full-marks", "语文=120,数学=100", "--report", str(report)])  # fmt: skip
    assert result.exit_code == 2
    assert "第 2 行" in result.output and "超过满分 100" in result.output and report.exists()
    assert CliRunner().invoke(app, ["report", "--exam", "99", "-o", str(tmp_path / "x.zip")]).exit_code == 2
    with env.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamRecord)) == 0


def test_demo_loader_on_a_small_manifest(env, tmp_path):
    from junheng.scores.demo import load

    prior, current = wf.exams()
    prior.loc[prior["school"] == "测试县第一中学", "class"] = "六年级1班"  # last year's class name
    wf.write_csv(prior, tmp_path / "上学期.csv")
    wf.write_csv(current, tmp_path / "本学期.csv")
    marks = {"语文": 120, "数学": 100}
    manifest = {"exams": [
        {"exam_id": "b", "name": "本学期期末", "date": "2025-01-15", "grade": 7, "subjects": marks, "file": "本学期.csv"},
        {"exam_id": "a", "name": "上学期期末", "date": "2024-06-28", "grade": 6, "subjects": marks, "file": "上学期.csv"},
    ]}  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    summary = load(env, tmp_path, "demo")
    assert summary.startswith("考试成绩：2 次考试") and "1 次往年考试" in summary
    with env.db.sessions() as session:
        exams = session.execute(select(ExamRecord.name, ExamRecord.settings).order_by(ExamRecord.id)).all()
    assert [e.name for e in exams] == ["上学期期末", "本学期期末"]  # oldest first
    assert [e.settings["check_classes"] for e in exams] == [False, True]


def test_import_zeros_are_scores_is_stored_with_the_exam(env, tmp_path):
    runner = CliRunner()
    _prior, current = wf.exams()
    current = current.dropna()  # no absent mark anywhere: all-zero rows would be absent by default
    current.loc[current.index[5], ["语文", "数学"]] = 0.0
    source = wf.write_csv(current, tmp_path / "期末.csv")
    args = ["import", str(source), "--name", "七年级期末", "--date", "2025-01-15", "--full-marks", "语文=120,数学=100",
            "--zeros-are-scores"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "0 分处理：1 行各科均为 0，按 0 分计入（已选择“0 分都是成绩”）" in result.output
    with env.db.sessions() as session:
        exam = session.scalars(select(ExamRecord)).one()
        assert exam.settings["zeros"] == "scores" and exam.settings["zero_rule"]["all_zero_rows"] == 1
    both = runner.invoke(app, [*args, "--zeros-are-absent"])
    assert both.exit_code == 2 and "只能选一个" in both.output
