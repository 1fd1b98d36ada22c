"""``junheng balance import / template / report``: the commands that work on the deployment's database (the
pure ``assess / shortfalls / plan`` on a CSV are in ``junheng.balance.cli.files``). A second Typer app, mounted by the
lead next to the first one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="优质均衡数据库操作：导入办学条件采集表、生成采集模板、生成自评报告", no_args_is_help=True)
template_app = typer.Typer(help="生成数据采集模板（Excel）", no_args_is_help=True)
app.add_typer(template_app, name="template")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _deployment():
    from junheng.config import Settings
    from junheng.deployment import Deployment

    return Deployment.open(Settings())


@app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="办学条件采集表（.xlsx）")],
               year: int | None = typer.Option(None, "--year", help="只接受该年度的行"),
               user: str = typer.Option("admin", "--user", help="记入日志的操作人"),
               report: Annotated[Path | None, typer.Option("--report", help="出错时写出 Excel 错误报告")] = None,
               ) -> None:
    """导入办学条件采集表：全部检查通过才一次写入（一个可撤销的批次）；再次导入只更新变化的行。"""
    from junheng.balance.store.school_data import TABLE, import_school_data
    from junheng.io.problem_report import write_problem_report
    from junheng.io.problems import ImportFailed

    if not file.is_file():
        _fail(f"错误：找不到文件 {file}")
    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            result = import_school_data(session, file, user, year=year)
    except ImportFailed as failed:
        typer.echo(f"导入失败：共 {len(failed.problems)} 处问题，未写入任何数据", err=True)
        for p in failed.problems[:200]:
            typer.echo(f"  • {p}", err=True)
        if report is not None:
            write_problem_report(failed.problems, report)
            typer.echo(f"错误报告已写入 {report}", err=True)
        raise typer.Exit(2) from None
    finally:
        dep.db.dispose()
    c = result.summary().get(TABLE, {})
    typer.echo(f"导入完成（批次 {result.batch_id}）：新增 {c.get('inserted', 0)} 行，更新 {c.get('updated', 0)} 行，"
               f"未变化 {c.get('unchanged', 0)} 行")


@template_app.command("school-data")
def template_school_data(year: int = typer.Option(..., "--year", help="年度，如 2024"),
                         output: Annotated[Path, typer.Option("-o", "--output")] = Path("办学条件采集表.xlsx"),
                         blank: bool = typer.Option(False, "--blank", help="不预填学校名单")) -> None:
    """办学条件采集表：每个学校每个学部一行（预填学校名册中的学校），带填表说明与数据有效性。"""
    from junheng.balance.reports.excel import write_school_data_template

    schools = None
    if not blank:
        from junheng.balance.store.queries import county_school_ids
        from junheng.balance.store.service import template_schools

        dep = _deployment()
        try:
            with dep.db.sessions() as session:
                schools = template_schools(session, county_school_ids(session, ""))
        finally:
            dep.db.dispose()
    write_school_data_template(output, year, schools)
    typer.echo(f"已生成 {output}" + (f"（预填 {len(schools)} 所学校）" if schools is not None and len(schools) else ""))


@app.command("report")
def report_cmd(year: int = typer.Option(..., "--year", help="年度，如 2024"),
               output: Annotated[Path, typer.Option("-o", "--output")] = Path("自评报告.docx"),
               standard: str = typer.Option("quality_2017", "--standard", "-s", help="quality_2017 或 basic_2012"),
               template: Annotated[Path | None, typer.Option("--template", help="教育局的 Word 模板（docxtpl 占位符）")]
               = None,
               excel: Annotated[Path | None, typer.Option("--excel", help="同时导出全部评估表（Excel）")] = None,
               county: str = typer.Option("", "--county", help="县区代码（一个部署有多个县区时）")) -> None:
    """自评报告（Word）：由数据库中的办学条件、县级填报与评议结论生成；可套用教育局模板。"""
    from junheng.balance.core.shortfalls import cv_drivers, shortfalls
    from junheng.balance.reports.word import build_report, render_template
    from junheng.balance.store.queries import STANDARDS, NoData, compute_assessment

    if standard not in STANDARDS:
        _fail(f"错误：未知的评估标准 {standard}（可用：{'、'.join(STANDARDS)}）")
    if template is not None and not template.is_file():
        _fail(f"错误：找不到模板文件 {template}")
    dep = _deployment()
    try:
        with dep.db.sessions() as session:
            ca = compute_assessment(session, year, standard, county)
    except NoData as exc:
        _fail(f"错误：{exc}")
    finally:
        dep.db.dispose()
    items, drivers = shortfalls(ca.assessment), cv_drivers(ca.assessment)
    kw = {"county": ca.county_name, "year": year, "shortfalls": items, "drivers": drivers}
    try:
        if template is None:
            build_report(output, ca.assessment, **kw)
        else:
            render_template(template, output, ca.assessment, **kw)
    except Exception as exc:  # noqa: BLE001 — a broken bureau template is the user's to fix: say what failed
        _fail(f"错误：无法生成报告：{exc}")
    if excel is not None:
        from junheng.balance.reports.excel import export_results

        export_results(excel, ca.assessment, shortfalls=items, drivers=drivers)
    verdict = {True: "达标", False: "未达标", None: "待定"}[ca.assessment.passes]
    typer.echo(f"已生成 {output}：{ca.county_name}{year}年 县域结论 {verdict}，短板 {len(items)} 项")
