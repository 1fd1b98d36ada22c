"""Small hand-made registries for tests (the big synthetic county lives in junheng.demo)."""

from __future__ import annotations

from junheng.registry.core.codes import _CHECK, _WEIGHTS


def id_number(region: str, birth: str, seq: int) -> str:
    body = f"{region}{birth}{seq:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


def small_registry() -> dict[str, list[dict]]:
    """A county with two townships and three schools, one of them 九年一贯制."""
    county = [{"county_code": "330100", "name": "测试县"}]
    townships = [
        {"township_code": "330100001", "name": "城关镇", "kind": "镇", "county_code": "330100"},
        {"township_code": "330100002", "name": "山前乡", "kind": "乡", "county_code": "330100"},
    ]
    schools = [
        {"school_id": "2133010001", "name": "测试县实验小学", "kind": "小学", "location": "城区", "ownership": "公办",
         "boarding": "否", "township_code": "330100001"},
        {"school_id": "2133010002", "name": "测试县第一中学", "kind": "初中", "location": "城区", "ownership": "公办",
         "boarding": "否", "township_code": "330100001"},
        {"school_id": "2133010003", "name": "山前乡九年一贯制学校", "kind": "九年一贯制", "location": "乡村",
         "ownership": "公办", "boarding": "是", "township_code": "330100002"},
    ]
    classes = [
        {"school_id": "2133010001", "section": "小学", "grade": 1, "class_name": "一年级1班"},
        {"school_id": "2133010002", "section": "初中", "grade": 7, "class_name": "七年级1班"},
        {"school_id": "2133010003", "section": "小学", "grade": 3, "class_name": "三年级1班"},
        {"school_id": "2133010003", "section": "初中", "grade": 8, "class_name": "八年级1班"},
    ]
    teachers = []
    for i, (school, section, subject, edu) in enumerate([
        ("2133010001", "小学", "语文", "本科"), ("2133010001", "小学", "体育与健康", "专科"),
        ("2133010002", "初中", "数学", "研究生"), ("2133010003", "小学", "数学", "专科"),
        ("2133010003", "初中", "音乐", "本科"),
    ], 1):
        teachers.append({"teacher_id": f"T{i:04d}", "name": f"教师{i}", "gender": "女" if i % 2 else "男",
                         "birth_year": 1980 + i, "school_id": school, "section": section, "full_time": "是",
                         "education": edu, "title": "一级", "backbone_level": "县级" if i == 1 else "无",
                         "subject": subject, "certificate": "是", "training_hours_5y": 360,
                         "last_exchange_year": None})
    students = []
    for i, (school, grade, cls) in enumerate([
        ("2133010001", 1, "一年级1班"), ("2133010001", 1, "一年级1班"), ("2133010002", 7, "七年级1班"),
        ("2133010003", 3, "三年级1班"), ("2133010003", 8, "八年级1班"),
    ], 1):
        birth = f"{2024 - 6 - grade + 1}0{(i % 9) + 1}1{i % 10}"
        idn = id_number("330102", birth, i)
        students.append({"student_id": "G" + idn, "name": f"学生{i}", "gender": "男" if i % 2 else "女",
                         "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", "id_number": idn,
                         "school_id": school, "grade": grade, "class_name": cls, "status": "在读",
                         "left_behind": "非留守儿童", "migrant": "否", "disability": None, "low_income": "否",
                         "township_code": None, "village": None})
    return {"county": county, "township": townships, "school": schools, "school_class": classes,
            "teacher": teachers, "student": students}
