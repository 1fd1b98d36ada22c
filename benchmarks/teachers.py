"""Teachers benchmark: 50,000 teachers with 10 years of history (posts and moves, recognitions, ~1.5 million
training records) in 1,000 schools; the 交流轮岗 quota, the 5-year training completion and the staffing check
for one school year must take ≤ 2 s together (DESIGN §7 style target from the teachers issue).

    .venv/bin/python benchmarks/teachers.py
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd

from junheng.teachers.core import TeacherSettings, history, quota, staffing, training

N_TEACHERS, N_SCHOOLS, YEARS = 50_000, 1_000, range(2015, 2025)
TARGET = 2.0


def build(seed: int = 7):
    rng = np.random.default_rng(seed)
    ids = np.array([f"T{i:06d}" for i in range(N_TEACHERS)])
    schools = np.array([f"{3100000000 + i}" for i in range(N_SCHOOLS)])
    section = np.where(np.arange(N_SCHOOLS) % 3 == 0, "初中", "小学")
    home = rng.integers(0, N_SCHOOLS, N_TEACHERS)
    birth = rng.integers(1965, 2001, N_TEACHERS)
    teachers = pd.DataFrame({"teacher_id": ids, "name": ids, "gender": np.where(rng.random(N_TEACHERS) < 0.7, "女", "男"),
                             "birth_year": birth, "full_time": "是", "education": "本科", "certificate": "是"})
    hire = np.maximum(birth + 22, 2005)
    start = pd.to_datetime(hire.astype(str) + "-09-01")
    posts = [pd.DataFrame({"teacher_id": ids, "school_id": schools[home], "section": section[home], "subject": "语文",
                           "start": start, "end": pd.NaT, "kind": "任教", "direction": None, "from_school_id": None})]
    # every year ~9 % of teachers move (exchange or transfer) to another school for good
    current = home.copy()
    ends = np.full(N_TEACHERS, np.datetime64("NaT"), dtype="datetime64[ns]")
    frames = []
    for y in YEARS:
        moved = np.flatnonzero((rng.random(N_TEACHERS) < 0.09) & (hire < y))
        to = rng.integers(0, N_SCHOOLS, len(moved))
        frames.append(pd.DataFrame({"teacher_id": ids[moved], "school_id": schools[to], "section": section[to],
                                    "subject": "语文", "start": pd.Timestamp(y, 8, 26), "end": pd.NaT,
                                    "kind": rng.choice(["交流轮岗", "调动", "支教"], len(moved)), "direction": None,
                                    "from_school_id": schools[current[moved]], "_i": moved}))
        current[moved] = to
    moves = pd.concat(frames, ignore_index=True).sort_values(["_i", "start"])
    allp = pd.concat([posts[0].assign(_i=np.arange(N_TEACHERS)), moves], ignore_index=True).sort_values(["_i", "start"])
    nxt = allp.groupby("_i")["start"].shift(-1)
    allp["end"] = nxt - pd.Timedelta(days=1)
    del ends
    allp = allp.drop(columns="_i")
    n_tr = len(YEARS) * 3 * N_TEACHERS
    who = rng.integers(0, N_TEACHERS, n_tr)
    days = rng.integers(0, 365 * len(YEARS), n_tr)
    train = pd.DataFrame({"teacher_id": ids[who], "course": "县级全员培训", "level": "县级",
                          "hours": rng.choice([12.0, 24.0, 36.0, 48.0], n_tr),
                          "date": pd.Timestamp(YEARS[0], 1, 1) + pd.to_timedelta(days, unit="D")})
    bb = rng.choice(N_TEACHERS, N_TEACHERS // 8, replace=False)
    recog = pd.DataFrame({"teacher_id": ids[bb], "kind": "骨干教师", "level": "县级", "start": pd.Timestamp(2022, 9, 1),
                          "end": pd.Timestamp(2025, 8, 31)})
    enrol = pd.DataFrame({"school_id": schools, "section": section, "students": rng.integers(40, 2400, N_SCHOOLS)})
    enrol["classes"] = np.ceil(enrol["students"] / 42).astype(int)
    school_meta = pd.DataFrame({"school_id": schools, "name": schools, "location": "城区", "ownership": "公办",
                                "kind": "小学"})
    return history(teachers, allp, None, recog, train, None, school_meta), enrol


def main() -> None:
    t0 = time.perf_counter()
    h, enrol = build()
    print(f"生成：{len(h.teachers):,} 名教师，{len(h.posts):,} 段任职，{len(h.training):,} 条培训记录，"
          f"{len(h.recognitions):,} 条骨干认定（{time.perf_counter() - t0:.1f} 秒）")
    st = TeacherSettings()
    t = time.perf_counter()
    q = quota(h, 2024, st)
    t_q = time.perf_counter() - t
    t = time.perf_counter()
    tr = training(h, 2024, st, as_of=dt.date(2025, 7, 31))
    t_t = time.perf_counter() - t
    t = time.perf_counter()
    total, subjects = staffing(h, enrol, st.reference_date(2024), st)
    t_s = time.perf_counter() - t
    c = q.county
    print(f"交流轮岗 2024：符合条件 {c.eligible:,}，交流 {c.exchanged:,}，比例 {c.rate:.1%}，骨干占比 {c.backbone_share:.1%}，"
          f"{sum(not x.passes for x in q.schools.values())} 所学校未达标 —— {t_q:.3f} 秒")
    print(f"培训 2021—2025：{tr.teachers:,} 人，完成 {tr.complete:,}（{tr.rate:.1%}） —— {t_t:.3f} 秒")
    print(f"编制：核定 {int(total['need'].sum()):,}，在岗 {int(total['teachers'].sum()):,}，缺编学校学段 "
          f"{int((total['surplus'] < 0).sum())}，紧缺学科缺口 {int(subjects['shortage'].sum())} 人 —— {t_s:.3f} 秒")
    all_s = t_q + t_t + t_s
    print(f"合计 {all_s:.3f} 秒（目标 ≤ {TARGET:g} 秒）：{'达标' if all_s <= TARGET else '未达标'}")


if __name__ == "__main__":
    main()
