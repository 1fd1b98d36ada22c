from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from junheng.io.problems import ImportFailed
from junheng.ledger.core import Category, ResponsibleUnit, Severity, Source, Status, UnitKind
from junheng.ledger.reports.excel import parse_date, read_inspection_excel, write_inspection_template

pytestmark = pytest.mark.core

AT = dt.datetime(2026, 9, 2, 10, 0)
HEADER = ["序号", "检查名称", "检查日期", "检查人", "问题类别", "问题描述", "严重程度", "责任单位", "责任人", "整改期限",
          "整改要求"]


def rows():
    return [
        [1, "秋季开学安全检查", dt.date(2026, 9, 1), "王明", "安全隐患", "消防通道堆放杂物", "较重", "城关一小", "李校长",
         dt.date(2026, 9, 15), "整改前后照片"],
        [2, "秋季开学安全检查", "2026/09/01", "王明", "办学条件", "厕所蹲位不足", "一般", "河口中学", "赵校长",
         "2026年12月31日", ""],
    ]


def write(path, data, header=HEADER, title="2026年秋季开学安全检查问题清单"):
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    if title:
        ws.append([title])
    ws.append(header)
    for row in data:
        ws.append(row)
    wb.save(path)
    return path


def test_clean_import(tmp_path):
    items = read_inspection_excel(write(tmp_path / "检查.xlsx", rows()), at=AT, by="王明")
    assert [i.item_id for i in items] == ["1", "2"]
    first, second = items
    assert first.category is Category.SAFETY and first.severity is Severity.SERIOUS
    assert first.source == Source("秋季开学安全检查", dt.date(2026, 9, 1), "王明")
    assert first.unit.name == "城关一小" and first.unit.person == "李校长" and first.unit.kind is UnitKind.SCHOOL
    assert second.deadline == dt.date(2026, 12, 31) and second.evidence_required == ""
    assert all(i.status is Status.PENDING and len(i.history) == 1 for i in items)


def problems_of(path, **kw):
    with pytest.raises(ImportFailed) as info:
        read_inspection_excel(path, at=AT, by="x", **kw)
    return info.value.problems


ERRORS = {
    "bad-category": (lambda r: r[0].__setitem__(4, "卫生"), 3, "问题类别", "不是有效选项"),
    "bad-severity": (lambda r: r[1].__setitem__(6, "特别严重"), 4, "严重程度", "不是有效选项"),
    "empty-description": (lambda r: r[1].__setitem__(5, None), 4, "问题描述", "必填项为空"),
    "empty-person": (lambda r: r[0].__setitem__(8, ""), 3, "责任人", "必填项为空"),
    "bad-deadline": (lambda r: r[0].__setitem__(9, "下周"), 3, "整改期限", "不是有效日期"),
    "deadline-before-inspection": (lambda r: r[0].__setitem__(9, dt.date(2026, 8, 1)), 3, "整改期限",
                                   "早于检查日期"),
    "duplicate-number": (lambda r: r[1].__setitem__(0, 1), 4, "编号", "与第 3 行重复"),
    "empty-category": (lambda r: r[0].__setitem__(4, None), 3, "问题类别", "必填项为空"),
}


@pytest.mark.parametrize("tamper,row,column,reason", ERRORS.values(), ids=ERRORS.keys())
def test_each_error_names_file_sheet_row_and_column(tmp_path, tamper, row, column, reason):
    data = rows()
    tamper(data)
    problems = problems_of(write(tmp_path / "检查.xlsx", data))
    assert [(p.file, p.sheet, p.row, p.column) for p in problems] == [("检查.xlsx", "清单", row, column)]
    assert reason in problems[0].reason


def test_all_problems_are_reported_at_once(tmp_path):
    data = rows()
    data[0][4] = "卫生"
    data[1][9] = "明年"
    assert len(problems_of(write(tmp_path / "a.xlsx", data))) == 2


def test_missing_column(tmp_path):
    header = [h for h in HEADER if h != "责任人"]
    data = [[v for k, v in zip(HEADER, r) if k != "责任人"] for r in rows()]
    problems = problems_of(write(tmp_path / "a.xlsx", data, header))
    assert [(p.row, p.column, p.reason) for p in problems] == [(2, "责任人", "缺少必需的列「责任人」")]


def test_source_given_once_for_the_whole_list(tmp_path):
    header = [h for h in HEADER if h not in ("检查名称", "检查日期", "检查人")]
    data = [[v for k, v in zip(HEADER, r) if k not in ("检查名称", "检查日期", "检查人")] for r in rows()]
    path = write(tmp_path / "a.xlsx", data, header, title=None)
    problems = problems_of(path)
    assert {p.column for p in problems} == {"检查名称", "检查日期", "检查人"}
    source = Source("教育督导", dt.date(2026, 9, 1), "督导室")
    items = read_inspection_excel(path, at=AT, by="x", source=source)
    assert all(i.source == source for i in items)


def test_known_units_are_enforced(tmp_path):
    units = {"城关一小": ResponsibleUnit("3601230001", "城关一小", UnitKind.SCHOOL, "")}
    problems = problems_of(write(tmp_path / "a.xlsx", rows()), units=units)
    assert [(p.row, p.column) for p in problems] == [(4, "责任单位")]
    assert "河口中学" in problems[0].reason
    units["河口中学"] = ResponsibleUnit("3601230002", "河口中学", UnitKind.SCHOOL, "")
    items = read_inspection_excel(write(tmp_path / "a.xlsx", rows()), at=AT, by="x", units=units)
    assert items[0].unit.unit_id == "3601230001" and items[0].unit.person == "李校长"


def test_no_header_found(tmp_path):
    problems = problems_of(write(tmp_path / "a.xlsx", [], header=["甲", "乙"]))
    assert "找不到表头" in problems[0].reason


def test_template_round_trip(tmp_path):
    path = write_inspection_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["填表说明", "问题清单"]
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["编号", "检查名称", "检查日期", "检查人", "问题类别", "问题描述"]
    assert any("安全隐患" in dv.formula1 for dv in ws.data_validations.dataValidation)
    values = {"编号": "Z1", "检查名称": "专项督导", "检查日期": "2026-09-01", "检查人": "王明", "问题类别": "教学管理",
              "问题描述": "作业量超标", "严重程度": "一般", "责任单位": "基教股", "单位类型": "股室", "责任人": "陈股长",
              "整改期限": "2026-10-01"}
    ws.append([values.get(h) for h in header])
    wb.save(path)
    (item,) = read_inspection_excel(path, at=AT, by="x")
    assert item.unit.kind is UnitKind.SECTION and item.category is Category.TEACHING


@pytest.mark.parametrize("value,expected", [
    (dt.datetime(2026, 9, 1, 8), dt.date(2026, 9, 1)), ("2026-09-01", dt.date(2026, 9, 1)),
    ("2026.9.1", dt.date(2026, 9, 1)), ("2026年9月1日", dt.date(2026, 9, 1)), ("20260901", dt.date(2026, 9, 1)),
    (46266.0, dt.date(2026, 9, 1)), ("9月1日", None), ("", None),
], ids=["datetime", "iso", "dots", "chinese", "compact", "excel-serial", "no-year", "empty"])
def test_parse_date(value, expected):
    assert parse_date(value) == expected
