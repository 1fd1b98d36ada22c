"""``junheng …``: the command line (Typer + Rich). Thin: every command calls the core or an edge module."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from junheng.config import Settings
from junheng.modules import Module

app = typer.Typer(help="均衡：县域义务教育治理平台", no_args_is_help=True, add_completion=False)
template_app = typer.Typer(help="生成数据采集模板（Excel）", no_args_is_help=True)
import_app = typer.Typer(help="导入数据（先全部检查，一次事务写入，可撤销）", no_args_is_help=True)
user_app = typer.Typer(help="用户管理", no_args_is_help=True)
app.add_typer(template_app, name="template")
app.add_typer(import_app, name="import")
app.add_typer(user_app, name="user")

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)



def _mount_modules() -> None:
    """Every module's commands under ``junheng <module>``; its templates also under ``junheng template``."""
    from junheng.modules import MODULES

    for module in (Module("demo", "示范县", nav=False), *MODULES):
        parts = module.cli_modules()
        if not parts:
            continue
        group = parts[0].app
        for extra in parts[1:]:
            group.registered_commands.extend(extra.app.registered_commands)
            group.registered_groups.extend(extra.app.registered_groups)
        app.add_typer(group, name=module.name)
        for part in parts:
            if hasattr(part, "template_app"):
                template_app.registered_commands.extend(part.template_app.registered_commands)


_mount_modules()


def _deployment():
    from junheng.deployment import Deployment

    return Deployment.open(Settings())


def _print_problems(problems, report: Path | None) -> None:
    from junheng.io.problem_report import write_problem_report

    err.print(f"[bold red]导入失败：共 {len(problems)} 处问题，未写入任何数据[/]")
    for p in problems[:200]:
        err.print(f"  • {p}")
    if len(problems) > 200:
        err.print(f"  …… 另有 {len(problems) - 200} 处，见错误报告")
    if report:
        write_problem_report(problems, report)
        err.print(f"错误报告已写入 {report}")


