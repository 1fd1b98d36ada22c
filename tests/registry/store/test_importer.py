"""The registry import: whole-file validation, one transaction, update without duplicates, undo.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from junheng.io.problems import ImportFailed
from junheng.registry.store.importer import import_registry
from junheng.registry.store.models import School, Student, Teacher
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import ImportBatch

pytestmark = pytest.mark.db


def _import(dep, path):
    with dep.db.transaction() as session:
        return import_registry(session, path, "tester", dep.protector)


def _count(dep, model) -> int:
    with dep.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_clean_file_imports_everything(deployment, registry_file):
    result = _import(deployment, registry_file)
    assert result.summary()["school"] == {"inserted": 3, "updated": 0, "unchanged": 0}
    assert result.summary()["student"]["inserted"] == 5
    assert _count(deployment, Teacher) == 5
    with deployment.db.sessions() as session:
        student = session.scalars(select(Student).order_by(Student.student_id)).first()
        assert student.id_number_masked.count("*") == 10
        assert deployment.protector.decrypt(student.id_number_enc) == student.student_id[1:]
        assert student.student_id[1:] not in student.id_number_enc


def _mutate(path, sheet, fn):
    wb = load_workbook(path)
    fn(wb[sheet])
    wb.save(path)
    return path


def _errors(dep, path) -> list[tuple]:
    with pytest.raises(ImportFailed) as info:
        _import(dep, path)
    assert _count(dep, School) == 0, "nothing may be written when the file has a problem"
    return [(p.sheet, p.row, p.column, p.reason) for p in info.value.problems]


@pytest.mark.parametrize("sheet, mutate, expected", [
    pytest.param("学校", lambda ws: ws.delete_cols(3), ("学校", 1, "办学类型", "缺少必需的列「办学类型」"), id="missing-column"),
    pytest.param("学校", lambda ws: ws.cell(3, 3, "高中"),
                 ("学校", 3, "办学类型", "「高中」不是有效代码，应为：小学、初中、九年一贯制、十二年一贯制、完全中学、教学点、特殊教育学校"),
                 id="wrong-code"),
    pytest.param("学生", lambda ws: ws.cell(3, 1, ws.cell(2, 1).value), ("学生", 3, "全国学籍号", None),
                 id="duplicate-student-id"),
    pytest.param("教师", lambda ws: ws.cell(2, 4, "一九八一"), ("教师", 2, "出生年份", "「一九八一」不是数字"),
                 id="text-in-number"),
    pytest.param("教师", lambda ws: ws.insert_rows(3), ("教师", 3, "", None), id="empty-row-in-middle"),
    pytest.param("学校", lambda ws: ws.merge_cells("A1:B1"), ("学校", 1, "A", None), id="merged-header"),
])
def test_each_kind_of_error_is_named_and_nothing_is_written(deployment, registry_file, sheet, mutate, expected):
    errors = _errors(deployment, _mutate(registry_file, sheet, mutate))
    match = [e for e in errors if e[:3] == expected[:3]]
    assert match, errors
    if expected[3]:
        assert match[0][3] == expected[3]


def test_duplicate_message_points_to_first_row(deployment, registry_file):
    errors = _errors(deployment, _mutate(registry_file, "学生", lambda ws: ws.cell(4, 1, ws.cell(2, 1).value)))
    assert ("学生", 4, "全国学籍号") in [e[:3] for e in errors]
    assert any("与第 2 行重复" in e[3] for e in errors)


def test_unknown_reference_is_reported(deployment, registry_file):
    errors = _errors(deployment, _mutate(registry_file, "教师", lambda ws: ws.cell(2, 5, "9999999999")))
    assert ("教师", 2, "学校标识码", "「9999999999」在「学校」中不存在") in errors


def test_bad_id_check_digit(deployment, registry_file):
    def corrupt(ws):
        v = ws.cell(2, 5).value
        ws.cell(2, 5, v[:-1] + ("0" if v[-1] != "0" else "1"))
    errors = _errors(deployment, _mutate(registry_file, "学生", corrupt))
    assert ("学生", 2, "身份证件号", "身份证件号校验位不正确") in errors


def test_reimport_updates_without_duplicates_and_undo_restores(deployment, registry_file):
    first = _import(deployment, registry_file)
    again = _import(deployment, registry_file)
    assert again.summary()["school"] == {"inserted": 0, "updated": 0, "unchanged": 3}
    assert again.summary()["student"] == {"inserted": 0, "updated": 0, "unchanged": 5}, "re-encryption is no change"
    _mutate(registry_file, "学校", lambda ws: ws.cell(2, 2, "测试县实验小学（新校区）"))
    changed = _import(deployment, registry_file)
    assert changed.summary()["school"] == {"inserted": 0, "updated": 1, "unchanged": 2}
    assert _count(deployment, School) == 3
    with deployment.db.transaction() as session, pytest.raises(UndoRefused):
        undo_batch(session, first.batch_id, "tester")  # later batches touched the same data
    with deployment.db.transaction() as session:
        undo_batch(session, changed.batch_id, "tester")
    with deployment.db.sessions() as session:
        assert session.get(School, "2133010001").name == "测试县实验小学"
    with deployment.db.transaction() as session:
        undo_batch(session, again.batch_id, "tester")
        undo_batch(session, first.batch_id, "tester")
    assert _count(deployment, School) == 0 and _count(deployment, Student) == 0
    with deployment.db.sessions() as session:
        assert all(b.undone_at for b in session.scalars(select(ImportBatch)))


def test_undo_refuses_when_rows_were_edited_or_deleted_since(deployment, registry_file):
    """Work done on the imported rows outside any batch (a page's edit, a deletion) would be lost by an undo."""
    batch = _import(deployment, registry_file)
    with deployment.db.transaction() as session:
        session.get(School, "2133010001").name = "测试县实验小学（网页更正）"
    with deployment.db.transaction() as session, pytest.raises(UndoRefused) as refused:
        undo_batch(session, batch.batch_id, "tester")
    assert "「2133010001」在导入后已被修改" in str(refused.value)
    assert _count(deployment, School) == 3, "nothing was undone"
    with deployment.db.transaction() as session:             # put the value back: the undo goes through
        session.get(School, "2133010001").name = "测试县实验小学"
    with deployment.db.transaction() as session:
        undo_batch(session, batch.batch_id, "tester")
    assert _count(deployment, School) == 0 and _count(deployment, Student) == 0


def test_undo_refuses_when_an_updated_row_was_deleted_since(deployment, registry_file):
    _import(deployment, registry_file)
    teacher_id = load_workbook(registry_file)["教师"].cell(2, 1).value
    _mutate(registry_file, "教师", lambda ws: ws.cell(2, 2, "王老师（更正）"))
    changed = _import(deployment, registry_file)
    assert changed.summary()["teacher"]["updated"] == 1
    with deployment.db.transaction() as session:
        session.delete(session.get(Teacher, teacher_id))
    with deployment.db.transaction() as session, pytest.raises(UndoRefused) as refused:
        undo_batch(session, changed.batch_id, "tester")
    assert f"「{teacher_id}」在导入后已被删除" in str(refused.value)


def test_undo_refuses_to_delete_a_school_another_module_holds_data_on(deployment, registry_file):
    """A clear refusal naming the school and the module, instead of the database's foreign-key error."""
    from junheng.balance.store.models import BalanceSchoolYear

    batch = _import(deployment, registry_file)
    with deployment.db.transaction() as session:
        session.add(BalanceSchoolYear(school_id="2133010001", year=2024, section="小学", students=300))
    with deployment.db.transaction() as session, pytest.raises(UndoRefused) as refused:
        undo_batch(session, batch.batch_id, "tester")
    assert "「2133010001」已被优质均衡的数据引用" in str(refused.value)
    assert _count(deployment, School) == 3


def test_a_long_refusal_lists_ten_rows_and_counts_the_rest(deployment, registry_file):
    batch = _import(deployment, registry_file)
    with deployment.db.transaction() as session:
        for model in (School, Teacher, Student):
            for row in session.scalars(select(model)):
                row.name = f"{row.name}（更正）"
    with deployment.db.transaction() as session, pytest.raises(UndoRefused) as refused:
        undo_batch(session, batch.batch_id, "tester")
    assert len(refused.value.items) == 11 and refused.value.items[-1] == "……共 13 处，只列出前 10 处"
