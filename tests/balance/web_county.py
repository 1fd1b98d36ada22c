"""A small county for the balance web and database tests: the schools of ``tests.factories.small_registry`` plus
seven more (three townships), and school data for 2022–2024 with a mix of passing and failing sections."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

EXTRA_SCHOOLS = [  # school_id, name, kind, location, township
    ("2133010004", "城关镇第二小学", "小学", "城区", "330100001"),
    ("2133010005", "河西镇中心小学", "小学", "镇区", "330100003"),
    ("2133010006", "山前乡中心小学", "小学", "乡村", "330100002"),
    ("2133010007", "河西镇初级中学", "初中", "镇区", "330100003"),
    ("2133010008", "城关镇第三小学", "小学", "城区", "330100001"),
    ("2133010009", "测试县第二中学", "初中", "城区", "330100001"),
    ("2133010010", "河西镇九年一贯制学校", "九年一贯制", "乡村", "330100003"),
]
# per section: students 2024, and each indicator as a share of its threshold (L1..L7)
PROFILES = {
    ("2133010001", "小学"): (900, (1.30, 1.50, 1.20, 1.15, 1.10, 1.40, 1.30)),
    ("2133010002", "初中"): (800, (1.20, 1.40, 1.10, 1.05, 1.02, 1.20, 1.10)),
    ("2133010003", "小学"): (260, (1.05, 0.80, 1.00, 1.20, 1.50, 0.95, 1.00)),
    ("2133010003", "初中"): (180, (1.00, 0.40, 0.90, 1.10, 1.30, 0.95, 1.00)),
    ("2133010004", "小学"): (1100, (1.10, 1.20, 1.05, 0.92, 0.88, 1.10, 1.05)),
    ("2133010005", "小学"): (520, (1.10, 1.10, 1.30, 1.30, 1.40, 1.05, 1.20)),
    ("2133010006", "小学"): (210, (1.20, 0.70, 0.80, 1.60, 2.00, 0.90, 1.40)),
    ("2133010007", "初中"): (430, (1.05, 1.10, 1.10, 1.00, 1.20, 1.05, 1.05)),
    ("2133010008", "小学"): (640, (1.40, 1.60, 1.20, 1.05, 1.05, 1.60, 1.50)),
    ("2133010009", "初中"): (950, (1.15, 3.00, 1.05, 1.02, 1.00, 1.30, 1.20)),
    ("2133010010", "小学"): (240, (1.00, 0.90, 1.00, 1.20, 1.60, 1.00, 1.00)),
    ("2133010010", "初中"): (150, (1.02, 0.90, 0.95, 1.10, 1.40, 1.00, 1.00)),
}
THRESHOLDS = {"小学": (4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3), "初中": (5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4)}
PER = (100, 100, 100, 1, 1, 1, 100)
COLS = ("teachers_above_required", "backbone_teachers", "pe_arts_teachers", "teaching_room_area",
        "sports_ground_area", "equipment_value", "multimedia_rooms")
YEARS = (2022, 2023, 2024)


def registry_frames() -> dict[str, list[dict]]:
    """The small registry (with its users' school and township) plus the extra schools and a third township."""
    from tests.factories import small_registry

    reg = small_registry()
    reg["township"].append({"township_code": "330100003", "name": "河西镇", "kind": "镇", "county_code": "330100"})
    reg["school"] += [{"school_id": sid, "name": name, "kind": kind, "location": loc, "ownership": "公办",
                       "boarding": "否", "township_code": town} for sid, name, kind, loc, town in EXTRA_SCHOOLS]
    return reg


def school_data(year: int = 2024) -> pd.DataFrame:
    """school_year_data of a year: resources at the profile's share of the thresholds (a little lower in earlier
    years), teacher columns filled, a 全校 row for the two 九年一贯制 schools with shared sports ground."""
    back = 2024 - year
    rows = []
    for (sid, stage), (students, shares) in PROFILES.items():
        p = round(students * (1 - 0.03 * back))
        rec = {"school_id": sid, "year": year, "section": stage, "students": p, "classes": max(1, round(p / 42))}
        for col, share, thr, per in zip(COLS, shares, THRESHOLDS[stage], PER, strict=True):
            value = share * (1 - 0.04 * back) * thr * p / per
            integer = per == 100
            rec[col] = float(max(1, round(value))) if integer else round(value, 1)
        full = rec["teachers_above_required"] + 2
        rooms = rec["classes"] // 12 + 1
        rec.update(full_time_teachers=full, mid_title_teachers=round(full * 0.5), certified_teachers=full,
                   training_completed_teachers=full - (1 if sid == "2133010006" else 0),
                   exchange_eligible_teachers=round(full * 0.4), exchanged_teachers=max(1, round(full * 0.06)),
                   exchanged_backbone_teachers=1, gym_area=0.0, computers=round(p / 8), books=p * 30,
                   music_rooms=rooms, music_room_area_min=100.0, art_rooms=rooms,
                   art_room_area_min=80.0 if sid == "2133010006" else 92.0, public_funds=p * 720 * 1.1,
                   training_funds=p * 720 * 1.1 * 0.06, max_class_size=44 if stage == "小学" else 48)
        rows.append(rec)
    df = pd.DataFrame(rows)
    for sid in ("2133010003", "2133010010"):  # a shared sports ground on the 全校 row
        mask = (df["school_id"] == sid)
        shared = float(df.loc[mask, "sports_ground_area"].sum())
        df.loc[mask, "sports_ground_area"] = 0.0
        df = pd.concat([df, pd.DataFrame([{"school_id": sid, "year": year, "section": "全校",
                                           "sports_ground_area": shared}])], ignore_index=True)
    return df


def write_files(folder: Path) -> dict[str, Path]:
    """学校名册.xlsx (registry) and 办学条件_YYYY.xlsx for every year, through the modules' own writers."""
    from junheng.balance.reports.school_data_template import write_school_data
    from junheng.registry.reports.excel import write_registry

    folder.mkdir(parents=True, exist_ok=True)
    out = {"registry": write_registry(registry_frames(), folder / "学校名册.xlsx")}
    for y in YEARS:
        out[str(y)] = write_school_data(school_data(y), folder / f"办学条件_{y}.xlsx")
    return out
