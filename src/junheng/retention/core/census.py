"""Term census (学籍清查, DESIGN §4.4): what became of every student of last term's roster, county-wide.

Each previous-term student gets exactly one ``outcome``, decided in this order:

1. ``graduated`` — a 毕业 record (either term), or the student moved on to the next section: last grade of a
   section (``section_last_grades``, default 6 and 9) last term, a higher grade in another school now (升学);
   also last term's ``graduating_grades`` students who are gone (for an autumn census on a spring roster that was
   exported before graduation was recorded).
2. ``continuing`` — on roll (在读/休学) in the same school.
3. ``transferred_within`` — on roll in another school of the county (both schools named).
4. a recorded outcome — the current record's status (转出 → ``transferred_out``, 死亡 → ``died``,
   辍学 → ``dropped_out``, 其他 → ``other``) or, when the student is not in the current roster, last term's.
   ``transferred_out`` needs a receiving school's proof (``proof`` column).
5. ``suspected_dropout`` — on roll last term and gone without any record (per school).

``returned`` marks a student who had left (转出, 辍学, 其他 last term, or found in ``earlier`` rosters) and is on
roll again. Current students nobody claims are ``new``. All lists are sorted by ``student_id`` (for transfers and
changed ids: last term's 学籍号). No Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.retention.core.frames import isin_text
from junheng.retention.core.matching import link_terms
from junheng.retention.core.vocab import DIED, DROPPED, GRADUATED, ON_ROLL, OTHER, TRANSFERRED

OUTCOMES = ("continuing", "transferred_within", "transferred_out", "graduated", "died", "dropped_out", "other",
            "suspected_dropout")
OUTCOME_LABELS = {"continuing": "在读", "transferred_within": "县内转学", "transferred_out": "转出县外",
                  "graduated": "毕业", "died": "死亡", "dropped_out": "辍学", "other": "其他",
                  "suspected_dropout": "疑似辍学", "new": "新增"}
_LEAVING = {TRANSFERRED: "transferred_out", DIED: "died", DROPPED: "dropped_out", OTHER: "other"}
_STUDENT_COLUMNS = ["student_id", "name", "id_number", "school", "grade", "status", "current_student_id",
                    "current_school", "current_grade", "current_status", "matched_by", "outcome", "returned", "proof"]
_KEPT_IF_PRESENT = ["birth_date", "gender", "class_name", "township_code", "village"]


@dataclass
class CensusResult:
    """``students``: one row per previous-term student (see ``_STUDENT_COLUMNS``); ``new``: current students
    nobody claimed, on roll; ``unmatched_records``: current leaving records of unknown students; ``warnings``."""

    students: pd.DataFrame
    new: pd.DataFrame
    unmatched_records: pd.DataFrame
    warnings: pd.DataFrame

    def ids(self, outcome: str) -> list[str]:
        """Last term's 学籍号 of the students with this outcome, sorted."""
        return _sorted(self.students.loc[self.students["outcome"] == outcome, "student_id"])

    def by_outcome(self, outcome: str) -> pd.DataFrame:
        return self.students[self.students["outcome"] == outcome].sort_values("student_id")

    def suspected_dropouts(self) -> pd.DataFrame:
        """Suspected dropouts with their school (the school that must report them)."""
        return self.by_outcome("suspected_dropout")[["student_id", "name", "id_number", "school", "grade"]]

    def counts(self) -> dict[str, int]:
        out = {o: int((self.students["outcome"] == o).sum()) for o in OUTCOMES}
        out["new"] = len(self.new)
        out["returned"] = int(self.students["returned"].sum() + self.new["returned"].sum())
        return out

    def to_contract(self) -> dict:
        """The machine-readable contract of issue 4 (keys and shapes exactly as specified)."""
        moved, gone = self.by_outcome("transferred_within"), self.suspected_dropouts()
        return {
            "continuing": self.ids("continuing"),
            "transferred_within": _records(moved, student_id="student_id", **{"from": "school", "to": "current_school"}),
            "transferred_out": self.ids("transferred_out"),
            "graduated": self.ids("graduated"),
            "suspected_dropouts": _records(gone, student_id="student_id", school="school"),
            "new": _sorted(self.new["student_id"]),
        }

    def to_details(self) -> dict:
        """Everything beyond the contract: recorded outcomes, returns, changed 学籍号, progressions, warnings."""
        s = self.students.sort_values("student_id", kind="stable")
        changed = s[s["matched_by"] == "id_number"]
        progressed = s[(s["outcome"] == "graduated") & s["current_school"].notna()
                       & (s["current_school"] != s["school"])]
        out_ = s[(s["outcome"] == "transferred_out") & ~s["proof"]]
        returned = pd.concat([s.loc[s["returned"], "student_id"], self.new.loc[self.new["returned"], "student_id"]])
        return {
            "died": self.ids("died"),
            "dropped_out": self.ids("dropped_out"),
            "other": self.ids("other"),
            "returned": _sorted(returned),
            "changed_student_id": _records(changed, student_id="student_id", current_student_id="current_student_id"),
            "progressed": _records(progressed, student_id="student_id", **{"from": "school", "to": "current_school"}),
            "transferred_out_without_proof": _sorted(out_["student_id"]),
            "unmatched_records": _sorted(self.unmatched_records["student_id"]),
            "warnings": self.warnings.fillna("").to_dict("records"),
            "counts": self.counts(),
        }


