"""Two term rosters for the small registry of ``tests.factories`` (the web tests' county): who moves where.

Townships: 330100001 城关镇 (schools 2133010001 实验小学, 2133010002 第一中学), 330100002 山前乡 (2133010003 九年一贯制).

- 学生1–5 are on roll in both terms (the registry's students);
- 山前乡 pupil 小芳 (2133010003, grade 7, household 山前乡) vanishes: a suspected dropout of 山前乡;
- 城关镇 pupil 小强 (2133010001, grade 3, household 城关镇) vanishes: a suspected dropout of 城关镇;
- 小明 moves from 第一中学 to the 九年一贯制 school (same 学籍号): a transfer within the county;
- 小红 leaves 实验小学 for another county (转出, no proof yet).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.factories import id_number, small_registry

COLUMNS = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status", "township_code", "village"]
EXTRA = {  # label: (birth YYYYMMDD, seq, name)
    "fang": ("20120305", 61, "王小芳"), "qiang": ("20160411", 62, "李小强"), "ming": ("20110520", 63, "张小明"),
    "hong": ("20150612", 64, "赵小红"),
}
IDN = {k: id_number("330102", b, s) for k, (b, s, _) in EXTRA.items()}
SID = {k: "G" + v for k, v in IDN.items()}


def _extra(key: str, school: str, grade: int, status: str = "", town: str = "", village: str = "") -> list:
    birth, _, name = EXTRA[key]
    return [SID[key], name, IDN[key], f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", school, grade, status, town, village]


def rosters() -> tuple[pd.DataFrame, pd.DataFrame]:
    base = [[s["student_id"], s["name"], s["id_number"], s["birth_date"], s["school_id"], s["grade"], "", "", ""]
            for s in small_registry()["student"]]
    before = [[r[0], r[1], r[2], r[3], r[4], r[5] - 1 if r[5] > 1 else 1, "", "", ""] for r in base]
    previous = before + [_extra("fang", "2133010003", 7, town="330100002", village="前村"),
                         _extra("qiang", "2133010001", 3, town="330100001", village="东街社区"),
                         _extra("ming", "2133010002", 8), _extra("hong", "2133010001", 4)]
    current = base + [_extra("ming", "2133010003", 8), _extra("hong", "2133010001", 4, "转出")]
    return pd.DataFrame(previous, columns=COLUMNS), pd.DataFrame(current, columns=COLUMNS)


def write_rosters(folder: Path) -> tuple[Path, Path]:
    previous, current = rosters()
    paths = folder / "花名册_2024-1.csv", folder / "花名册_2024-2.csv"
    previous.to_csv(paths[0], index=False)
    current.to_csv(paths[1], index=False)
    return paths


def population(folder: Path) -> Path:
    """The household list: every roster child of age, plus one child enrolled nowhere and one whose ID number
    has a typo (matched only by name and birth date)."""
    _, current = rosters()
    rows = [[r.name, r.id_number, r.birth_date, "城关镇", "东街社区"] for r in current.itertuples()]
    rows.append(["王小芳", IDN["fang"], "2012-03-05", "山前乡", "前村"])
    rows.append(["孙未入", id_number("330102", "20140808", 71), "2014-08-08", "山前乡", "后村"])
    typo = rows[0][1]
    rows[0][1] = typo[:15] + str((int(typo[15]) + 1) % 10) + typo[16:]   # one digit mistyped
    path = folder / "适龄人口.csv"
    pd.DataFrame(rows, columns=["姓名", "公民身份号码", "出生日期", "乡镇", "村"]).to_csv(path, index=False)
    return path
