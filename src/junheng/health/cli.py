"""``junheng health …`` (no database needed) and ``junheng template health``.

Machine-readable contract (keep stable):
  junheng health score --results R.xlsx --json OUT.json [--school 学校标识码]
    → {"students": {学籍号: {"total": float|null, "extra": float|null, "grade": str|null,
                            "items": {项目: 单项得分}}},
       "schools": {学校标识码: {"n": int, "excellent_rate": float, "good_rate": float, "pass_rate": float}}}
    exit 0: scored; 2: the file has problems (each printed with file, sheet, row and column).
  junheng template health [-o FILE]   the national upload layout to fill in
  junheng template health-registers [-o FILE]   视力筛查, 心理测评, 资助, 留守儿童, 走访, 特殊教育, 心理辅导资源 sheets
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

app = typer.Typer(help="学生体质健康：按《国家学生体质健康标准（2014年修订）》评分、统计。", no_args_is_help=True,
                  add_completion=False)
template_app = typer.Typer(help="生成数据采集模板（Excel）", no_args_is_help=True)


def score_payload(results, scored) -> dict:
    from junheng.health.core import load_standard, rates

    std = load_standard()
    students = {}
    merged = results.join(scored, rsuffix="_s")
    for rec in merged.to_dict("records"):
        items = {}
        if rec.get("sex") in ("male", "female") and rec.get("grade"):
            for key in std.weights[(rec["sex"], int(rec["grade"]))]:
                v = rec.get(f"score_{key}")
                items[std.items[key].label] = None if v is None or np.isnan(v) else float(v)
        done = bool(rec["complete"])
        students[rec["student_id"]] = {"total": float(rec["total"]) if done else None,
                                       "extra": float(rec["extra"]) if done else None,
                                       "grade": rec["rating"] if done else None,
                                       "items": items}
    by_school = rates(merged, ["school_id"])
    schools = {r["school_id"]: {"n": int(r["n"]), "excellent_rate": round(float(r["excellent_rate"]), 6),
                                "good_rate": round(float(r["good_rate"]), 6), "pass_rate": round(float(r["pass_rate"]), 6)}
               for r in by_school.to_dict("records")}
    return {"students": students, "schools": schools}


@app.command("score")
def score_cmd(
    results: Annotated[Path, typer.Option("--results", help="体测成绩 Excel（上报格式或学校记录表）")],
    json_out: Annotated[Path, typer.Option("--json", help="写出的评分结果（JSON）")],
    school: Annotated[str | None, typer.Option("--school", help="表中无学校标识码列时指定学校")] = None,
) -> None:
    """按国家学生体质健康标准给每个学生评分，并统计每校优秀率、良好率、及格率。"""
    from junheng.health.core import score_results
    from junheng.health.readers.fitness import read_results
    from junheng.io.problems import ImportFailed

    if not results.exists():
        typer.echo(f"错误：找不到文件 {results}", err=True)
        raise typer.Exit(2)
    try:
        frame = read_results(results, school_id=school)
    except ImportFailed as exc:
        typer.echo(str(exc), err=True)
        for p in exc.problems:
            typer.echo(f"  {p}", err=True)
        raise typer.Exit(2) from None
    scored = score_results(frame)
    payload = score_payload(frame, scored)
    json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    n = sum(1 for s in payload["students"].values() if s["total"] is not None)
    typer.echo(f"已评分 {len(payload['students'])} 名学生（{n} 名成绩完整），{len(payload['schools'])} 所学校 → {json_out}")


@template_app.command("health")
def template_health(output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")] = Path("体测成绩上报模板.xlsx")
                    ) -> None:
    """国家学生体质健康标准数据上报格式（学校按此表填写体测成绩）。"""
    from junheng.health.readers.layout import UPLOAD
    from junheng.io.template import write_template

    write_template(output, [UPLOAD], "国家学生体质健康标准数据上报模板",
                   notes=["每名学生一行；性别 1 男、2 女；年级编号 11–16 小学一至六年级，21–23 初一至初三。",
                          "各年级只填本年级的测试项目，不测的项目留空；因病残免测的学生在任一项目填「免测」。",
                          "800米、1000米、50米×8往返跑写成 分'秒（如 3'45）；50米跑写秒数（如 9.6）。",
                          "全县汇总一表时请增加「学校标识码」列。"])
    typer.echo(f"已生成模板：{output}")


@template_app.command("health-registers")
def template_health_registers(output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")]
                              = Path("学生健康登记模板.xlsx")) -> None:
    """视力筛查、心理测评、学生资助、留守儿童关爱、关爱走访、特殊教育、心理辅导资源（每类一个工作表）。"""
    from junheng.health.readers.registers import SPECS
    from junheng.io.template import write_template

    write_template(output, list(SPECS.values()), "学生健康登记模板",
                   notes=["每个工作表单独导入（网页「学生健康 → 数据导入」选择对应类型）。",
                          "视力：五分记录（如 4.8），也可填小数记录（如 0.6，自动换算）；心理测评为个人敏感数据，请妥善保管。"])
    typer.echo(f"已生成模板：{output}")
