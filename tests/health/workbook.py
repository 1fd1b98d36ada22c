"""Small workbooks in the upload layout for reader, CLI and store tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADERS = ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身高", "体重",
           "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐", "50米×8往返跑", "立定跳远", "引体向上",
           "800米跑", "1000米跑"]

GOOD = [
    # 一年级男: all 100 + 跳绳 149 (40 beyond 109) → 附加分 20
    ["11", "1101", "一年级1班", "G001", "01", "张一", "1", "2017-03-01", "", 120, 22, 1700, 10.2, 16.1, 149,
     None, None, None, None, None, None],
    # 初二女: the worked example (85.7 + 8 = 93.7)
    ["22", "2201", "初二1班", "G002", "01", "李二", "2", "2011-05-01", "", 160, 50, 2000, 9.0, 10, None, 60,
     None, 170, None, "3'20", None],
    # 初三男: weak results → 不及格
    ["23", "2301", "初三1班", "G003", "01", "王三", "1", "2010-01-01", "", 170, 60, 1800, 10.8, -6, None, None,
     None, 150, 0, None, "7'10"],
]


def write_rows(path: Path, rows: list[list], headers: list[str] = HEADERS, title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "体测成绩"
    if title:
        ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path
