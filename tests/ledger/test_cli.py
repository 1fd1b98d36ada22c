from __future__ import annotations

import json

import pytest
from docx import Document
from typer.testing import CliRunner

from junheng.ledger.cli import app
from tests.ledger.reports.test_excel import rows, write

pytestmark = pytest.mark.core
runner = CliRunner()


def test_import_then_report_then_overdue(tmp_path):
    xlsx = write(tmp_path / "检查.xlsx", rows())
    out = tmp_path / "items.json"
    r = runner.invoke(app, ["import", str(xlsx), "--json", str(out), "--operator", "王明"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["items"]) == 2
    r = runner.invoke(app, ["report", str(out), "--today", "2026-10-01", "--word", str(tmp_path / "r.docx"),
                            "--excel", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 0, r.output
    assert "共有整改事项 2 项" in "\n".join(p.text for p in Document(str(tmp_path / "r.docx")).paragraphs)
    r = runner.invoke(app, ["overdue", str(out), "--today", "2026-10-01"])
    assert r.exit_code == 0 and "[挂牌督办]" in r.stdout and "城关一小" in r.stdout   # 较重, 16 days late


def test_import_errors_exit_2_and_list_every_problem(tmp_path):
    data = rows()
    data[0][4] = "卫生"
    data[1][9] = "下周"
    r = runner.invoke(app, ["import", str(write(tmp_path / "检查.xlsx", data)), "--json", str(tmp_path / "o.json")])
    assert r.exit_code == 2
    assert "第 3 行" in r.stderr and "「问题类别」列" in r.stderr and "第 4 行" in r.stderr and "整改期限" in r.stderr
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize("args,message", [
    (["report", "{dir}/none.json", "--word", "{dir}/r.docx"], "找不到事项文件"),
    (["report", "{dir}/bad.json", "--excel", "{dir}/r.xlsx"], "格式错误"),
    (["report", "{dir}/bad.json"], "至少给出"),
    (["overdue", "{dir}/good.json", "--today", "明天"], "不是有效日期"),
    (["import", "{dir}/none.xlsx", "--json", "{dir}/o.json"], "找不到文件"),
    (["import", "{dir}/none.xlsx", "--json", "{dir}/o.json", "--inspection", "x"], "找不到文件"),
], ids=["missing-items", "bad-items", "no-output", "bad-date", "missing-excel", "partial-source"])
def test_bad_input_exits_2(tmp_path, args, message):
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    (tmp_path / "good.json").write_text('{"items": []}', encoding="utf-8")
    r = runner.invoke(app, [a.format(dir=tmp_path) for a in args])
    assert r.exit_code == 2 and message in r.stderr


def test_template_command(tmp_path):
    r = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0 and (tmp_path / "t.xlsx").exists()
