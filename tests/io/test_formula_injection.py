"""No exported cell becomes a formula: every Excel writer stores a text starting with = + - @ as a text cell
with its value unchanged, CSV exports put an apostrophe before it, and numbers (negative ones too) stay numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from junheng.io.cells import csv_frame, csv_text, formula_like, guard_sheet, safe_row

EVIL = ["=1+1", "=cmd|' /C calc'!A0", "@SUM(A1)", "+1+2", "-2+3"]


def cells_of(source) -> list:
    book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


def assert_literal(source, texts=EVIL, numbers=()) -> None:
    cells = cells_of(source)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula was written"
    as_text = {c.value for c in cells if c.data_type == "s"}
    for text in texts:
        assert text in as_text, f"{text!r} not written as text"
    values = [c.value for c in cells if c.data_type == "n"]
    for n in numbers:
        assert n in values, f"number {n} not kept as a number"


@pytest.mark.parametrize("write_only", [False, True])
def test_safe_row_keeps_the_text_and_the_numbers(tmp_path, write_only):
    book = Workbook(write_only=write_only)
    ws = book.create_sheet("t") if write_only else book.active
    ws.append(safe_row(ws, [*EVIL, -5, 3.5, None, "普通文字", "a=b"]))
    book.save(tmp_path / "t.xlsx")
    cells = cells_of(tmp_path / "t.xlsx")
    assert [c.value for c in cells] == [*EVIL, -5, 3.5, None, "普通文字", "a=b"]
    assert [c.data_type for c in cells][:len(EVIL) + 2] == ["s"] * len(EVIL) + ["n", "n"]


def test_guard_sheet_after_pandas_and_cell_writes(tmp_path):
    path = tmp_path / "p.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        pd.DataFrame({"name": EVIL, "n": [-1, 2, -3.5, 4, 5]}).to_excel(xw, sheet_name="s", index=False)
        ws = xw.sheets["s"]
        ws.cell(20, 5, "=SUM(B2:B6)")
        assert ws["A2"].data_type == "f"  # what openpyxl does unguarded
        guard_sheet(ws)
        assert ws.max_row == 20 and len(ws._cells) == 2 * 6 + 1  # no empty cell created
    assert_literal(path, [*EVIL, "=SUM(B2:B6)"], numbers=[-1, -3.5])


def test_csv_text_prefixes_an_apostrophe_only_to_formula_like_text():
    for text in [*EVIL, "\t=1", "\r=1"]:
        assert formula_like(text) and csv_text(text) == "'" + text
    assert [csv_text(v) for v in (-5, 2.5, None, "学校", "a-b")] == [-5, 2.5, None, "学校", "a-b"]
    frame = csv_frame(pd.DataFrame({"name": ["=1+1", "学校"], "n": [-1.5, 2.0]}))
    assert frame.to_csv(index=False).splitlines() == ["name,n", "'=1+1,-1.5", "学校,2.0"]


def test_problem_report_and_registry_template(tmp_path):
    from junheng.io.problem_report import write_problem_report
    from junheng.io.problems import Problem
    from junheng.registry.reports.excel import write_registry
    from tests.factories import small_registry

    report = write_problem_report([Problem(t, "学校", 2, "学校名称", t) for t in EVIL], tmp_path / "r.xlsx")
    assert_literal(report)
    data = small_registry()
    for school, name in zip(data["school"], EVIL):
        school["name"] = name
    data["teacher"][0]["name"] = "@SUM(A1)"
    data["student"][0]["name"] = "=cmd|' /C calc'!A0"
    assert_literal(write_registry(data, tmp_path / "名册.xlsx"), EVIL[:3])


def test_lottery_health_teachers_and_admissions_exports():
    from junheng.admissions.reports.excel import results_workbook
    from junheng.health.reports.excel import below_pass_workbook
    from junheng.lottery.reports.export import receipts_workbook
    from junheng.teachers.reports.excel import behind_xlsx, teacher_list_xlsx

    receipt = SimpleNamespace(position=1, applicant_id="A1", tier=1, draw_number=-7, sibling_group="", result="录取",
                              school_name="=1+1", round_no=1, waitlist_position=None, rule="@SUM(A1)")
    assert_literal(receipts_workbook("=cmd|' /C calc'!A0", [(receipt, "+1+2")]), EVIL[:4], numbers=[-7])
    pupil = {"school_name": "=1+1", "grade": 7, "class_name": "-2+3", "student_id": "G1", "name": "@SUM(A1)",
             "sex": "男", "total": -1.0, "weak": "+1+2"}
    assert_literal(below_pass_workbook([pupil], "=cmd|' /C calc'!A0"), numbers=[-1.0])
    teacher = {"teacher_id": "T1", "name": "=1+1", "gender": "女", "age": 40, "school": "=cmd|' /C calc'!A0",
               "section": "小学", "subject": "@SUM(A1)", "education": "本科", "title": "+1+2", "backbone": "-2+3",
               "hours": 12, "required": 360, "eligible": True, "masked": "", "behind": -348}
    assert_literal(teacher_list_xlsx([teacher]))
    view = SimpleNamespace(training=SimpleNamespace(cycle=(2021, 2025)))
    assert_literal(behind_xlsx([teacher], view), ["=1+1", "=cmd|' /C calc'!A0"], numbers=[-348])
    child = SimpleNamespace(application_no="B1", child_name="=1+1", id_number_masked="", section="小学", source="",
                            school_id="S1", tier_label="@SUM(A1)", status="", decision_reason="+1+2",
                            result_school="S1", result_stage="", result_reason="-2+3")
    assert_literal(results_workbook([child], {"S1": "=cmd|' /C calc'!A0"}, 2026))


def test_retention_exports(tmp_path):
    from junheng.retention.reports.excel import _sheet
    from junheng.retention.reports.exports import write_sheets

    rows = [{"name": t, "school_name": "学校", "n": -i} for i, t in enumerate(EVIL, 1)]
    assert_literal(write_sheets(tmp_path / "x.xlsx", [("名单", (("name", "姓名"), ("n", "数")), rows)]),
                   numbers=[-1, -5])
    book = Workbook()
    _sheet(book, "疑似辍学", pd.DataFrame({"name": EVIL, "grade": [-1, 2, 3, 4, 5]}))
    book.save(tmp_path / "c.xlsx")
    assert_literal(tmp_path / "c.xlsx", numbers=[-1])


def test_scores_and_evaluation_sheets(tmp_path):
    from junheng.evaluation.reports.rubric_excel import _sheet as rubric_sheet
    from junheng.scores.reports.excel import _sheet as scores_sheet

    book = Workbook(write_only=True)
    scores_sheet(book, "学校", pd.DataFrame({"=1+1": EVIL, "得分率": [-0.5, 0.1, 0.2, 0.3, 0.4]}), ("得分率",))
    book.save(tmp_path / "s.xlsx")
    assert_literal(tmp_path / "s.xlsx", numbers=[-0.5])
    book = Workbook()
    rubric_sheet(book, "指标", ("编号", "名称"), [(f"I{i}", t) for i, t in enumerate(EVIL)], (8, 30))
    book.save(tmp_path / "r.xlsx")
    assert_literal(tmp_path / "r.xlsx")


def test_ledger_excel_report(tmp_path):
    from junheng.ledger.core import ResponsibleUnit, UnitKind
    from junheng.ledger.reports.word import write_excel_report
    from tests.ledger.factory import item

    items = [item(f"ZG000{i}", unit=ResponsibleUnit(f"36012300{i:02d}", name, UnitKind.SCHOOL, "@SUM(A1)"))
             for i, name in enumerate(["=1+1", "=cmd|' /C calc'!A0"], 1)]
    assert_literal(write_excel_report(items, dt.date(2026, 10, 9), tmp_path / "l.xlsx"), EVIL[:2])


def test_balance_school_data_files(tmp_path):
    from junheng.balance.reports.excel import write_school_data_template
    from junheng.balance.reports.school_data_template import write_school_data

    schools = pd.DataFrame({"school_id": ["2133010001", "2133010002"], "name": ["=1+1", "@SUM(A1)"],
                            "kind": ["小学", "初中"]})
    assert_literal(write_school_data_template(tmp_path / "t.xlsx", 2026, schools), ["=1+1", "@SUM(A1)"])
    frame = pd.DataFrame({"school_id": ["2133010001"], "school_name": ["=cmd|' /C calc'!A0"], "section": ["小学"]})
    assert_literal(write_school_data(frame, tmp_path / "d.xlsx", year=2026), ["=cmd|' /C calc'!A0"])


def test_every_excel_writer_routes_its_cells_through_the_guard():
    """A new writer must use junheng.io.cells (the list of writers is the one this test file covers)."""
    root = Path(__file__).parents[2] / "src" / "junheng"
    writes = re.compile(r"\bWorkbook\((write_only=True)?\)|ExcelWriter\(|\.to_csv\(")
    writers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "/demo" not in str(p) and "readers/" not in str(p) and writes.search(p.read_text()))
    unguarded = [w for w in writers if "junheng.io.cells" not in (root / w).read_text()]
    assert len(writers) >= 15 and unguarded == []
