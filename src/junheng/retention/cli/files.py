"""``junheng retention …``: the term census and the population reconciliation from files, without a database.

Contract (issue 4, keep stable): ``junheng retention census --previous OLD.csv --current NEW.csv --json OUT.json``
reads two rosters (``student_id, name, id_number, birth_date, school, grade, status``; the 学籍 system's export
and the registry's 学生 sheet work too) and writes ``continuing, transferred_within, transferred_out, graduated,
suspected_dropouts, new``. Bad input: a Chinese message naming file, sheet, row and column on stderr, exit code 2.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
import yaml
from rich.console import Console
from rich.table import Table

from junheng.analytics import engines
from junheng.io.problems import Problem
from junheng.retention.core.census import OUTCOME_LABELS
from junheng.retention.core.census_engine import (
    EngineCensus,
    normalize_roster_table,
    write_result_parquet,
)
from junheng.retention.core.census_engine import census as run_any_census
from junheng.retention.core.deadlines import census_due, report_deadlines
from junheng.retention.core.reconcile import reconcile
from junheng.retention.core.roster import RosterCheck
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.readers.roster_io import RosterFileError, read_population, read_roster

app = typer.Typer(help="控辍保学：学期学籍清查、适龄人口比对（不需要数据库）", no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@app.callback()
def main() -> None:
    """控辍保学命令。"""


def fail(message: str) -> None:
    err.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(2)


def describe(p: Problem) -> str:
    where = p.file + (f"，工作表「{p.sheet}」" if p.sheet else "")
    where += f"，第 {p.row} 行" if p.row is not None else ""
    where += f"，「{p.column}」列" if p.column else ""
    return f"{where}：{p.reason}"


def _load(check_of, path: Path, what: str, **kwargs) -> RosterCheck:
    try:
        check = check_of(path, **kwargs)
    except RosterFileError as exc:
        fail(str(exc))
    for w in check.warnings[:20]:
        err.print(f"[yellow]提示：[/]{describe(w)}")
    if len(check.warnings) > 20:
        err.print(f"[yellow]提示：[/]另有 {len(check.warnings) - 20} 条提示未列出")
    if check.problems:
        err.print(f"[bold red]{what}「{path.name}」有 {len(check.problems)} 处问题，未做比对：[/]")
        for p in check.problems[:50]:
            err.print(f"  {describe(p)}")
        raise typer.Exit(2)
    return check


def _settings(path: Path | None) -> RetentionSettings:
    if path is None:
        return RetentionSettings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return RetentionSettings(**data)
    except FileNotFoundError:
        fail(f"找不到设置文件：{path}")
    except (yaml.YAMLError, TypeError, ValueError) as exc:
        fail(f"设置文件 {path.name} 无效：{exc}")


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option} 的日期「{text}」无效，应为 YYYY-MM-DD")


@app.command()
def census(
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="上学期花名册（CSV、Excel，或 Parquet 文件/文件夹）")] = None,
    current: Annotated[Path | None, typer.Option(
        "--current", help="本学期花名册（CSV、Excel，或 Parquet 文件/文件夹）")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="结果 JSON 文件")] = None,
    term: Annotated[str | None, typer.Option(
        "--term", help="改为对数据库中已导入的花名册清查本学期（如 2024-2）并保存结果、为疑似辍学立案")] = None,
    term_start: Annotated[str | None, typer.Option(
        help="本学期开学日期 YYYY-MM-DD；给出时为每名疑似辍学学生计算上报期限")] = None,
    census_date: Annotated[str | None, typer.Option(help="完成比对的日期 YYYY-MM-DD（默认今天）")] = None,
    graduating_grade: Annotated[list[int] | None, typer.Option(
        help="上学期花名册导出时尚未做毕业处理的毕业年级（可重复），如 9")] = None,
    settings_file: Annotated[Path | None, typer.Option("--settings", help="控辍保学设置 YAML（节假日、天数等）")] = None,
    details: Annotated[bool, typer.Option(
        help="在 JSON 中加入 details：死亡、辍学、复学、学籍号变更、升学、提示等")] = False,
    excel: Annotated[Path | None, typer.Option(help="另存一份 Excel 清单（汇总及各类名单）")] = None,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="计算引擎：duckdb（默认，本机）、postgres、spark；默认取 JUNHENG_ANALYTICS_ENGINE")] = None,
    parquet: Annotated[Path | None, typer.Option(
        "--parquet", help="把逐生名单另存为 Parquet 的文件夹（students、new、unmatched_records、warnings）")] = None,
) -> None:
    """比对上学期与本学期花名册：在读、县内转学、转出、毕业、疑似辍学、新增。

    两种用法：``--previous 旧.csv --current 新.csv --json 结果.json``（文件，不需要数据库），或
    ``--term 2024-2``（数据库中已导入的两个学期的花名册，结果保存到数据库并为疑似辍学立案）。
    花名册可为 Excel、CSV，或省级数据湖的 Parquet 文件（或 Parquet 文件夹）；全省规模时用 ``--engine``
    在 DuckDB（可溢写磁盘）、PostgreSQL 或 Spark 中计算（docs/scale.md）。"""
    settings = _settings(settings_file)
    start, found_on = _date(term_start, "--term-start"), _date(census_date, "--census-date") or dt.date.today()
    if term is not None:
        if previous is not None or current is not None:
            fail("--term 与 --previous/--current 不能同时使用")
        if engine is not None or parquet is not None:
            fail("--engine、--parquet 只用于文件比对（--previous/--current）")
        from junheng.retention.cli.db import census_in_database

        counts = census_in_database(term, settings=settings, term_start=start, census_date=found_on,
                                    graduating_grades=graduating_grade or (), json_out=json_out, excel=excel,
                                    fail=fail)
        _print_counts(counts)
        return
    if previous is None or current is None or json_out is None:
        fail("请给出 --previous、--current 和 --json（文件比对），或 --term（数据库中的学期）")
    try:
        name = engines.engine_name(engine)
    except engines.EngineError as exc:
        fail(str(exc))
    lake = _is_lake(previous) or _is_lake(current)
    try:
        backend = engines.connect(name) if name != "duckdb" or lake else None
    except engines.EngineError as exc:
        fail(str(exc))
    result = None
    try:
        prev = _roster_input(backend, previous, "上学期花名册")
        cur = _roster_input(backend, current, "本学期花名册")
        result = run_any_census(prev, cur, backend=backend, graduating_grades=graduating_grade or ())
        _write_census(result, json_out, settings=settings, start=start, found_on=found_on, details=details,
                      excel=excel, parquet=parquet)
    finally:
        if isinstance(result, EngineCensus):
            result.release()
        if name == "spark":
            engines.stop_spark()
        elif backend is not None:
            engines.release(backend)


def _is_lake(path: Path) -> bool:
    """A province lake's input: a Parquet file or a folder of Parquet parts."""
    return path.suffix.lower() in (".parquet", ".pq") or path.is_dir()


