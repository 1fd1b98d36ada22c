"""``junheng lottery …``: freeze a list, commit to a secret, draw, verify offline, show a receipt.

Machine-readable contract (keep stable):
  junheng lottery draw --applicants A.csv --seats N --seed-hex HEX --json OUT.json
  junheng lottery verify OUT.json --applicants A.csv      (exit 0: matches; 1: differs, named; 2: bad input)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from junheng.lottery.core.canon import freeze
from junheng.lottery.core.csvio import read_applicants_csv
from junheng.lottery.core.draw import run_draw
from junheng.lottery.core.model import LotteryInputError, rules_from_dict, single_school_rules
from junheng.lottery.core.resultfile import read_result_file, write_result_file
from junheng.lottery.core.seed import (
    SeedSource,
    check_commitment,
    commitment,
    derive_seed,
    make_secret,
    parse_hex,
    seed_text,
)
from junheng.lottery.core.verify import verify_draw

app = typer.Typer(help="电脑随机派位：冻结名单、承诺秘密、抽签、离线核验、查询回执。", no_args_is_help=True,
                  add_completion=False)

ApplicantsOpt = Annotated[Path, typer.Option("--applicants", help="申请人名单 CSV（applicant_id,tier,sibling_group）")]


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(2)


def _load_rules(path: Path):
    try:
        import json
        return rules_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        _fail(f"找不到规则文件：{path}")
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(f"规则文件 {path.name} 无效：{exc}")


@app.command("draw")
def draw_cmd(
    applicants: ApplicantsOpt,
    json_out: Annotated[Path, typer.Option("--json", help="写出的公开结果文件（JSON）")],
    seats: Annotated[int | None, typer.Option("--seats", min=0, help="招生名额（单校单轮）")] = None,
    rules_file: Annotated[Path | None, typer.Option("--rules", help="规则文件（JSON，多校/多轮），与 --seats 二选一")] = None,
    seed_hex: Annotated[str | None, typer.Option("--seed-hex", help="种子（十六进制）")] = None,
    secret: Annotated[str | None, typer.Option("--secret", help="抽签时揭示的秘密（十六进制）")] = None,
    public: Annotated[list[str] | None, typer.Option("--public", help="事先约定的公开数值，可重复，按公布顺序")] = None,
    commitment_hex: Annotated[str | None, typer.Option("--commitment", help="事先公布的承诺值，用于核对秘密")] = None,
    school_name: Annotated[str, typer.Option("--school-name", help="学校名称（配合 --seats）")] = "本校",
) -> None:
    """抽签：由名单、种子和规则算出录取与候补名单，写出公开结果文件。"""
    try:
        people = read_applicants_csv(applicants)
        if (seats is None) == (rules_file is None):
            _fail("请给出 --seats（单校单轮）或 --rules（规则文件）中的一个")
        rules = single_school_rules(seats, school_name) if seats is not None else _load_rules(rules_file)
        frozen = freeze(people)
        source = None
        if seed_hex is not None:
            if secret or public:
                _fail("--seed-hex 不能与 --secret/--public 同时使用")
            seed = parse_hex(seed_hex, "种子").hex()
            if len(seed) < 32:
                typer.echo("提示：种子短于 128 位，容易被猜中，正式抽签请使用更长的种子", err=True)
        else:
            if not secret and not public:
                _fail("缺少种子：请给出 --seed-hex，或 --secret 和/或 --public")
            if secret and commitment_hex and not check_commitment(secret, commitment_hex):
                _fail("揭示的秘密与事先公布的承诺值不符，拒绝抽签")
            seed = derive_seed(frozen.sha256, secret or "", tuple(public or ()))
            source = SeedSource(secret.strip().lower() if secret else "",
                                (commitment_hex or (commitment(secret) if secret else "")).strip().lower(),
                                tuple(v.strip() for v in public or ()))
        result = run_draw(frozen, seed, rules)
    except LotteryInputError as exc:
        _fail(str(exc))
    write_result_file(result, json_out, source)
    typer.echo(f"名单 SHA-256：{result.list_sha256}（{len(frozen)} 人）")
    typer.echo(f"种子：{result.seed}")
    typer.echo(f"录取 {len(result.admitted)} 人，候补 {len(result.waitlist)} 人；结果已写入 {json_out}")


@app.command("verify")
def verify_cmd(
    result_file: Annotated[Path, typer.Argument(help="公开结果文件（JSON）")],
    applicants: ApplicantsOpt,
    seed_hex: Annotated[str | None, typer.Option("--seed-hex", help="现场公布的种子，用于核对")] = None,
    list_sha: Annotated[str | None, typer.Option("--list-sha256", help="抽签前公布的名单哈希，用于核对")] = None,
    commitment_hex: Annotated[str | None, typer.Option("--commitment", help="抽签前公布的承诺值，用于核对")] = None,
) -> None:
    """离线核验：用公布的名单、种子和规则重新抽签，与结果文件逐项比对（一致退出码 0，不一致 1）。"""
    try:
        published = read_result_file(result_file)
        people = read_applicants_csv(applicants)
        check = verify_draw(published, people, expected_seed=seed_hex, expected_list_sha256=list_sha,
                            expected_commitment=commitment_hex)
    except LotteryInputError as exc:
        _fail(str(exc))
    if check.ok:
        r = check.recomputed
        typer.echo(f"核验通过：名单 SHA-256 {r.list_sha256}，种子 {r.seed}；"
                   f"重算得到的录取 {len(r.admitted)} 人、候补 {len(r.waitlist)} 人与结果文件完全一致。")
        return
    typer.echo(f"核验不通过，不一致之处：{'、'.join(check.parts)}")
    for d in check.differences:
        typer.echo(f"- {d}")
    raise typer.Exit(1)


@app.command("commit")
def commit_cmd(
    out: Annotated[Path | None, typer.Option("--out", help="把秘密写入此文件（不在屏幕显示）")] = None,
) -> None:
    """生成秘密及其承诺值：抽签前公布承诺值，抽签时揭示秘密。"""
    secret = make_secret()
    if out is not None:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secret + "\n")
        typer.echo(f"秘密已写入 {out}（请妥善保管，抽签时揭示）")
    else:
        typer.echo(f"秘密（抽签前保密，抽签时揭示）：{secret}")
    typer.echo(f"承诺值（现在公布）：{commitment(secret)}")


@app.command("freeze")
def freeze_cmd(
    applicants: ApplicantsOpt,
    out: Annotated[Path | None, typer.Option("--out", help="写出规范化名单 CSV（用于公示）")] = None,
) -> None:
    """冻结名单：校验、规范化并给出 SHA-256（抽签前公示）。"""
    try:
        frozen = freeze(read_applicants_csv(applicants))
    except LotteryInputError as exc:
        _fail(str(exc))
    if out is not None:
        out.write_bytes(frozen.canonical_csv.encode("utf-8"))
        typer.echo(f"规范化名单已写入 {out}")
    typer.echo(f"名单 SHA-256：{frozen.sha256}（{len(frozen)} 人）")


@app.command("seed")
def seed_cmd(
    list_sha: Annotated[str, typer.Option("--list-sha256", help="冻结名单的 SHA-256")],
    secret: Annotated[str | None, typer.Option("--secret", help="揭示的秘密（十六进制）")] = None,
    public: Annotated[list[str] | None, typer.Option("--public", help="公开数值，可重复")] = None,
) -> None:
    """由名单哈希、秘密和公开数值计算种子，并显示被哈希的原文。"""
    try:
        text = seed_text(list_sha, secret or "", tuple(public or ()))
        seed = derive_seed(list_sha, secret or "", tuple(public or ()))
    except LotteryInputError as exc:
        _fail(str(exc))
    typer.echo("被哈希的原文（UTF-8，每行以换行结束）：")
    typer.echo(text, nl=False)
    typer.echo(f"种子 = SHA-256(原文) = {seed}")


@app.command("receipt")
def receipt_cmd(
    result_file: Annotated[Path, typer.Argument(help="公开结果文件（JSON）")],
    applicant_id: Annotated[str, typer.Argument(help="报名编号")],
) -> None:
    """查询某位申请人的派位回执。"""
    try:
        published = read_result_file(result_file)
    except LotteryInputError as exc:
        _fail(str(exc))
    for r in published.get("receipts", []):
        if r.get("applicant_id") == applicant_id.strip():
            typer.echo(f"报名编号：{r['applicant_id']}")
            typer.echo(f"抽签号：{r['draw_number']}    档次：第 {r['tier']} 档    排序位次：{r['position']}")
            where = f"（{r['school_name']}，第 {r['round']} 轮）" if r["result"] == "录取" else \
                f"（候补第 {r['waitlist_position']} 位）"
            typer.echo(f"结果：{r['result']}{where}")
            typer.echo(f"依据：{r['rule']}")
            return
    _fail(f"结果文件中没有报名编号「{applicant_id}」")


__all__ = ["app"]
