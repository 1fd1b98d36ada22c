"""School data in the database (SQLite and PostgreSQL): import as an undoable batch, re-import updates, a bad file
writes nothing, a clerk cannot write another school's rows; teacher columns derived from the registry; county
inputs and judgements; the CLI commands over the database; the demo loader."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from junheng.accounts import Scope
from junheng.balance.reports.excel import HEAD_ROW, SHEET
from junheng.balance.reports.school_data_template import write_school_data
from junheng.balance.store.models import BalanceSchoolYear
from junheng.balance.store.queries import compute_assessment, county_figures, current_shortfalls
from junheng.balance.store.school_data import TABLE, import_school_data, save_form
from junheng.balance.store.service import save_county_inputs, save_judgement
from junheng.io.problems import ImportFailed
from junheng.store.batches import undo_batch
from junheng.store.models.accounts import ImportBatch
from tests.balance.web_county import school_data

pytestmark = pytest.mark.db
CLERK = Scope("school_clerk", school_id="2133010001")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def county_db(request, tmp_path_factory):
    """One migrated database per backend for the module, with the registry imported (migrations are slow)."""
    from tests.balance.shared_db import shared_deployment

    with shared_deployment(request.param, tmp_path_factory.mktemp("store")) as dep:
        yield dep


@pytest.fixture
def county(county_db):
    """The module's database with no balance data (each test starts clean)."""
    from tests.balance.shared_db import clear_balance

    clear_balance(county_db)
    return county_db


def rows(dep) -> int:
    with dep.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(BalanceSchoolYear))


def value(dep, school_id, section, column, year=2024):
    with dep.db.sessions() as s:
        row = s.scalars(select(BalanceSchoolYear).filter_by(school_id=school_id, section=section, year=year)).one()
        return getattr(row, column)


def test_import_reimport_update_and_undo(county, tmp_path):
    frame = school_data(2024)
    path = write_school_data(frame, tmp_path / "办学条件_2024.xlsx")
    with county.db.transaction() as s:
        first = import_school_data(s, path, "staff")
    assert first.summary()[TABLE] == {"inserted": len(frame), "updated": 0, "unchanged": 0}
    assert value(county, "2133010003", "全校", "sports_ground_area") == pytest.approx(
        frame.query("school_id == '2133010003' and section == '全校'")["sports_ground_area"].iloc[0])
    assert isinstance(value(county, "2133010001", "小学", "students"), int)
    with county.db.transaction() as s:
        again = import_school_data(s, path, "staff")
    assert again.summary()[TABLE] == {"inserted": 0, "updated": 0, "unchanged": len(frame)}
    changed = frame.copy()
    changed.loc[(changed["school_id"] == "2133010001") & (changed["section"] == "小学"), "multimedia_rooms"] = 40
    with county.db.transaction() as s:
        third = import_school_data(s, write_school_data(changed, tmp_path / "改.xlsx"), "staff")
    assert third.summary()[TABLE] == {"inserted": 0, "updated": 1, "unchanged": len(frame) - 1}
    assert value(county, "2133010001", "小学", "multimedia_rooms") == 40
    with county.db.transaction() as s:
        undo_batch(s, third.batch_id, "admin")
    assert value(county, "2133010001", "小学", "multimedia_rooms") == frame.loc[0, "multimedia_rooms"]


def _set(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    out = frame.astype({column: object})
    out.loc[row, column] = value
    return out


@pytest.mark.parametrize("row, column, value, header, reason", [
    pytest.param(2, "students", "很多", "在校学生数（人）", "不是数字", id="non-number"),
    pytest.param(2, "school_id", "2133019999", "学校标识码", "不在学校名册中", id="unknown-school"),
    pytest.param(2, "students", 260.5, "在校学生数（人）", "应为整数", id="fraction"),
    pytest.param(4, "section", "初中", "学部", "是小学，不应有初中行", id="section-of-kind"),
    pytest.param(2, "year", None, "年度", "必填项为空", id="no-year"),
])
def test_bad_file_writes_nothing(county, tmp_path, row, column, value, header, reason):
    path = write_school_data(_set(school_data(2024), row, column, value), tmp_path / "坏.xlsx")
    batches_before = _batches(county)
    with pytest.raises(ImportFailed) as failed, county.db.transaction() as s:
        import_school_data(s, path, "staff", file_label="坏.xlsx")
    hit = [p for p in failed.value.problems if reason in p.reason]
    assert hit, [str(p) for p in failed.value.problems]
    assert (hit[0].file, hit[0].sheet, hit[0].row, hit[0].column) == ("坏.xlsx", SHEET, HEAD_ROW + 1 + row, header)
    assert rows(county) == 0 and _batches(county) == batches_before


def _batches(dep) -> int:
    with dep.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(ImportBatch))


