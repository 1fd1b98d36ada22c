"""Roster uploads into the database: every problem named by file, sheet, row and column with nothing written; a
school's re-upload takes out the students it no longer lists, and the batch can be undone; the household township
is read from 户口所在地."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from junheng.io.problems import ImportFailed
from junheng.retention.store.models import RosterRecord
from junheng.retention.store.rosters import batch_kind, household, import_roster, roster_frame
from junheng.store.batches import undo_batch
from tests.retention.county import CURRENT
from tests.retention.dbcounty import add_county

pytestmark = pytest.mark.db


def _csv(frame: pd.DataFrame, path) -> str:
    frame.to_csv(path, index=False)
    return path


def test_problems_name_file_sheet_row_and_column(deployment, tmp_path):
    bad = CURRENT.copy()
    bad.loc[2, "school"] = "Z9"                     # not in the registry (file row 4)
    bad.loc[5, "grade"] = "大二"                     # file row 7
    path = _csv(bad, tmp_path / "本学期.csv")
    with deployment.db.transaction() as s:
        add_county(s)
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        import_roster(s, path, term="2024-2", username="t", protector=deployment.protector)
    where = {(p.file, p.row, p.column) for p in failed.value.problems}
    assert ("本学期.csv", 7, "grade") in where
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        bad.loc[5, "grade"] = "5"
        import_roster(s, _csv(bad, path), term="2024-2", username="t", protector=deployment.protector)
    assert [(p.row, p.column, "不在学校名册中" in p.reason) for p in failed.value.problems] == [(4, "school", True)]
    with deployment.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(RosterRecord)) == 0


def test_a_clerk_uploads_only_their_school(deployment, tmp_path):
    with deployment.db.transaction() as s:
        add_county(s)
    path = _csv(CURRENT, tmp_path / "全县.csv")
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        import_roster(s, path, term="2024-2", username="clerk", protector=deployment.protector, own_school="X1")
    assert all("不是本校（X1）" in p.reason for p in failed.value.problems)
    own = CURRENT[CURRENT["school"] == "X1"].drop(columns=["school"])
    with deployment.db.transaction() as s:
        result = import_roster(s, _csv(own, tmp_path / "本校.csv"), term="2024-2", username="clerk",
                               protector=deployment.protector, own_school="X1")
    assert result.schools == ["X1"] and result.inserted == len(own)


def test_reupload_takes_out_missing_students_and_undo_restores(deployment, tmp_path):
    with deployment.db.transaction() as s:
        add_county(s)
        import_roster(s, _csv(CURRENT, tmp_path / "a.csv"), term="2024-2", username="t",
                      protector=deployment.protector)
    x1 = CURRENT[CURRENT["school"] == "X1"]
    with deployment.db.transaction() as s:
        again = import_roster(s, _csv(x1.iloc[1:], tmp_path / "b.csv"), term="2024-2", username="t",
                              protector=deployment.protector)
    assert (again.removed, again.inserted, again.updated, again.unchanged) == (1, 0, 0, len(x1) - 1)
    with deployment.db.sessions() as s:
        assert len(roster_frame(s, "2024-2")) == len(CURRENT) - 1
    with deployment.db.transaction() as s:
        undo_batch(s, again.batch_id, "admin")
    with deployment.db.sessions() as s:
        frame = roster_frame(s, "2024-2")
        assert len(frame) == len(CURRENT) and set(frame["student_id"]) == set(CURRENT["student_id"])
    assert batch_kind("2024-2") == "roster:2024-2"


@pytest.mark.core
def test_household_township_from_the_registered_address():
    roster = pd.DataFrame({"household": ["示范县东城街道东关社区", "河北省（县外）", "示范县石桥镇任庄村", ""],
                           "township_code": ["", "", "", "T9"]})
    got = household(roster, [("T1", "东城街道"), ("T2", "石桥镇")], ["示范县"])
    assert got["township_code"].tolist() == ["T1", "", "T2", "T9"]
    assert got["village"].tolist() == ["东关社区", "", "任庄村", ""]
