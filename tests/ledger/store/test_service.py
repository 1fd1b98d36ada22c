"""The ledger's database edge on SQLite and PostgreSQL: an item's life with its history rows, evidence files,
the inspection import as one batch (and its undo), items from the shortfall list, scope, filters and counts."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from junheng.accounts import Scope
from junheng.io.problems import ImportFailed
from junheng.ledger.core.deadlines import display_status
from junheng.ledger.core.stats import count_by_status
from junheng.ledger.store import intake, queries, service
from junheng.ledger.store.models import LedgerEventRecord, LedgerEvidenceRecord, LedgerItemRecord
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import AuditEntry

pytestmark = pytest.mark.db

T0 = dt.datetime(2026, 9, 1, 9, 0)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
SCHOOL_1, SCHOOL_2, SCHOOL_3 = "2133010001", "2133010002", "2133010003"   # 3 is in township 330100002


def new(unit=SCHOOL_1, deadline=dt.date(2026, 9, 30), description="消防通道堆放杂物", severity="一般",
        category="安全隐患", evidence="整改前后照片", day=dt.date(2026, 9, 1)):
    return service.NewItem("2026年秋季开学安全检查", day, "督导室 王明", category, unit, "李校长", description,
                           severity, deadline, evidence)


def hours(n: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)


def test_life_of_an_item_is_stored_event_by_event(web_deployment):
    data_dir = web_deployment.settings.data_dir
    with web_deployment.db.transaction() as s:
        no = service.create(s, new(), "staff", at=T0).item_no
    assert no == "ZG2026-0001"
    with web_deployment.db.transaction() as s, pytest.raises(service.LedgerError, match="须上传佐证材料"):
        service.transition(s, no, "submit", "clerk", at=hours(1))
    steps = [
        lambda s: service.attach_evidence(s, data_dir, no, "clerk", "整改后.png", PNG, "已清理", at=hours(2)),
        lambda s: service.transition(s, no, "submit", "clerk", "已整改", at=hours(3)),
        lambda s: service.transition(s, no, "reject", "staff", "照片看不清通道全貌", at=hours(4)),
        lambda s: service.attach_evidence(s, data_dir, no, "clerk", "全貌.png", PNG, at=hours(5)),
        lambda s: service.transition(s, no, "submit", "clerk", at=hours(6)),
        lambda s: service.transition(s, no, "accept", "staff", "现场复核到位", at=hours(7)),
    ]
    for step in steps:
        with web_deployment.db.transaction() as s:
            step(s)
    with web_deployment.db.sessions() as s:
        row, item = service.load(s, no)
        actions = [e.action for e in s.scalars(select(LedgerEventRecord).where(LedgerEventRecord.item_no == no)
                                               .order_by(LedgerEventRecord.seq))]
        files = list(s.scalars(select(LedgerEvidenceRecord)))
        audit = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.startswith("ledger:"))))
    assert actions == ["创建", "开始整改", "上传佐证", "提交验收", "验收不通过", "上传佐证", "提交验收", "验收通过"]
    assert row.status == item.status.value == "已销号" and row.closed_at == hours(7)
    assert item.last_rejection_reason == "照片看不清通道全貌" and item.rejections == 1
    assert [f.name for f in files] == ["整改后.png", "全貌.png"]
    for f in files:
        stored = data_dir / "evidence" / f.ref
        assert stored.read_bytes() == PNG and stored.parent.name == no
    assert audit.count("ledger:evidence") == 2 and "ledger:accept" in audit and "ledger:reject" in audit


def test_reject_needs_a_reason_and_closed_items_cannot_move(web_deployment):
    data_dir = web_deployment.settings.data_dir
    with web_deployment.db.transaction() as s:
        no = service.create(s, new(evidence=""), "staff", at=T0).item_no
        service.transition(s, no, "submit", "clerk", at=hours(1))     # 待整改 → 开始整改 → 待验收
        with pytest.raises(service.LedgerError, match="写明原因"):
            service.transition(s, no, "reject", "staff", "  ", at=hours(2))
        service.transition(s, no, "accept", "staff", at=hours(3))
        with pytest.raises(service.LedgerError, match="不能上传"):
            service.attach_evidence(s, data_dir, no, "clerk", "a.png", PNG, at=hours(4))
        with pytest.raises(service.LedgerError, match="已销号"):
            service.extend(s, no, dt.date(2026, 12, 1), "原因", "staff", at=hours(4))
    assert not (data_dir / "evidence").exists() or not any((data_dir / "evidence").rglob("*.png"))


REFUSED = [("x.svg", b"<svg onload=alert(1)>", "不支持的文件类型"), ("x.html", b"<html>", "不支持的文件类型"),
           ("x.png", b"<html>not a png", "与扩展名"), ("x.pdf", b"", "空的"), ("../../x.txt", b"a" * (21 << 20), "超过")]


def test_dangerous_or_broken_uploads_are_refused(web_deployment):
    with web_deployment.db.transaction() as s:
        no = service.create(s, new(), "staff", at=T0).item_no
        for name, content, reason in REFUSED:
            with pytest.raises(service.LedgerError, match=reason):
                service.attach_evidence(s, web_deployment.settings.data_dir, no, "clerk", name, content, at=hours(1))
        record = service.attach_evidence(s, web_deployment.settings.data_dir, no, "clerk", "../../说明.txt", b"ok",
                                         at=hours(1))
    assert record.name == "说明.txt" and record.ref.startswith(f"{no}/") and ".." not in record.ref


def _items(deployment, specs):
    """Create items (unit, deadline, status step list) and return their numbers."""
    numbers = []
    with deployment.db.transaction() as s:
        for unit, deadline, steps in specs:
            no = service.create(s, new(unit=unit, deadline=deadline, evidence=""), "staff", at=T0).item_no
            for k, step in enumerate(steps, 1):
                service.transition(s, no, step, "staff", "原因" if step == "reject" else "", at=hours(k))
            numbers.append(no)
    return numbers


SPECS = [
    (SCHOOL_1, dt.date(2026, 9, 30), []),                          # 待整改, not yet due
    (SCHOOL_1, dt.date(2026, 9, 5), []),                           # 逾期 (待整改)
    (SCHOOL_2, dt.date(2026, 9, 5), ["start"]),                    # 逾期 (整改中)
    (SCHOOL_2, dt.date(2026, 9, 5), ["submit"]),                   # 待验收: with the inspector, not overdue
    (SCHOOL_3, dt.date(2026, 9, 30), ["submit", "accept"]),        # 已销号
    (SCHOOL_3, dt.date(2026, 9, 30), ["submit", "reject"]),        # 整改中
    ("AQG", dt.date(2026, 9, 5), []),                              # a section's, 逾期
]
TODAY = dt.date(2026, 9, 10)


def test_counts_and_status_filter_match_the_pure_definition(web_deployment):
    numbers = _items(web_deployment, SPECS)
    bureau = Scope("bureau_staff")
    with web_deployment.db.sessions() as s:
        items = queries.light_items(s, bureau)
        listing = queries.list_items(s, bureau, queries.Filters(), TODAY)
        expected = count_by_status(items, TODAY)                       # oracle: the pure core
        assert listing.counts == expected == {"待整改": 1, "整改中": 1, "待验收": 1, "逾期": 3, "已销号": 1}
        for status in expected:
            shown = {r.item_no for r in queries.list_items(s, bureau, queries.Filters(status=status), TODAY).rows}
            assert shown == {i.item_id for i in items if display_status(i, TODAY) == status}, status
        late = queries.list_items(s, bureau, queries.Filters(status="逾期"), TODAY)
        assert {r.item_no for r in late.rows} == {numbers[1], numbers[2], numbers[6]}
        assert all(r.days_overdue == 5 for r in late.rows)
        unit = queries.list_items(s, bureau, queries.Filters(unit=SCHOOL_2), TODAY)
        assert {r.item_no for r in unit.rows} == {numbers[2], numbers[3]} and unit.counts["逾期"] == 1


AGES = [   # (today, bucket, open items in it): all six open items were created on 2026-09-01
    (dt.date(2026, 9, 8), "0–7天", 6),          # age 7: the first bucket is closed on the right
    (dt.date(2026, 9, 9), "0–7天", 0),
    (dt.date(2026, 9, 9), "8–30天", 6),
    (dt.date(2026, 10, 1), "8–30天", 6),        # age 30
    (dt.date(2026, 10, 2), "31–90天", 6),
    (dt.date(2026, 11, 30), "31–90天", 6),      # age 90
    (dt.date(2026, 12, 1), "超过90天", 6),
]


def test_age_filter_uses_days_since_creation_of_open_items(web_deployment):
    _items(web_deployment, SPECS)          # created 2026-09-01, one of them closed
    with web_deployment.db.sessions() as s:
        got = [(today, label, len(queries.list_items(s, Scope("leader"), queries.Filters(age=label), today).rows))
               for today, label, _ in AGES]
    assert got == AGES


def test_scope_school_township_and_sections(web_deployment):
    numbers = _items(web_deployment, SPECS)
    with web_deployment.db.sessions() as s:
        seen = {name: {r.item_no for r in queries.list_items(s, scope, queries.Filters(), TODAY).rows}
                for name, scope in {"clerk": Scope("school_clerk", school_id=SCHOOL_1),
                                    "township": Scope("township_official", township_code="330100002"),
                                    "leader": Scope("leader")}.items()}
        section_row = s.scalars(select(LedgerItemRecord).where(LedgerItemRecord.unit_id == "AQG")).one()
        assert not queries.can_see(s, Scope("school_clerk", school_id=SCHOOL_1), section_row)
        assert queries.can_see(s, Scope("leader"), section_row)
    assert seen["clerk"] == set(numbers[:2])
    assert seen["township"] == set(numbers[4:6])
    assert seen["leader"] == set(numbers)


HEADER = ["序号", "检查名称", "检查日期", "检查人", "问题类别", "问题描述", "严重程度", "责任单位", "责任人", "整改期限",
          "整改要求"]


def inspection_file(path, rows, title="2026年秋季开学安全检查问题清单"):
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD = [
    [1, "秋季开学安全检查", dt.date(2026, 9, 1), "王明", "安全隐患", "消防通道堆放杂物", "较重", "测试县实验小学", "李校长",
     dt.date(2026, 9, 15), "整改前后照片"],
    [2, "秋季开学安全检查", "2026/09/01", "王明", "办学条件", "厕所蹲位不足", "一般", "测试县第一中学", "赵校长",
     "2026年12月31日", ""],
    ["", "秋季开学安全检查", "2026-09-01", "王明", "教学管理", "作业量超标", "一般", "基础教育股", "陈股长",
     "2026-10-31", ""],
]


def test_import_writes_items_and_first_events_as_one_undoable_batch(web_deployment, tmp_path):
    path = inspection_file(tmp_path / "清单.xlsx", GOOD)
    with web_deployment.db.transaction() as s:
        service.create(s, new(), "staff", at=T0)
        result = intake.import_inspection(s, path, "staff", at=dt.datetime(2026, 9, 2, 8, 0))
    assert result.counts["ledger_item"].inserted == 3 and result.counts["ledger_event"].inserted == 3
    with web_deployment.db.sessions() as s:
        rows = list(s.scalars(select(LedgerItemRecord).order_by(LedgerItemRecord.item_no)))
        assert [r.item_no for r in rows] == ["ZG2026-0001", "ZG2026-0002", "ZG2026-0003", "ZG2026-0004"]
        by_no = {r.item_no: r for r in rows}
        assert by_no["ZG2026-0002"].unit_id == SCHOOL_1 and by_no["ZG2026-0002"].severity == "较重"
        assert by_no["ZG2026-0003"].deadline == dt.date(2026, 12, 31)
        assert by_no["ZG2026-0004"].unit_kind == "股室" and by_no["ZG2026-0004"].unit_id == "JJG"
        _, item = service.load(s, "ZG2026-0002")
        assert [h.action.value for h in item.history] == ["创建"] and item.source.inspection == "秋季开学安全检查"
    with web_deployment.db.transaction() as s:             # undone before anyone worked on it: all gone
        undo_batch(s, result.batch_id, "admin")
    with web_deployment.db.sessions() as s:
        assert list(s.scalars(select(LedgerItemRecord.item_no))) == ["ZG2026-0001"]
        assert s.scalar(select(func.count()).select_from(LedgerEventRecord)) == 1


def test_undo_refuses_once_an_imported_item_has_moved_on(web_deployment, tmp_path):
    """A school's 整改 steps on an imported item are its own work: undoing the import must not cascade them away."""
    path = inspection_file(tmp_path / "清单.xlsx", GOOD)
    with web_deployment.db.transaction() as s:
        result = intake.import_inspection(s, path, "staff", at=dt.datetime(2026, 9, 2, 8, 0))
    with web_deployment.db.transaction() as s:
        service.transition(s, "ZG2026-0001", "start", "clerk", at=dt.datetime(2026, 9, 3))
    with web_deployment.db.transaction() as s, pytest.raises(UndoRefused) as refused:
        undo_batch(s, result.batch_id, "admin")
    message = str(refused.value)
    assert "整改台账「ZG2026-0001」在导入后已被修改" in message
    assert "整改台账「ZG2026-0001」在导入后已有后续记录" in message
    assert "ZG2026-0002" not in message and "ZG2026-0003" not in message
    with web_deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LedgerItemRecord)) == 3
        assert s.scalar(select(func.count()).select_from(LedgerEventRecord)) == 4


