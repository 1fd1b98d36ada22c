from __future__ import annotations

import pytest
from openpyxl import Workbook

from junheng.io.problems import ImportFailed
from junheng.lottery.core import freeze
from junheng.lottery.reports.excel import EligibilityRules, id_number_problem, mask_id, read_applicants_excel

pytestmark = pytest.mark.core

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """Independent check-digit computation (GB 11643, ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return first17 + "10X98765432"[total % 11]


IDS = [make_id(f"3301022018{m:02d}1{k % 10}{k:03d}") for m, k in ((1, 12), (2, 23), (3, 34), (4, 45), (5, 56))]
HEADER = ["报名编号", "姓名", "身份证件号", "兄弟姐妹组", "户籍在片区", "房产在片区", "资格审核通过"]


def rows():
    return [
        ["B001", "张一", IDS[0], "", "是", "是", "是"],
        ["B002", "李二", IDS[1], "L", "是", "否", "是"],
        ["B003", "李三", IDS[2], "L", "是", "否", "是"],
        ["B004", "王四", IDS[3], "", "否", "否", "是"],
        ["B005", "赵五", IDS[4], "", "是", "是", "否"],
    ]


def write(path, data, title=True):
    wb = Workbook()
    ws = wb.active
    ws.title = "报名名单"
    if title:
        ws.append(["2026 年实验学校一年级报名名单"])
    ws.append(HEADER)
    for row in data:
        ws.append(row)
    wb.save(path)
    return path


RULES = EligibilityRules(required_yes=("资格审核通过",), tier_columns=(("户籍在片区", "房产在片区"), ("户籍在片区",)))


def test_known_valid_id_and_generated_ids():
    assert id_number_problem("11010519491231002X") is None
    assert all(id_number_problem(i) is None for i in IDS)


@pytest.mark.parametrize("value,reason", [
    ("11010519491231002", "18 位"),
    ("110105194912310021", "校验位"),
    ("11010519491331002X", "出生日期"),
    ("1101051949123100AX", "前 17 位"),
    ("3.30102201801011E+17", "文本格式"),
], ids=["17-chars", "wrong-check-digit", "bad-month", "letter-inside", "scientific-notation"])
def test_invalid_id_numbers(value, reason):
    assert reason in id_number_problem(value)


def test_mask_id():
    assert mask_id("330102201801011234") == "3301**********1234"


def test_clean_file_with_eligibility_and_tiers(tmp_path):
    result = read_applicants_excel(write(tmp_path / "报名.xlsx", rows()), eligibility=RULES)
    tiers = {a.applicant_id: a.tier for a in result.applicants}
    assert tiers == {"B001": 1, "B002": 2, "B003": 2, "B004": 3}
    assert [(e.applicant_id, e.row) for e in result.excluded] == [("B005", 7)]
    assert "资格审核通过" in result.excluded[0].reason
    assert result.people[0].id_number_masked == mask_id(IDS[0]) and "**" in result.people[0].id_number_masked
    frozen = freeze(result.applicants)
    assert "张一" not in frozen.canonical_csv and IDS[0] not in frozen.canonical_csv


def problems_of(path, **kw):
    with pytest.raises(ImportFailed) as info:
        read_applicants_excel(path, **kw)
    return info.value.problems


ERRORS = {
    "duplicate-id-number": (lambda r: r[3].__setitem__(2, IDS[0]), 6, "身份证件号", "与第 3 行的身份证件号相同"),
    "duplicate-applicant-id": (lambda r: r[3].__setitem__(0, "B001"), 6, "报名编号", "与第 3 行重复"),
    "bad-check-digit": (lambda r: r[0].__setitem__(2, IDS[0][:17] + ("0" if IDS[0][17] != "0" else "1")), 3,
                        "身份证件号", "校验位"),
    "eligibility-not-yes-no": (lambda r: r[0].__setitem__(4, "Y"), 3, "户籍在片区", "应填「是」或「否」"),
    "empty-name": (lambda r: r[3].__setitem__(1, None), 6, "姓名", "必填项为空"),
    "group-of-one": (lambda r: r[3].__setitem__(3, "M"), 6, "兄弟姐妹组", "只有一人"),
    "group-tiers-differ": (lambda r: r[2].__setitem__(5, "是"), 4, "兄弟姐妹组", "不一致"),
}


@pytest.mark.parametrize("tamper,row,column,reason", ERRORS.values(), ids=ERRORS.keys())
def test_each_error_names_file_sheet_row_and_column(tmp_path, tamper, row, column, reason):
    data = rows()
    tamper(data)
    problems = problems_of(write(tmp_path / "报名.xlsx", data), eligibility=RULES)
    assert [(p.file, p.sheet, p.row, p.column) for p in problems] == [("报名.xlsx", "报名名单", row, column)]
    assert reason in problems[0].reason
    assert "报名.xlsx" in str(problems[0]) and f"第 {row} 行" in str(problems[0])


def test_missing_eligibility_column_is_reported(tmp_path):
    problems = problems_of(write(tmp_path / "a.xlsx", rows()), eligibility=EligibilityRules(("年龄符合",)))
    assert [(p.row, p.column) for p in problems] == [(2, "年龄符合")]


def test_missing_header_is_reported(tmp_path):
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "x.xlsx")
    problems = problems_of(tmp_path / "x.xlsx")
    assert "找不到表头" in problems[0].reason


def test_id_number_typed_as_a_number_is_caught(tmp_path):
    data = rows()
    data[0][2] = float(IDS[0][:17] + "0") if IDS[0][17] != "X" else 1.1e17
    problems = problems_of(write(tmp_path / "a.xlsx", data, title=False), eligibility=RULES)
    assert problems[0].row == 2 and problems[0].column == "身份证件号"


def test_explicit_tier_column_wins(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["报名编号", "姓名", "身份证号", "档次"])
    ws.append(["C1", "甲", IDS[0], 2])
    ws.append(["C2", "乙", IDS[1], "1"])
    wb.save(tmp_path / "t.xlsx")
    result = read_applicants_excel(tmp_path / "t.xlsx")
    assert {a.applicant_id: a.tier for a in result.applicants} == {"C1": 2, "C2": 1}
