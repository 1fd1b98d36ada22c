"""The lottery's database edge on SQLite and PostgreSQL: set-up, import with validation, freeze (and the
database refusing every change afterwards), the draw against the pure core, refusals, backup/restore."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from junheng.io.problems import ImportFailed
from junheng.lottery.core import parse_applicants_csv, run_draw, verify_draw
from junheng.lottery.core.model import rules_from_dict
from junheng.lottery.core.seed import derive_seed
from junheng.lottery.store import intake, service
from junheng.lottery.store.models import (
    FROZEN_MARK,
    Lottery,
    LotteryApplicant,
    LotteryDraw,
    LotteryFreeze,
    LotteryReceipt,
)
from junheng.store.models.accounts import AuditEntry
from tests.lottery.workbook import HEADER, applicant_rows, write_applicants

pytestmark = pytest.mark.db
SCHOOL = service.SchoolSeats("2133010002", "测试县第一中学", 10)


def setup(**changes) -> service.Setup:
    base = {"title": "2026年第一中学七年级派位", "schools": (SCHOOL,), "tier_labels": {"1": "片区内", "2": "其他"},
                "generate_secret": True, "public_count": 1, "public_source": "2026年7月15日福彩3D开奖号码"}
    return service.Setup(**{**base, **changes})


def prepared(deployment, tmp_path, rows=None, **changes):
    """A lottery with its list imported (draft); returns (id, generated secret)."""
    path = write_applicants(tmp_path / "报名名单.xlsx", rows or applicant_rows(30, tier1=8, twins=2))
    with deployment.db.transaction() as s:
        lottery, secret = service.create_lottery(s, setup(**changes), "staff")
        intake.import_applicants(s, lottery.id, path, "staff")
    return lottery.id, secret


def test_draw_stored_equals_the_pure_draw_and_verifies(deployment, tmp_path):
    lottery_id, secret = prepared(deployment, tmp_path)
    with deployment.db.transaction() as s:
        sealed = service.freeze_lottery(s, lottery_id, "staff")
        assert len(secret) == 64 and s.get(Lottery, lottery_id).commitment != secret
    with deployment.db.transaction() as s:
        service.draw(s, lottery_id, secret, ["3 7 1"], "staff")
    with deployment.db.sessions() as s:
        drawn = s.get(LotteryDraw, lottery_id)
        lottery = s.get(Lottery, lottery_id)
        receipts = {r.applicant_id: r for r in s.scalars(select(LotteryReceipt))}
        audit = set(s.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("lottery:"))))
    published = json.loads(drawn.result_json)
    applicants = parse_applicants_csv(sealed.canonical_csv)
    # oracle: the pure core run by hand on the frozen list with the seed derived from the revealed values
    seed = derive_seed(sealed.list_sha256, secret, ["3 7 1"])
    expected = run_draw(applicants, seed, rules_from_dict(lottery.rules))
    assert drawn.seed == seed and published["admitted"] == list(expected.admitted)
    assert published["list_sha256"] == sealed.list_sha256 and len(expected.admitted) == drawn.admitted_count == 10
    assert verify_draw(published, applicants).ok
    assert {a: (r.draw_number, r.result) for a, r in receipts.items()} == {
        r.applicant_id: (r.draw_number, r.result) for r in expected.receipts}
    group = [r for r in receipts.values() if r.sibling_group == "F1"]
    assert len(group) == 2 and len({r.result for r in group}) == 1           # siblings together
    assert {"lottery:create", "lottery:import", "lottery:freeze", "lottery:draw"} <= audit


def test_database_refuses_any_change_to_a_frozen_lottery(deployment, tmp_path):
    lottery_id, _ = prepared(deployment, tmp_path)
    with deployment.db.transaction() as s:     # control: a draft list can still change (so the test can fail)
        s.execute(update(LotteryApplicant).where(LotteryApplicant.applicant_id == "2026001").values(tier=2))
        s.execute(update(LotteryApplicant).where(LotteryApplicant.applicant_id == "2026001").values(tier=1))
    with deployment.db.transaction() as s:
        service.freeze_lottery(s, lottery_id, "staff")
    attempts = {
        "orm insert": lambda s: s.add(LotteryApplicant(lottery_id=lottery_id, applicant_id="2026999", tier=1,
                                                       name="插队者", id_number_masked="", source_row=99)),
        "orm update": lambda s: setattr(s.scalars(select(LotteryApplicant)).first(), "tier", 1 + 1),
        "orm delete": lambda s: s.delete(s.scalars(select(LotteryApplicant)).first()),
        "sql update": lambda s: s.execute(text("UPDATE lottery_applicant SET tier = 1")),
        "sql delete": lambda s: s.execute(text("DELETE FROM lottery_applicant WHERE applicant_id = '2026030'")),
        "lottery rules": lambda s: s.execute(update(Lottery).values(title="改过的标题")),
        "lottery delete": lambda s: s.execute(delete(Lottery)),
        "freeze record": lambda s: s.execute(update(LotteryFreeze).values(list_sha256="0" * 64)),
    }
    for name, attempt in attempts.items():
        with pytest.raises(DBAPIError, match=FROZEN_MARK), deployment.db.transaction() as s:
            attempt(s)
            s.flush()
        print("refused:", name)
    with deployment.db.transaction() as s:
        with pytest.raises(service.LotteryError, match="已冻结"):
            intake.import_applicants(s, lottery_id, tmp_path / "报名名单.xlsx", "staff")
        with pytest.raises(service.LotteryError, match="已冻结"):
            service.update_setup(s, lottery_id, setup(title="新标题"), "staff")
        with pytest.raises(service.LotteryError, match="已冻结"):
            service.freeze_lottery(s, lottery_id, "staff")
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LotteryApplicant)) == 30


def test_draw_is_refused_without_the_promised_randomness(deployment, tmp_path):
    lottery_id, secret = prepared(deployment, tmp_path)
    with deployment.db.transaction() as s:
        with pytest.raises(service.LotteryError, match="尚未冻结"):
            service.draw(s, lottery_id, secret, ["1"], "staff")
        service.freeze_lottery(s, lottery_id, "staff")
    with deployment.db.transaction() as s:
        with pytest.raises(service.LotteryError, match="承诺值不符"):
            service.draw(s, lottery_id, "ab" * 32, ["1"], "staff")
        with pytest.raises(service.LotteryError, match="揭示"):
            service.draw(s, lottery_id, "", ["1"], "staff")
        with pytest.raises(service.LotteryError, match="须录入 1 个"):
            service.draw(s, lottery_id, secret, [], "staff")
        service.draw(s, lottery_id, secret, ["1"], "staff")
    with deployment.db.transaction() as s, pytest.raises(service.LotteryError, match="不能重抽"):
        service.draw(s, lottery_id, secret, ["2"], "staff")
    with pytest.raises(DBAPIError, match=FROZEN_MARK), deployment.db.transaction() as s:
        s.execute(update(LotteryDraw).values(seed="0" * 64))


def test_import_problems_name_sheet_row_and_column_and_change_nothing(deployment, tmp_path):
    rows = applicant_rows(6)
    rows[1][2] = rows[0][2]                  # the same child registered twice
    rows[2][2] = "33010220140101123X"         # a wrong check digit
    rows[3][3] = "第一档"                      # not a tier number
    rows[4][4] = "F9"                         # a sibling group of one
    path = write_applicants(tmp_path / "有错的名单.xlsx", rows)
    with deployment.db.transaction() as s:
        lottery, _ = service.create_lottery(s, setup(), "staff")
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        intake.import_applicants(s, lottery.id, path, "staff")
    where = {(p.sheet, p.row, p.column) for p in failed.value.problems}
    assert where == {("报名名单", 4, "身份证件号"), ("报名名单", 5, "身份证件号"), ("报名名单", 6, "档次"),
                     ("报名名单", 7, "兄弟姐妹组")}
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LotteryApplicant)) == 0


def test_eligibility_columns_set_tiers_and_exclude(deployment, tmp_path):
    header = ["报名编号", "姓名", "身份证件号", "户籍在片区", "房产在片区", "资格审核通过"]
    base = applicant_rows(4)
    flags = [("是", "是", "是"), ("是", "否", "是"), ("否", "否", "是"), ("是", "是", "否")]
    rows = [r[:3] + list(f) for r, f in zip(base, flags)]
    path = write_applicants(tmp_path / "名单.xlsx", rows, header)
    with deployment.db.transaction() as s:
        lottery, _ = service.create_lottery(s, setup(tier_columns=(("户籍在片区", "房产在片区"), ("户籍在片区",)),
                                                     required_columns=("资格审核通过",)), "staff")
        summary = intake.import_applicants(s, lottery.id, path, "staff")
        stored = {a.applicant_id: (a.tier, a.excluded_reason) for a in s.scalars(select(LotteryApplicant))}
    assert summary.applicants == 3 and summary.excluded == 1 and summary.tiers == {1: 1, 2: 1, 3: 1}
    assert stored["2026001"] == (1, None) and stored["2026002"] == (2, None) and stored["2026003"] == (3, None)
    assert "资格审核通过" in stored["2026004"][1]


def test_multi_school_lists_need_known_choices(deployment, tmp_path):
    two = (SCHOOL, service.SchoolSeats("2133010003", "山前乡九年一贯制学校", 5))
    rows = [r[:4] + ["", "2133010002|2133010003"] for r in applicant_rows(5)]
    rows[3][5] = "9999999999"
    path = write_applicants(tmp_path / "名单.xlsx", rows, HEADER + ["志愿学校"])
    with deployment.db.transaction() as s:
        lottery, _ = service.create_lottery(s, setup(schools=two), "staff")
        with pytest.raises(ImportFailed) as failed:
            intake.import_applicants(s, lottery.id, path, "staff")
    assert [(p.row, p.column) for p in failed.value.problems] == [(6, "志愿学校")]


def test_set_up_needs_a_source_of_randomness_and_valid_rules(deployment):
    with deployment.db.transaction() as s:
        with pytest.raises(service.LotteryError, match="随机数来源"):
            service.create_lottery(s, setup(generate_secret=False, public_count=0), "staff")
        with pytest.raises(service.LotteryError, match="来源"):
            service.create_lottery(s, setup(generate_secret=False, public_source=""), "staff")
        with pytest.raises(service.LotteryError, match="64 位"):
            service.create_lottery(s, setup(generate_secret=False, commitment="abcd"), "staff")
        with pytest.raises(service.LotteryError, match="学校"):
            service.create_lottery(s, setup(schools=()), "staff")
        lottery, secret = service.create_lottery(s, setup(generate_secret=False, commitment="AB" * 32), "staff")
    assert secret == "" and lottery.commitment == "ab" * 32


def test_backup_and_restore_keep_a_frozen_and_drawn_lottery(deployment, tmp_path):
    from junheng.store.backup import dump, load

    lottery_id, secret = prepared(deployment, tmp_path)
    with deployment.db.transaction() as s:
        service.freeze_lottery(s, lottery_id, "staff")
    with deployment.db.transaction() as s:
        service.draw(s, lottery_id, secret, ["8"], "staff")
    counts = dump(deployment.db, tmp_path / "backup.json.gz")
    load(deployment.db, tmp_path / "backup.json.gz")
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LotteryReceipt)) == counts["lottery_receipt"] == 30
        assert s.get(LotteryDraw, lottery_id).seed
    with pytest.raises(DBAPIError, match=FROZEN_MARK), deployment.db.transaction() as s:   # still guarded
        s.execute(text("UPDATE lottery_applicant SET tier = 1"))
