"""Database-backed ``junheng scores …`` commands (the deployment of the environment, as every ``junheng``
command): import an exam, list exams, undo an exam's import, per-school Word reports, the Excel tables, the
class–teacher–subject table. The lead merges ``app``'s commands into ``junheng scores``.

Bad input prints a Chinese message (file, sheet, row, column) to stderr and exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="考试成绩（数据库）：导入、列表、撤销、学校报告、统计表、任课教师表。")

MapOption = Annotated[list[str] | None, typer.Option("--map", help="修改列映射：列=角色[:科目]，如 F=score:语文；可重复")]
ZerosScoresOption = Annotated[bool, typer.Option("--zeros-are-scores", help="0 分都按成绩计入（默认自动判断，见 docs）")]
ZerosAbsentOption = Annotated[bool, typer.Option("--zeros-are-absent", help="全 0 行和只有一科 0 分、其余空白的行按缺考")]


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def _deployment():
    from junheng.config import Settings
    from junheng.deployment import Deployment

    return Deployment.open(Settings())


def _problems(problems, report: Path | None) -> typer.Exit:
    from junheng.io.problem_report import write_problem_report

    lines = [f"导入失败：共 {len(problems)} 处问题，未写入任何数据"] + [f"  • {p}" for p in problems[:200]]
    if report is not None:
        write_problem_report(problems, report)
        lines.append(f"错误报告已写入 {report}")
    return _fail("\n".join(lines))


@app.command("import")
def import_exam(
    file: Annotated[Path, typer.Argument(help="成绩文件（xlsx / xls / csv）")],
    name: Annotated[str, typer.Option("--name", help="考试名称")],
    date: Annotated[str, typer.Option("--date", help="考试日期 YYYY-MM-DD")],
    full_marks: Annotated[str, typer.Option("--full-marks", help="各科满分，如 语文=120,数学=120")],
    grade: Annotated[int | None, typer.Option("--grade", help="年级（1–9）")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名（默认自动识别）")] = None,
    school: Annotated[str | None, typer.Option("--school", help="文件没有学校列时的学校（名称或标识码）")] = None,
    no_class_check: Annotated[bool, typer.Option("--no-class-check", help="不按学校名册核对班级（往年考试）")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="出错时写出 Excel 错误报告")] = None,
    user: Annotated[str, typer.Option("--user", help="记入日志的操作人")] = "cli",
    mapping: MapOption = None,
    zeros_are_scores: ZerosScoresOption = False,
    zeros_are_absent: ZerosAbsentOption = False,
) -> None:
    """导入一次考试：先全部检查（学校、班级、分数范围、重复学生），通过后一次写入，可整批撤销。"""
    from junheng.io.problems import ImportFailed
    from junheng.scores.cli.files import parse_full_marks, zeros_mode
    from junheng.scores.core.model import ScoresInputError
    from junheng.scores.readers.importer import propose_file
    from junheng.scores.store.service import ExamMeta, commit_exam

    dep = _deployment()
    try:
        marks = parse_full_marks(full_marks)
        proposal, _ = propose_file(file, sheet=sheet, subjects=list(marks))
        if mapping:
            proposal = proposal.with_overrides(mapping)
        meta = ExamMeta(name, date, grade, marks, check_classes=not no_class_check, default_school=school or "",
                        zeros=zeros_mode(zeros_are_scores, zeros_are_absent))  # fmt: skip
        with dep.db.transaction() as session:
            exam = commit_exam(session, file, meta, proposal, user)
            exam_id, n, matched, batch = exam.id, exam.n_students, exam.n_matched, exam.batch_id
            zero_lines = list((exam.settings or {}).get("zero_lines", []))
    except ScoresInputError as exc:
        raise _fail(str(exc)) from None
    except ImportFailed as failed:
        raise _problems(failed.problems, report) from None
    finally:
        dep.db.dispose()
    for line in zero_lines:
        typer.echo(f"0 分处理：{line}")
    typer.echo(f"已导入考试 {exam_id}「{name}」：学生 {n} 人（与学籍对应 {matched} 人），批次 {batch}")


@app.command("exams")
def exams() -> None:
    """列出已导入的考试。"""
    from junheng.scores.store.queries import list_exams

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            rows = list_exams(session)
    finally:
        dep.db.dispose()
    if not rows:
        typer.echo("尚未导入任何考试")
    for e in rows:
        typer.echo(f"{e.id}\t{e.date}\t{e.name}\t{e.n_students} 人\t{'、'.join(e.subjects)}\t批次 {e.batch_id}")


@app.command("undo")
def undo(exam: Annotated[int, typer.Option("--exam", help="考试编号")],
         user: Annotated[str, typer.Option("--user", help="记入日志的操作人")] = "cli") -> None:  # fmt: skip
    """撤销一次考试的导入（删除该考试的全部成绩）。"""
    from junheng.scores.store.models import ExamRecord
    from junheng.store.batches import UndoRefused, undo_batch

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            record = session.get(ExamRecord, exam)
            if record is None or record.batch_id is None:
                raise _fail(f"没有编号为 {exam} 的考试")
            undo_batch(session, record.batch_id, user)
    except UndoRefused as exc:
        raise _fail(str(exc)) from None
    finally:
        dep.db.dispose()
    typer.echo(f"已撤销考试 {exam} 的导入")


def _loaded(session, exam: int):
    from junheng.scores.store.queries import get_exam, load_exam

    info = get_exam(session, exam)
    if info is None:
        raise _fail(f"没有编号为 {exam} 的考试（用 junheng scores exams 查看）")
    return load_exam(session, info)


@app.command("report")
def report(exam: Annotated[int, typer.Option("--exam", help="考试编号")],
           output: Annotated[Path, typer.Option("-o", "--output", help="输出的 zip 文件")],
           template: Annotated[Path | None, typer.Option("--template", help="教育局 docxtpl 模板（.docx）")] = None,
           user: Annotated[str, typer.Option("--user", help="记入日志的操作人")] = "cli") -> None:  # fmt: skip
    """生成全部学校的 Word 质量分析报告（每校一份），打包为 zip。"""
    from rich.progress import Progress

    from junheng.scores.core.model import ScoresInputError
    from junheng.scores.reports.word import reports_zip
    from junheng.scores.store.access import log_export
    from junheng.scores.store.reporting import check_template, default_value_added

    if template is not None:
        try:
            missing = check_template(template)
        except ScoresInputError as exc:
            raise _fail(str(exc)) from None
        if missing:
            raise _fail(f"模板 {template.name} 中有系统不提供的占位符：" + "、".join(missing))
    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            loaded = _loaded(session, exam)
            va = default_value_added(session, loaded)
            log_export(session, _Who(user), f"{loaded.info.name} 各校报告", exam_id=exam, kind="CLI")
        with Progress(transient=True) as progress:
            task = progress.add_task("生成学校报告", total=len(loaded.school_ids))
            reports_zip(loaded.analysis, output, value_added=va, template=template,
                        progress=lambda done, total, school: progress.update(task, completed=done, description=school))
    finally:
        dep.db.dispose()
    typer.echo(f"已生成 {len(loaded.school_ids)} 所学校的报告：{output}")


class _Who:
    def __init__(self, username: str):
        self.username = username


@app.command("export")
def export(exam: Annotated[int, typer.Option("--exam", help="考试编号")],
           output: Annotated[Path, typer.Option("-o", "--output", help="输出的 xlsx 文件")],
           ranks: Annotated[bool, typer.Option("--ranks", help="学生表含名次（敏感信息，记入日志）")] = False,
           user: Annotated[str, typer.Option("--user", help="记入日志的操作人")] = "cli") -> None:  # fmt: skip
    """导出全部统计表（Excel）：全县、学校、班级、教师、分数段、增值评价、小题分析、学生成绩。"""
    from junheng.scores.reports.excel import write_tables
    from junheng.scores.store.access import log_export, log_ranked_list
    from junheng.scores.store.reporting import default_value_added, item_analyses

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            loaded = _loaded(session, exam)
            write_tables(loaded.analysis, output, value_added=default_value_added(session, loaded),
                         items=item_analyses(session, loaded), include_students=True, include_ranks=ranks)  # fmt: skip
            log = log_ranked_list if ranks else log_export
            log(session, _Who(user), f"{loaded.info.name} 统计表", exam_id=exam, kind="CLI Excel")
    finally:
        dep.db.dispose()
    typer.echo(f"已导出 {output}")


@app.command("teachers")
def teachers(file: Annotated[Path, typer.Argument(help="任课教师表（学校、班级、学科、任课教师）")],
             school_year: Annotated[str, typer.Option("--school-year", help="学年，如 2024-2025")],
             user: Annotated[str, typer.Option("--user", help="记入日志的操作人")] = "cli") -> None:  # fmt: skip
    """导入班级—学科—任课教师对应表（用于按教师统计）。"""
    from junheng.io.problems import ImportFailed
    from junheng.scores.store.teachers import import_teachers

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            result = import_teachers(session, file, school_year, user)
    except ImportFailed as failed:
        raise _problems(failed.problems, None) from None
    finally:
        dep.db.dispose()
    c = result.counts["scores_class_teacher"]
    typer.echo(f"已导入任课教师表（批次 {result.batch_id}）：新增 {c.inserted}，更新 {c.updated}，未变化 {c.unchanged}")
