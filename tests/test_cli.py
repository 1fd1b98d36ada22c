"""The foundation's command line, end to end on a SQLite deployment in a temporary folder."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from junheng.cli import app

pytestmark = pytest.mark.db


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JUNHENG_DATABASE_URL", raising=False)
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_init_template_import_list_undo(env, registry_file):
    assert run("init", "--admin-password", "admin-pass-1").exit_code == 0
    assert (env / "data" / "junheng.db").exists()
    out = run("template", "registry", "-o", str(env / "t.xlsx"))
    assert out.exit_code == 0
    wb = load_workbook(env / "t.xlsx")
    assert wb.sheetnames == ["填表说明", "县区", "乡镇", "学校", "班级", "教师", "学生"]
    kinds = [dv for dv in wb["学校"].data_validations.dataValidation if "九年一贯制" in dv.formula1]
    assert kinds, "school kind must be a drop-down list"
    imported = run("import", "registry", str(registry_file))
    assert imported.exit_code == 0 and "导入完成：批次 1" in imported.stdout
    assert "有效" in run("import", "list").stdout
    assert run("import", "undo", "1").exit_code == 0
    assert "已撤销" in run("import", "list").stdout
    assert run("fetch", "/schools").exit_code == 0


def test_bad_file_exits_non_zero_and_writes_report(env, registry_file):
    run("init", "--admin-password", "admin-pass-1")
    wb = load_workbook(registry_file)
    wb["学校"].cell(2, 3, "大学")
    wb.save(registry_file)
    report = env / "错误报告.xlsx"
    result = CliRunner().invoke(app, ["import", "registry", str(registry_file), "--report", str(report)])
    assert result.exit_code == 1
    assert "学校" in result.stderr and "第 2 行" in result.stderr and "「大学」不是有效代码" in result.stderr
    rows = list(load_workbook(report)["错误清单"].iter_rows(values_only=True))
    assert rows[1][2:5] == ("学校", 2, "办学类型")