def test_import_with_problems_writes_nothing_and_names_each_cell(web_deployment, tmp_path):
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[0][7] = "不存在的学校"
    bad[1][9] = "明年"
    path = inspection_file(tmp_path / "错误清单.xlsx", bad)
    with web_deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        intake.import_inspection(s, path, "staff")
    where = {(p.sheet, p.row, p.column) for p in failed.value.problems}
    assert where == {("问题清单", 3, "责任单位"), ("问题清单", 4, "整改期限")}
    with web_deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(LedgerItemRecord)) == 0


def test_import_refuses_a_number_already_in_the_ledger(web_deployment, tmp_path):
    rows = [list(GOOD[0])]
    rows[0][0] = "AQ-7"
    path = inspection_file(tmp_path / "清单.xlsx", rows)
    with web_deployment.db.transaction() as s:
        intake.import_inspection(s, path, "staff")
    with web_deployment.db.transaction() as s, pytest.raises(ImportFailed, match="导入失败") as failed:
        intake.import_inspection(s, path, "staff")
    assert "AQ-7" in failed.value.problems[0].reason


SHORTFALLS = [
    {"school_id": SCHOOL_1, "school_name": "测试县实验小学", "stage": "小学", "indicator": "room_area",
     "indicator_name": "生均教学及辅助用房面积", "gap_text": "需增加教学及辅助用房 120 ㎡"},
    {"school_id": SCHOOL_3, "school_name": "山前乡九年一贯制学校", "stage": "初中", "indicator": "backbone",
     "indicator_name": "每百名学生拥有县级以上骨干教师数", "gap_text": "需增加县级以上骨干教师 1 人"},
]


