"""Demo admissions (招生入学) for the 2025 intake: the county's zones, its places and 1,200 first-grade
applications, built from the registry's schools and villages (pure: numpy/pandas; ``write_admissions_files``
writes the three workbooks through the module's own template writer).

- Zones (小学): the two urban 街道 by streets (house-number ranges, odd/even sides of 人民路 and 解放大道 to
  different schools) and communities, 新华社区 as the one 多校划片 zone (东城小学 then 新华路小学); every village of
  a town to its village school when it hosts one, else to the town's central school. Zones (初中) by township,
  and each primary school's 对口 junior school (the private 博雅小学 has none: its graduates are the 小升初
  exceptions, with the special-education school's). An 地址清单 sheet lists every village and street, so the check has something to compare.
- Places: planned classes per primary section; 示范县第一实验小学 has 6 classes (270 seats) for 330 applicants —
  the one oversubscribed school; its 调剂学校 are 东城小学 and 新华路小学.
- Applications: 1,200, by tier (人户一致, 有房无户, 有户无房, 随迁子女), two pairs of twins, a few private-school
  applicants, and eight not eligible: three too young, two with an address in no zone, three migrants whose
  residence permit is too recent. (A second application for the same child cannot be in a bulk file — the
  import refuses the file — so the demo loader tries one through the public form's path and is refused.)
- 新华路 100 号 is in no zone (1–99 and 101–199 are): the zone check lists it as 未划片.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.demo.identity import check_digits, chinese_names

YEAR = 2025
URBAN = ("139021001", "139021002")
FIRST = "3139021001"
STREETS = [  # (street, first, last, parity, school)
    ("人民路", 1, 199, "单号", "3139021001"), ("人民路", 2, 200, "双号", "3139021002"),
    ("文化路", 1, 150, "全部", "3139021001"), ("新华路", 1, 99, "全部", "3139021005"),
    ("新华路", 101, 199, "全部", "3139021003"), ("建设路", 1, 120, "全部", "3139021003"),
    ("解放大道", 1, 179, "单号", "3139021004"), ("解放大道", 2, 180, "双号", "3139021006"),
    ("长安街", 1, 160, "全部", "3139021002"), ("滨河路", 1, 90, "全部", "3139021006"),
]
MULTI_COMMUNITY = ("新华社区", ("3139021003", "3139021005"))
DEMAND = {"3139021001": 330, "3139021002": 200, "3139021003": 150, "3139021004": 120, "3139021005": 110,
          "3139021006": 100, "3139021012": 40, "3139021011": 30}
CLASSES = {"3139021001": 6, "3139021002": 5, "3139021003": 4, "3139021004": 3, "3139021005": 3, "3139021006": 3}
FALLBACKS = {FIRST: ("3139021003", "3139021005")}
RURAL_TOTAL = 112
TIER_SHARES = (0.70, 0.18, 0.08, 0.04)


@dataclass(frozen=True)
class AdmissionsDemo:
    zones: list[dict]
    feeders: list[dict]
    addresses: list[dict]
    places: list[dict]
    applications: list[dict]


def _primary_schools(schools: pd.DataFrame) -> pd.DataFrame:
    return schools[schools["kind"].isin(["小学", "九年一贯制", "教学点"])]


def _zones(schools: pd.DataFrame, villages: pd.DataFrame, hosts: dict[str, str]):
    zones: list[dict] = []
    by_school: dict[str, list[tuple]] = {}

    def add(zone_id, section, school_ids, kind, place, first=None, last=None, parity=None):
        mode = "多校划片" if len(school_ids) > 1 else "单校划片"
        zones.append({"zone_id": zone_id, "section": section, "mode": mode, "schools": "、".join(school_ids),
                      "kind": kind, "place": place, "first": first, "last": last, "parity": parity})
        if section == "小学":
            for s in school_ids:
                by_school.setdefault(s, []).append((kind, place, first, last, parity))

    public = schools[schools["ownership"] == "公办"]
    for street, first, last, parity, school in STREETS:
        add(f"XQ{school[-3:]}", "小学", (school,), "道路", street, first, last, parity)
    urban = public[public["township_code"].isin(URBAN) & (public["kind"] == "小学")]
    for town in URBAN:
        own = sorted(urban.loc[urban["township_code"] == town, "school_id"])
        communities = sorted(villages.loc[villages["township_code"] == town, "village"])
        k = 0
        for c in communities:
            if c == MULTI_COMMUNITY[0]:
                add("XQ-DX1", "小学", MULTI_COMMUNITY[1], "社区", c)
                continue
            add(f"XQ{own[k % len(own)][-3:]}", "小学", (own[k % len(own)],), "社区", c)
            k += 1
    for town, group in public[~public["township_code"].isin(URBAN)].groupby("township_code", sort=True):
        prim = group[group["kind"].isin(["小学", "九年一贯制"])]
        central = min(prim.loc[prim["name"].str.contains("中心"), "school_id"])
        hosted = {v: s for s, v in hosts.items() if s in set(prim["school_id"])}
        for v in sorted(villages.loc[villages["township_code"] == town, "village"]):
            school = hosted.get(v, central)
            kind = "社区" if v.endswith("社区") else "村"
            add(f"XQ{school[-3:]}", "小学", (school,), kind, v)
    feeders: list[dict] = []
    juniors = public[public["kind"].isin(["初中", "九年一贯制"])]
    urban_junior = {"139021001": "3139021008", "139021002": "3139021009"}
    for town in sorted(public["township_code"].unique()):
        junior = urban_junior.get(town) or min(juniors.loc[juniors["township_code"] == town, "school_id"])
        for v in sorted(villages.loc[villages["township_code"] == town, "village"]):
            add(f"CZ{junior[-3:]}", "初中", (junior,), "社区" if v.endswith("社区") else "村", v)
        for s in sorted(public.loc[(public["township_code"] == town) & public["kind"].isin(["小学", "九年一贯制"]),
                                   "school_id"]):
            feeders.append({"primary": s, "junior": junior if s != junior else s})
    for s in sorted(schools.loc[(schools["ownership"] == "民办") & (schools["kind"] == "九年一贯制"), "school_id"]):
        feeders.append({"primary": s, "junior": s})      # a private 九年一贯制 school: its own 初中部
    addresses = [{"section": "小学", "kind": "社区" if v.endswith("社区") else "村", "place": v, "first": None, "last": None}
                 for v in sorted(villages["village"])]
    addresses += [{"section": "小学", "kind": "道路", "place": s, "first": 1, "last": max(r[2] for r in STREETS if r[0] == s)}
                  for s in sorted({r[0] for r in STREETS})]
    return zones, feeders, addresses, by_school


def _places(schools: pd.DataFrame, classes: pd.DataFrame) -> list[dict]:
    grade1 = classes[classes["grade"] == 1].groupby("school_id").size().to_dict()
    grade7 = classes[classes["grade"] == 7].groupby("school_id").size().to_dict()
    rows = []
    for s in _primary_schools(schools).itertuples(index=False):
        rows.append({"school": s.school_id, "name": s.name, "section": "小学", "ownership": s.ownership,
                     "classes": CLASSES.get(s.school_id, max(1, int(grade1.get(s.school_id, 1)))), "limit": None,
                     "fallbacks": "、".join(FALLBACKS.get(s.school_id, ())) or None})
    for s in schools[schools["kind"].isin(["初中", "九年一贯制", "完全中学"])].itertuples(index=False):
        rows.append({"school": s.school_id, "name": s.name, "section": "初中", "ownership": s.ownership,
                     "classes": max(1, int(grade7.get(s.school_id, 1))), "limit": None, "fallbacks": None})
    return rows


def _address(unit: tuple, rng: np.random.Generator) -> str:
    kind, place, first, last, parity = unit
    if kind != "道路":
        return place
    numbers = list(range(first, last + 1)) if parity in (None, "全部") else \
        [n for n in range(first, last + 1) if (n % 2 == 1) == (parity == "单号")]
    return f"{place}{numbers[int(rng.integers(len(numbers)))]}号"


def _people(rng: np.random.Generator, n: int, too_young: int = 0) -> tuple[np.ndarray, list[dt.date], list[str]]:
    genders = np.where(rng.random(n) < 0.52, "男", "女")
    names = chinese_names(rng, genders)
    start = dt.date(YEAR - 7, 9, 1)
    births = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 365, n)]
    for k in range(too_young):
        births[k] = dt.date(YEAR - 6, 9, 1) + dt.timedelta(days=int(rng.integers(0, 60)))
    return [str(x) for x in names], births, [str(g) for g in genders]


def build_admissions(schools: pd.DataFrame, villages: pd.DataFrame, classes: pd.DataFrame, hosts: dict[str, str],
                     rng: np.random.Generator) -> AdmissionsDemo:
    zones, feeders, addresses, by_school = _zones(schools, villages, hosts)
    places = _places(schools, classes)
    targets: list[tuple[str, int]] = []          # (school applied to, tier or 0 for private)
    for school, n in DEMAND.items():
        private = school in ("3139021011", "3139021012")
        if private:
            targets += [(school, 0)] * n
            continue
        counts = [round(n * share) for share in TIER_SHARES]
        counts[0] += n - sum(counts)
        if school == FIRST:
            counts = [230, 60, 28, 12]
        for tier, k in enumerate(counts, 1):
            targets += [(school, tier)] * k
    rural = sorted(s for s in by_school if s not in DEMAND and s not in CLASSES)
    picks = rng.choice(len(rural), RURAL_TOTAL)
    targets += [(rural[int(i)], 1) for i in picks]
    extra = 8                                    # the not eligible, below
    names, births, genders = _people(rng, len(targets) + extra, too_young=0)
    apps: list[dict] = []
    seq = 0
    used: set[str] = set()

    def id_number(birth: dt.date) -> str:
        nonlocal seq
        while True:
            seq += 1
            body = f"139021{birth:%Y%m%d}{seq % 1000:03d}"
            if body not in used:
                used.add(body)
                return body + str(check_digits(np.array([body]))[0])

    urban_units = [u for s in CLASSES for u in by_school[s]]
    for k, (school, tier) in enumerate(targets):
        units = by_school.get(school) or urban_units
        home = _address(units[int(rng.integers(len(units)))], rng)
        rec = {"application_no": f"{YEAR}{k + 1:05d}", "name": names[k], "id_number": id_number(births[k]),
               "birth_date": None, "gender": genders[k], "section": "小学", "hukou_kind": "本县", "hukou": None,
               "property": None, "owner": None, "permit": None, "permit_months": None, "insurance_months": None,
               "home": home, "sibling_group": None, "chosen": None, "guardian": names[k][0] + "某", "phone": None}
        if tier == 0:
            rec.update(hukou=_address(urban_units[int(rng.integers(len(urban_units)))], rng), chosen=school)
        elif tier == 1:
            rec.update(hukou=home, property=home, owner="父母")
        elif tier == 2:
            rec.update(hukou="柳河镇" + ("杨庄村" if k % 2 else "任庄村"), property=home, owner="父母")
        elif tier == 3:
            rec.update(hukou=home)
        else:
            rec.update(hukou_kind="外地", permit=home, permit_months=int(rng.integers(12, 60)),
                       insurance_months=int(rng.integers(12, 60)))
        apps.append(rec)
    twins = [k for k, t in enumerate(targets) if t == (FIRST, 2)][:4]
    for n, pair in enumerate(([apps[k] for k in twins[0:2]], [apps[k] for k in twins[2:4]]), 1):
        first = pair[0]
        birth = dt.date(int(first["id_number"][6:10]), int(first["id_number"][10:12]), int(first["id_number"][12:14]))
        for r in pair:
            r.update(sibling_group=f"双胞胎{n}", name=first["name"][0] + r["name"][1:], hukou=first["hukou"],
                     property=first["property"], home=first["home"], id_number=id_number(birth))
    # the not eligible: too young, address in no zone, permit too recent, a second application for one child
    k0 = len(targets)
    young = [dt.date(YEAR - 6, 9, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 60, 3)]
    odd = []
    for j, birth in enumerate(young):
        home = _address(by_school["3139021002"][0], rng)
        odd.append({"hukou": home, "property": home, "owner": "父母", "birth": birth})
    odd += [{"hukou": "城郊开发区" + s, "birth": births[k0 + 3 + j]} for j, s in enumerate(("1号楼", "2号楼"))]
    odd += [{"hukou_kind": "外地", "permit": _address(by_school["3139021004"][0], rng), "permit_months": 5,
             "insurance_months": 5, "birth": births[k0 + 5 + j]} for j in range(3)]
    for j, o in enumerate(odd):
        birth = o.pop("birth")
        rec = {**apps[0], "application_no": f"{YEAR}{k0 + j + 1:05d}", "name": names[k0 + j],
               "id_number": id_number(birth), "gender": genders[k0 + j], "hukou_kind": "本县", "hukou": None,
               "property": None, "owner": None, "permit": None, "permit_months": None, "insurance_months": None,
               "sibling_group": None, "chosen": None, "home": None, "guardian": names[k0 + j][0] + "某", **o}
        apps.append(rec)
    assert len(apps) == len(targets) + extra
    return AdmissionsDemo(zones, feeders, addresses, places, apps)


FILES = {"zones": f"学区划片表_{YEAR}.xlsx", "places": f"招生计划_{YEAR}.xlsx", "applications": f"新生报名_{YEAR}.xlsx"}


def write_admissions_files(demo: AdmissionsDemo, out_dir: Path) -> dict[str, str]:
    """The three workbooks, through the admissions templates (so the real import path reads them)."""
    from junheng.admissions.readers.specs import ALL_UNITS, APPLICATIONS, FEEDERS, SEATS, ZONES
    from junheng.io.template import write_template

    out = Path(out_dir)
    write_template(out / FILES["zones"], [ZONES, FEEDERS, ALL_UNITS], f"示范县{YEAR}年学区划片表",
                   rows={ZONES.name: demo.zones, FEEDERS.name: demo.feeders, ALL_UNITS.name: demo.addresses})
    write_template(out / FILES["places"], [SEATS], f"示范县{YEAR}年义务教育招生计划", rows={SEATS.name: demo.places})
    write_template(out / FILES["applications"], [APPLICATIONS], f"示范县{YEAR}年小学一年级新生报名",
                   rows={APPLICATIONS.name: demo.applications})
    return dict(FILES)


def write_admissions_demo(county, out_dir: Path) -> list[Path]:
    """The county writer's hook: the three workbooks of ``county`` (a ``DemoCounty``); the writer fixes their
    timestamps with the other openpyxl files."""
    from junheng.demo.base import rng_for

    reg = county.registry
    demo = build_admissions(reg.schools, reg.layout.villages, reg.classes, reg.layout.host_villages,
                            rng_for(county.seed, "admissions"))
    return [Path(out_dir) / name for name in write_admissions_files(demo, out_dir).values()]
