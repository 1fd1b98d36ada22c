"""Teachers' dated histories for the demo county (2019–2025), consistent with the autumn-2024 registry.

Each registry teacher gets a career: hired at 22–24 (some first at another school, then 调动 or 县管校聘竞聘 to
the present one), one post per stay; every exchange of the registry's exchange history (2016–2024) is a post at
another public school of the same stage (city teachers mostly to rural schools), one year long, then back home —
so the stay restarts, as 交流轮岗 rules intend. The 2024 movers come *to* their registry school from a donor
school on 2024-08-26, so the registry's autumn-2024 school is where they teach. Titles climb to the registry's
title; backbone levels are recognitions valid on 2024-09-30 (with earlier, expired ones); training attendance
adds up to each teacher's registry five-year hours (those below 360 are behind); annual 师德 assessments with
one 一票否决; awards, 名师工作室 and 师徒结对 records. Written as the files a county has: 教师档案.xlsx, 任职经历.xlsx
(templates) and 培训学时_平台导出.xlsx (a training platform's export with its own headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.demo.base import COUNTY_CODE, YEAR
from junheng.demo.identity import id_numbers

KINDS = ("交流轮岗", "交流轮岗", "交流轮岗", "支教", "县管校聘竞聘")
COURSES = (("国培计划（中西部项目）", "国家级", 72, "07-15"), ("省级骨干教师提升培训", "省级", 48, "08-05"),
           ("市级学科教学能力培训", "市级", 24, "10-20"), ("县级全员培训", "县级", 36, "07-10"))
VETO_NOTE = "违规有偿补课，经调查属实"


@dataclass(frozen=True, eq=False)
class TeacherHistories:
    persons: pd.DataFrame
    posts: pd.DataFrame
    titles: pd.DataFrame
    recognitions: pd.DataFrame
    ethics: pd.DataFrame
    records: pd.DataFrame
    training: pd.DataFrame


def _d(year: int, md: str) -> str:
    return f"{year}-{md}"


def build_teacher_histories(teachers: pd.DataFrame, schools: pd.DataFrame, exchanges: pd.DataFrame,
                            rng: np.random.Generator) -> TeacherHistories:
    t = teachers.reset_index(drop=True)
    info = schools.set_index("school_id")
    public = set(schools.loc[schools["ownership"] == "公办", "school_id"])
    by_section: dict[str, list[tuple[str, int]]] = {}
    for (sid, sec), g in t.groupby(["school_id", "section"]):
        if sid in public and info.at[sid, "kind"] != "教学点":
            by_section.setdefault(sec, []).append((sid, len(g)))
    moves = exchanges.groupby("teacher_id")["year"].apply(sorted).to_dict()

    def other(home: str, section: str, prefer: str | None) -> str:
        """Another public school of the stage, larger ones likelier; ``prefer`` 乡村 (not 城区) or 城区."""
        pool = [(s, n) for s, n in by_section.get(section, []) if s != home]
        if prefer == "乡村":
            pool = [(s, n) for s, n in pool if info.at[s, "location"] != "城区"] or pool
        elif prefer == "城区":
            pool = [(s, n) for s, n in pool if info.at[s, "location"] == "城区"] or pool
        if not pool:
            return home
        weight = np.array([n for _, n in pool], dtype=float)
        return pool[int(rng.choice(len(pool), p=weight / weight.sum()))][0]

    posts, titles, recog, records = [], [], [], []
    hire = np.clip(t["birth_year"].to_numpy() + 22 + rng.integers(0, 3, len(t)), 1983, YEAR)
    for i, r in enumerate(t.itertuples(index=False)):
        tid, sec, subj, reg_school = r.teacher_id, r.section, r.subject, r.school_id
        years = moves.get(tid, [])
        urban = info.at[reg_school, "location"] == "城区"
        home = other(reg_school, sec, None if urban else "城区") if YEAR in years else reg_school
        h = int(hire[i])
        start = _d(h, "08-25") if h == YEAR else _d(h, "09-01")
        seg = []   # [school, kind, start, end, from]
        first_exchange = min(years) if years else 10**4
        if h <= 2014 and rng.random() < 0.35 and home in public and first_exchange - h > 4:
            moved = int(rng.integers(h + 3, min(first_exchange, 2021)))
            first = other(home, sec, None)
            seg.append([first, "任教", start, _d(moved, "08-20"), None])
            seg.append([home, "县管校聘竞聘" if rng.random() < 0.2 else "调动", _d(moved, "08-21"), None, first])
        else:
            seg.append([home, "任教", start, None, None])
        for y in years:
            if y < h:
                continue
            seg[-1][3] = _d(y, "08-25")
            kind = KINDS[int(rng.integers(len(KINDS)))]
            if y == YEAR:
                seg.append([reg_school, kind, _d(y, "08-26"), _d(y + 3, "07-15"), home])
            else:
                seg.append([other(home, sec, "乡村" if urban else None), kind, _d(y, "08-26"), _d(y + 1, "07-15"),
                            home])
                seg.append([home, "任教", _d(y + 1, "08-20"), None, None])
        for school, kind, s, e, frm in seg:
            if e is not None and e < s:
                continue
            posts.append((tid, school, sec, subj, kind, s, e, frm))
        # titles up to the registry's title
        ladder = {"三级": ["三级"], "二级": ["二级"], "一级": ["二级", "一级"], "高级": ["二级", "一级", "高级"],
                  "正高级": ["二级", "一级", "高级", "正高级"]}.get(r.title, [])
        year = 2023 - int(rng.integers(0, 6))
        dated = []
        for title in reversed(ladder):
            dated.append((title, max(min(year, 2023), h + 1)))
            year -= int(rng.integers(4, 9))
        for title, y in sorted(dated, key=lambda x: x[1]):
            if y <= 2024:
                titles.append((tid, title, _d(y, "12-01") if y < 2024 else "2024-06-30"))
        # backbone recognitions valid on 2024-09-30 (3-year terms), an expired earlier one for some
        if r.backbone_level != "无":
            s = 2022 + int(rng.integers(0, 2))
            level = r.backbone_level
            kind = "名师" if level in ("省级", "国家级") and rng.random() < 0.5 else \
                ("学科带头人" if level == "市级" and rng.random() < 0.3 else "骨干教师")
            recog.append((tid, kind, level, _d(s, "09-01"), _d(s + 3, "08-31")))
            if rng.random() < 0.8 and h < s - 4:
                recog.append((tid, "骨干教师", "县级", _d(s - 3, "09-01"), _d(s, "08-31")))
        elif rng.random() < 0.05 and r.full_time == "是":
            recog.append((tid, "骨干教师", "校级", "2023-09-01", "2026-08-31"))
        if rng.random() < 0.08:
            y = int(rng.integers(max(h, 2019), 2025))
            level = ("县级", "县级", "市级", "省级")[int(rng.integers(4))]
            records.append((tid, "获奖", f"{level}优质课评比一等奖", level, _d(y, "11-15"), None, None))
    posts_f = pd.DataFrame(posts, columns=["teacher_id", "school_id", "section", "subject", "kind", "start", "end",
                                           "from_school_id"])
    records += _studios_and_mentors(t, hire, recog, rng)
    persons = _persons(t, rng)
    ethics = _ethics(t, hire, recog, rng)
    return TeacherHistories(
        persons, posts_f, pd.DataFrame(titles, columns=["teacher_id", "title", "date"]),
        pd.DataFrame(recog, columns=["teacher_id", "kind", "level", "start", "end"]), ethics,
        pd.DataFrame(records, columns=["teacher_id", "kind", "name", "level", "start", "end", "partner_id"]),
        _training(t, hire, rng))


def _persons(t: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    births = pd.to_datetime(t["birth_year"].astype(str) + "-01-01") + pd.to_timedelta(rng.integers(0, 365, len(t)),
                                                                                       unit="D")
    ids = id_numbers(rng, np.full(len(t), COUNTY_CODE), births.to_numpy().astype("datetime64[D]"),
                     t["gender"].to_numpy())
    return pd.DataFrame({"teacher_id": t["teacher_id"], "name": t["name"], "gender": t["gender"],
                         "birth_year": t["birth_year"], "id_number": ids, "full_time": t["full_time"],
                         "education": t["education"], "certificate": t["certificate"]})


def _studios_and_mentors(t: pd.DataFrame, hire: np.ndarray, recog: list, rng: np.random.Generator) -> list[tuple]:
    out = []
    leaders = {x[0] for x in recog if x[1] in ("名师", "学科带头人")}
    idx = t.set_index("teacher_id")
    for tid in sorted(leaders):
        subj = idx.at[tid, "subject"]
        name = f"{idx.at[tid, 'name']}{subj}名师工作室"
        out.append((tid, "名师工作室", name + "（主持人）", "县级", "2022-09-01", None, None))
        pool = t[(t["subject"] == subj) & (t["teacher_id"] != tid) & (t["full_time"] == "是")]["teacher_id"].to_numpy()
        for m in rng.choice(pool, min(4, len(pool)), replace=False):
            out.append((m, "名师工作室", name + "（成员）", "县级", "2022-09-01", None, tid))
    young = t.index[(hire >= 2022) & (t["full_time"] == "是").to_numpy()]
    for i in young:
        r = t.loc[i]
        seniors = t[(t["school_id"] == r["school_id"]) & (YEAR - t["birth_year"] >= 38) & (t["full_time"] == "是")]
        if seniors.empty:
            continue
        m = seniors["teacher_id"].to_numpy()[int(rng.integers(len(seniors)))]
        s, e = _d(int(hire[i]), "09-10"), _d(int(hire[i]) + 3, "07-10")
        out.append((r["teacher_id"], "师徒结对", "青年教师师徒结对（徒弟）", "校级", s, e, m))
        out.append((m, "师徒结对", f"青年教师师徒结对（师傅，徒弟 {r['name']}）", "校级", s, e, r["teacher_id"]))
    return out


def _ethics(t: pd.DataFrame, hire: np.ndarray, recog: list, rng: np.random.Generator):
    rows = []
    backbone = {x[0] for x in recog}
    candidates = [i for i in range(len(t)) if t.at[i, "teacher_id"] not in backbone and hire[i] < 2020
                  and t.at[i, "full_time"] == "是"]
    veto = t.at[candidates[int(rng.integers(len(candidates)))], "teacher_id"]
    for y in range(2020, 2025):
        ids = t["teacher_id"].to_numpy()[hire <= y]
        u = rng.random(len(ids))
        result = np.where(u < 0.15, "优秀", np.where(u < 0.995, "合格", "基本合格"))
        for tid, res in zip(ids, result):
            if tid == veto and y == 2023:
                rows.append((tid, y, "不合格", "是", VETO_NOTE))
            else:
                rows.append((tid, y, str(res), "否", None))
    return pd.DataFrame(rows, columns=["teacher_id", "year", "result", "veto", "note"])


def _training(t: pd.DataFrame, hire: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Attendance adding up to each teacher's registry hours over 2021 – 2025-06, plus the previous cycle's last
    two years: one 县级全员培训 a year, some higher-level courses, 校本研修 making up the rest."""
    rows = []
    for i, r in enumerate(t.itertuples(index=False)):
        h = int(hire[i])
        for y in (2019, 2020):
            if y >= h:
                rows.append((r.teacher_id, r.name, "县级全员培训", "县级", 36, _d(y, "07-10"), "示范县教师发展中心"))
                rows.append((r.teacher_id, r.name, "校本研修", "校级", 40, _d(y, "12-20"), "本校"))
        total = int(r.training_hours_5y)
        years = [y for y in range(max(2021, h), 2026)]
        if not years:
            continue
        share = np.full(len(years), 1.0)
        share[-1] = 0.5            # 2025: the first half only (the export is of 2025-07)
        target = np.round(total * share / share.sum()).astype(int)
        for y, hours in zip(years, target):
            left = int(hours)
            for name, level, hrs, md in COURSES:
                if left >= hrs and (level == "县级" or rng.random() < {"国家级": 0.08, "省级": 0.12, "市级": 0.3}[level]):
                    if y == 2025 and md > "06-30":
                        continue
                    rows.append((r.teacher_id, r.name, f"{y}年{name}", level, hrs, _d(y, md), "示范县教师发展中心"))
                    left -= hrs
            if left > 0:
                rows.append((r.teacher_id, r.name, f"{y}年校本研修", "校级", left, _d(y, "06-20"), "本校"))
    return pd.DataFrame(rows, columns=["teacher_id", "name", "course", "level", "hours", "date", "provider"])


