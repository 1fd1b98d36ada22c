"""The census against the database: the same answer as the file contract on the same data, ID numbers stored
protected, reruns that replace the result and never open a case twice, and ``junheng retention census --term``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from junheng.retention.cli.files import app
from junheng.retention.store.case_open import open_census_cases
from junheng.retention.store.census import CensusError, census_contract, run_term_census
from junheng.retention.store.models import CaseRecord, CensusEntry, RosterRecord
from junheng.retention.store.rosters import import_roster
from junheng.store.models.accounts import AuditEntry
from tests.retention.county import ID, NUM, expected_contract
from tests.retention.dbcounty import add_county, write_terms

pytestmark = pytest.mark.db


@pytest.fixture
def county(deployment, tmp_path):
    previous, current = write_terms(tmp_path)
    with deployment.db.transaction() as s:
        add_county(s)
        import_roster(s, previous, term="2024-1", username="tester", protector=deployment.protector)
        import_roster(s, current, term="2024-2", username="tester", protector=deployment.protector)
    return deployment, previous, current


def test_database_census_equals_the_file_contract(county, tmp_path, monkeypatch):
    deployment, previous, current = county
    out = tmp_path / "files.json"
    result = CliRunner().invoke(app, ["census", "--previous", str(previous), "--current", str(current),
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    from_files = json.loads(out.read_text(encoding="utf-8"))
    with deployment.db.transaction() as s:
        run_term_census(s, "2024-2", username="tester", census_date=dt.date(2024, 9, 10))
        from_db = census_contract(s, "2024-2")
    assert from_db == from_files == expected_contract()

    # the CLI's --term option runs the same census on the deployment of the environment
    settings = deployment.settings
    monkeypatch.setenv("JUNHENG_DATABASE_URL", settings.resolved_database_url())
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("JUNHENG_SECRET_KEY", settings.secret_key)
    by_term = tmp_path / "term.json"
    result = CliRunner().invoke(app, ["census", "--term", "2024-2", "--json", str(by_term), "--term-start",
                                      "2024-09-02", "--census-date", "2024-09-10"])
    assert result.exit_code == 0, result.output
    assert "疑似辍学" in result.output
    assert json.loads(by_term.read_text(encoding="utf-8")) == expected_contract()
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(CaseRecord)) == 5   # 4 suspected + 1 recorded 辍学


def test_id_numbers_are_stored_protected(county):
    deployment, *_ = county
    with deployment.db.sessions() as s:
        rec = s.scalars(select(RosterRecord).where(RosterRecord.student_id == ID["S05"])).one()
        assert deployment.protector.decrypt(rec.id_number_enc) == NUM["S05"]
        assert rec.id_number_hash == deployment.protector.hash(NUM["S05"])
        assert rec.id_number_masked == NUM["S05"][:4] + "*" * 10 + NUM["S05"][-4:]
        # the formal 学籍号 is G + the ID number (as in the registry); no other column holds the number
        plain = [v for v in vars(rec).values()
                 if isinstance(v, str) and NUM["S05"] in v and rec.student_id not in v]
        assert plain == []


def test_rerun_replaces_the_result_and_never_opens_a_case_twice(county):
    deployment, *_ = county
    with deployment.db.transaction() as s:
        run = run_term_census(s, "2024-2", username="tester", term_start=dt.date(2024, 9, 2),
                              census_date=dt.date(2024, 9, 6))
        first = open_census_cases(s, run, username="tester")
        by = s.scalars(select(CensusEntry.report_by).where(CensusEntry.run_id == run.id,
                                                           CensusEntry.outcome == "suspected_dropout")).all()
        assert set(by) == {dt.date(2024, 9, 11)}   # Friday 6 Sep + 3 working days
    with deployment.db.transaction() as s:
        run = run_term_census(s, "2024-2", username="tester", census_date=dt.date(2024, 9, 12))
        assert open_census_cases(s, run, username="tester") == []
        assert s.scalar(select(func.count()).select_from(CensusEntry)) == 20 + 2   # 20 last term + 2 new
        assert len(first) == 5 and s.scalar(select(func.count()).select_from(CaseRecord)) == 5
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "retention:census")) == 2


def test_missing_roster_is_a_clear_error(deployment):
    with deployment.db.transaction() as s, pytest.raises(CensusError, match="2024年春季学期"):
        run_term_census(s, "2024-2", username="tester")
