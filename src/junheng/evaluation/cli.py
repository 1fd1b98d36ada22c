"""``junheng evaluation …``: check a rubric, score schools from files (the CLI contract), write the rubric's Excel
form. ``junheng survey …`` (the satisfaction survey) is in ``junheng.survey.cli`` and calls this module's core.

Contract::

    junheng evaluation score --rubric R.yaml --figures F.csv --judgements J.csv --json out.json
    → {"schools": {code: {"total": float, "category": str, "rank": int, "indicators": {id: float|null}, ...}}}

F has columns school, indicator, value and optionally category (a category id or name of the rubric); the
indicator is an indicator id or a figure key the rubric uses; a blank value is a missing figure (null in the
JSON, never 0). A school's category is taken from F's category column, else the rubric's ``schools`` list, else
derived by the rubric's rules from ``--schools S.csv`` (school, name, kind, location[, central]).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from junheng.evaluation.core import EvaluationSettings, RubricError, check_rubric, load_rubric, score_round
from junheng.io.problems import ImportFailed

app = typer.Typer(help="督导评价：考核方案检查、按方案计分排名（分类考核）、方案 Excel 表。", no_args_is_help=True,
                  add_completion=False)


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(2)


def _failed(exc: ImportFailed) -> NoReturn:
    for p in exc.problems:
        typer.echo(f"  {p}", err=True)
    _fail(str(exc))


def _rubric(path: Path):
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            from junheng.evaluation.readers.rubric_excel import read_rubric_excel

            return read_rubric_excel(path)
        return load_rubric(path)
    except RubricError as exc:
        _fail(str(exc))
    except ImportFailed as exc:
        _failed(exc)


@app.command("check")
def check_cmd(rubric: Annotated[Path, typer.Option("--rubric", help="考核方案（.yaml 或 Excel 版）")]) -> None:
    """检查考核方案：权重合计、是否奖励升学率或按名次赋分（2020 年总体方案）。"""
    r = _rubric(rubric)
    warnings = check_rubric(r)
    typer.echo(f"{r.name}：{len(r.categories)} 类学校，{len(r.dimensions)} 个维度，{len(r.indicators)} 项指标，"
               f"权重合计 {r.total_weight:g}")
    for w in warnings:
        typer.echo(f"  [{w.level}] {w.indicator + '：' if w.indicator else ''}{w.message}")
    if not warnings:
        typer.echo("  未发现问题")
    if any(w.level == "错误" for w in warnings):
        raise typer.Exit(1)


@app.command("score")
def score_cmd(
    rubric: Annotated[Path, typer.Option("--rubric", help="考核方案（.yaml 或 Excel 版）")],
    figures: Annotated[Path, typer.Option("--figures", help="数据表 CSV/Excel：school, indicator, value[, category]")],
    judgements: Annotated[Path | None, typer.Option(
        "--judgements", help="督学评分表 CSV/Excel：school, indicator, rater, score")] = None,
    schools: Annotated[Path | None, typer.Option(
        "--schools", help="学校表 CSV/Excel：school, name, kind, location[, central]，用于按方案规则判定类别")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="结果写入此 JSON 文件")] = None,
    aggregation: Annotated[str, typer.Option(
        "--raters", help="多名督学评分合成：mean（平均）或 trimmed（去掉最高最低后平均）")] = "mean",
) -> None:
    """按考核方案计算每校各指标得分、总分和类别内名次（缺数据的指标不计 0 分，按其余指标权重折算）。"""
    from junheng.evaluation.readers.scoring_inputs import read_inputs

    r = _rubric(rubric)
    if aggregation not in ("mean", "trimmed"):
        _fail("--raters 只能是 mean 或 trimmed")
    try:
        inputs = read_inputs(r, figures, judgements, schools)
    except ImportFailed as exc:
        _failed(exc)
    result = score_round(r, inputs.categories, inputs.figures, inputs.judgements,
                         EvaluationSettings(rater_aggregation=aggregation))
    data = result.as_contract()
    if json_out:
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for cat in r.categories:
        rows = sorted((x for x in result.schools.values() if x.category == cat.id),
                      key=lambda x: (x.rank is None, x.rank or 0, x.school))
        if not rows:
            continue
        typer.echo(f"{cat.name}（{len(rows)} 所）")
        for x in rows:
            total = "—" if x.total is None else f"{x.total:.2f}"
            extra = f"  缺：{'、'.join(x.missing)}（按 {x.coverage:.0%} 权重折算）" if x.missing else ""
            typer.echo(f"  {x.rank or '-':>3}  {x.school}  {total}{extra}")


@app.command("rubric-excel")
def rubric_excel_cmd(
    out: Annotated[Path, typer.Option("-o", "--out", help="写出的 Excel 文件")],
    rubric: Annotated[Path | None, typer.Option("--rubric", help="考核方案 YAML（默认：内置方案）")] = None,
) -> None:
    """把考核方案写成教育局可编辑的 Excel 表（类别、维度、指标三张表），改好后可再导入。"""
    from junheng.evaluation.core import DEFAULT_RUBRIC
    from junheng.evaluation.reports.rubric_excel import write_rubric_excel

    write_rubric_excel(_rubric(rubric or DEFAULT_RUBRIC), out)
    typer.echo(f"考核方案 Excel 已写入 {out}")
