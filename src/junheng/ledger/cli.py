"""``junheng ledger …``: the problem-list template, import with validation, overdue list, Word/Excel report.

These commands work offline on items as a JSON file ``{"items": [...]}`` (``junheng.ledger.core.serialize``); the
deployment's ledger (database, evidence, web pages) is in ``junheng.ledger.store.service`` / ``routes``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from junheng.ledger.core.escalation import leader_dashboard
from junheng.ledger.core.model import LedgerItem, Source
from junheng.ledger.core.serialize import item_from_dict, item_to_dict

app = typer.Typer(help="整改台账：问题清单模板、导入校验、逾期清单、整改报告（Word/Excel）。", no_args_is_help=True,
                  add_completion=False)


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(2)


def _date(text: str | None, what: str) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"{what}「{text}」不是有效日期（应为 YYYY-MM-DD）")


def load_items(path: Path) -> list[LedgerItem]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [item_from_dict(d) for d in data["items"]]
    except FileNotFoundError:
        _fail(f"找不到事项文件：{path}")
    except (ValueError, KeyError, TypeError) as exc:
        _fail(f"事项文件 {path.name} 格式错误：{exc!r}")


def save_items(items: list[LedgerItem], path: Path) -> None:
    path.write_text(json.dumps({"items": [item_to_dict(i) for i in items]}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")


@app.command("template")
def template_cmd(out: Annotated[Path, typer.Option("-o", "--out", help="模板文件路径（.xlsx）")]) -> None:
    """写出检查问题清单的 Excel 导入模板（含填表说明和下拉选项）。"""
    from junheng.ledger.reports.excel import write_inspection_template

    write_inspection_template(out)
    typer.echo(f"模板已写入 {out}")


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="检查问题清单（.xlsx/.xls）")],
    json_out: Annotated[Path, typer.Option("--json", help="写出的事项文件（JSON）")],
    inspection: Annotated[str | None, typer.Option("--inspection", help="检查名称（表中无此列时）")] = None,
    date: Annotated[str | None, typer.Option("--date", help="检查日期 YYYY-MM-DD（表中无此列时）")] = None,
    by: Annotated[str | None, typer.Option("--by", help="检查人（表中无此列时）")] = None,
    operator: Annotated[str, typer.Option("--operator", help="导入操作人")] = "系统导入",
) -> None:
    """校验并导入问题清单：有任何错误则不导入，逐条列出文件、工作表、行、列和原因。"""
    from junheng.io.problems import ImportFailed
    from junheng.ledger.reports.excel import read_inspection_excel

    if not file.exists():
        _fail(f"找不到文件：{file}")
    source = None
    if inspection or date or by:
        if not (inspection and date and by):
            _fail("--inspection、--date、--by 须同时给出")
        source = Source(inspection, _date(date, "检查日期"), by)
    try:
        items = read_inspection_excel(file, at=dt.datetime.now().replace(microsecond=0), by=operator, source=source)
    except ImportFailed as exc:
        typer.echo(f"错误：{exc}", err=True)
        for p in exc.problems:
            typer.echo(f"- {p}", err=True)
        raise typer.Exit(2)
    save_items(items, json_out)
    typer.echo(f"已导入 {len(items)} 项，写入 {json_out}")


@app.command("overdue")
def overdue_cmd(
    items_file: Annotated[Path, typer.Argument(help="事项文件（JSON）")],
    today: Annotated[str | None, typer.Option("--today", help="统计日期，默认今天")] = None,
) -> None:
    """领导看板清单：挂牌督办、逾期和未销号的严重问题。"""
    board = leader_dashboard(load_items(items_file), _date(today, "统计日期"))
    if not board:
        typer.echo("没有需要上报领导的事项。")
    for e in board:
        i = e.item
        typer.echo(f"[{e.level.label}] {i.item_id} {i.unit.name}（{i.unit.person}） {i.description} "
                   f"期限 {i.deadline} {e.reason}")


@app.command("report")
def report_cmd(
    items_file: Annotated[Path, typer.Argument(help="事项文件（JSON）")],
    word: Annotated[Path | None, typer.Option("--word", help="Word 报告路径（.docx）")] = None,
    excel: Annotated[Path | None, typer.Option("--excel", help="Excel 报告路径（.xlsx）")] = None,
    today: Annotated[str | None, typer.Option("--today", help="统计日期，默认今天")] = None,
    title: Annotated[str, typer.Option("--title", help="报告标题")] = "整改台账情况报告",
) -> None:
    """生成整改情况报告（Word 和/或 Excel）。"""
    from junheng.ledger.reports.word import write_excel_report, write_word_report

    if word is None and excel is None:
        _fail("请至少给出 --word 或 --excel")
    items, day = load_items(items_file), _date(today, "统计日期")
    if word is not None:
        write_word_report(items, day, word, title)
        typer.echo(f"Word 报告已写入 {word}")
    if excel is not None:
        write_excel_report(items, day, excel, title)
        typer.echo(f"Excel 报告已写入 {excel}")
