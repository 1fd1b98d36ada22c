"""The registry of the demo county (DATA.md "registry"): county, townships, schools, classes, teachers, students.

``build_registry`` composes the layout (places and schools), the students and classes, each section's
优质均衡 profile and the teachers that realise it. The canonical frames are the public result; the plan behind
them (grade plan, sections, profiles, exchange history, villages) is kept for the other datasets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.demo.base import rng_for
from junheng.demo.layout import Layout, build_layout
from junheng.demo.profiles import build_profiles
from junheng.demo.pupils import build_classes, build_students
from junheng.demo.staff import build_staff

REGISTRY_COLUMNS = {
    "counties": ["county_code", "name"],
    "townships": ["township_code", "name", "kind", "county_code"],
    "schools": ["school_id", "name", "kind", "location", "ownership", "boarding", "township_code",
                "central_school_id"],
    "classes": ["school_id", "section", "grade", "class_name", "head_teacher_id"],
    "teachers": ["teacher_id", "name", "gender", "birth_year", "school_id", "section", "full_time", "education",
                 "title", "backbone_level", "subject", "certificate", "training_hours_5y", "last_exchange_year"],
    "students": ["student_id", "name", "gender", "birth_date", "id_number", "school_id", "grade", "class_name",
                 "status", "left_behind", "migrant", "disability", "low_income", "township_code", "village"],
}


@dataclass(frozen=True)
class Registry:
    counties: pd.DataFrame
    townships: pd.DataFrame
    schools: pd.DataFrame
    classes: pd.DataFrame
    teachers: pd.DataFrame
    students: pd.DataFrame
    layout: Layout
    sections: pd.DataFrame      # school_id, section, kind, location, ownership, township_code, students, classes
    profiles: pd.DataFrame      # school_id, section, L1…L7 factors, weak
    exchanges: pd.DataFrame     # teacher_id, year


def section_table(schools: pd.DataFrame, students: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """One row per school section with its enrolment and classes (from the registry itself)."""
    stu = students.assign(section=np.where(students["grade"] <= 6, "小学",
                                           np.where(students["grade"] <= 9, "初中", "高中")))
    counts = stu.groupby(["school_id", "section"]).size().rename("students")
    n_classes = classes.groupby(["school_id", "section"]).size().rename("classes")
    table = pd.concat([counts, n_classes], axis=1).fillna(0).astype(int).reset_index()
    info = schools[["school_id", "kind", "location", "ownership", "township_code"]]
    return info.merge(table, on="school_id").sort_values(["school_id", "section"], ignore_index=True)


def build_registry(seed: int) -> Registry:
    """The whole registry for ``seed`` (each part from its own random stream)."""
    layout = build_layout(rng_for(seed, "layout"))
    classes = build_classes(layout)
    students = build_students(layout, rng_for(seed, "students"))
    rng = rng_for(seed, "students.status")
    paused = rng.choice(np.flatnonzero(students["grade"].between(3, 9).to_numpy()), 3, replace=False)
    students.loc[paused, "status"] = "休学"
    sections = section_table(layout.schools, students, classes)
    profiles = build_profiles(sections, rng_for(seed, "profiles"))
    staff = build_staff(sections, profiles, classes, rng_for(seed, "teachers"))
    return Registry(
        counties=layout.counties, townships=layout.townships, schools=layout.schools,
        classes=staff.classes[REGISTRY_COLUMNS["classes"]], teachers=staff.teachers[REGISTRY_COLUMNS["teachers"]],
        students=students[REGISTRY_COLUMNS["students"]], layout=layout, sections=sections, profiles=profiles,
        exchanges=staff.exchanges,
    )
