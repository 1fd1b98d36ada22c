"""`junheng balance …` — assess sections from a CSV, list shortfalls, compute a plan (no database needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from junheng.balance.core.assess import AssessmentError, assess
from junheng.balance.core.jsonout import assessment_to_contract, plan_to_json, shortfalls_to_json
from junheng.balance.core.validate import validate_sections
from junheng.standards import StandardError, load_standard

app = typer.Typer(help="优质均衡 / 基本均衡评估：学部指标、差异系数、达标结论、短板清单与优化方案", no_args_is_help=True)


@app.callback()
def _main() -> None:
    """优质均衡 / 基本均衡评估。"""


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        _fail(f"错误：找不到输入文件 {path}")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            _fail(f"错误：文件 {path.name} 是空的")
        except pd.errors.ParserError as exc:
            _fail(f"错误：文件 {path.name} 不是有效的 CSV：{exc}")
    _fail(f"错误：文件 {path.name} 的编码无法识别（请保存为 UTF-8 或 GBK）")
    raise AssertionError  # unreachable


def _load(input_path: Path, standard: str):
    try:
        st = load_standard(standard)
    except StandardError as exc:
        _fail(f"错误：{exc}")
    frame = _read_csv(input_path)
    clean, issues = validate_sections(frame, st, file=input_path.name)
    if issues:
        lines = [i.text() for i in issues[:50]]
        more = f"\n……共 {len(issues)} 处问题" if len(issues) > 50 else ""
        _fail("输入数据有误：\n" + "\n".join(lines) + more)
    return st, clean


def _write_json(path: Path, data: dict) -> None:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        _fail(f"错误：无法写入 {path}：{exc}")


Input = Annotated[Path, typer.Option("--input", "-i", help="学部数据 CSV（每行一个学校学部）")]
StandardName = Annotated[str, typer.Option("--standard", "-s", help="评估标准：quality_2017 或 basic_2012 等")]


@app.command("assess")
def assess_cmd(
    input_path: Input,
    standard: StandardName = "quality_2017",
    json_out: Annotated[Path | None, typer.Option("--json", help="把结果写成 JSON（固定格式）")] = None,
) -> None:
    """评估：各学部指标与达标情况、各学段差异系数、资源配置结论。"""
    st, clean = _load(input_path, standard)
    try:
        a = assess(clean, st)
    except AssessmentError as exc:
        _fail(f"错误：{exc}")
    if json_out is not None:
        _write_json(json_out, assessment_to_contract(a))
    for s in a.stages.values():
        bad = sum(not r.passes for r in s.sections)
        cvs = "、".join(f"{k} {c.value:.3f}" for k, c in s.cvs.items())
        typer.echo(f"{s.stage}：{len(s.sections)} 个学部，{bad} 个未达标；差异系数 {cvs}"
                   + (f"；综合 {s.composite.value:.3f}" if s.composite else ""))
    typer.echo(f"{a.dimensions['resources'].name}：{'达标' if a.resource_passes else '未达标'}")


@app.command("shortfalls")
def shortfalls_cmd(
    input_path: Input,
    standard: StandardName = "quality_2017",
    json_out: Annotated[Path | None, typer.Option("--json", help="把短板清单写成 JSON")] = None,
) -> None:
    """短板清单：每个未达标指标需增加多少（人、㎡、万元、间），以及哪些学部拉高了差异系数。"""
    from junheng.balance.core.shortfalls import cv_drivers, shortfalls

    st, clean = _load(input_path, standard)
    a = assess(clean, st)
    items, drivers = shortfalls(a), cv_drivers(a)
    if json_out is not None:
        _write_json(json_out, shortfalls_to_json(items, drivers))
    for s in items:
        typer.echo(f"{s.school_name}（{s.stage}）{s.key}：{s.text}")
    for d in drivers:
        typer.echo(d.text)


@app.command("plan")
def plan_cmd(
    input_path: Input,
    standard: StandardName = "quality_2017",
    json_out: Annotated[Path | None, typer.Option("--json", help="把方案写成 JSON")] = None,
    costs: Annotated[Path | None, typer.Option("--costs", help="单位成本 JSON（键见 UnitCosts，单位：元）")] = None,
    scope: Annotated[str, typer.Option("--scope", help="教师交流范围：none、same_township、county")] = "same_township",
    time_limit: Annotated[float, typer.Option("--time-limit", help="求解时间上限（秒）")] = 30.0,
) -> None:
    """优化方案：使每个学部达标、每项差异系数达标的最低成本方案（招聘、交流、建设、购置）。"""
    from junheng.balance.core.plan import PlanError, optimise_plan
    from junheng.balance.core.plan_model import TransferPolicy, UnitCosts

    st, clean = _load(input_path, standard)
    if scope not in ("none", "same_township", "county"):
        _fail(f"错误：--scope 应为 none、same_township 或 county，而不是 {scope}")
    unit = UnitCosts()
    if costs is not None:
        try:
            unit = UnitCosts(**json.loads(costs.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            _fail(f"错误：成本文件 {costs} 无效：{exc}")
    try:
        plan = optimise_plan(clean, st, costs=unit, policy=TransferPolicy(scope=scope), time_limit=time_limit)
    except PlanError as exc:
        _fail(f"错误：{exc}")
    if json_out is not None:
        _write_json(json_out, plan_to_json(plan))
    typer.echo(f"方案（{plan.status}，差距 {plan.gap:.2%}）：总成本 {plan.cost / 1e4:.1f} 万元")
    for x in plan.actions:
        typer.echo(f"{x.school_name}（{x.stage}）：{x.text}")