def test_items_from_the_shortfall_list_once_per_open_gap(web_deployment):
    # the balance module's form (a junheng.balance.core.shortfalls.Shortfall dataclass): key = code, indicator = name
    from dataclasses import make_dataclass

    shortfall = make_dataclass("Shortfall", ["school_id", "school_name", "stage", "key", "indicator", "value",
                                             "threshold", "text"])
    balance_form = shortfall(SCHOOL_2, "测试县第一中学", "初中", "equipment", "生均教学仪器设备值", 1800.0, 2500.0,
                             "需增加教学仪器设备值 28 万元")
    with web_deployment.db.transaction() as s:
        ids = intake.create_items_from_shortfalls(s, SHORTFALLS + [balance_form], "staff", at=T0)
        again = intake.create_items_from_shortfalls(s, SHORTFALLS, "staff", at=hours(1))
    assert len(ids) == 3 and again == []
    with web_deployment.db.sessions() as s:
        rows = {r.id: r for r in s.scalars(select(LedgerItemRecord))}
        assert sorted(r.item_no for r in rows.values()) == ["JH2026-0001", "JH2026-0002", "JH2026-0003"]
        third = next(r for r in rows.values() if r.unit_id == SCHOOL_2)
        assert third.category == "均衡短板" and third.indicator["indicator"] == "equipment"
        assert "需增加教学仪器设备值 28 万元" in third.description and third.deadline == dt.date(2026, 11, 30)
    with web_deployment.db.transaction() as s:
        changed = intake.record_indicator_results(s, [
            {"school_id": SCHOOL_1, "stage": "小学", "indicator": "room_area", "passed": True, "value": 4.6,
             "threshold": 4.5}], "system", at=hours(2))
    assert changed == 1
    with web_deployment.db.sessions() as s:
        _, item = service.load(s, "JH2026-0001")
    assert item.indicator.passing is True and item.history[-1].action.value == "指标复核"
    assert "已达标" in item.history[-1].note and item.status.value == "待整改"


