from __future__ import annotations

import hashlib
import json
import re

import pytest
from typer.testing import CliRunner

from junheng.lottery.cli import app

from .helpers import reference_draw

pytestmark = pytest.mark.core

CSV = "applicant_id,tier,sibling_group\nA01,1,\nA02,1,G1\nA03,1,G1\nA04,2,\nA05,2,\nA06,2,G2\nA07,2,G2\nA08,1,\n"
SEED = "00112233445566778899aabbccddeeff"
runner = CliRunner()


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "A.csv"
    a.write_text(CSV, encoding="utf-8")
    return a, tmp_path / "OUT.json"


def draw(a, out, *extra):
    return runner.invoke(app, ["draw", "--applicants", str(a), "--seats", "4", "--seed-hex", SEED,
                               "--json", str(out), *extra])


def test_draw_writes_the_contract(files):
    a, out = files
    r = draw(a, out)
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    sorted_rows = "\n".join(sorted(CSV.strip().split("\n")[1:]))
    canonical = "applicant_id,tier,sibling_group\n" + sorted_rows + "\n"
    assert data["list_sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert data["seed"] == SEED
    rows = [(x.split(",")[0], int(x.split(",")[1]), x.split(",")[2]) for x in CSV.strip().split("\n")[1:]]
    admitted, waitlist = reference_draw(rows, 4, SEED)
    assert data["admitted"] == admitted and data["waitlist"] == waitlist
    assert {"list_sha256", "seed", "admitted", "waitlist"} <= set(data)


def test_verify_passes_on_the_untouched_draw(files):
    a, out = files
    draw(a, out)
    r = runner.invoke(app, ["verify", str(out), "--applicants", str(a)])
    assert r.exit_code == 0, r.output
    assert "核验通过" in r.stdout


def test_verify_fails_and_names_a_changed_list(files):
    a, out = files
    draw(a, out)
    a.write_text(CSV.replace("A05,2,", "A05,1,"), encoding="utf-8")
    r = runner.invoke(app, ["verify", str(out), "--applicants", str(a)])
    assert r.exit_code == 1
    assert "list_sha256" in r.stdout and "名单不符" in r.stdout


def test_verify_fails_and_names_a_changed_result(files):
    a, out = files
    draw(a, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["admitted"][0], data["waitlist"][0] = data["waitlist"][0], data["admitted"][0]
    out.write_text(json.dumps(data), encoding="utf-8")
    r = runner.invoke(app, ["verify", str(out), "--applicants", str(a)])
    assert r.exit_code == 1 and "admitted" in r.stdout and "waitlist" in r.stdout


def test_verify_with_the_announced_seed_names_the_seed(files):
    a, out = files
    draw(a, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["seed"] = "ff" + SEED[2:]
    out.write_text(json.dumps(data), encoding="utf-8")
    r = runner.invoke(app, ["verify", str(out), "--applicants", str(a), "--seed-hex", SEED])
    assert r.exit_code == 1 and "[seed]" in r.stdout


BAD_INPUT = {
    "missing-list": (["draw", "--applicants", "{dir}/nope.csv", "--seats", "1", "--seed-hex", SEED, "--json", "{out}"],
                     "找不到"),
    "seed-not-hex": (["draw", "--applicants", "{a}", "--seats", "1", "--seed-hex", "xyz", "--json", "{out}"],
                     "十六进制"),
    "no-seed": (["draw", "--applicants", "{a}", "--seats", "1", "--json", "{out}"], "缺少种子"),
    "seats-and-rules": (["draw", "--applicants", "{a}", "--seats", "1", "--rules", "{a}", "--seed-hex", SEED,
                         "--json", "{out}"], "中的一个"),
    "seed-and-secret": (["draw", "--applicants", "{a}", "--seats", "1", "--seed-hex", SEED, "--secret", "00",
                         "--json", "{out}"], "不能"),
    "verify-missing-result": (["verify", "{dir}/nope.json", "--applicants", "{a}"], "找不到结果文件"),
    "verify-not-json": (["verify", "{a}", "--applicants", "{a}"], "不是有效的 JSON"),
    "receipt-unknown-id": (["receipt", "{result}", "NOPE"], "没有报名编号"),
}


@pytest.mark.parametrize("args,message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_a_chinese_message(files, args, message):
    a, out = files
    result = out.parent / "R.json"
    draw(a, result)
    args = [x.format(dir=out.parent, a=a, out=out, result=result) for x in args]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr


LIST_ERRORS = {
    "duplicate-id": (CSV + "A01,1,\n", "第 10 行", "与第 2 行重复"),
    "tier-not-number": (CSV.replace("A04,2,", "A04,二,"), "第 5 行", "tier（档次）"),
    "tier-empty": (CSV.replace("A04,2,", "A04,,"), "第 5 行", "正整数"),
    "missing-column": ("applicant_id,sibling_group\nA,\n", "第 1 行", "tier"),
    "group-of-one": (CSV.replace("A07,2,G2", "A07,2,"), "G2", "只有一人"),
    "group-tiers-differ": (CSV.replace("A03,1,G1", "A03,2,G1"), "G1", "不一致"),
}


@pytest.mark.parametrize("text,where,what", LIST_ERRORS.values(), ids=LIST_ERRORS.keys())
def test_list_errors_name_file_row_and_column(files, text, where, what):
    a, out = files
    a.write_text(text, encoding="utf-8")
    r = draw(a, out)
    assert r.exit_code == 2
    assert "A.csv" in r.stderr and where in r.stderr and what in r.stderr


def test_bom_and_crlf_and_extra_columns_are_accepted(files):
    a, out = files
    draw(a, out)
    first = json.loads(out.read_text(encoding="utf-8"))
    lines = CSV.strip().split("\n")
    a.write_bytes(("\ufeff" + "\r\n".join(line + ",x" for line in lines) + "\r\n").encode("utf-8"))
    a2 = a.with_name("B.csv")
    a2.write_bytes(a.read_bytes())
    draw(a2, out)
    assert json.loads(out.read_text(encoding="utf-8"))["list_sha256"] == first["list_sha256"]


def test_commit_then_draw_with_secret_and_public_values_then_verify(files):
    a, out = files
    r = runner.invoke(app, ["commit"])
    assert r.exit_code == 0
    secret, commit = re.findall(r"[0-9a-f]{64}", r.stdout)
    assert commit == hashlib.sha256(bytes.fromhex(secret)).hexdigest()
    r = runner.invoke(app, ["draw", "--applicants", str(a), "--seats", "4", "--secret", secret,
                            "--public", "03 18 27", "--commitment", commit, "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["seed_source"] == {"secret": secret, "commitment": commit, "public_values": ["03 18 27"]}
    r = runner.invoke(app, ["verify", str(out), "--applicants", str(a), "--commitment", commit])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["seed", "--list-sha256", data["list_sha256"], "--secret", secret, "--public", "03 18 27"])
    assert data["seed"] in r.stdout


def test_wrong_secret_for_the_commitment_refuses_to_draw(files):
    a, out = files
    r = runner.invoke(app, ["draw", "--applicants", str(a), "--seats", "4", "--secret", "11" * 32,
                            "--commitment", "00" * 32, "--json", str(out)])
    assert r.exit_code == 2 and "承诺值不符" in r.stderr and not out.exists()


def test_commit_to_file_keeps_the_secret_off_screen(tmp_path):
    target = tmp_path / "secret.txt"
    r = runner.invoke(app, ["commit", "--out", str(target)])
    secret = target.read_text().strip()
    assert r.exit_code == 0 and secret not in r.stdout
    assert hashlib.sha256(bytes.fromhex(secret)).hexdigest() in r.stdout


def test_freeze_writes_the_canonical_list(files):
    a, out = files
    frozen = out.parent / "frozen.csv"
    r = runner.invoke(app, ["freeze", "--applicants", str(a), "--out", str(frozen)])
    assert r.exit_code == 0
    assert hashlib.sha256(frozen.read_bytes()).hexdigest() in r.stdout
    assert frozen.read_bytes().startswith(b"applicant_id,tier,sibling_group\nA01,1,\n")


def test_receipt_shows_number_and_rule(files):
    a, out = files
    draw(a, out)
    r = runner.invoke(app, ["receipt", str(out), "A06"])
    assert r.exit_code == 0 and "抽签号" in r.stdout and "依据" in r.stdout


def test_rules_file_for_several_rounds(files):
    a, out = files
    rules = out.parent / "rules.json"
    rules.write_text(json.dumps({
        "schools": [{"school_id": "X", "name": "实验学校"}],
        "rounds": [{"name": "片区内", "seats": {"X": 3}, "tiers": [1]}, {"name": "余额", "seats": {"X": 1}}],
    }, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["draw", "--applicants", str(a), "--rules", str(rules), "--seed-hex", SEED,
                            "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["rules"]["rounds"][1]["name"] == "余额"
    assert runner.invoke(app, ["verify", str(out), "--applicants", str(a)]).exit_code == 0
