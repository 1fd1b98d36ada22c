"""Exam storage on SQLite and PostgreSQL: commit and undo as one batch, a bad file writes nothing, absent is
NULL (never 0), matching to the registry by 学籍号, bulk writes with awkward text, items, teacher table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from junheng.io.problems import ImportFailed
from junheng.registry.store.importer import import_registry
from junheng.scores.readers.importer import propose_file
from junheng.scores.store.models import ExamItemScore, ExamRecord, ExamScore, ExamStudent
from junheng.scores.store.service import ExamMeta, check_file, commit_exam
from junheng.store.batches import undo_batch
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange
from tests.scores import web_fixtures as wf

pytestmark = pytest.mark.db


@pytest.fixture
def county(deployment, registry_file):
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
    return deployment


def _count(deployment, model) -> int:
    stmt = select(func.count()).select_from(model)
    if model is ImportBatch:
        stmt = stmt.where(ImportBatch.kind.like("scores%"))
    with deployment.db.sessions() as session:
        return session.scalar(stmt)


def test_commit_stores_scores_and_absent_as_null(county, tmp_path):
    _, current = wf.exams()
    exam_id = wf.import_exam(county, wf.write_csv(current, tmp_path / "期末.csv"), "期末", "2025-01-15")
    with county.db.sessions() as session:
        from junheng.scores.store.queries import get_exam, load_exam

        exam = session.get(ExamRecord, exam_id)
        assert exam.n_students == len(current) and exam.subjects == [["语文", 120.0], ["数学", 100.0]]
        nulls = session.scalar(select(func.count()).select_from(ExamScore).where(ExamScore.score.is_(None)))
        assert nulls == int(current[["语文", "数学"]].isna().sum().sum()) == 3
        zeros = session.scalar(select(func.count()).select_from(ExamScore).where(ExamScore.score == 0))
        assert zeros == int((current[["语文", "数学"]] == 0).sum().sum())
        loaded = load_exam(session, get_exam(session, exam_id))
        np.testing.assert_array_equal(loaded.frame[["语文", "数学"]].to_numpy(), current[["语文", "数学"]].to_numpy())
        county_row = loaded.analysis.county("语文")
        assert int(county_row["absent"]) == 2 and int(county_row["n"]) == len(current) - 2
        batch = session.get(ImportBatch, exam.batch_id)
        assert batch.kind == f"scores:{exam_id}" and batch.summary["scores_score"]["inserted"] == 2 * len(current)
        assert session.scalar(select(func.count()).select_from(ImportChange)
                              .where(ImportChange.batch_id == batch.id)) == 1  # fmt: skip
        assert session.scalars(select(AuditEntry.action).where(AuditEntry.action == "import:scores")).one()


def test_undo_removes_the_whole_exam(county, tmp_path):
    prior, current = wf.exams()
    first = wf.import_exam(county, wf.write_csv(prior, tmp_path / "a.csv"), "期中", "2024-11-10")
    second = wf.import_exam(county, wf.write_csv(current, tmp_path / "b.csv"), "期末", "2025-01-15")
    with county.db.transaction() as session:
        batch_id = session.get(ExamRecord, first).batch_id
        undo_batch(session, batch_id, "admin")  # the older exam: each exam is its own batch kind
    with county.db.sessions() as session:
        assert session.get(ExamRecord, first) is None and session.get(ExamRecord, second) is not None
        left = session.scalar(select(func.count()).select_from(ExamScore).where(ExamScore.exam_id == first))
        students = session.scalar(select(func.count()).select_from(ExamStudent).where(ExamStudent.exam_id == first))
        assert left == 0 and students == 0
        assert session.scalar(select(func.count()).select_from(ExamScore)) == 2 * len(current)
        assert session.get(ImportBatch, batch_id).undone_at is not None


@pytest.mark.parametrize("change, reason", [
    pytest.param({"语文": 130}, "超过满分", id="above-full-marks"),
    pytest.param({"数学": -1}, "负数", id="negative"),
    pytest.param({"school": "外县中学"}, "未知学校", id="unknown-school"),
    pytest.param({"class": "九年级9班"}, "未知班级", id="unknown-class"),
    pytest.param({"student_id": "1001"}, "重复", id="duplicate-student"),
])
def test_bad_file_writes_nothing(county, tmp_path, change, reason):
    _, current = wf.exams()
    for column, value in change.items():
        current.loc[10, column] = value
    path = wf.write_csv(current, tmp_path / "坏.csv")
    with pytest.raises(ImportFailed) as failed:
        wf.import_exam(county, path, "期末", "2025-01-15")
    problem = next(p for p in failed.value.problems if reason in p.reason)
    assert problem.file == "坏.csv" and problem.row == 12  # header on row 1, student 10 on row 12
    for model in (ExamRecord, ExamStudent, ExamScore, ImportBatch):
        assert _count(county, model) == 0


def test_students_matched_by_registry_id(county, tmp_path):
    _, current = wf.exams()
    path = wf.write_csv(wf.with_registry_ids(current), tmp_path / "学籍号.csv")
    mapping, _ = propose_file(path, subjects=list(wf.FULL_MARKS))
    meta = ExamMeta("期末", "2025-01-15", 7, dict(wf.FULL_MARKS))
    with county.db.transaction() as session:
        check = check_file(session, path, meta, mapping)
        assert check.ok and check.n_matched == 2 and len(check.unmatched) == len(current) - 2
        assert "学籍号在学籍库中找不到" in check.warnings[0]
        exam = commit_exam(session, path, meta, mapping, "admin", check=check)
        assert exam.n_matched == 2
    with county.db.sessions() as session:
        matched = set(session.scalars(select(ExamStudent.registry_id).where(ExamStudent.registry_id.is_not(None))))
    assert matched == {wf.registry_ids()[0], wf.registry_ids()[2]}


def test_bulk_insert_keeps_awkward_text_and_nulls(county):
    from junheng.scores.store.tables import read_students, write_students

    awkward = ["王\t五", "反斜杠\\N", "换\n行", "引号\"'", "普通"]
    students = pd.DataFrame({"student_key": [f"k{i}" for i in range(5)], "registry_id": ["", "G1", "", "", ""],
                             "name": awkward, "school_id": "2133010002", "class_name": "七年级1班",
                             "source_row": np.arange(2, 7)})  # fmt: skip
    with county.db.transaction() as session:
        batch = ImportBatch(kind="scores", file_name="x", username="t", summary={})
        session.add(batch)
        session.flush()
        exam = ExamRecord(name="x", date="2025-01-01", subjects=[["语文", 120]], settings={}, items={}, file_name="x",
                          created_by="t", batch_id=batch.id)  # fmt: skip
        session.add(exam)
        session.flush()
        write_students(session, exam.id, students)
        back = read_students(session, exam.id)
    assert back["name"].tolist() == awkward
    assert back["registry_id"].tolist() == [None, "G1", None, None, None]


def test_item_scores_and_options_round_trip(county, tmp_path):
    from junheng.scores.store.insights import item_result
    from junheng.scores.store.queries import get_exam, load_exam

    _, current = wf.exams()
    frame = current[["student_id", "name", "school", "class", "语文", "数学"]].copy()
    rng = np.random.default_rng(3)
    ability = (frame["数学"].fillna(0) / 100).to_numpy()
    for k in range(1, 4):
        frame[f"数学{k}"] = np.where(rng.random(len(frame)) < ability, 5, 0)
    frame["数学4"] = np.where(ability > 0.6, "A", "B")
    items = ["数学1", "数学2", "数学3", "数学4"]
    frame[items] = frame[items].astype(object)
    frame.loc[70, items] = ""  # absent from the subject: no item scores
    path = wf.write_csv(frame, tmp_path / "小题.csv")
    exam_id = wf.import_exam(county, path, "期末", "2025-01-15")
    with county.db.sessions() as session:
        info = get_exam(session, exam_id)
        assert info.items["数学"] == {"items": ["1", "2", "3"], "choices": ["4"]}
        assert session.scalar(select(func.count()).select_from(ExamItemScore)) == 4 * len(frame)
        result = item_result(session, load_exam(session, info), "数学")
    sat = frame["数学"].notna().to_numpy()
    expected = frame.loc[sat, "数学1"].astype(float).mean() / 5
    first = result.items.iloc[0]
    assert result.n_students == int(sat.sum())
    assert first["difficulty"] == pytest.approx(expected)
    assert set(result.options["option"]) == {"A", "B"}


def test_teacher_table_gives_teacher_units(county, tmp_path):
    from junheng.scores.store.queries import get_exam, load_exam
    from junheng.scores.store.teachers import import_teachers

    _prior, current = wf.exams()
    exam_id = wf.import_exam(county, wf.write_csv(current, tmp_path / "期末.csv"), "期末", "2025-01-15")
    table = tmp_path / "任课.csv"
    table.write_text("任课教师表\n学校,班级,学科,任课教师\n测试县第一中学,七年级1班,数学,张老师\n"
                     "山前乡九年一贯制学校,八年级1班,数学,张老师\n测试县第一中学,七年级1班,语文,李老师\n", encoding="utf-8")
    with county.db.transaction() as session:
        result = import_teachers(session, table, "2024-2025", "admin")
        assert result.counts["scores_class_teacher"].inserted == 3
    with county.db.sessions() as session:
        loaded = load_exam(session, get_exam(session, exam_id))
    teachers = loaded.analysis.level("teacher")
    zhang = teachers[(teachers["teacher"] == "张老师") & (teachers["subject"] == "数学")]
    assert len(zhang) == 2  # one unit per school the teacher teaches in
    first = current[current["school"] == "测试县第一中学"]["数学"]
    row = zhang[zhang["school"] == "测试县第一中学"].iloc[0]
    assert row["mean"] == pytest.approx(first.mean()) and int(row["n"]) == first.notna().sum()


def test_teacher_table_errors_are_located(county, tmp_path):
    from junheng.scores.store.teachers import import_teachers

    table = tmp_path / "任课.csv"
    table.write_text("学校,班级,学科,任课教师\n外县中学,七年级1班,数学,张老师\n测试县第一中学,七年级1班,数学,\n",
                     encoding="utf-8")
    with county.db.transaction() as session, pytest.raises(ImportFailed) as failed:
        import_teachers(session, table, "2024-2025", "admin")
    rows = {(p.row, p.reason[:4]) for p in failed.value.problems}
    assert (2, "未知学校") in rows and (3, "不能为空") in rows