def test_year_must_match_when_given(county, tmp_path):
    path = write_school_data(school_data(2023), tmp_path / "a.xlsx")
    with pytest.raises(ImportFailed) as failed, county.db.transaction() as s:
        import_school_data(s, path, "staff", year=2024)
    assert "年度应为 2024" in failed.value.problems[0].reason


def test_clerk_cannot_import_other_schools(county, tmp_path):
    frame = school_data(2024)
    mixed = write_school_data(frame[frame["school_id"].isin(["2133010001", "2133010002"])], tmp_path / "m.xlsx")
    with pytest.raises(ImportFailed) as failed, county.db.transaction() as s:
        import_school_data(s, mixed, "clerk", scope=CLERK)
    assert [p.row for p in failed.value.problems] == [HEAD_ROW + 2]
    assert "不能填报或导入其他学校的数据" in failed.value.problems[0].reason
    assert rows(county) == 0
    own = write_school_data(frame[frame["school_id"] == "2133010001"], tmp_path / "own.xlsx")
    with county.db.transaction() as s:
        import_school_data(s, own, "clerk", scope=CLERK)
    assert rows(county) == 1


def test_form_rows_and_clerk_scope(county):
    row = {"school_id": "2133010001", "year": 2024, "section": "小学", "students": "500", "classes": "12",
           "teaching_room_area": "2300.5"}
    with county.db.transaction() as s:
        save_form(s, [row], "clerk", "网页填报", scope=CLERK)
    assert value(county, "2133010001", "小学", "teaching_room_area") == pytest.approx(2300.5)
    with pytest.raises(ImportFailed) as failed, county.db.transaction() as s:
        save_form(s, [{**row, "school_id": "2133010002", "section": "初中"}], "clerk", "网页填报", scope=CLERK)
    assert "其他学校" in failed.value.problems[0].reason
    with pytest.raises(ImportFailed) as failed, county.db.transaction() as s:
        save_form(s, [{**row, "students": "-3"}], "clerk", "网页填报", scope=CLERK)
    assert failed.value.problems[0].column == "小学：在校学生数（人）"


def test_blank_teacher_columns_come_from_registry(county):
    """small_registry teachers of 2133010001 (小学): 语文 本科 县级骨干, 体育与健康 专科 → 2 above required
    (专科+), 1 backbone, 1 PE/arts; typed figures of other sections are kept."""
    frame = school_data(2024)
    mask = frame["school_id"] == "2133010001"
    for c in ("full_time_teachers", "teachers_above_required", "backbone_teachers", "pe_arts_teachers"):
        frame.loc[mask, c] = None
    with county.db.transaction() as s:
        save_form(s, frame.to_dict("records"), "staff", "网页填报")
    with county.db.sessions() as s:
        ca = compute_assessment(s, 2024)
    sec = ca.assessment.section("2133010001", "小学")
    assert sec.numerators["teachers_above_required"] == 2
    assert sec.numerators["backbone_teachers"] == 1 and sec.numerators["pe_arts_teachers"] == 1
    assert ("2133010001", "小学", "backbone_teachers") in ca.derived
    assert not any(sid == "2133010002" for sid, _s, _c in ca.derived)


def test_county_inputs_judgements_and_shortfalls(county, tmp_path):
    with county.db.transaction() as s:
        import_school_data(s, write_school_data(school_data(2024), tmp_path / "d.xlsx"), "staff")
        save_county_inputs(s, "330100", 2024, {"survey_satisfaction": 0.9, "retention_rate_junior": 0.97}, "staff")
        save_judgement(s, "330100", 2024, "quality_2017", "G1", True, "布局规划已批复", "staff")
    with county.db.sessions() as s:
        figures = county_figures(s, "330100", 2024)
        ca = compute_assessment(s, 2024)
        listed = current_shortfalls(s)
    assert figures.inputs.survey_satisfaction == 0.9 and figures.sources["survey_satisfaction"] == "县级填报"
    social = ca.assessment.dimensions["social"]
    assert social.passes is True
    g1 = next(i for i in ca.assessment.dimensions["government"].items if i.key == "G1")
    assert g1.passes is True and g1.detail == "布局规划已批复"
    q1 = next(i for i in ca.assessment.dimensions["quality"].items if i.key == "Q1")
    assert q1.passes is True
    assert listed and {"school_id", "stage", "key", "text"} <= set(vars(listed[0]))
    with pytest.raises(ValueError), county.db.transaction() as s:
        save_county_inputs(s, "330100", 2024, {"survey_satisfaction": 1.5}, "staff")


