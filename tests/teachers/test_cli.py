import json

import pytest
from typer.testing import CliRunner

from junheng.cli import app
from tests.teachers.files import person, post, quota_files, training_file, write

pytestmark = pytest.mark.core
runner = CliRunner()


def test_quota_contract(tmp_path):
    t, p = quota_files(tmp_path)
    out = tmp_path / "q.json"
    r = runner.invoke(app, ["teachers", "quota", "--teachers", str(t), "--posts", str(p), "--year", "2024",
                            "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["county"] == {"eligible": 14, "exchanged": 1, "rate": pytest.approx(1 / 14),
                              "backbone_exchanged": 1, "backbone_share": 1.0, "passes": False}
    assert data["schools"]["S1"] == {"eligible": 10, "exchanged": 1, "rate": 0.1, "backbone_exchanged": 1,
                                     "backbone_share": 1.0, "passes": True}
    assert data["schools"]["S2"]["rate"] == 0.0 and data["schools"]["S2"]["passes"] is False


def test_training_contract(tmp_path):
    t, _ = quota_files(tmp_path)
    h = training_file(tmp_path, [
        {"teacher_id": "T1", "course": "国培", "level": "国家级", "hours": 240, "date": "2021-07-01"},
        {"teacher_id": "T1", "course": "县培", "level": "县级", "hours": 120, "date": "2025-12-31"},
        {"teacher_id": "T2", "course": "县培", "level": "县级", "hours": 300, "date": "2020-12-31"}])
    out = tmp_path / "t.json"
    r = runner.invoke(app, ["teachers", "training", "--teachers", str(t), "--training", str(h), "--cycle-start",
                            "2021", "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["county"] == {"teachers": 14, "complete": 1, "rate": pytest.approx(1 / 14)}
    assert data["teachers"]["T1"] == {"hours": 360.0, "required": 360.0, "complete": True}
    assert data["teachers"]["T2"] == {"hours": 0.0, "required": 360.0, "complete": False}


def test_bad_input_names_file_sheet_row_column(tmp_path):
    from junheng.teachers.core.schema import POSTS, TEACHERS

    t = write(tmp_path / "t.xlsx", [(TEACHERS, [person("A", education="大学"), person("B")])])
    p = write(tmp_path / "p.xlsx", [(POSTS, [post("A", "S1", "2010-09-01"), post("Z", "S1", "2010-09-01")])])
    r = runner.invoke(app, ["teachers", "quota", "--teachers", str(t), "--posts", str(p), "--year", "2024"])
    assert r.exit_code == 2
    assert "t.xlsx，工作表「教师」，第 2 行，「最高学历」列" in r.output


def test_templates(tmp_path):
    from python_calamine import CalamineWorkbook

    for name, sheets in (("teachers", {"教师", "职称", "骨干名师", "师德考核", "其他经历"}), ("posts", {"任职"}),
                         ("training", {"培训记录"})):
        path = tmp_path / f"{name}.xlsx"
        r = runner.invoke(app, ["template", name, str(path)])
        assert r.exit_code == 0, r.output
        assert sheets <= set(CalamineWorkbook.from_path(str(path)).sheet_names)


def test_propose_from_plan_json(tmp_path):
    t, p = quota_files(tmp_path)
    plan = {"status": "optimal", "actions": [
        {"school_id": "S2", "school_name": "乙", "stage": "小学", "action": "transfer_in", "amount": 2.0, "unit": "人",
         "cost": 0, "text": "由 甲 交流调入达到规定学历教师 2 人", "counterpart": "S1"}]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "proposal.json"
    r = runner.invoke(app, ["teachers", "propose", "--plan", str(path), "--year", "2025", "--teachers", str(t),
                            "--posts", str(p), "--json", str(out)])
    assert r.exit_code == 0, r.output
    items = json.loads(out.read_text(encoding="utf-8"))["items"]
    assert [(i["from_school"], i["to_school"]) for i in items] == [("S1", "S2")] * 2
    assert {i["teacher_id"] for i in items} <= {f"T{i}" for i in range(1, 10)}


@pytest.mark.db
def test_import_into_the_database(tmp_path, monkeypatch):
    from junheng.config import Settings

    monkeypatch.setenv("JUNHENG_DATA_DIR", str(tmp_path / "data"))
    assert Settings().data_dir == tmp_path / "data"
    t, p = quota_files(tmp_path)
    r = runner.invoke(app, ["teachers", "import", "profile", str(t), "--dry-run"])
    assert r.exit_code == 0 and "新增 14" in r.output and "未写入" in r.output
    r = runner.invoke(app, ["teachers", "import", "posts", str(p)])
    assert r.exit_code == 2 and "不在教师名单中" in r.output      # the profile was not written by the dry run
    assert runner.invoke(app, ["teachers", "import", "profile", str(t)]).exit_code == 0
    r = runner.invoke(app, ["teachers", "import", "posts", str(p)])
    assert r.exit_code == 2 and "不在学校名册中" in r.output       # S1, S2 are not registry schools


@pytest.mark.db
def test_propose_from_the_database_and_save(tmp_path, monkeypatch, registry_file):
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.teachers.store.models import ExchangeProposal
    from tests.teachers.store.seed import A, C, seed

    monkeypatch.setenv("JUNHENG_DATA_DIR", str(tmp_path / "data"))
    dep = Deployment.open(Settings())
    seed(dep, registry_file, tmp_path)
    dep.db.dispose()
    plan = tmp_path / "t.json"
    plan.write_text(json.dumps([{"from": A, "to": C, "stage": "小学", "count": 2, "reason": "补充骨干"}]), encoding="utf-8")
    r = runner.invoke(app, ["teachers", "propose", "--plan", str(plan), "--year", "2025", "--save"])
    assert r.exit_code == 0, r.output
    assert "待确认" in r.output and r.output.count(f"{A} → {C}") == 2
    dep = Deployment.open(Settings())
    with dep.db.sessions() as s:
        (row,) = s.query(ExchangeProposal).all()
        assert row.status == "待确认" and len(row.items) == 2 and row.created_by == "cli"
    dep.db.dispose()
