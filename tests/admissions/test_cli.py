from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from junheng.admissions.cli.files import app
from junheng.lottery.cli import app as lottery_app
from tests.admissions.helpers import A, B, C, P
from tests.admissions.workbooks import application_row, applications_file, seats_file, zones_file

pytestmark = pytest.mark.core
runner = CliRunner()
SEED = {"seed": "5e" * 32}


@pytest.fixture
def files(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(SEED), encoding="utf-8")
    return (zones_file(tmp_path / "Z.xlsx"), applications_file(tmp_path / "A.xlsx"), seats_file(tmp_path / "S.xlsx"),
            seed, tmp_path)


def allocate(z, a, s, seed, out, *extra):
    return runner.invoke(app, ["allocate", "--zones", str(z), "--applicants", str(a), "--seats", str(s),
                               "--seed-from", str(seed), "--json", str(out), *extra])


def test_allocate_writes_the_contract(files):
    z, a, s, seed, tmp = files
    r = allocate(z, a, s, seed, tmp / "out.json")
    assert r.exit_code == 0, r.output
    data = json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    assert set(data) == {"schools", "children"}
    assert data["schools"][A] == {"seats": 20, "applicants": 35, "admitted": 20, "to_lottery": 35}
    assert data["schools"][P] == {"seats": 5, "applicants": 3, "admitted": 3, "to_lottery": 0}
    assert data["schools"][C]["admitted"] == 10          # A's 调剂学校 takes ten of the fifteen not drawn
    kids = data["children"]
    assert len(kids) == 40 and set(kids["20250001"]) == {"school", "reason"}
    assert kids["20250039"]["school"] is None and "未满 6 周岁" in kids["20250039"]["reason"]
    assert kids["20250040"]["school"] is None and "不在任何小学学区内" in kids["20250040"]["reason"]
    assert sum(1 for k in kids.values() if k["school"] is None) == 7
    assert data["schools"][B]["admitted"] == 0


def test_same_inputs_same_output_and_the_seed_matters(files):
    z, a, s, seed, tmp = files
    allocate(z, a, s, seed, tmp / "one.json")
    allocate(z, a, s, seed, tmp / "two.json")
    assert (tmp / "one.json").read_bytes() == (tmp / "two.json").read_bytes()
    other = tmp / "other.json"
    other.write_text(json.dumps({"seed": "a1" * 32}), encoding="utf-8")
    allocate(z, a, s, other, tmp / "three.json")
    assert (tmp / "one.json").read_bytes() != (tmp / "three.json").read_bytes()


def test_seed_from_a_lottery_result_file_and_the_draw_verifies(files):
    z, a, s, seed, tmp = files
    r = allocate(z, a, s, seed, tmp / "out.json", "--lottery-list", str(tmp / "list.csv"),
                 "--lottery-result", str(tmp / "result.json"))
    assert r.exit_code == 0, r.output
    # the lottery's own CLI re-runs the draw from the published list and result file
    v = runner.invoke(lottery_app, ["verify", str(tmp / "result.json"), "--applicants", str(tmp / "list.csv")])
    assert v.exit_code == 0, v.output
    # a result file written by the lottery CLI is a valid --seed-from
    r2 = allocate(z, a, s, tmp / "result.json", tmp / "out2.json")
    assert r2.exit_code == 0 and (tmp / "out.json").read_bytes() == (tmp / "out2.json").read_bytes()


def test_missing_seed_when_a_lottery_is_needed(files):
    z, a, s, _, tmp = files
    r = runner.invoke(app, ["allocate", "--zones", str(z), "--applicants", str(a), "--seats", str(s),
                            "--json", str(tmp / "o.json")])
    assert r.exit_code == 2 and "--seed-from" in r.output


def test_bad_id_number_names_file_sheet_row_and_column(files):
    z, _, s, seed, tmp = files
    bad = application_row("X1", 1, hukou="东关社区", idn="330102201905010010")
    a = applications_file(tmp / "bad.xlsx", [bad])
    r = allocate(z, a, s, seed, tmp / "o.json")
    assert r.exit_code == 2
    assert "bad.xlsx，工作表「报名名单」，第 2 行，「身份证件号」列：身份证件号不是有效的 18 位居民身份证号" in r.output
    assert not (tmp / "o.json").exists()


def test_zones_check_and_lookup(files, tmp_path):
    z = files[0]
    assert runner.invoke(app, ["zones", str(z)]).exit_code == 0
    r = runner.invoke(app, ["lookup", str(z), "人民路99号"])
    assert r.exit_code == 0 and A in r.output
    assert runner.invoke(app, ["lookup", str(z), "人民路100号"]).output.count(B) == 1
    assert runner.invoke(app, ["lookup", str(z), "北关社区"]).exit_code == 1
    wrong = zones_file(tmp_path / "W.xlsx", [["Z1", "小学", "单校划片", A, "道路", "人民路", 1, 99, "全部"],
                                              ["Z2", "小学", "单校划片", C, "道路", "人民路", 99, 99, None]])
    r = runner.invoke(app, ["zones", str(wrong)])
    assert r.exit_code == 1 and "重复划片" in r.output


def test_templates(tmp_path):
    from junheng.cli import app as root

    for name in ("zones", "applications", "seats"):
        out = tmp_path / f"{name}.xlsx"
        r = runner.invoke(root, ["template", name, str(out)])
        assert r.exit_code == 0 and out.exists(), r.output