def _roster_input(backend, path: Path, what: str):
    """A roster from a user's Excel/CSV (read and checked here) or a Parquet path (read and checked in the
    engine); pandas frames go to the engine only when the census runs there."""
    if not _is_lake(path):
        return _load(read_roster, path, what).roster
    try:
        raw = engines.read(backend, path, stem="roster")
    except engines.EngineError as exc:
        fail(f"{what}：{exc}")
    check = normalize_roster_table(backend, raw, source=path.name)
    if check.problems:
        err.print(f"[bold red]{what}「{path.name}」有 {len(check.problems)} 处问题，未做比对：[/]")
        for p in check.problems[:50]:
            err.print(f"  {describe(p)}")
        raise typer.Exit(2)
    return check.roster


def _write_census(result, json_out: Path, *, settings, start, found_on, details: bool, excel: Path | None,
                  parquet: Path | None) -> None:
    """The contract JSON (unchanged whichever engine computed it), deadlines, details, Excel and Parquet lists."""
    payload = result.to_contract()
    due = None
    if start is not None:
        calendar = TermCalendar.from_settings(settings)
        due = report_deadlines(result.suspected_dropouts(), term_start=start, calendar=calendar, settings=settings,
                               today=found_on, found_on=found_on)
        for item, by in zip(payload["suspected_dropouts"], due["report_by"]):
            item["report_by"] = pd.Timestamp(by).date().isoformat()
        payload["census_due"] = census_due(start, calendar, settings).isoformat()
    if details:
        payload["details"] = result.to_details()
    json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    if excel is not None:
        from junheng.retention.reports.excel import write_census_workbook

        write_census_workbook(result.collect() if isinstance(result, EngineCensus) else result, excel,
                              deadlines=due)
    if parquet is not None:
        write_result_parquet(result, parquet)
    _print_counts(result.counts())
    if len(result.warnings):
        err.print(f"[yellow]提示：[/]{len(result.warnings)} 条重复学籍或身份证件号重复，见 --details")


def _print_counts(counts: dict[str, int]) -> None:
    table = Table(title="学籍清查结果")
    table.add_column("类别")
    table.add_column("人数", justify="right")
    for key, label in OUTCOME_LABELS.items():
        table.add_row(label, str(counts[key]))
    out.print(table)


@app.command("reconcile")
def reconcile_command(
    population: Annotated[Path, typer.Option("--population", help="户籍适龄人口名单（CSV 或 Excel）")],
    roster: Annotated[list[Path], typer.Option("--roster", help="本学期花名册，可给多个")],
    json_out: Annotated[Path, typer.Option("--json", help="结果 JSON 文件")],
    year: Annotated[int, typer.Option(help="计算年龄的年份（基准日见设置，默认 8 月 31 日）")],
    settings_file: Annotated[Path | None, typer.Option("--settings", help="控辍保学设置 YAML")] = None,
) -> None:
    """适龄人口与全县花名册比对：未在任何学校在籍的适龄儿童，以及待人工确认的疑似对应学生。"""
    settings = _settings(settings_file)
    people = _load(read_population, population, "适龄人口名单").roster
    rosters = pd.concat([_load(read_roster, p, "花名册").roster for p in roster], ignore_index=True)
    result = reconcile(people, rosters, year=year, settings=settings)
    payload = {
        "unenrolled": result.unenrolled[["id_number", "name", "birth_date", "township", "village", "hint"]]
        .to_dict("records"),
        "pending": result.pending[["id_number", "name", "birth_date", "township", "village"]].to_dict("records"),
        "candidates": result.candidates[["id_number", "name", "student_id", "roster_name", "school", "score",
                                         "reason"]].to_dict("records"),
        "matched": int(result.people["match"].eq("id_number").sum()),
    }
    json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    out.print(f"适龄儿童 {len(result.people)} 人：在籍 {payload['matched']} 人，未在籍 {len(payload['unenrolled'])} 人，"
              f"待确认 {len(payload['pending'])} 人")
