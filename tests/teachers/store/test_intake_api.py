import pytest
from sqlalchemy import func, select

from junheng.io.problems import ImportFailed
from junheng.store.batches import UndoRefused, undo_batch
from junheng.teachers.api import figures
from junheng.teachers.core.schema import POSTS
from junheng.teachers.store.intake import import_file
from junheng.teachers.store.models import TeacherPerson, TeacherPost
from tests.teachers.files import post, write
from tests.teachers.store.seed import A, B, C, seed

pytestmark = pytest.mark.db


def test_import_protects_ids_and_reimport_is_no_change(deployment, registry_file, tmp_path):
    paths = seed(deployment, registry_file, tmp_path)
    with deployment.db.sessions() as s:
        a0 = s.get(TeacherPerson, "A0")
        assert a0.id_number_masked == "1101**********002X" and "1101" not in (a0.id_number_enc or "")
        assert deployment.protector.decrypt(a0.id_number_enc) == "11010519491231002X"
    with deployment.db.transaction() as s:
        again = import_file(s, "profile", paths["profile"], "tester", deployment.protector)
    assert again.counts["teachers_person"].updated == 0 and again.counts["teachers_person"].unchanged == 22


def test_bad_file_writes_nothing(deployment, registry_file, tmp_path):
    seed(deployment, registry_file, tmp_path)
    bad = write(tmp_path / "bad.xlsx", [(POSTS, [post("A1", A, "2030-09-01"), post("NOPE", "9999999999", "2020-09-01")])])
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as exc:
        import_file(s, "posts", bad, "tester", deployment.protector)
    where = {(p.sheet, p.row, p.column) for p in exc.value.problems}
    assert where == {("任职", 3, "教师工号"), ("任职", 3, "学校标识码")}
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(TeacherPost).where(TeacherPost.start == "2030-09-01")) == 0


def test_undo_a_posts_batch(deployment, registry_file, tmp_path):
    seed(deployment, registry_file, tmp_path)
    extra = write(tmp_path / "extra.xlsx", [(POSTS, [post("B0", B, "2015-09-01", "2025-08-31", section="初中",
                                                          subject="数学")])])
    with deployment.db.transaction() as s:
        r = import_file(s, "posts", extra, "tester", deployment.protector)
    assert r.counts["teachers_post"].updated == 1
    with deployment.db.transaction() as s:
        undo_batch(s, r.batch_id, "tester")
    with deployment.db.sessions() as s:
        assert s.scalars(select(TeacherPost.end).where(TeacherPost.teacher_id == "B0")).one() is None
    with deployment.db.transaction() as s, pytest.raises(UndoRefused):
        undo_batch(s, r.batch_id, "tester")


def test_published_figures(deployment, registry_file, tmp_path):
    seed(deployment, registry_file, tmp_path)
    with deployment.db.sessions() as s:
        figs = figures(s, "2024", None)
        none = figures(s, "2030", None), figures(s, "2005", None), figures(s, "2024-1", None)
        only = figures(s, "2024", {"teachers.exchanged_teachers"})
    v = {(f.key, f.school): f for f in figs}
    assert v[("teachers.full_time_teachers", f"{A}|小学")].value == 9          # A0 left for C on 2024-08-25
    assert v[("teachers.full_time_teachers", f"{C}|小学")].value == 4          # C0–C2 and A0
    assert v[("teachers.full_time_teachers", f"{B}|初中")].value == 6
    assert v[("teachers.teachers_above_required", f"{C}|初中")].value == 0     # 专科 in 初中
    assert v[("teachers.exchange_eligible_teachers", f"{A}|小学")].value == 10
    assert v[("teachers.exchanged_teachers", f"{A}|小学")].detail == ("A0 教师A0",)
    assert v[("teachers.exchanged_backbone_teachers", f"{A}|小学")].value == 1
    assert v[("teachers.exchange_rate", A)].value == pytest.approx(0.1)
    # C0 (女, 1972): 1972 + 55 − 2024 = 3 years to retirement → not eligible; C1–C5 are
    assert v[("teachers.exchange_eligible_teachers", f"{C}|小学")].value == 2
    assert v[("teachers.training_completed_teachers", f"{A}|小学")].value == 4  # A0–A4 have 360; A0 moved
    assert v[("teachers.training_completion_rate", A)].value == pytest.approx(4 / 9)
    schools = {f.school.split("|")[0] for f in figs}
    assert schools == {A, B, C}
    assert none == ([], [], [])
    assert {f.key for f in only} == {"teachers.exchanged_teachers"}


def test_home_tiles_show_the_exchange_quota(deployment, registry_file, tmp_path):
    import datetime as dt

    from junheng.accounts import Scope
    from junheng.home import Viewer
    from junheng.teachers.api import home_tiles

    seed(deployment, registry_file, tmp_path)
    day = dt.date(2024, 10, 8)
    with deployment.db.sessions() as s:
        (a,) = home_tiles(s, Viewer(Scope("school_clerk", A), day))
        (b,) = home_tiles(s, Viewer(Scope("school_clerk", B), day))
        (county,) = home_tiles(s, Viewer(Scope("leader"), day))
        township = home_tiles(s, Viewer(Scope("township_official", township_code="x"), day))
    assert a.title == "2024—2025 学年交流轮岗" and a.value == "10.0%" and a.status == "ok"  # A0 of 10 eligible
    assert b.value == "0.0%" and b.status == "warn" and b.detail.endswith("，还需交流 1 人")   # 6 eligible, none moved
    assert county.status == "warn" and [line.note for line in county.lines] == ["还需交流 1 人"] * 2
    assert county.detail.startswith("交流 1 人 ÷ 符合条件 ") and county.detail.endswith("未达标学校 2 所")
    assert township == []