def test_cli_import_template_report(county, tmp_path, monkeypatch):
    from docx import Document

    from junheng.balance.cli.db import app

    monkeypatch.setenv("JUNHENG_DATABASE_URL", county.db.url)
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(county.settings.data_dir))
    runner = CliRunner()
    path = write_school_data(school_data(2024), tmp_path / "办学条件_2024.xlsx")
    out = runner.invoke(app, ["import", str(path)])
    assert out.exit_code == 0, out.output
    assert "新增 14 行" in out.output
    bad = write_school_data(school_data(2024).assign(students=-1), tmp_path / "坏.xlsx")
    out = runner.invoke(app, ["import", str(bad), "--report", str(tmp_path / "错误.xlsx")])
    assert out.exit_code == 2 and "不能为负数" in out.output and (tmp_path / "错误.xlsx").exists()
    out = runner.invoke(app, ["template", "school-data", "--year", "2025", "-o", str(tmp_path / "采集表.xlsx")])
    assert out.exit_code == 0 and "预填 10 所学校" in out.output
    from junheng.balance.reports.excel import read_school_data

    template, _issues = read_school_data(tmp_path / "采集表.xlsx")
    assert set(template["school_id"]) >= {"2133010001", "2133010010"}
    out = runner.invoke(app, ["report", "--year", "2024", "-o", str(tmp_path / "自评报告.docx"),
                              "--excel", str(tmp_path / "评估表.xlsx")])
    assert out.exit_code == 0, out.output
    text = "\n".join(p.text for p in Document(str(tmp_path / "自评报告.docx")).paragraphs)
    assert "测试县2024年县域义务教育优质均衡发展自评报告" in text
    assert "评估表" not in out.output and (tmp_path / "评估表.xlsx").exists()
    out = runner.invoke(app, ["report", "--year", "2019", "-o", str(tmp_path / "x.docx")])
    assert out.exit_code == 2 and "2019 年尚无办学条件数据" in out.output


def test_cli_report_through_bureau_template(county, tmp_path, monkeypatch):
    from docx import Document

    from junheng.balance.cli.db import app

    monkeypatch.setenv("JUNHENG_DATABASE_URL", county.db.url)
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(county.settings.data_dir))
    with county.db.transaction() as s:
        import_school_data(s, write_school_data(school_data(2024), tmp_path / "d.xlsx"), "staff")
    tpl = Document()
    tpl.add_paragraph("{{ county }}{{ year }}年自评：{{ overall }}；资源配置{{ resource_verdict }}")
    tpl.save(tmp_path / "模板.docx")
    out = CliRunner().invoke(app, ["report", "--year", "2024", "-o", str(tmp_path / "r.docx"),
                                   "--template", str(tmp_path / "模板.docx")])
    assert out.exit_code == 0, out.output
    assert Document(str(tmp_path / "r.docx")).paragraphs[0].text == "测试县2024年自评：未达标；资源配置未达标"


def test_demo_load_imports_every_year(county, tmp_path):
    from junheng.balance.demo import load
    from tests.balance.web_county import write_files

    files = write_files(tmp_path / "files")
    files["registry"].unlink()
    summary = load(county, tmp_path / "files", "demo")
    assert summary == "办学条件：导入 2022、2023、2024 年共 42 行（3 个采集表）"
    with county.db.sessions() as s:
        years = sorted(s.scalars(select(BalanceSchoolYear.year).distinct()))
        kinds = set(s.scalars(select(ImportBatch.kind)))
    assert years == [2022, 2023, 2024] and "balance" in kinds


def test_consolidation_rate_from_retention_module(county, tmp_path):
    """初中三年巩固率 comes from the retention module's cohort figures unless the county typed one:
    graduates 380 ÷ (intake 400 + 10 in − 20 out) = 97.4% ≥ 95%."""
    from junheng.retention.store.cohort import import_cohorts, write_cohort_template

    path = write_cohort_template(tmp_path / "巩固率.xlsx", [
        {"school_id": "2133010002", "section": "初中", "year": 2024, "intake": 400, "transfers_in": 10,
         "transfers_out": 20, "deaths": 0, "graduates": 380}])
    with county.db.transaction() as s:
        import_cohorts(s, path, username="staff")
        import_school_data(s, write_school_data(school_data(2024), tmp_path / "d.xlsx"), "staff")
    with county.db.sessions() as s:
        figures = county_figures(s, "330100", 2024)
        q1 = next(i for i in compute_assessment(s, 2024).assessment.dimensions["quality"].items if i.key == "Q1")
    assert figures.inputs.junior_graduates == 380 and figures.inputs.junior_intake == 400
    assert figures.sources["junior_graduates"].startswith("控辍保学模块")
    assert q1.passes is True and q1.value == pytest.approx(380 / 390)
    with county.db.transaction() as s:
        save_county_inputs(s, "330100", 2024, {"retention_rate_junior": 0.9}, "staff")
    with county.db.sessions() as s:
        figures = county_figures(s, "330100", 2024)
        q1 = next(i for i in compute_assessment(s, 2024).assessment.dimensions["quality"].items if i.key == "Q1")
    assert figures.inputs.junior_graduates is None and q1.passes is False
