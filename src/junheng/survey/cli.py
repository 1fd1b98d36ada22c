"""``junheng survey …``: satisfaction from a survey-tool export (问卷星-style) and a questionnaire YAML.

Contract::

    junheng survey satisfaction --questionnaire Q.yaml --responses R.xlsx --json out.json
    → {"county": {"n", "rate", "low", "high", "arithmetic"}, "groups": {id: {"n", "answers", "satisfied",
       "rate", "low", "high"}}, "schools": {school: {"n", "rate", "low", "high", "groups": {...}}}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from junheng.evaluation.core import SurveyError, load_questionnaire, satisfaction
from junheng.io.problems import ImportFailed

app = typer.Typer(help="满意度调查：按问卷计算各群体、各校和全县满意度（含 Wilson 置信区间）。", no_args_is_help=True,
                  add_completion=False)


@app.command("satisfaction")
def satisfaction_cmd(
    questionnaire: Annotated[Path, typer.Option("--questionnaire", help="问卷 YAML（群体、权重、满意度题）")],
    responses: Annotated[Path, typer.Option("--responses", help="问卷星式导出文件（.xlsx/.xls/.csv）")],
    json_out: Annotated[Path | None, typer.Option("--json", help="结果写入此 JSON 文件")] = None,
) -> None:
    """计算满意度：各群体满意答题数 ÷ 有效答题数，全县按问卷的群体权重加权。"""
    from junheng.evaluation.api import read_survey_export

    try:
        q = load_questionnaire(questionnaire)
        result = satisfaction(q, read_survey_export(q, responses))
    except SurveyError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None
    except ImportFailed as exc:
        for p in exc.problems:
            typer.echo(f"  {p}", err=True)
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None
    data = result.as_contract()
    if json_out:
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    c = result.county
    rate = "—" if c.rate is None else f"{c.rate:.2%}（95% 区间 {c.low:.2%}–{c.high:.2%}）"
    typer.echo(f"{q.title}：{c.respondents} 份答卷，全县满意度 {rate}")
    for g in q.groups:
        r = result.groups[g.id]
        typer.echo(f"  {g.name}（权重 {g.weight:g}）：{r.respondents} 人，"
                   + ("无答卷" if r.rate is None else f"{r.satisfied}/{r.answers} = {r.rate:.2%}"))
    typer.echo(f"  {len(result.schools)} 所学校有答卷")
