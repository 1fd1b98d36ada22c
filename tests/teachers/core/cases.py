"""Small hand-made histories for the core tests (every figure below is worked by hand in the tests)."""

from __future__ import annotations

from junheng.teachers.core import history


def teacher(tid, gender="男", birth=1980, full_time="是", education="本科", certificate="是", name=None):
    return {"teacher_id": tid, "name": name or f"教师{tid}", "gender": gender, "birth_year": birth,
            "full_time": full_time, "education": education, "certificate": certificate}


def post(tid, school, start, end=None, kind="任教", section="小学", subject="语文", from_school=None, direction=None):
    return {"teacher_id": tid, "school_id": school, "section": section, "subject": subject, "start": start,
            "end": end, "kind": kind, "direction": direction, "from_school_id": from_school}


SCHOOLS = [{"school_id": "S1", "name": "城关一小", "location": "城区", "ownership": "公办", "kind": "小学"},
           {"school_id": "S2", "name": "河湾小学", "location": "乡村", "ownership": "公办", "kind": "小学"},
           {"school_id": "P1", "name": "育才民办", "location": "城区", "ownership": "民办", "kind": "小学"}]


def make(teachers, posts, **rest):
    return history(teachers, posts, schools=rest.pop("schools", SCHOOLS), **rest)