def _sorted(ids: pd.Series) -> list[str]:
    return ids.sort_values(kind="stable").tolist()


def _records(frame: pd.DataFrame, **columns: str) -> list[dict]:
    """Rows as dicts with the given output keys (``frame`` is already sorted)."""
    picked = frame[list(columns.values())]
    picked.columns = list(columns)
    return picked.to_dict("records")


def _status_code(status: pd.Series, default: int) -> np.ndarray:
    """Outcome code of a leaving status (转出, 死亡, 辍学, 其他), ``default`` otherwise."""
    return np.select([(status == label).to_numpy(dtype=bool, na_value=False) for label in _LEAVING],
                     [OUTCOMES.index(o) for o in _LEAVING.values()], default)


def run_census(previous: pd.DataFrame, current: pd.DataFrame, *, earlier: pd.DataFrame | None = None,
               section_last_grades: Iterable[int] = (6, 9), graduating_grades: Iterable[int] = (),
               transfer_proofs: Iterable[str] = ()) -> CensusResult:
    """Compare two normalised rosters (``normalize_roster``) across the county; see the module docstring."""
    linked, rest, warnings = link_terms(previous, current)
    found = linked["current_student_id"].notna().to_numpy()
    cur_status, prev_status = linked["current_status"], linked["status"]
    cur_on = found & cur_status.isin(ON_ROLL).to_numpy()
    prev_on = prev_status.isin(ON_ROLL).to_numpy()
    same_school = cur_on & (linked["current_school"] == linked["school"]).to_numpy(dtype=bool, na_value=False)
    prev_grade = linked["grade"].to_numpy(dtype="float64", na_value=np.nan)
    cur_grade = linked["current_grade"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    moved_up = cur_on & ~same_school & np.isin(prev_grade, list(section_last_grades)) & (cur_grade > prev_grade)
    graduated = (prev_status == GRADUATED).to_numpy() | (found & (cur_status == GRADUATED).to_numpy(
        dtype=bool, na_value=False)) | moved_up | (~found & prev_on & np.isin(prev_grade, list(graduating_grades)))
    cur_leaving, prev_leaving = _status_code(cur_status, -1), _status_code(prev_status, -1)
    code = np.select(
        [graduated, same_school, cur_on, found & (cur_leaving >= 0), prev_leaving >= 0, prev_on],
        [OUTCOMES.index("graduated"), OUTCOMES.index("continuing"), OUTCOMES.index("transferred_within"),
         cur_leaving, prev_leaving, OUTCOMES.index("suspected_dropout")], OUTCOMES.index("other"))
    linked["outcome"] = pd.Categorical.from_codes(code, categories=OUTCOMES)
    linked["returned"] = cur_on & prev_status.isin([TRANSFERRED, DROPPED, OTHER]).to_numpy()
    linked["proof"] = linked["student_id"].isin(set(transfer_proofs))
    linked["current_grade"] = linked["current_grade"].astype("Int64")

    new = rest[rest["status"].isin(ON_ROLL)].copy()
    new["returned"] = _seen_before(new, earlier)
    unmatched = rest[~rest["status"].isin(ON_ROLL)]
    keep = [c for c in _STUDENT_COLUMNS + _KEPT_IF_PRESENT if c in linked.columns]
    return CensusResult(linked[keep].reset_index(drop=True), new.reset_index(drop=True),
                        unmatched.reset_index(drop=True), warnings)


def _seen_before(new: pd.DataFrame, earlier: pd.DataFrame | None) -> pd.Series:
    """New students found in an earlier term's roster (by 学籍号 or ID number): they left and came back."""
    if earlier is None or not len(new):
        return pd.Series(False, index=new.index)
    ids = new["id_number"]
    return isin_text(new["student_id"], earlier["student_id"]) | ((ids != "") & isin_text(ids, earlier["id_number"]))
