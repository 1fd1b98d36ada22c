"""``junheng.io.workbook``: damaged files become one located Chinese problem; trailing blank rows are dropped."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from junheng.io.problems import ImportFailed
from junheng.io.workbook import UnreadableFile, drop_trailing_blank_rows, open_workbook


def _book(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "学生"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize("damage", ["half", "empty", "zip", "text"])
def test_damaged_files_are_one_located_problem(tmp_path, damage):
    good = _book(tmp_path / "good.xlsx", [["姓名", "学籍号"], ["张三", "G1"]])
    bad = tmp_path / "名册.xlsx"
    if damage == "half":
        bad.write_bytes(good.read_bytes()[:good.stat().st_size // 2])
    elif damage == "empty":
        bad.write_bytes(b"")
    elif damage == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("a.txt", "x")
        bad.write_bytes(buf.getvalue())
    else:
        bad.write_text("姓名,学籍号\n张三,G1\n", encoding="gb18030")
    with pytest.raises(UnreadableFile) as caught:
        book = open_workbook(bad)
        book.get_sheet_by_index(0).to_python()
    exc = caught.value
    assert isinstance(exc, ImportFailed) and isinstance(exc, ValueError)   # every importer's handler catches it
    assert "名册.xlsx" in str(exc) and ("文件" in exc.reason)
    assert [p.file for p in exc.problems] == ["名册.xlsx"]
    assert str(exc.problems[0]).startswith("名册.xlsx：")                   # no empty 工作表「」 in the message


def test_broken_sheet_part_is_caught_when_the_sheet_is_read(tmp_path):
    good = _book(tmp_path / "good.xlsx", [["姓名", "学籍号"], ["张三", "G1"]])
    bad = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            zout.writestr(info, body[: len(body) // 2] if info.filename == "xl/worksheets/sheet1.xml" else body)
    book = open_workbook(bad, label="学籍.xlsx")
    with pytest.raises(UnreadableFile) as caught:
        book.get_sheet_by_name("学生").to_python(skip_empty_area=False)
    assert "学籍.xlsx" in str(caught.value) and "学生" in str(caught.value)


def test_rows_stop_at_the_last_value(tmp_path):
    path = _book(tmp_path / "a.xlsx", [["姓名"], ["张三"]])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active.cell(50_000, 3, "  ")
    wb.save(path)
    rows = open_workbook(path).get_sheet_by_name("学生").to_python(skip_empty_area=False)
    assert [r[0] for r in rows] == ["姓名", "张三"]
    assert drop_trailing_blank_rows([["a"], ["", None], ["b"], [" ", ""], [None]]) == [["a"], ["", None], ["b"]]
