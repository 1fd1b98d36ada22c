"""A hand-built county with every kind of movement between two terms (spring 2024 → autumn 2024).

Schools: X1 青山小学, X2 白水小学 (primary), M1 青山中学 (junior secondary), N1 石桥九年一贯制学校.
``PREVIOUS`` and ``CURRENT`` are the rosters as the census contract reads them; ``EXPECTED`` holds the answers,
worked out by hand from the rules in ``junheng.retention.core.census`` (each row says why).
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status"]
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def idn(birth: str, seq: int) -> str:
    """A valid 18-character ID number (GB 11643 check digit) for a birth date YYYYMMDD."""
    body = f"330102{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _W)) % 11]


def sid(birth: str, seq: int) -> str:
    return "G" + idn(birth, seq)


# short label -> (birth date, sequence); the 学籍号 is G + the ID number
PEOPLE = {f"S{i:02d}": (birth, i) for i, birth in list(enumerate([
    "", "20150301", "20140412", "20160505", "20130620", "20100711", "20090802", "20100903", "20131004",
    "20111105", "20140106", "20120207", "20120308", "20160409", "20130510", "20120611", "20180712", "20110813",
    "20140914", "20141015", "20121116", "20091217", "20140118"]))[1:]}
ID = {k: sid(*v) for k, v in PEOPLE.items()}
NUM = {k: idn(*v) for k, v in PEOPLE.items()}
NEW_ID = {"S03": "L3301020001", "S19": "L3301020002"}


def _row(label: str, school: str, grade: int, status: str = "", student_id: str | None = None) -> list:
    birth = PEOPLE[label][0]
    return [student_id or ID[label], f"学生{label}", NUM[label], birth, school, str(grade), status]


PREVIOUS = pd.DataFrame([
    _row("S01", "X1", 3),                 # stays
    _row("S02", "X1", 4, "在读"),          # moves to X2, same 学籍号
    _row("S03", "X2", 2),                 # moves to X1 with a new 学籍号, same ID number
    _row("S04", "X1", 5),                 # 转出 recorded this term by X1
    _row("S05", "M1", 8, "转出"),          # 转出 recorded last term, gone
    _row("S06", "M1", 9, "毕业"),          # graduated
    _row("S07", "M1", 8),                 # died this term
    _row("S08", "X2", 5),                 # vanished
    _row("S09", "M1", 8),                 # vanished
    _row("S10", "X1", 4, "转出"),          # left last term, back now
    _row("S11", "N1", 7, "辍学"),          # dropped out last term, back now
    _row("S12", "N1", 7, "休学"),          # suspended, back now
    _row("S13", "X1", 6),                 # finished primary, now in M1 grade 7
    _row("S14", "N1", 6),                 # nine-year school, grade 6 -> 7 in the same school
    _row("S15", "N1", 8),                 # dropout recorded this term
    _row("S18", "X1", 3),                 # county export lists X1's 转出 row and X2's 在读 row, same 学籍号
    _row("S19", "X2", 4),                 # X2 records 转出; X1 enrols with a new 学籍号, same ID number
    _row("S20", "X2", 5),                 # went abroad: 其他
    _row("S21", "M1", 9),                 # grade 9, gone without 毕业 record
    _row("S22", "X1", 2, "休学"),          # suspended last term, gone without record
], columns=COLUMNS)

CURRENT = pd.DataFrame([
    _row("S01", "X1", 4),
    _row("S02", "X2", 5),
    _row("S03", "X1", 3, student_id=NEW_ID["S03"]),
    _row("S04", "X1", 5, "转出"),
    _row("S07", "M1", 8, "死亡"),
    _row("S10", "X1", 5, "复学"),
    _row("S11", "N1", 8),
    _row("S12", "N1", 7, "在读"),
    _row("S13", "M1", 7),
    _row("S14", "N1", 7),
    _row("S15", "N1", 8, "辍学"),
    _row("S16", "X2", 1),                 # new pupil
    _row("S17", "M1", 8, "转入"),          # arrived from another county
    _row("S18", "X1", 3, "转出"),
    _row("S18", "X2", 4, "转入"),
    _row("S19", "X2", 4, "转出"),
    _row("S19", "X1", 5, student_id=NEW_ID["S19"]),
    _row("S20", "X2", 5, "出国"),
], columns=COLUMNS)

EXPECTED = {
    "continuing": ["S01", "S10", "S11", "S12", "S14"],
    "transferred_within": [("S02", "X1", "X2"), ("S03", "X2", "X1"), ("S18", "X1", "X2"), ("S19", "X2", "X1")],
    "transferred_out": ["S04", "S05"],
    "graduated": ["S06", "S13"],
    "suspected_dropouts": [("S08", "X2"), ("S09", "M1"), ("S21", "M1"), ("S22", "X1")],
    "new": ["S16", "S17"],
    "died": ["S07"],
    "dropped_out": ["S15"],
    "other": ["S20"],
    "returned": ["S10", "S11"],
    "changed_student_id": [("S03", NEW_ID["S03"]), ("S19", NEW_ID["S19"])],
    "progressed": [("S13", "X1", "M1")],
}


def expected_contract() -> dict:
    """The CLI's JSON for PREVIOUS → CURRENT, every list sorted by (last term's) 学籍号."""
    def ids(labels):
        return sorted(ID[x] for x in labels)

    return {
        "continuing": ids(EXPECTED["continuing"]),
        "transferred_within": sorted(({"student_id": ID[x], "from": f, "to": t}
                                      for x, f, t in EXPECTED["transferred_within"]), key=lambda d: d["student_id"]),
        "transferred_out": ids(EXPECTED["transferred_out"]),
        "graduated": ids(EXPECTED["graduated"]),
        "suspected_dropouts": sorted(({"student_id": ID[x], "school": s} for x, s in EXPECTED["suspected_dropouts"]),
                                     key=lambda d: d["student_id"]),
        "new": ids(EXPECTED["new"]),
    }
