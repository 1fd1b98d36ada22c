"""`junheng teachers …` — 交流轮岗 quota, training completion, exchange proposals (files in, JSON out; no database
needed), and `junheng template teachers|posts|training`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="教师队伍：交流轮岗比例、5年360学时培训、交流提名方案、编制核算", no_args_is_help=True)
template_app = typer.Typer(help="生成数据采集模板（Excel）", no_args_is_help=True)


@app.callback()
def _main() -> None:
    """教师队伍。"""


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _write_json(path: Path, data: dict) -> None:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        _fail(f"错误：无法写入 {path}：{exc}")


def _read(teachers: Path, posts: Path | None = None, training_file: Path | None = None):
    from junheng.io.problems import Problem
    from junheng.teachers.readers.workbook import (
        Workbooks,
        check_references,
        read_posts,
        read_teachers,
        read_training,
    )

    problems: list[Problem] = []
    wb = Workbooks()
    read_teachers(teachers, problems, wb)
    labels = {t: teachers.name for t in ("teachers_title", "teachers_recognition", "teachers_ethics",
                                         "teachers_record")}
    if posts is not None:
        read_posts(posts, problems, wb)
        labels["teachers_post"] = posts.name
    if training_file is not None:
        read_training(training_file, problems, wb)
        labels["teachers_training"] = training_file.name
    if not problems:
        check_references(wb, set(), labels, problems)
    if problems:
        lines = [str(p) for p in sorted(problems)[:50]]
        more = f"\n……共 {len(problems)} 处问题" if len(problems) > 50 else ""
        _fail("输入数据有误，未计算：\n" + "\n".join(lines) + more)
    return wb.history()


Teachers = Annotated[Path, typer.Option("--teachers", help="教师档案 Excel（junheng template teachers）")]
Json = Annotated[Path | None, typer.Option("--json", help="把结果写成 JSON（固定格式）")]


@app.command("quota")
def quota_cmd(teachers: Teachers,
              posts: Annotated[Path, typer.Option("--posts", help="任职经历 Excel（junheng template posts）")],
              year: Annotated[int, typer.Option("--year", help="学年，如 2024 表示 2024—2025 学年")],
              json_out: Json = None,
              min_years: Annotated[int, typer.Option("--min-years", help="同校连续任教满多少年符合交流条件")] = 6,
              retire_years: Annotated[int, typer.Option("--retire-years", help="距退休不足多少年不列入")] = 5) -> None:
    """交流轮岗：符合条件人数、交流人数、比例（≥10%）与骨干占比（≥20%），按学校与全县。"""
    from junheng.teachers.core import TeacherSettings, quota

    st = TeacherSettings(exchange_min_years=min_years, retirement_exclusion_years=retire_years)
    q = quota(_read(teachers, posts), year, st)
    if json_out is not None:
        _write_json(json_out, q.as_dict())
    c = q.county
    typer.echo(f"{year} 学年全县：{c.arithmetic()}，{'达标' if c.passes else '未达标'}")
    for sid, line in sorted(q.schools.items()):
        if not line.passes:
            typer.echo(f"  {sid}：{line.arithmetic()}，未达标（还需交流 {line.needed} 人）")


@app.command("training")
def training_cmd(teachers: Teachers,
                 training_file: Annotated[Path, typer.Option("--training", help="培训学时 Excel（模板或培训平台导出）")],
                 cycle_start: Annotated[int, typer.Option("--cycle-start", help="本培训周期的起始年份，如 2021")],
                 json_out: Json = None,
                 hours: Annotated[float, typer.Option("--hours", help="周期应修学时（部分省份为 240）")] = 360,
                 posts: Annotated[Path | None, typer.Option("--posts", help="任职经历（用于周期中途入职的折算）")] = None,
                 no_prorate: Annotated[bool, typer.Option("--no-prorate", help="中途入职教师也按全额学时要求")] = False,
                 ) -> None:
    """5年360学时：每位专任教师本周期学时、应修学时、是否完成，及全县完成率。"""
    from junheng.teachers.core import TeacherSettings, training

    st = TeacherSettings(cycle_start=cycle_start, required_hours=hours, prorate_new_teachers=not no_prorate)
    t = training(_read(teachers, posts, training_file), cycle_start, st)
    if json_out is not None:
        _write_json(json_out, t.as_dict())
    rate = "—" if t.rate is None else f"{t.rate:.1%}"
    typer.echo(f"培训周期 {t.cycle[0]}—{t.cycle[1]}：专任教师 {t.teachers} 人，完成 {t.complete} 人，完成率 {rate}")
    for r in t.behind().head(20).itertuples(index=False):
        typer.echo(f"  {r.teacher_id} {r.name}：{r.hours:g} / {r.required:g} 学时，差 {r.behind:g}")


@app.command("propose")
def propose_cmd(plan: Annotated[Path, typer.Option("--plan", help="junheng balance plan … --json 写出的方案文件，"
                                                                "或交流列表 JSON")],
                year: Annotated[int, typer.Option("--year", help="交流所在学年")],
                teachers: Annotated[Path | None, typer.Option("--teachers", help="教师档案（不填则读数据库）")] = None,
                posts: Annotated[Path | None, typer.Option("--posts", help="任职经历（与 --teachers 一起）")] = None,
                json_out: Json = None,
                save: Annotated[bool, typer.Option("--save", help="把提名方案存入数据库（待确认，到网页上确认）")] = False,
                ) -> None:
    """交流提名：把优化方案中的「交流调配」落实到具体的符合条件教师（谁、从哪里、到哪里、为什么），供人工确认。"""
    from junheng.teachers.core import parse_transfers, plan_transfers, propose
    from junheng.teachers.core.proposal import TransferError

    try:
        data = json.loads(plan.read_text(encoding="utf-8"))
        transfers = parse_transfers(data) if isinstance(data, list) else plan_transfers(data)
    except (OSError, ValueError) as exc:
        _fail(f"错误：方案文件 {plan} 无效：{exc}")
    except TransferError as exc:
        _fail(f"错误：{exc}")
    if not transfers:
        _fail("方案中没有教师交流调配（transfer_in）项，无需提名")
    settings = None
    if teachers is not None:
        if posts is None or save:
            _fail("错误：用 --teachers 时也要给出 --posts；--save 只用于数据库中的教师档案")
        h = _read(teachers, posts)
    else:
        from junheng.config import Settings
        from junheng.deployment import Deployment
        from junheng.teachers.store.queries import load_history
        from junheng.teachers.store.queries import settings as county_settings
        from junheng.teachers.store.service import create_proposal

        dep = Deployment.open(Settings())
        try:
            with dep.db.transaction() as session:
                h, settings = load_history(session), county_settings(session)
                if save:
                    row = create_proposal(session, year, transfers, "cli")
                    typer.echo(f"提名方案 {row.id} 已保存（待确认）：请在网页「教师队伍 → 交流轮岗」中确认")
        finally:
            dep.db.dispose()
    p = propose(h, year, transfers, settings)
    if json_out is not None:
        _write_json(json_out, p.as_dict())
    for i in p.items:
        typer.echo(f"{i.teacher_id} {i.name}：{i.from_school} → {i.to_school}（{i.stage}{i.subject}）{i.why}")
    for n in p.notes:
        typer.echo(f"注意：{n}")


def _template(path: Path, specs, title: str, notes: list[str]) -> None:
    from junheng.io.template import write_template

    write_template(path, specs, title, notes=notes)
    typer.echo(f"模板已写入 {path}")


Out = Annotated[Path | None, typer.Argument(help="输出文件")]


@template_app.command("teachers")
def template_teachers(out_path: Out = None) -> None:
    """教师档案模板：教师、职称、骨干名师、师德考核、其他经历（获奖、工作室、师徒结对、学历、证书）。"""
    from junheng.teachers.core.schema import TEACHER_SHEETS

    _template(out_path or Path("教师档案.xlsx"), list(TEACHER_SHEETS), "教师档案",
              ["每位教师以「教师工号」为准；身份证件号加密保存。职称、骨干名师等每次取得或认定填一行（历史记录只追加不覆盖）。",
               "「教师」以外的工作表可以删除不填；日期写成 YYYY-MM-DD。"])


@template_app.command("posts")
def template_posts(out_path: Out = None) -> None:
    """任职经历模板：每段任职一行（学校、学段、学科、起止日期）；调动、交流轮岗、支教、走教等也是一段任职。"""
    from junheng.teachers.core.schema import POSTS

    _template(out_path or Path("任职经历.xlsx"), [POSTS], "教师任职经历",
              ["同一教师的两段任职（走教、跟岗除外）时间不能重叠：调动或交流时先填上一段任职的结束日期。",
               "交流轮岗按开始日期归入学年（默认 8月1日 至次年 7月31日）。"])


@template_app.command("training")
def template_training(out_path: Out = None) -> None:
    """培训学时模板：每位教师每个培训项目一行（也可直接导入培训平台的导出表）。"""
    from junheng.teachers.core.schema import TRAINING

    _template(out_path or Path("培训学时.xlsx"), [TRAINING], "教师培训学时",
              ["学时按培训日期计入培训周期（默认 2021—2025 年为一个周期，应修 360 学时）。"])


@app.command("import")
def import_cmd(kind: Annotated[str, typer.Argument(help="profile（教师档案）、posts（任职经历）、training（培训学时）或 cntmis")],
               path: Annotated[Path, typer.Argument(help="Excel 文件")],
               dry_run: Annotated[bool, typer.Option("--dry-run", help="只校验并显示将写入的行数，不写入")] = False) -> None:
    """导入教师数据到数据库：整份文件先校验，一次写入，作为一个可撤销的批次（junheng import undo）。"""
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.io.problems import ImportFailed
    from junheng.teachers.store.intake import KINDS, import_file

    if kind not in KINDS:
        _fail(f"错误：类型应为 {'、'.join(KINDS)} 之一")
    dep = Deployment.open(Settings())
    try:
        session = dep.db.sessions()
        try:
            result = import_file(session, kind, path, "cli", dep.protector)
            if dry_run:
                session.rollback()
            else:
                session.commit()
        except ImportFailed as exc:
            session.rollback()
            _fail("导入失败，未写入任何数据：\n" + "\n".join(str(p) for p in exc.problems[:50]))
        finally:
            session.close()
    finally:
        dep.db.dispose()
    for table, c in result.summary().items():
        typer.echo(f"{table}：新增 {c['inserted']}，更新 {c['updated']}，不变 {c['unchanged']}")
    typer.echo("（试运行，未写入）" if dry_run else f"已写入，批次 {result.batch_id}")
