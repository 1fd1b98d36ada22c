"""Staffing (编制): the need from enrolment at the unified ratios, surplus or shortage per school and per subject,
the age structure, and the absent-post check (在编不在岗).

Need per school section = ⌈students ÷ ratio⌉ (小学 19, 初中 13.5; 中央编办发〔2014〕72号); a school with fewer
than ``small_school_students`` pupils (村小, 教学点) gets the larger of that and ⌈classes × class ratio⌉. Subject
need = ⌈classes × weekly periods of the subject ÷ a teacher's weekly load⌉ (体育, 音乐, 美术, 心理, 信息科技).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from junheng.teachers.core.codes import AGE_BANDS, STAFFING_SUBJECTS
from junheng.teachers.core.history import History, posts_on
from junheng.teachers.core.settings import TeacherSettings


def staffing_need(enrolment: pd.DataFrame, settings: TeacherSettings | None = None) -> pd.DataFrame:
    """``enrolment``: school_id, section, students, classes → adds need, by_students, by_classes, small."""
    st = settings or TeacherSettings()
    e = enrolment[enrolment["section"].isin(list(st.student_ratio))].copy()
    e["students"] = pd.to_numeric(e["students"]).fillna(0).astype(int)
    e["classes"] = pd.to_numeric(e["classes"]).fillna(0).astype(int)
    ratio = e["section"].map(st.student_ratio).astype(float)
    e["by_students"] = np.ceil(e["students"] / ratio - 1e-9).astype(int)
    school_total = e.groupby("school_id")["students"].transform("sum")
    e["small"] = school_total < st.small_school_students
    e["by_classes"] = np.ceil(e["classes"] * e["section"].map(st.class_ratio).astype(float) - 1e-9).astype(int)
    e["need"] = np.where(e["small"], np.maximum(e["by_students"], e["by_classes"]), e["by_students"])
    return e.reset_index(drop=True)


def staffing(h: History, enrolment: pd.DataFrame, day: dt.date, settings: TeacherSettings | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per school section: need, teachers, surplus; per school section × subject: need, teachers, shortage)."""
    st = settings or TeacherSettings()
    need = staffing_need(enrolment, st)
    on = _full_time(h, posts_on(h, day, st))
    have = on.groupby(["school_id", "section"]).size().rename("teachers")
    out = need.merge(have.reset_index(), on=["school_id", "section"], how="left")
    out["teachers"] = out["teachers"].fillna(0).astype(int)
    out["surplus"] = out["teachers"] - out["need"]
    rows = []
    for subject in STAFFING_SUBJECTS:
        per = need["section"].map(lambda s, subj=subject: st.weekly_periods.get(s, {}).get(subj, 0.0)).astype(float)
        load = need["section"].map(st.weekly_load).astype(float)
        rows.append(pd.DataFrame({"school_id": need["school_id"], "section": need["section"], "subject": subject,
                                  "need": np.ceil(need["classes"] * per / load - 1e-9).astype(int)}))
    subj = pd.concat(rows, ignore_index=True)
    have_s = on.groupby(["school_id", "section", "subject"]).size().rename("teachers").reset_index()
    subj = subj.merge(have_s, on=["school_id", "section", "subject"], how="left")
    subj["teachers"] = subj["teachers"].fillna(0).astype(int)
    subj["shortage"] = np.maximum(subj["need"] - subj["teachers"], 0)
    return out, subj


def _full_time(h: History, on: pd.DataFrame) -> pd.DataFrame:
    ft = dict(zip(h.teachers["teacher_id"], h.teachers["full_time"].fillna("是")))
    return on[on["teacher_id"].map(ft).fillna("是").eq("是")]


def age_structure(h: History, day: dt.date, settings: TeacherSettings | None = None) -> pd.DataFrame:
    """Teachers in post per school and age band (30岁以下, 30–39岁, 40–49岁, 50岁及以上)."""
    st = settings or TeacherSettings()
    on = posts_on(h, day, st)
    birth = dict(zip(h.teachers["teacher_id"], pd.to_numeric(h.teachers["birth_year"], errors="coerce")))
    age = day.year - pd.to_numeric(on["teacher_id"].map(birth), errors="coerce").astype(float)
    labels = [b[2] for b in AGE_BANDS]
    band = pd.cut(age, [b[0] for b in AGE_BANDS] + [AGE_BANDS[-1][1]], right=False, labels=labels)
    t = pd.crosstab(on["school_id"], band).reindex(columns=labels, fill_value=0)
    return t.reset_index()


def absent_from_post(h: History, payroll: pd.DataFrame, day: dt.date, settings: TeacherSettings | None = None,
                     timetable_ids=()) -> pd.DataFrame:
    """Payroll rows (teacher_id, name, unit) whose teacher holds no post at any school on ``day`` and appears
    in no timetable (``timetable_ids``): 在编不在岗 to be checked by a person."""
    st = settings or TeacherSettings()
    on = set(posts_on(h, day, st, counting_only=False)["teacher_id"]) | {str(i) for i in timetable_ids}
    p = payroll.copy()
    p["teacher_id"] = p["teacher_id"].astype(str)
    missing = p[~p["teacher_id"].isin(on)].copy()
    last = h.posts.sort_values("start").drop_duplicates("teacher_id", keep="last").set_index("teacher_id")
    missing["last_school_id"] = missing["teacher_id"].map(last["school_id"])
    missing["last_end"] = missing["teacher_id"].map(last["end"])
    missing["why"] = np.where(missing["last_school_id"].isna(), "在任何学校都没有任职记录",
                              "任职已于 " + missing["last_end"].dt.strftime("%Y-%m-%d").fillna("—") + " 结束，当前无任职")
    return missing.reset_index(drop=True)
