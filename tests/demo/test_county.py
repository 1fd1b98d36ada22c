"""The demo county as a whole: determinism, sizes, shapes and the canonical keys of DATA.md."""

import numpy as np
import pandas as pd
import pytest

from junheng.demo import generate_county
from junheng.demo.base import rng_for

pytestmark = pytest.mark.core

CANONICAL = {
    "counties": ["county_code", "name"],
    "townships": ["township_code", "name", "kind", "county_code"],
    "schools": ["school_id", "name", "kind", "location", "ownership", "boarding", "township_code",
                "central_school_id"],
    "classes": ["school_id", "section", "grade", "class_name", "head_teacher_id"],
    "teachers": ["teacher_id", "name", "gender", "birth_year", "school_id", "section", "full_time", "education",
                 "title", "backbone_level", "subject", "certificate", "training_hours_5y", "last_exchange_year"],
    "students": ["student_id", "name", "gender", "birth_date", "id_number", "school_id", "grade", "class_name",
                 "status", "left_behind", "migrant", "disability", "low_income", "township_code", "village"],
    "school_year_data": ["school_id", "year", "section", "students", "classes", "full_time_teachers",
                         "teachers_above_required", "backbone_teachers", "pe_arts_teachers", "mid_title_teachers",
                         "certified_teachers", "training_completed_teachers", "exchange_eligible_teachers",
                         "exchanged_teachers", "exchanged_backbone_teachers", "teaching_room_area", "gym_area",
                         "sports_ground_area", "equipment_value", "multimedia_rooms", "computers", "books",
                         "music_rooms", "music_room_area_min", "art_rooms", "art_room_area_min", "public_funds",
                         "training_funds", "max_class_size"],
    "exams": ["exam_id", "name", "date", "grade", "subjects"],
    "population": ["name", "id_number", "birth_date", "township", "village"],
}


def _frames(c):
    yield from ((k, getattr(c, k)) for k in CANONICAL)
    yield from ((f"scores/{k}", v) for k, v in c.scores.items())
    yield from ((f"rosters/{k}", v) for k, v in c.rosters.items())
    yield from ((f"details/{k}", v) for k, v in c.roster_details.items())


def test_same_seed_same_county(county):
    again = generate_county(2024)
    for (name, a), (_, b) in zip(_frames(county), _frames(again)):
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_other_seed_other_county(county, county_for):
    other = county_for(1)
    assert not county.students["id_number"].equals(other.students["id_number"])
    assert not county.scores[county.exams.exam_id[0]].equals(other.scores[other.exams.exam_id[0]])


def test_streams_depend_on_seed_and_dataset_only():
    assert rng_for(3, "exams").random() == rng_for(3, "exams").random()
    assert rng_for(3, "exams").random() != rng_for(3, "rosters").random()
    assert rng_for(3, "exams").random() != rng_for(4, "exams").random()


@pytest.mark.parametrize("name", list(CANONICAL), ids=list(CANONICAL))
def test_canonical_columns(county, name):
    assert list(getattr(county, name).columns) == CANONICAL[name]


def test_scores_and_rosters_columns(county):
    for exam in county.exams.itertuples():
        assert list(county.scores[exam.exam_id].columns) == ["student_id", "name", "school", "class",
                                                            *exam.subjects]
    for term, frame in county.rosters.items():
        assert list(frame.columns) == ["student_id", "name", "id_number", "birth_date", "school", "grade", "status",
                                       "term"]
        assert (frame["term"] == term).all()


def test_county_and_townships(county):
    assert county.counties.loc[0, "name"] == "示范县"
    code = county.counties.loc[0, "county_code"]
    assert len(code) == 6 and code.isdigit()
    t = county.townships
    assert 10 <= len(t) <= 14
    assert set(t["kind"]) == {"乡", "镇", "街道"}
    assert t["township_code"].str.fullmatch(code + r"\d{3}").all()
    assert t["name"].str[-1].isin(["乡", "镇"]).sum() + t["name"].str.endswith("街道").sum() == len(t)


def test_sizes(county):
    sections = county.school_year_data.query("year == 2024 and section != '全校'")
    assert 70 <= len(sections) <= 90
    assert 40_000 <= len(county.students) <= 50_000
    assert 2_700 <= len(county.teachers) <= 3_400
    assert county.students["student_id"].is_unique and county.teachers["teacher_id"].is_unique


def test_every_kind_of_school(county):
    s = county.schools
    kinds = s["kind"].value_counts()
    for kind in ("小学", "初中", "九年一贯制", "教学点"):
        assert kinds.get(kind, 0) >= 3, kind
    assert kinds["完全中学"] == 1 and kinds["特殊教育学校"] == 1
    assert 1 <= (s["ownership"] == "民办").sum() <= 2
    assert s["school_id"].str.fullmatch(r"\d{10}").all()
    points = s[s["kind"] == "教学点"]
    central = s.set_index("school_id").loc[points["central_school_id"]]
    assert central["kind"].isin(["小学", "九年一贯制"]).all()
    assert (central["township_code"].to_numpy() == points["township_code"].to_numpy()).all()
    assert (s.loc[s["kind"] != "教学点", "central_school_id"] == "").all()