def test_shortfall_rows_missing_fields_are_refused(web_deployment):
    with web_deployment.db.transaction() as s, pytest.raises(service.LedgerError, match="缺少字段"):
        intake.create_items_from_shortfalls(s, [{"school_id": SCHOOL_1}], "staff")


def test_a_new_shortfall_list_rechecks_linked_items(web_deployment):
    with web_deployment.db.transaction() as s:
        intake.create_items_from_shortfalls(s, SHORTFALLS, "staff", at=T0)
    still_failing = [{**SHORTFALLS[1], "value": 0.6, "threshold": 1.0}]      # the first gap is closed now
    with web_deployment.db.transaction() as s:
        assert intake.recheck_from_shortfalls(s, [], "system", at=hours(1)) == 0     # no data: no verdict
        assert intake.recheck_from_shortfalls(s, still_failing, "system", at=hours(1)) == 2
        assert intake.recheck_from_shortfalls(s, still_failing, "system", at=hours(2)) == 0   # nothing new
    with web_deployment.db.sessions() as s:
        _, closed_gap = service.load(s, "JH2026-0001")
        _, open_gap = service.load(s, "JH2026-0002")
    assert closed_gap.indicator.passing is True and "已达标" in closed_gap.history[-1].note
    assert open_gap.indicator.passing is False and "仍未达标（实际 0.6，标准 1）" in open_gap.history[-1].note


def test_two_items_created_at_once_get_two_numbers(web_deployment):
    """The second request waits for the first's number instead of taking the same one and failing on the key."""
    import threading
    import time

    got: dict[str, str] = {}
    numbered = threading.Event()

    def first():
        with web_deployment.db.transaction() as s:
            got["first"] = service.create(s, new(), "staff", at=T0).item_no
            numbered.set()
            time.sleep(0.6)          # still uncommitted while the second asks for a number

    def second():
        numbered.wait(10)
        with web_deployment.db.transaction() as s:
            got["second"] = service.create(s, new(description="厕所蹲位不足"), "staff", at=T0).item_no

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert got == {"first": "ZG2026-0001", "second": "ZG2026-0002"}