# --- files ---------------------------------------------------------------------------------------------------
TRAINING_EXPORT_HEADERS = ("学员编号", "学员姓名", "项目名称", "项目级别", "认定学时", "培训开始时间", "主办单位")


def write_teacher_files(histories: TeacherHistories, out_dir: Path) -> dict[str, str]:
    """教师档案.xlsx and 任职经历.xlsx in the template layout, 培训学时_平台导出.xlsx in a platform's layout."""
    from junheng.demo.xlsx import Sheet, write_workbook
    from junheng.teachers.core.schema import ETHICS, POSTS, RECOGNITIONS, RECORDS, TEACHERS, TITLES

    def sheet(spec, frame: pd.DataFrame) -> Sheet:
        cols = [c.key for c in spec.columns]
        data = frame.reindex(columns=cols).astype(object).where(frame.reindex(columns=cols).notna(), None)
        return Sheet(spec.name, [[c.header for c in spec.columns], *data.to_numpy().tolist()], bold_rows=(1,),
                     freeze=1, widths=[max(c.width, len(c.header) * 2 + 2) for c in spec.columns])

    h = histories
    out_dir = Path(out_dir)
    profile = write_workbook(out_dir / "教师档案.xlsx", [
        sheet(TEACHERS, h.persons), sheet(TITLES, h.titles), sheet(RECOGNITIONS, h.recognitions),
        sheet(ETHICS, h.ethics), sheet(RECORDS, h.records)])
    posts = write_workbook(out_dir / "任职经历.xlsx", [sheet(POSTS, h.posts)])
    tr = h.training
    training = write_workbook(out_dir / "培训学时_平台导出.xlsx", [Sheet(
        "学时明细", [list(TRAINING_EXPORT_HEADERS), *tr.to_numpy().tolist()], bold_rows=(1,), freeze=1,
        widths=[16, 10, 34, 8, 8, 12, 20])])
    return {"profile": profile.name, "posts": posts.name, "training": training.name}