def test_large_urban_and_tiny_rural_schools(county):
    stu = county.students.merge(county.schools, on="school_id")
    size = stu.groupby("school_id").size()
    per_class = stu.groupby(["school_id", "class_name"]).size().groupby("school_id").mean()
    urban = county.schools.set_index("school_id")["location"] == "城区"
    big = size[(size > 2000) & urban.reindex(size.index)]
    assert len(big) >= 2
    assert (per_class[big.index] > 50).any()
    points = county.schools.loc[county.schools["kind"] == "教学点", "school_id"]
    assert (size[points] < 50).any()


def _check_digit(number: str) -> str:
    """GB 11643 by hand: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 → X."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(number[:17]))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


@pytest.mark.parametrize("number,expected", [("11010519491231002X", True), ("110105194912310021", False),
                                             ("130129199003078339", True)], ids=["official", "wrong", "hand-sum-300"])
def test_check_digit_oracle(number, expected):
    assert (_check_digit(number) == number[17]) is expected


def test_id_numbers_valid(county):
    ids = county.students["id_number"]
    assert ids.str.fullmatch(r"\d{17}[\dX]").all()
    assert all(_check_digit(x) == x[17] for x in ids)
    assert ids.is_unique
    assert (county.students["student_id"] == "G" + ids).all()
    assert (ids.str[6:14] == county.students["birth_date"].str.replace("-", "")).all()
    male = ids.str[16].astype(int) % 2 == 1
    assert ((county.students["gender"] == "男") == male).all()


def test_birth_dates_fit_grades(county):
    s = county.students
    born = pd.to_datetime(s["birth_date"])
    age = 2024 - born.dt.year - ((born.dt.month > 8).astype(int))      # age on 31 Aug 2024
    over = age - (s["grade"] + 5)
    special = s["school_id"].isin(county.schools.loc[county.schools["kind"] == "特殊教育学校", "school_id"])
    assert (over[~special] >= 0).all() and (over[~special] <= 1).all()
    assert 0.01 < (over[~special] == 1).mean() < 0.08
    assert (over[special] <= 3).all()


def test_names_look_chinese(county):
    names = pd.concat([county.students["name"], county.teachers["name"]])
    assert names.str.len().between(2, 4).all()
    assert names.str.fullmatch(r"[\u4e00-\u9fff]+").all()
    top = county.students["name"].str[0].value_counts(normalize=True)
    assert set(top.index[:3]) <= {"王", "李", "张", "刘"}
    assert top.iloc[0] < 0.15


def test_student_flags(county):
    s = county.students
    assert set(s["left_behind"]) == {"非留守儿童", "单亲留守儿童", "双亲留守儿童"}
    assert 0.05 < (s["left_behind"] != "非留守儿童").mean() < 0.2
    assert 0.03 < (s["migrant"] == "是").mean() < 0.15
    assert not ((s["migrant"] == "是") & (s["left_behind"] != "非留守儿童")).any()
    assert 0.002 < (s["disability"] != "").mean() < 0.01
    assert 0.01 < (s["low_income"] == "是").mean() < 0.07
    assert set(s["status"]) <= {"在读", "休学"}
    loc = s["school_id"].map(county.schools.set_index("school_id")["location"])
    behind = (s["left_behind"] != "非留守儿童").groupby(loc).mean()
    assert behind["乡村"] > behind["城区"]
    local = s["migrant"] == "否"
    assert (s.loc[local, "township_code"] != "").all() and (s.loc[~local, "township_code"] == "").all()


def test_classes(county):
    c, s = county.classes, county.students
    assert not c.duplicated(["school_id", "class_name"]).any()
    sizes = s.groupby(["school_id", "class_name"]).size()
    assert set(sizes.index) == set(zip(c["school_id"], c["class_name"]))
    assert sizes.min() >= 3 and sizes.max() <= 66
    section = np.where(c["grade"] <= 6, "小学", np.where(c["grade"] <= 9, "初中", "高中"))
    assert (c["section"] == section).all()
    assert c["class_name"].str.fullmatch(r"[一二三四五六七八九]年级\d+班|高[一二三]年级\d+班").all()
    heads = c.merge(county.teachers, left_on="head_teacher_id", right_on="teacher_id", suffixes=("", "_t"))
    assert len(heads) == len(c) and c["head_teacher_id"].is_unique
    assert (heads["school_id"] == heads["school_id_t"]).all() and (heads["section"] == heads["section_t"]).all()


def test_teachers_realistic(county):
    t = county.teachers.merge(county.schools, on="school_id")
    degree = t["education"].isin(["本科", "研究生"]).groupby(t["location"]).mean()
    assert degree["城区"] > degree["乡村"] + 0.1
    arts = t["subject"].isin(["体育与健康", "音乐", "美术"]).groupby(t["location"]).mean()
    assert arts["城区"] > arts["乡村"]
    assert 0.9 < (t["full_time"] == "是").mean() < 1.0
    assert 0.95 < (t["certificate"] == "是").mean() < 1.0
    assert t["birth_year"].between(2024 - 60, 2024 - 22).all()
    assert (t["title"] == "未定级").groupby(2024 - t["birth_year"] < 30).mean()[True] > 0.1
    assert t["last_exchange_year"].dropna().between(2016, 2024).all()
    assert (t.loc[t["ownership"] == "民办", "last_exchange_year"].isna()).all()
    assert set(t["backbone_level"]) <= {"无", "县级", "市级", "省级", "国家级"}
