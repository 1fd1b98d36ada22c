import pytest

from junheng.teachers.core.schema import POSTS, RECOGNITIONS, TEACHERS, TRAINING
from junheng.teachers.readers.workbook import (
    Workbooks,
    check_references,
    read_cntmis,
    read_posts,
    read_teachers,
    read_training,
)
from tests.teachers.files import person, post, write


def _problems(fn, path):
    problems = []
    fn(path, problems)
    return [(p.sheet, p.row, p.column, p.reason) for p in problems]


@pytest.mark.parametrize("row,column,reason", [
    pytest.param(person("A", education="大学"), "最高学历", "不是有效代码", id="bad-code"),
    pytest.param(person("A", birth=1890), "出生年份", "小于允许的最小值", id="below-minimum"),
    pytest.param(person("A", birth="一九八零"), "出生年份", "不是数字", id="not-a-number"),
    pytest.param({**person("A"), "name": None}, "姓名", "必填项为空", id="blank-required"),
    pytest.param(person("A", id_number="110105194912310021"), "身份证件号", "校验位", id="bad-id-number"),
])
def test_teacher_sheet_errors(tmp_path, row, column, reason):
    got = _problems(read_teachers, write(tmp_path / "t.xlsx", [(TEACHERS, [row])]))
    assert [(s, r, c) for s, r, c, _ in got] == [("教师", 2, column)]
    assert reason in got[0][3]


def test_duplicate_teacher_and_missing_column(tmp_path):
    got = _problems(read_teachers, write(tmp_path / "t.xlsx", [(TEACHERS, [person("A"), person("A")])]))
    assert got[0][:3] == ("教师", 3, "教师工号") and "重复" in got[0][3]
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "教师"
    wb.active.append(["教师工号", "姓名"])
    wb.save(tmp_path / "m.xlsx")
    got = _problems(read_teachers, tmp_path / "m.xlsx")
    assert ("教师", 1, "性别") in [g[:3] for g in got]


def test_posts_errors(tmp_path):
    rows = [post("A", "S1", "2010-09-01", "2009-01-01"),                       # end before start
            post("B", "S1", "2010-09-01"), post("B", "S2", "2015-09-01", kind="调动"),  # overlap (B's first is open)
            post("C", "S1", "2010-09-01", "2015-08-31"), post("C", "S2", "2015-09-01", kind="调动"),  # fine
            post("D", "S1", "2010-09-01"), post("D", "S2", "2016-09-01", kind="走教"),  # 走教 may overlap
            post("E", "S1", "2010-13-01")]                                      # not a date
    got = sorted(_problems(read_posts, write(tmp_path / "p.xlsx", [(POSTS, rows)])))
    assert [(r, c) for _, r, c, _ in got] == [(2, "结束日期"), (4, "开始日期"), (9, "开始日期")]
    assert "重叠" in got[1][3] and "第 3 行" in got[1][3] and "不是有效日期" in got[2][3]


def test_unknown_teacher_and_school(tmp_path):
    wb = Workbooks()
    problems = []
    read_teachers(write(tmp_path / "t.xlsx", [(TEACHERS, [person("A")]), (RECOGNITIONS, [
        {"teacher_id": "Q", "kind": "骨干教师", "level": "县级", "start": "2020-01-01"}])]), problems, wb)
    read_posts(write(tmp_path / "p.xlsx", [(POSTS, [post("A", "S9", "2010-09-01")])]), problems, wb)
    assert problems == []
    check_references(wb, set(), {"teachers_recognition": "t.xlsx", "teachers_post": "p.xlsx"}, problems, {"S1"})
    assert [(p.file, p.sheet, p.row, p.column) for p in problems] == [
        ("t.xlsx", "骨干名师", 2, "教师工号"), ("p.xlsx", "任职", 2, "学校标识码")]


def test_training_platform_export_with_its_own_headers(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "学时统计"
    ws.append(["学员编号", "学员姓名", "项目名称", "项目级别", "认定学时", "培训开始时间", "主办单位"])
    ws.append(["A", "张三", "国培计划", "国家级", 72, "2022-07-10", "省教育厅"])
    wb.save(tmp_path / "export.xlsx")
    problems = []
    got = read_training(tmp_path / "export.xlsx", problems)
    assert problems == []
    assert got.rows["teachers_training"][0] == {"teacher_id": "A", "name": "张三", "course": "国培计划",
                                                "level": "国家级", "hours": 72, "date": "2022-07-10",
                                                "provider": "省教育厅"}
    assert TRAINING.name == "培训记录"


def test_cntmis_export(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "教职工基本信息"
    ws.append(["全国教师管理信息系统 教职工基本信息"])
    ws.append(["教职工号", "姓名", "性别", "出生日期", "身份证件类型", "身份证件号", "最高学历", "岗位类别", "专业技术职务",
               "是否是县级及以上骨干教师", "教师资格证种类", "学校标识码", "进本校年月", "任教学段", "任教学科"])
    ws.append(["J1", "李四", "女", "1985-03-02", "居民身份证", "11010519491231002X", "大学本科", "专任教师岗位",
               "中小学一级教师", "是", "小学教师资格", "3100000001", "201509", "小学", "数学"])
    ws.append(["J2", "王五", "男", "19900101", "居民身份证", "", "中师", "行政人员", "", "否", "", "", "", "", ""])
    ws.append(["J3", "赵六", "男", "1990", "居民身份证", "", "小学", "专任教师", "特级教师", "否", "", "", "", "", ""])
    wb.save(tmp_path / "cntmis.xlsx")
    problems = []
    got = read_cntmis(tmp_path / "cntmis.xlsx", problems)
    assert [(p.row, p.column) for p in problems] == [(5, "出生日期"), (5, "最高学历"), (5, "专业技术职务")]
    j1, j2 = got.rows["teachers_person"][:2]
    assert (j1["education"], j1["full_time"], j1["certificate"], j1["birth_year"]) == ("本科", "是", "是", 1985)
    assert (j2["education"], j2["full_time"], j2["certificate"]) == ("高中阶段", "否", "否")
    assert got.rows["teachers_title"][0] == {"teacher_id": "J1", "title": "一级", "date": "2015-09-01"}
    assert got.rows["teachers_post"][0]["school_id"] == "3100000001"
    assert got.rows["teachers_recognition"][0]["kind"] == "骨干教师"
