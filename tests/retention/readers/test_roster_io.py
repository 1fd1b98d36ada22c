"""Reading rosters as bureaus have them: the 学籍 system's export with title rows, GBK CSV, the registry's 学生
sheet, identifiers stored as numbers; errors name file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from junheng.retention.readers.roster_io import RosterFileError, read_population, read_roster
from tests.retention.county import idn

A, B = idn("20150301", 1), idn("20120807", 2)
EXPORT_HEADER = ["序号", "全国学籍号", "个人标识码", "姓名", "性别", "出生日期", "民族", "身份证件类型", "身份证件号",
                 "学校标识码", "学校名称", "年级", "班级", "学生状态", "是否留守儿童"]


def xlsx(path: Path, rows: list[list], sheet: str = "学生信息") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def export_rows():
    return [
        ["青山县2024年秋季学期学生花名册"],
        ["导出时间：2024-09-10"],
        EXPORT_HEADER,
        [1, "G" + A, "3301020001234567", "李小明", "男", "20150301", "汉族", "居民身份证", A, "3301020001",
         "青山小学", "四年级", "4班", "在读", "双亲留守儿童"],
        [2, "G" + B, "3301020001234568", "王芳", "女", "2012-08-07", "汉族", "居民身份证", B, "3301020002",
         "青山中学", "初一", "1班", "转学", "非留守儿童"],
        [None] * 15,
    ]


def test_xue_ji_export_with_title_rows(tmp_path):
    check = read_roster(xlsx(tmp_path / "花名册.xlsx", export_rows()))
    assert check.ok and not check.warnings
    r = check.roster
    assert r["student_id"].tolist() == ["G" + A, "G" + B]
    assert r["school"].tolist() == ["3301020001", "3301020002"]
    assert r["grade"].tolist() == [4, 7]
    assert r["birth_date"].tolist() == ["2015-03-01", "2012-08-07"]
    assert r["status"].tolist() == ["在读", "转出"] and r["status_label"].tolist() == ["在读", "转学"]
    assert r["left_behind"].tolist() == ["双亲留守儿童", "非留守儿童"]
    assert r["personal_code"].tolist() == ["3301020001234567", "3301020001234568"]


def test_errors_name_file_sheet_row_and_header(tmp_path):
    rows = export_rows()
    rows[4][11] = "大二"
    rows[3][5] = "20151301"
    check = read_roster(xlsx(tmp_path / "花名册.xlsx", rows))
    got = sorted((p.file, p.sheet, p.row, p.column) for p in check.problems)
    assert got == [("花名册.xlsx", "学生信息", 4, "出生日期"), ("花名册.xlsx", "学生信息", 5, "年级")]


def test_identifier_stored_as_number_lost_digits(tmp_path):
    rows = export_rows()
    rows[3][8] = float(A) if A[-1] != "X" else 330102201503010013.0
    check = read_roster(xlsx(tmp_path / "数字.xlsx", rows))
    assert [(p.row, p.column) for p in check.problems][:1] == [(4, "身份证件号")]
    assert "已丢失位数" in check.problems[0].reason


def test_gbk_csv_with_a_title_row(tmp_path):
    path = tmp_path / "roster.csv"
    lines = ["青山县花名册,,,,,,", "学籍号,姓名,身份证号,出生日期,学校标识码,年级,学籍状态",
             f"G{A},李小明,{A},20150301,3301020001,4,", f"G{B},王芳,{B},,3301020002,七年级,休学"]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    check = read_roster(path)
    assert check.ok
    assert check.roster["student_id"].tolist() == ["G" + A, "G" + B]
    assert check.roster["status"].tolist() == ["在读", "休学"]
    assert check.roster["birth_date"].tolist() == ["2015-03-01", "2012-08-07"]  # the second from the ID number


def test_csv_problem_rows_count_the_title_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("标题\nstudent_id,name,id_number,birth_date,school,grade,status\nG1,甲,,2015-02-30,X1,3,\n",
                    encoding="utf-8")
    (problem,) = read_roster(path).problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("bad.csv", "", 3, "birth_date")


def test_registry_student_sheet(tmp_path):
    from junheng.registry.reports.excel import write_registry

    students = pd.DataFrame([{
        "student_id": "G" + A, "name": "李小明", "gender": "男", "birth_date": "2015-03-01", "id_number": A,
        "school_id": "3301020001", "grade": 4, "class_name": "四年级4班", "status": "在读",
        "left_behind": "非留守儿童", "migrant": "否", "disability": "", "low_income": "否",
        "township_code": "330102001", "village": "石桥村"}])
    path = write_registry({"student": students}, tmp_path / "学校名册.xlsx")
    check = read_roster(path)
    assert check.ok, check.problems
    row = check.roster.iloc[0]
    assert (row["student_id"], row["school"], row["grade"], row["village"]) == ("G" + A, "3301020001", 4, "石桥村")


def test_school_name_only_export(tmp_path):
    rows = [["学籍号", "姓名", "学校名称", "年级"], ["G1", "甲", "青山小学", "3"], ["G2", "乙", "白水小学", "3"]]
    path = xlsx(tmp_path / "names.xlsx", rows)
    assert read_roster(path, school_names={"青山小学": "3301020001"}).roster["school"].tolist() == [
        "3301020001", "白水小学"]


@pytest.mark.parametrize(("name", "content", "message"), [
    pytest.param("x.pdf", b"%PDF", "不支持的文件类型", id="type"),
    pytest.param("none.csv", None, "找不到文件", id="missing"),
    pytest.param("noheader.csv", b"a,b\n1,2\n", "没有找到表头", id="no-header"),
])
def test_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RosterFileError, match=message):
        read_roster(path)


def test_named_sheet_must_exist(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", export_rows())
    with pytest.raises(RosterFileError, match="没有名为「学生」的工作表"):
        read_roster(path, sheet="学生")


def test_population_list(tmp_path):
    rows = [["适龄人口名单"], ["姓名", "公民身份号码", "出生日期", "乡镇（街道）", "村（社区）"],
            ["李小明", A, "", "青山镇", "石桥村"], ["王芳", B.lower(), "2012-08-07", "青山镇", "东村"]]
    check = read_population(xlsx(tmp_path / "人口.xlsx", rows, sheet="名单"))
    assert check.ok
    assert check.roster[["id_number", "birth_date", "township", "village"]].values.tolist() == [
        [A, "2015-03-01", "青山镇", "石桥村"], [B.upper(), "2012-08-07", "青山镇", "东村"]]
