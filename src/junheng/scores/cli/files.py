"""`junheng scores …`: analyse an exam file, value-added, growth percentiles, item analysis, mapping preview.

Bad input prints a Chinese message naming file, sheet, row and column to stderr and exits with code 2.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from junheng.scores.cli.scale import Engine, EngineOption, ParquetOption, is_lake, write_standings_parquet
from junheng.scores.core.model import AnalysisConfig, Cutoffs, Exam, ScoresInputError

app = typer.Typer(help="考试成绩分析：导入、一分三率、名次、分数段、增值评价、小题分析、学校报告。", no_args_is_help=True)

MapOption = Annotated[
    list[str] | None,
    typer.Option("--map", help="修改列映射：列=角色[:科目]，如 F=score:语文、序号=ignore；可重复"),
]


ZerosScoresOption = Annotated[
    bool,
    typer.Option("--zeros-are-scores", help="0 分都按成绩计入（默认自动判断：文件另有缺考标记时 0 是成绩，"
                 "没有任何缺考标记时全 0 行按缺考；只有一科 0 分、其余空白的行按缺考）"),
]  # fmt: skip
ZerosAbsentOption = Annotated[
    bool, typer.Option("--zeros-are-absent", help="全 0 行和只有一科 0 分、其余空白的行都按缺考（不论文件有无缺考标记）")
]


def zeros_mode(scores: bool, absent: bool) -> str:
    """The zeros mode of the two flags (``junheng.scores.core.zeros``)."""
    if scores and absent:
        raise ScoresInputError("--zeros-are-scores 与 --zeros-are-absent 只能选一个")
    return "scores" if scores else "absent" if absent else "auto"


def print_zero_rule(result: Any, file: Path) -> None:
    """The decision on zeros, one line per group of rows (nothing when no row is affected)."""
    for line in result.zeros.lines():
        typer.echo(f"0 分处理（{file.name}）：{line}", err=True)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def parse_full_marks(text: str) -> dict[str, float]:
    """'语文=120,数学=120' (also with ，、: ：) → {'语文': 120.0, '数学': 120.0}."""
    marks: dict[str, float] = {}
    for part in re.split(r"[,，;；]", text):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(.+?)\s*[=:：]\s*(.*)", part)
        if not match:
            raise ScoresInputError(f"满分“{part}”的格式应为 科目=满分，如 语文=120")
        name, value = match.group(1).strip(), match.group(2).strip()
        try:
            marks[name] = float(value)
        except ValueError:
            raise ScoresInputError(f"科目“{name}”的满分“{value}”不是数字") from None
        if marks[name] <= 0:
            raise ScoresInputError(f"科目“{name}”的满分必须大于 0")
    if not marks:
        raise ScoresInputError("请用 --full-marks 给出各科满分，如 语文=120,数学=120")
    return marks


def _fraction(value: float, name: str) -> float:
    """0.85 or 85 (percent) → 0.85."""
    fraction = value / 100.0 if value > 1 else value
    if not 0 < fraction <= 1:
        raise ScoresInputError(f"{name}应在 0 到 1 之间（或 0 到 100 的百分数），现为 {value}")
    return fraction


def _read(path: Path, full_marks: dict[str, float] | None, sheet: str | None, overrides: list[str] | None,
          school: str | None = None, zeros: str = "auto") -> Any:  # fmt: skip
    from junheng.scores.readers.importer import import_scores

    result = import_scores(path, full_marks=full_marks, sheet=sheet, overrides=overrides or (), default_school=school,
                           zeros=zeros)  # fmt: skip
    if not result.ok:
        shown = result.errors[:100]
        more = f"\n……共 {len(result.errors)} 个错误" if len(result.errors) > len(shown) else ""
        raise ScoresInputError("导入失败，未导入任何数据：\n" + "\n".join(str(e) for e in shown) + more)
    print_zero_rule(result, path)
    for warning in result.warnings[:20]:
        typer.echo(f"提示：{warning}", err=True)
    return result


def _write_json(data: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


@app.command("analyze")
def analyze(
    file: Annotated[Path, typer.Argument(help="成绩文件（xlsx / xls / csv），或数据湖的 Parquet 成绩表（文件或文件夹）")],
    full_marks: Annotated[str, typer.Option("--full-marks", help="各科满分，如 语文=120,数学=120,英语=120")],
    json_out: Annotated[Path | None, typer.Option("--json", help="结果 JSON 文件")] = None,
    excellent: Annotated[float, typer.Option("--excellent", help="优秀线（满分的比例，默认 0.85，含）")] = 0.85,
    passing: Annotated[float, typer.Option("--pass", help="及格线（默认 0.60，含）")] = 0.60,
    low: Annotated[float, typer.Option("--low", help="低分线（默认 0.40，低于此为低分）")] = 0.40,
    band_width: Annotated[float, typer.Option("--band-width", help="分数段宽度（分）")] = 10.0,
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名（默认自动识别）")] = None,
    school: Annotated[str | None, typer.Option("--school", help="文件没有学校列时使用的学校名")] = None,
    name: Annotated[str, typer.Option("--name", help="考试名称")] = "考试",
    excel: Annotated[Path | None, typer.Option("--excel", help="另存全部统计表为 Excel")] = None,
    mapping: MapOption = None,
    zeros_are_scores: ZerosScoresOption = False,
    zeros_are_absent: ZerosAbsentOption = False,
    engine: EngineOption = None,
    parquet: ParquetOption = None,
) -> None:
    """一分三率、名次、分数段等全套统计；不需要数据库。全省规模用 --engine 在 PostgreSQL 或 Spark 中计算（docs/scale.md）。"""
    runner = None
    try:
        marks = parse_full_marks(full_marks)
        config = AnalysisConfig(
            cutoffs=Cutoffs(_fraction(excellent, "优秀线"), _fraction(passing, "及格线"), _fraction(low, "低分线")),
            band_width=band_width,
        )
        runner = Engine(engine, [file])
        if is_lake(file):
            scores = runner.read_lake(file, ["student_id", "name", "school", "class", *marks], "成绩表")
        else:
            scores = _read(file, marks, sheet, mapping, school, zeros_mode(zeros_are_scores, zeros_are_absent)).scores
        from junheng.scores.core.analyze import analyze_exam
        from junheng.scores.core.contract import analysis_json

        analysis = analyze_exam(scores, Exam(name, marks), config, backend=runner.backend)
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    finally:
        if runner is not None:
            runner.close()
    county = analysis.county()
    typer.echo(f"{name}：{len(analysis.students)} 名学生，{len(analysis.level('school', '总分'))} 所学校；"
               f"总分均分 {county['mean']:.2f}（全科参考 {int(county['n'])} 人）")  # fmt: skip
    if json_out is not None:
        _write_json(analysis_json(analysis), json_out)
    if excel is not None:
        from junheng.scores.reports.excel import write_tables

        write_tables(analysis, excel)
    if parquet is not None:
        write_standings_parquet(analysis, parquet)


@app.command("value-added")
def value_added_command(
    prior: Annotated[list[Path], typer.Option("--prior", help="前测成绩文件（可重复，多次前测；Excel、CSV 或 Parquet）")],
    current: Annotated[Path, typer.Option("--current", help="本次成绩文件（Excel、CSV 或 Parquet）")],
    subject: Annotated[str, typer.Option("--subject", help="科目")],
    json_out: Annotated[Path | None, typer.Option("--json", help="结果 JSON 文件")] = None,
    prior_subject: Annotated[str | None, typer.Option("--prior-subject", help="前测中对应的科目列（默认同名）")] = None,
    min_size: Annotated[int, typer.Option("--min-size", help="少于此人数的学校标为“样本不足”")] = 10,
    class_effects: Annotated[bool, typer.Option("--class-effects", help="同时估计班级效应")] = False,
    zeros_are_scores: ZerosScoresOption = False,
    zeros_are_absent: ZerosAbsentOption = False,
    engine: EngineOption = None,
) -> None:
    """增值评价：本次 ~ 前测 + (1 | 学校)，给出各校效应、标准误、95% 区间与收缩。

    --engine postgres 或 spark 时，模型的充分统计量（各班人数、和与交叉积）在该引擎中计算（docs/scale.md）。"""
    runner = None
    try:
        column = prior_subject or subject
        zeros = zeros_mode(zeros_are_scores, zeros_are_absent)
        runner = Engine(engine, [current, *prior])

        def load(path: Path, wanted: str, what: str, keys: tuple[str, ...]) -> Any:
            if is_lake(path):
                return runner.read_lake(path, ["student_id", *keys, wanted], what)
            data = _read(path, None, None, None, zeros=zeros).scores
            if wanted not in data.columns:
                raise ScoresInputError(f"{what}文件 {path.name} 中没有科目“{wanted}”")
            return data

        current_data = load(current, subject, "本次成绩", ("school", "class"))
        priors = [load(path, column, "前测成绩", ()) for path in prior]
        from junheng.scores.core.contract import value_added_json
        from junheng.scores.core.value_added import value_added

        result = value_added(current_data, priors, subject, prior_columns=[column], min_size=min_size,
                             class_effects=class_effects, backend=runner.backend)  # fmt: skip
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    finally:
        if runner is not None:
            runner.close()
    typer.echo(f"{subject} 增值评价：{result.n_students} 名学生，{len(result.schools)} 所学校；"
               f"未能对应前测的 {result.n_excluded} 人未计入")  # fmt: skip
    if json_out is not None:
        _write_json(value_added_json(result), json_out)


@app.command("growth")
def growth_command(
    prior: Annotated[list[Path], typer.Option("--prior", help="前测成绩文件（可重复）")],
    current: Annotated[Path, typer.Option("--current", help="本次成绩文件")],
    subject: Annotated[str, typer.Option("--subject", help="科目")],
    json_out: Annotated[Path | None, typer.Option("--json", help="结果 JSON 文件")] = None,
    zeros_are_scores: ZerosScoresOption = False,
    zeros_are_absent: ZerosAbsentOption = False,
) -> None:
    """学生增长百分位（SGP）与各校增长百分位中位数。"""
    try:
        from junheng.scores.core.growth import growth_percentiles

        zeros = zeros_mode(zeros_are_scores, zeros_are_absent)
        current_data = _read(current, None, None, None, zeros=zeros).scores
        priors = [_read(p, None, None, None, zeros=zeros).scores for p in prior]
        students, schools = growth_percentiles(current_data, priors, subject)
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{subject}：{len(students)} 名学生的增长百分位")
    if json_out is not None:
        data = {
            "students": dict(zip(students["student_id"].astype(str), students["sgp"].astype(int).tolist(), strict=True)),
            "schools": {str(r.school): {"n": int(r.n), "median_sgp": float(r.median_sgp)}
                        for r in schools.itertuples(index=False)},
        }
        _write_json(data, json_out)


@app.command("items")
def items_command(
    file: Annotated[Path, typer.Argument(help="含小题得分的成绩文件（如“得分明细”）")],
    subject: Annotated[str | None, typer.Option("--subject", help="科目（文件未写明时）")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="结果 JSON 文件")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名")] = None,
    mapping: MapOption = None,
) -> None:
    """小题分析：难度、区分度（点双列、27%）、α 系数、选项率，并标出问题题目。"""
    try:
        from junheng.scores.core.items import analyze_items
        from junheng.scores.readers.importer import import_scores

        result = import_scores(file, sheet=sheet, subject=subject, overrides=mapping or ())
        if not result.ok:
            raise ScoresInputError("导入失败：\n" + "\n".join(str(e) for e in result.errors[:100]))
        if not result.items:
            raise ScoresInputError(f"文件 {file.name} 中没有识别出小题列")
        analyses = {}
        for name, scores in result.items.items():
            sat = scores.notna().any(axis=1)
            analyses[name] = analyze_items(scores[sat], choices=result.choices.get(name))
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    for name, res in analyses.items():
        flagged = res.items[res.items["flag"] != ""]
        typer.echo(f"{name}：{len(res.items)} 题，α = {res.alpha:.3f}，需关注 {len(flagged)} 题")
    if json_out is not None:
        data = {
            name: {"alpha": res.alpha, "items": res.items.to_dict(orient="records"),
                   "options": res.options.to_dict(orient="records")}
            for name, res in analyses.items()
        }
        _write_json(data, json_out)


@app.command("preview")
def preview(
    file: Annotated[Path, typer.Argument(help="成绩文件")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名")] = None,
    mapping: MapOption = None,
) -> None:
    """显示自动识别的列映射（确认后用 --map 修改）。"""
    try:
        from junheng.scores.readers.importer import propose_file

        proposal, _ = propose_file(file, sheet=sheet)
        if mapping:
            proposal = proposal.with_overrides(mapping)
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"工作表 {proposal.sheet}，表头在第 {', '.join(str(r + 1) for r in proposal.header_rows)} 行，"
               f"数据从第 {proposal.data_start + 1} 行起（{'长表' if proposal.layout == 'long' else '宽表'}）")  # fmt: skip
    for line in proposal.describe():
        typer.echo(line)
    for note in proposal.notes:
        typer.echo(f"提示：{note}")
