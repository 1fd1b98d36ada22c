"""``junheng demo …``: generate the demo county's files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="示范县演示数据：生成确定性的全县数据文件（学校名册、办学条件、考试成绩、学籍花名册、户籍适龄人口名单）",
                  no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@app.callback()
def main() -> None:
    """示范县演示数据。"""


@app.command()
def generate(seed: Annotated[int, typer.Option("--seed", help="随机种子：同一种子生成的文件逐字节相同")] = 2024,
             output: Annotated[Path, typer.Option("-o", "--output", help="输出目录（不存在则创建）")] = Path("demo-data"),
             ) -> None:
    """生成示范县的全部 Excel 文件和 manifest.json（文件清单、各科满分、考试日期）。"""
    from junheng.demo import generate_county
    from junheng.demo.excel import write_county

    if seed < 0:
        err.print(f"种子必须是非负整数，收到 {seed}")
        raise typer.Exit(2)
    if output.exists() and not output.is_dir():
        err.print(f"输出位置 {output} 已存在且不是目录")
        raise typer.Exit(2)
    with console.status("正在生成示范县……"):
        county = generate_county(seed)
        paths = write_county(county, output)
    table = Table(title=f"示范县（种子 {seed}）已写入 {output}")
    table.add_column("文件")
    table.add_column("大小", justify="right")
    for path in paths:
        table.add_row(path.name, f"{path.stat().st_size / 1024:,.0f} KB")
    console.print(table)
    console.print(f"学校 {len(county.schools)} 所，学生 {len(county.students):,} 人，教师 {len(county.teachers):,} 人，"
                  f"考试 {len(county.exams)} 次，学籍花名册 {len(county.rosters)} 个学期")


@app.command()
def serve(seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 2024,
          data_dir: Annotated[Path, typer.Option("--data-dir", help="演示部署的数据目录（每次重建数据库）")]
          = Path("junheng-data/demo"),
          host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="端口")] = 8000,
          no_serve: Annotated[bool, typer.Option("--no-serve", help="只载入数据，不启动网页服务")] = False) -> None:
    """生成示范县，经正式导入流程载入一个新的演示部署，创建各角色演示账号，并启动网页服务。"""
    from junheng.demo.serve import DEMO_PASSWORD, prepare

    deployment, accounts = prepare(data_dir, seed, say=console.print)
    table = Table(title=f"演示账号（密码均为 {DEMO_PASSWORD}）")
    for col in ("用户名", "角色", "姓名", "范围"):
        table.add_column(col)
    from junheng.accounts import ROLES

    for a in accounts:
        table.add_row(a.username, ROLES[a.role], a.display_name, a.school_id or a.township_code or "全县")
    console.print(table)
    if no_serve:
        return
    from junheng.web.app import serve

    console.print(f"[bold green]网页服务：http://{host}:{port}[/]  （Ctrl+C 停止）")
    serve(deployment, host, port, log_level="warning")
