from __future__ import annotations

import pytest
from sqlalchemy import func, select

from junheng.admissions.core import AdmissionSettings
from junheng.admissions.store import allocation, applications, decisions, setup
from junheng.admissions.store.models import AdmissionsApplication, AdmissionsDecision
from junheng.admissions.store.years import save_settings, settings_for
from junheng.io.problems import ImportFailed
from junheng.lottery.store import service as lottery_service
from junheng.store.batches import undo_batch
from junheng.store.models.accounts import AuditEntry
from tests.admissions.helpers import A, C, P
from tests.admissions.workbooks import application_row, applications_file, seats_file, zones_file

YEAR = 2025


@pytest.fixture
def loaded(deployment, tmp_path):
    with deployment.db.transaction() as s:
        save_settings(s, AdmissionSettings(year=YEAR), "admin")
        setup.import_zones(s, YEAR, zones_file(tmp_path / "Z.xlsx"), "admin")
        setup.import_places(s, YEAR, seats_file(tmp_path / "S.xlsx"), "admin", settings_for(s, YEAR))
        applications.import_applications(s, YEAR, applications_file(tmp_path / "A.xlsx"), "admin", deployment.protector)
    return deployment


def test_import_reviews_and_protects(loaded):
    with loaded.db.transaction() as s:
        rows = list(s.scalars(select(AdmissionsApplication)))
        assert len(rows) == 40
        assert all(r.id_number_enc and "*" in r.id_number_masked for r in rows)
        assert sum(r.rules_eligible for r in rows) == 38
        one = s.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == "20250001"))
        assert (one.school_id, one.tier) == (A, 1)
        assert loaded.protector.decrypt(one.id_number_enc) != one.id_number_masked


def test_duplicate_child_in_the_file_is_refused_with_row(deployment, tmp_path):
    rows = [application_row("X1", 1, hukou="东关社区"), application_row("X2", 1, hukou="东关社区")]
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as exc:
        applications.import_applications(s, YEAR, applications_file(tmp_path / "d.xlsx", rows), "admin",
                                         deployment.protector)
    assert "第 3 行" in str(exc.value.problems[0]) and "与第 2 行是同一儿童" in str(exc.value.problems[0])


def test_import_is_one_batch_that_undoes(loaded):
    from junheng.store.models.accounts import ImportBatch

    with loaded.db.transaction() as s:
        batch = s.scalar(select(ImportBatch).where(ImportBatch.kind == f"admissions-applications-{YEAR}"))
        undo_batch(s, batch.id, "admin")
        assert s.scalar(select(func.count()).select_from(AdmissionsApplication)) == 0


def test_undo_refuses_once_applications_were_reviewed(loaded):
    """A reviewer's decisions hang on the imported applications: undoing the import would cascade them away."""
    from junheng.store.batches import UndoRefused
    from junheng.store.models.accounts import ImportBatch

    with loaded.db.transaction() as s:
        row = s.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == "20250001"))
        decisions.decide(s, row, False, "不符合入学条件", "staff")
    with loaded.db.transaction() as s, pytest.raises(UndoRefused) as refused:
        batch = s.scalar(select(ImportBatch).where(ImportBatch.kind == f"admissions-applications-{YEAR}"))
        undo_batch(s, batch.id, "admin")
    assert "「20250001」在导入后已有后续记录" in str(refused.value)
    with loaded.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AdmissionsApplication)) == 40


def test_full_round_through_the_lottery(loaded):
    with loaded.db.transaction() as s:
        assert decisions.approve_by_rules(s, YEAR, "staff") == 38
        bad = s.scalars(select(AdmissionsApplication).where(AdmissionsApplication.status == "待审核")).all()
        for row in bad:
            decisions.decide(s, row, False, "不符合入学条件", "staff")
        rnd, secret = allocation.start_round(s, YEAR, "小学", "staff", generate_secret=True)
        assert rnd.lottery_id and secret
        with pytest.raises(applications.ApplicationRefused, match="尚未抽签"):
            allocation.finish_round(s, rnd.id, "staff")
        lottery_service.freeze_lottery(s, rnd.lottery_id, "staff")
        lottery_service.draw(s, rnd.lottery_id, secret, [], "staff")
        allocation.finish_round(s, rnd.id, "staff")
        rows = {r.application_no: r for r in s.scalars(select(AdmissionsApplication))}
        assert sum(1 for r in rows.values() if r.result_school == A) == 20
        assert sum(1 for r in rows.values() if r.result_school == C) == 10
        assert sum(1 for r in rows.values() if r.result_school == P) == 3
        assert rows["20250040"].result_school is None and rows["20250040"].result_reason.startswith("不符合条件")
        assert s.scalar(select(func.count()).select_from(AdmissionsDecision)) == 40
        with pytest.raises(applications.ApplicationRefused, match="已完成分配"):
            allocation.start_round(s, YEAR, "小学", "staff", generate_secret=True)
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("admissions:%"))))
        assert {"admissions:审核", "admissions:allocate", "admissions:results"} <= actions


def test_decisions_need_reasons_and_appeal_goes_to_re_review(loaded):
    with loaded.db.transaction() as s:
        young = s.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == "20250039"))
        with pytest.raises(applications.ApplicationRefused, match="须填写理由"):
            decisions.decide(s, young, False, "", "staff")
        decisions.decide(s, young, False, "未满 6 周岁", "staff")
        with pytest.raises(applications.ApplicationRefused, match="不能再审核"):
            decisions.decide(s, young, True, "x", "staff")
        decisions.appeal(s, young, "出生证明显示生日为 8 月 30 日", "parent")
        assert young.status == "申诉中"
        decisions.decide(s, young, True, "经复核出生日期有误，准予入学", "admin")
        kinds = [d.kind for d in decisions.history(s, young)]
        assert kinds == ["审核", "申诉", "复核"] and young.status == "审核通过"
        unknown = s.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == "20250040"))
        with pytest.raises(applications.ApplicationRefused, match="不能审核通过"):
            decisions.decide(s, unknown, True, "特批", "staff")


def test_allocation_waits_for_every_review(loaded):
    with loaded.db.transaction() as s, pytest.raises(applications.ApplicationRefused, match="待审核"):
        allocation.start_round(s, YEAR, "小学", "staff", generate_secret=True)


def test_public_submission_duplicate_and_lookup(loaded):
    from tests.factories import id_number

    idn = id_number("330102", "20190301", 321)
    form = applications.FormData("小明", idn, "男", "小学", "本县", hukou="东关社区")
    with loaded.db.transaction() as s:
        row = applications.submit(s, YEAR, form, loaded.protector)
        assert row.school_id == A and row.rules_eligible and len(row.application_no) == 12
        with pytest.raises(applications.ApplicationRefused, match="已经报名"):
            applications.submit(s, YEAR, form, loaded.protector)
        assert applications.lookup(s, row.application_no, idn.lower(), loaded.protector) is row
        assert applications.lookup(s, row.application_no, id_number("330102", "20190301", 322),
                                   loaded.protector) is None
        bad = applications.FormData("小红", idn[:-1] + ("0" if idn[-1] != "0" else "1"), "女", "小学", "本县",
                                    hukou="东关社区")
        with pytest.raises(applications.ApplicationRefused, match="校验位不符"):
            applications.submit(s, YEAR, bad, loaded.protector)
