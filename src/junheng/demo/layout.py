"""The county's shape: townships, villages and schools with their sections, grades and classes per grade.

The structure is fixed (so docs and tests can name places); sizes are drawn from the seed. Twelve townships: two
街道 of the county seat, six 镇 and four 乡. The county seat has the large schools (over 2,000 students, 50+ per
class), a 完全中学, the special-education school and two 民办 schools; each 镇 has a 中心小学 (镇区), a 中学, village
小学 and 教学点 attached to the 中心小学; each 乡 has a 九年一贯制 中心学校, village 小学 and a 教学点.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.demo.base import COUNTY_CODE, COUNTY_NAME

TOWNSHIPS = (  # name, kind, code suffix (街道 0xx, 镇 1xx, 乡 2xx as in the statistical division codes)
    ("东城街道", "街道", "001"), ("西城街道", "街道", "002"),
    ("柳河镇", "镇", "101"), ("石桥镇", "镇", "102"), ("杨庄镇", "镇", "103"), ("白马镇", "镇", "104"),
    ("龙泉镇", "镇", "105"), ("马村镇", "镇", "106"),
    ("青山乡", "乡", "201"), ("桃园乡", "乡", "202"), ("王家营乡", "乡", "203"), ("南岭乡", "乡", "204"),
)
_COMMUNITIES = ("文化路", "建设路", "人民路", "胜利街", "和平", "新华", "光明", "幸福", "朝阳", "府前", "育才路",
                "解放路", "东关", "西关", "南关", "北关", "迎宾路", "长安", "金桥", "滨河")
_VILLAGE_HEAD = "张李王刘赵杨陈高孙马郭田韩吴周徐许朱宋郑何胡董曹冯史石魏贾邢崔范常梁任杜谢于吕袁"
_VILLAGE_TAIL = ("庄", "家庄", "村", "营", "屯", "寨", "店", "铺", "堡", "庄子", "家营", "官庄")
_VILLAGE_PREFIX = ("", "", "", "东", "西", "南", "北", "前", "后", "大", "小")

# Urban schools: name, kind, township index, ownership, boarding, {section: (mean students, mean class size)}
_URBAN = (
    ("示范县第一实验小学", "小学", 0, "公办", "否", {"小学": (2650, 55)}),
    ("示范县第二实验小学", "小学", 1, "公办", "否", {"小学": (2250, 53)}),
    ("东城小学", "小学", 0, "公办", "否", {"小学": (1550, 43)}),
    ("西城小学", "小学", 1, "公办", "否", {"小学": (1400, 42)}),
    ("新华路小学", "小学", 0, "公办", "否", {"小学": (1150, 40)}),
    ("西关小学", "小学", 1, "公办", "否", {"小学": (900, 40)}),
    ("示范县第一中学", "完全中学", 1, "公办", "是", {"初中": (1900, 49), "高中": (2300, 50)}),
    ("示范县第二中学", "初中", 0, "公办", "否", {"初中": (2350, 53)}),
    ("示范县实验中学", "初中", 1, "公办", "否", {"初中": (1650, 48)}),
    ("示范县特殊教育学校", "特殊教育学校", 0, "公办", "是", {"小学": (70, 12), "初中": (40, 13)}),
    ("示范县育才学校", "九年一贯制", 1, "民办", "是", {"小学": (760, 42), "初中": (620, 50)}),
    ("示范县博雅小学", "小学", 0, "民办", "否", {"小学": (540, 45)}),
)
_GRADES = {"小学": range(1, 7), "初中": range(7, 10), "高中": range(10, 13)}


@dataclass(frozen=True)
class Layout:
    """The county's places and schools, and the internal plan of each school's grades."""

    counties: pd.DataFrame
    townships: pd.DataFrame
    villages: pd.DataFrame     # township_code, village (household-registry villages and communities)
    schools: pd.DataFrame      # canonical registry columns
    grade_plan: pd.DataFrame   # school_id, section, grade, classes, students (autumn 2024)
    host_villages: dict[str, str]  # school_id -> the village a village school or 教学点 stands in


def _villages(rng: np.random.Generator) -> pd.DataFrame:
    rows, used = [], set()
    communities = rng.permutation(len(_COMMUNITIES))
    for name, kind, suffix in TOWNSHIPS:
        code = COUNTY_CODE + suffix
        if kind == "街道":
            half = len(_COMMUNITIES) // 2
            part = communities[:half] if suffix == "001" else communities[half:]
            names = [f"{_COMMUNITIES[i]}社区" for i in sorted(part)]
        else:
            names = []
            wanted = int(rng.integers(14, 22))
            while len(names) < wanted:
                v = (_VILLAGE_PREFIX[rng.integers(len(_VILLAGE_PREFIX))] + _VILLAGE_HEAD[rng.integers(len(_VILLAGE_HEAD))]
                     + _VILLAGE_TAIL[rng.integers(len(_VILLAGE_TAIL))])
                v = v if v.endswith("村") else v + "村"
                if v not in used:
                    names.append(v)
                    used.add(v)
        rows += [(code, v) for v in names]
    return pd.DataFrame(rows, columns=["township_code", "village"])


def _stem(village: str) -> str:
    """李家庄村 → 李家庄 (a school is named after its village); 郑村 stays 郑村."""
    return village[:-1] if village.endswith("村") and len(village) > 2 else village


def _spec(name: str, kind: str, township: int, location: str, sections: dict, ownership: str = "公办",
          boarding: str = "否", central: str | None = None, points: int | None = None,
          village: str | None = None) -> dict:
    """One school of the plan; ``sections`` maps each stage to (mean students, mean class size)."""
    return {"name": name, "kind": kind, "township": township, "location": location, "ownership": ownership,
            "boarding": boarding, "central": central, "sections": sections, "points": points, "village": village}


def _school_specs(rng: np.random.Generator, villages: pd.DataFrame) -> list[dict]:
    """Every school of the county, urban ones first, then township by township."""
    specs = [_spec(name, kind, t, "城区", sections, owner, boarding)
             for name, kind, t, owner, boarding, sections in _URBAN]
    for t, (tname, tkind, suffix) in enumerate(TOWNSHIPS):
        if tkind == "街道":
            continue
        stem = tname[:-1]
        hosts = rng.choice(villages.loc[villages.township_code == COUNTY_CODE + suffix, "village"].to_numpy(), 5,
                           replace=False)
        if tkind == "镇":
            centre = f"{stem}镇中心小学"
            specs.append(_spec(centre, "小学", t, "镇区", {"小学": (rng.normal(1120, 180), 44)}))
            specs.append(_spec(f"{stem}镇中学", "初中", t, "镇区", {"初中": (rng.normal(1050, 200), 49)}, boarding="是"))
            n_village, n_points = 3, 2
        else:
            centre = f"{stem}乡中心学校"
            specs.append(_spec(centre, "九年一贯制", t, "乡村", {"小学": (rng.normal(480, 70), 40),
                                                             "初中": (rng.normal(380, 60), 45)}, boarding="是"))
            n_village, n_points = 2, 1
        for v in hosts[:n_village]:
            specs.append(_spec(f"{_stem(v)}小学", "小学", t, "乡村", {"小学": (rng.uniform(130, 480), 32)}, village=v))
        for v in hosts[n_village:n_village + n_points]:
            specs.append(_spec(f"{_stem(v)}教学点", "教学点", t, "乡村", {"小学": (rng.uniform(22, 95), 25)},
                               central=centre, points=int(rng.choice([3, 4])), village=v))
    return specs


def _grade_rows(rng: np.random.Generator, school_id: str, spec: dict) -> list[tuple]:
    rows = []
    for section, (mean, size) in spec["sections"].items():
        grades = list(_GRADES[section])
        if spec["points"]:
            grades = grades[: spec["points"]]
        total = max(int(rng.normal(mean, 0.04 * mean)), 4 * len(grades))
        share = rng.dirichlet(np.full(len(grades), 60.0))
        for grade, s in zip(grades, share):
            students = max(round(total * s), 3)
            if spec["kind"] == "特殊教育学校" or spec["points"]:
                classes = 1
            else:
                classes = max(1, round(students / rng.normal(size, 1.5)))
            rows.append((school_id, section, grade, classes, students))
    return rows


def build_layout(rng: np.random.Generator) -> Layout:
    """Townships, villages, schools (canonical columns) and the autumn-2024 grade plan of every school."""
    counties = pd.DataFrame({"county_code": [COUNTY_CODE], "name": [COUNTY_NAME]})
    townships = pd.DataFrame({"township_code": [COUNTY_CODE + s for _, _, s in TOWNSHIPS],
                              "name": [n for n, _, _ in TOWNSHIPS], "kind": [k for _, k, _ in TOWNSHIPS],
                              "county_code": COUNTY_CODE})
    villages = _villages(rng)
    specs = _school_specs(rng, villages)
    ids = {s["name"]: f"31{COUNTY_CODE[1:]}{i + 1:03d}" for i, s in enumerate(specs)}
    schools = pd.DataFrame({
        "school_id": [ids[s["name"]] for s in specs],
        "name": [s["name"] for s in specs],
        "kind": [s["kind"] for s in specs],
        "location": [s["location"] for s in specs],
        "ownership": [s["ownership"] for s in specs],
        "boarding": [s["boarding"] for s in specs],
        "township_code": [townships.township_code[s["township"]] for s in specs],
        "central_school_id": [ids[s["central"]] if s["central"] else "" for s in specs],
    })
    plan = [row for s in specs for row in _grade_rows(rng, ids[s["name"]], s)]
    grade_plan = pd.DataFrame(plan, columns=["school_id", "section", "grade", "classes", "students"])
    hosts = {ids[s["name"]]: s["village"] for s in specs if s.get("village")}
    return Layout(counties, townships, villages, schools, grade_plan, hosts)