@app.command()
def init(admin_user: str = typer.Option("admin", help="首个管理员用户名"),
         admin_password: str = typer.Option(..., prompt="管理员密码", hide_input=True, confirmation_prompt=True,
                                             help="首个管理员密码（至少 8 位，含字母和数字，不能与用户名相同）")) -> None:
    """创建空的部署：数据库（默认 SQLite，或 JUNHENG_DATABASE_URL）与首个管理员账号。"""
    from sqlalchemy import select

    from junheng.accounts import check_password_policy, create_user
    from junheng.store.models.accounts import User

    try:
        check_password_policy(admin_password, admin_user)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2)
    dep = _deployment()
    with dep.db.transaction() as session:
        if session.scalars(select(User).where(User.username == admin_user)).first():
            console.print(f"用户 {admin_user} 已存在，数据库已是最新结构")
            return
        create_user(session, admin_user, admin_password, "bureau_admin", "系统管理员")
    console.print(f"[green]已初始化[/] {dep.db.url}，管理员：{admin_user}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """启动网页服务。"""
    from junheng.web.app import serve as serve_app

    dep = _deployment()
    # X-Forwarded-For/-Proto are believed only from the trusted proxies (JUNHENG_TRUSTED_PROXIES)
    serve_app(dep, host, port, log_level="warning", proxy_headers=True, forwarded_allow_ips=dep.settings.trusted_proxies)


@app.command()
def fetch(path: str, user: str = typer.Option("admin", help="以该用户身份访问")) -> None:
    """不启动服务器，直接取回一个页面（用于冒烟检查），打印状态码和页面标题。"""
    import re

    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from junheng.store.models.accounts import User
    from junheng.web.app import create_app

    dep = _deployment()
    client = TestClient(create_app(dep))
    from junheng.accounts import end_session, start_session
    from junheng.web.app import SESSION_COOKIE
    from junheng.web.deps import SESSION_KEY

    with dep.db.transaction() as session:
        account = session.scalars(select(User).where(User.username == user)).first()
        if account is None:
            err.print(f"没有用户 {user}")
            raise typer.Exit(2)
        token = start_session(session, account, 1)
    try:
        with client:
            client.cookies.set(SESSION_COOKIE, _session_cookie(dep, {SESSION_KEY: token}))
            response = client.get(path)
    finally:
        with dep.db.transaction() as session:
            end_session(session, token)
    title = re.search(r"<title>(.*?)</title>", response.text)
    console.print(response.status_code, title.group(1) if title else "")
    if response.status_code >= 400:
        raise typer.Exit(1)


def _session_cookie(dep, data: dict) -> str:
    import base64
    import json

    from itsdangerous import TimestampSigner

    signer = TimestampSigner(dep.settings.resolved_secret_key())
    return signer.sign(base64.b64encode(json.dumps(data).encode())).decode()


@template_app.command("registry")
def template_registry(output: Path = typer.Option(Path("学校名册模板.xlsx"), "-o", "--output")) -> None:
    """学校名册模板：县区、乡镇、学校、班级、教师、学生，带下拉列表与填表说明。"""
    from junheng.registry.reports.excel import write_registry

    write_registry(None, output)
    console.print(f"已生成模板 {output}")




@import_app.command("registry")
def import_registry_cmd(file: Path, report: Path = typer.Option(None, "--report", help="出错时写出 Excel 错误报告"),
                        user: str = typer.Option("admin", help="记入日志的操作人")) -> None:
    """导入学校名册：全部检查通过才一次写入；再次导入同一文件只更新变化的记录。"""
    from junheng.io.problems import ImportFailed
    from junheng.registry.store.importer import import_registry

    if not file.exists():
        err.print(f"文件不存在：{file}")
        raise typer.Exit(2)
    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            result = import_registry(session, file, user, dep.protector)
    except ImportFailed as failed:
        _print_problems(failed.problems, report)
        raise typer.Exit(1)
    _print_counts(result.batch_id, result.summary())


def _print_counts(batch_id: int, summary: dict) -> None:
    table = Table(title=f"导入完成：批次 {batch_id}")
    for col in ("数据表", "新增", "更新", "未变化"):
        table.add_column(col)
    for name, c in summary.items():
        table.add_row(name, str(c["inserted"]), str(c["updated"]), str(c["unchanged"]))
    console.print(table)


@import_app.command("list")
def import_list() -> None:
    """列出导入批次。"""
    from sqlalchemy import select

    from junheng.store.models.accounts import ImportBatch

    dep = _deployment()
    table = Table(title="导入批次")
    for col in ("批次", "类型", "文件", "操作人", "时间", "状态"):
        table.add_column(col)
    with dep.db.transaction() as session:
        for b in session.scalars(select(ImportBatch).order_by(ImportBatch.id)):
            table.add_row(str(b.id), b.kind, b.file_name, b.username, f"{b.at:%Y-%m-%d %H:%M}",
                          "已撤销" if b.undone_at else "有效")
    console.print(table)


@import_app.command("undo")
def import_undo(batch: int, user: str = typer.Option("admin", help="记入日志的操作人")) -> None:
    """撤销一个导入批次：把它写入的每一行恢复到导入前的状态。"""
    from junheng.store.batches import UndoRefused, undo_batch

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            rows = undo_batch(session, batch, user)
    except UndoRefused as exc:
        err.print(str(exc))
        raise typer.Exit(1)
    console.print(f"已撤销批次 {batch}，恢复 {rows} 行")


@user_app.command("add")
def user_add(username: str, role: str = typer.Option(..., help="bureau_admin / bureau_staff / school_clerk / "
                                                               "township_official / leader"),
             password: str = typer.Option(..., prompt=True, hide_input=True,
                                          help="至少 8 位，含字母和数字，不能与用户名相同"), display_name: str = "",
             school_id: str = typer.Option(None, help="学校填报员所属学校标识码"),
             township_code: str = typer.Option(None, help="乡镇工作人员所属乡镇代码")) -> None:
    """新建用户。"""
    from junheng.accounts import create_user

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            create_user(session, username, password, role, display_name, school_id, township_code, by="cli")
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2)
    console.print(f"已创建用户 {username}")


@user_app.command("password")
def user_password(username: str, password: str = typer.Option(..., prompt="新密码", hide_input=True,
                                                            confirmation_prompt=True,
                                                            help="至少 8 位，含字母和数字，不能与用户名相同")) -> None:
    """重设用户密码（该用户已登录的会话全部失效）。"""
    from sqlalchemy import select

    from junheng.accounts import set_password
    from junheng.store.models.accounts import User

    dep = _deployment()
    try:
        with dep.db.transaction() as session:
            account = session.scalars(select(User).where(User.username == username)).first()
            if account is None:
                err.print(f"没有用户 {username}")
                raise typer.Exit(2)
            set_password(session, account, password, by="cli")
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2)
    console.print(f"已重设 {username} 的密码，其已登录的会话均已退出")


@app.command()
def backup(output: Path = typer.Option(..., "-o", "--output", help="备份文件（.json.gz）")) -> None:
    """备份全部数据到一个文件（任何数据库都可用，恢复时用 restore）。"""
    from junheng.store.backup import dump

    dep = _deployment()
    counts = dump(dep.db, output)
    console.print(f"已备份 {sum(counts.values())} 行（{len(counts)} 张表）到 {output}")


@app.command()
def restore(file: Path, yes: bool = typer.Option(False, "--yes", help="确认覆盖当前数据")) -> None:
    """从备份文件恢复：先清空当前数据，再在一个事务中写回备份。"""
    from junheng.store.backup import load

    if not yes:
        err.print("恢复会覆盖当前全部数据，请加 --yes 确认")
        raise typer.Exit(2)
    dep = _deployment()
    counts = load(dep.db, file)
    console.print(f"已恢复 {sum(counts.values())} 行（{len(counts)} 张表）")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
