"""``junheng admissions …`` from files, without a database; ``junheng template zones|applications|seats``.

Machine-readable contract (keep stable):
  junheng admissions allocate --zones Z.xlsx --applicants A.xlsx --seats S.xlsx --seed-from LOTTERY.json
                              --json OUT.json
  → {"schools": {code: {"seats", "applicants", "admitted", "to_lottery"}},
     "children": {application_no: {"school": code | null, "reason": str}}}
The same inputs and the same lottery seed always give the same output. Bad input: a Chinese message naming
file, sheet, row and column on stderr, exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from junheng.admissions.core import AdmissionSettings, AdmissionsInputError, parse_address
from junheng.admissions.readers.specs import ALL_UNITS, APPLICATIONS, FEEDERS, SEATS, ZONES
from junheng.io.problems import ImportFailed
from junheng.lottery.core import LotteryInputError, canonical_csv
from junheng.lottery.core.resultfile import dumps

app = typer.Typer(help="招生入学：学区查询与核对、学位分配（不需要数据库）", no_args_is_help=True)
template_app = typer.Typer(help="生成数据采集模板（Excel）", no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@app.callback()
def main() -> None:
    """招生入学命令。"""


def _fail(message: str) -> None:
    err.print(f"[bold red]错误：[/]{message}")
    raise typer.Exit(2)


def _problems(exc: ImportFailed) -> None:
    err.print(f"[bold red]读取失败：共 {len(exc.problems)} 处问题[/]")
    for p in exc.problems[:200]:
        err.print(f"  • {p}")
    raise typer.Exit(2)


@app.command("allocate")
def allocate_cmd(
    zones: Annotated[Path, typer.Option("--zones", help="学区划片表（Excel，见 junheng template zones）")],
    applicants: Annotated[Path, typer.Option("--applicants", help="报名名单（Excel）")],
    seats: Annotated[Path, typer.Option("--seats", help="招生计划（Excel）")],
    json_out: Annotated[Path, typer.Option("--json", help="写出的分配结果（JSON）")],
    seed_from: Annotated[Path | None, typer.Option("--seed-from", help="派位结果文件或种子文件（JSON，含 seed）")] = None,
    year: Annotated[int, typer.Option("--year", help="招生年度（年龄按该年截止日计算）")] = AdmissionSettings().year,
    lottery_list: Annotated[Path | None, typer.Option("--lottery-list", help="写出派位名单 CSV（用于公示和核验）")] = None,
    lottery_result: Annotated[Path | None, typer.Option("--lottery-result", help="写出派位结果文件（JSON）")] = None,
    section: Annotated[str, typer.Option("--section", help="学段：小学（一年级）或初中（七年级）")] = "小学",
) -> None:
    """学位分配：审核资格、按档次录取，超额学校电脑派位，未录取者按规则调剂，写出每名儿童的结果。"""
    from junheng.admissions.readers.offline import allocate_files

    try:
        run = allocate_files(zones, applicants, seats, seed_from, AdmissionSettings(year=year), section)
    except ImportFailed as exc:
        _problems(exc)
    except (AdmissionsInputError, LotteryInputError, ValueError) as exc:
        _fail(str(exc))
    summary = run.allocation.summary()
    json_out.write_text(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if run.lottery_result is not None:
        if run.seed_list_sha256 and run.seed_list_sha256 != run.lottery_sha256:
            err.print("[yellow]提示：[/]种子文件是在另一份名单上抽出的（名单哈希不同）；本次派位名单的哈希为 "
                      f"{run.lottery_sha256}")
        if lottery_list is not None:
            lottery_list.write_text(canonical_csv(run.allocation.plan.lottery), encoding="utf-8", newline="")
        if lottery_result is not None:
            lottery_result.write_text(dumps(run.lottery_result), encoding="utf-8", newline="\n")
    t = Table("学校", "名额", "报名", "录取", "参加派位")
    for code, s in summary["schools"].items():
        t.add_row(code, str(s["seats"]), str(s["applicants"]), str(s["admitted"]), str(s["to_lottery"]))
    out.print(t)
    placed = sum(1 for c in summary["children"].values() if c["school"])
    out.print(f"共 {len(summary['children'])} 名儿童，录取 {placed} 名；结果已写入 {json_out}")


@app.command("zones")
def zones_cmd(zones: Annotated[Path, typer.Argument(help="学区划片表（Excel）")]) -> None:
    """核对学区表：重复划片、未划片地址、划片方式与学校数不符（有问题退出码 1）。"""
    from junheng.admissions.readers.workbooks import read_zones

    try:
        data = read_zones(zones)
    except ImportFailed as exc:
        _problems(exc)
    issues = data.table.check(data.all_units)
    out.print(f"{len(data.table.zones)} 个片区，{sum(len(z.units) for z in data.table.zones)} 个地址单元，"
              f"{len(data.table.schools)} 所学校")
    for i in issues:
        out.print(f"[red]{i.kind}[/]：{i.message}")
    if issues:
        raise typer.Exit(1)
    out.print("未发现重复划片或未划片地址。")


@app.command("lookup")
def lookup_cmd(zones: Annotated[Path, typer.Argument(help="学区划片表（Excel）")],
               address: Annotated[str, typer.Argument(help="地址，如「人民路23号」或「东关社区」")],
               section: Annotated[str, typer.Option("--section", help="学段：小学或初中")] = "小学") -> None:
    """查询地址所属学区学校。"""
    from junheng.admissions.readers.workbooks import read_zones

    try:
        table = read_zones(zones).table
    except ImportFailed as exc:
        _problems(exc)
    matches = table.lookup(parse_address(address), section)
    if not matches:
        out.print(f"「{address}」不在任何{section}学区内")
        raise typer.Exit(1)
    for m in matches:
        out.print(f"片区 {m.zone_id}（{m.mode}，{m.unit.label}）：{'、'.join(m.schools)}")


def _template(path: Path, specs, title: str, notes: list[str]) -> None:
    from junheng.io.template import write_template

    write_template(path, specs, title, notes=notes)
    out.print(f"模板已写入 {path}")


@template_app.command("zones")
def template_zones(out_path: Annotated[Path, typer.Argument(help="输出文件")] = Path("学区划片表.xlsx")) -> None:
    """学区划片表模板：每行一个地址单元（社区、村，或道路的门牌段）。"""
    _template(out_path, [ZONES, FEEDERS, ALL_UNITS], "学区划片表",
              ["同一片区的各行片区编号、学段、划片方式、学校须一致。道路按门牌段划分：起始、截止门牌（含）与单双号。",
               "小升初对口：每所小学一行，填对口初中。地址清单（可选）：全县应划片的全部地址，用于查找未划片地址。"])


@template_app.command("applications")
def template_applications(out_path: Annotated[Path, typer.Argument(help="输出文件")] = Path("报名名单.xlsx")) -> None:
    """报名名单模板（批量导入）。"""
    _template(out_path, [APPLICATIONS], "义务教育新生报名名单",
              ["身份证件号为 18 位居民身份证号（文本格式），校验位不符的行不会导入。地址写成「人民路23号」或「东关社区」。"])


@template_app.command("seats")
def template_seats(out_path: Annotated[Path, typer.Argument(help="输出文件")] = Path("招生计划.xlsx")) -> None:
    """招生计划模板：每校计划班数、班额上限和调剂学校。"""
    _template(out_path, [SEATS], "义务教育招生计划", ["名额 = 计划班数 × 班额上限（小学 45 人、初中 50 人）。"])
