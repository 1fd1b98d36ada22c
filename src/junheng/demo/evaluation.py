"""The demo county's 督导评价 data: a satisfaction survey as a 问卷星-style export, six 责任督学 with their schools
and visits, and the inspectors' judgements of the judged indicators.

Pure builders (``build_survey``, ``build_inspection``) take the registry's schools and a random generator of
their own stream (``rng_for(seed, "evaluation")``), so no other dataset changes; ``write_survey_file`` writes the
export as a survey tool would (序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, then "N、题目" columns)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SURVEY_FILE = "满意度调查_问卷星导出.xlsx"
QUESTIONS = ("您对学校的办学条件（校舍、场地、设备、图书）满意吗？", "您对学校的师资队伍和教师师德满意吗？",
             "您对学校的教育教学质量满意吗？", "您对学校落实“双减”、减轻学生课业负担满意吗？",
             "您对学校的安全管理和校园环境满意吗？", "您对本县义务教育均衡发展的总体情况满意吗？")
OPTIONS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
# group label → respondents per school (None: county-level respondents, total)
GROUPS = (("学生", 12), ("家长", 14), ("教师", 5), ("校长", 1))
COUNTY_GROUPS = (("人大代表", 12), ("政协委员", 10), ("其他社会人士", 25))
SOURCES = ("微信", "手机提交", "链接")
CITIES = ("湖南-邵阳", "湖南-长沙", "湖南-娄底", "广东-深圳")
INSPECTORS = ("王建华", "刘芳", "陈志强", "赵丽", "孙卫东", "周敏")


def _answer(rng: np.random.Generator, p_satisfied: float) -> str:
    if rng.random() < 0.01:
        return "(跳过)"
    if rng.random() < p_satisfied:
        return OPTIONS[int(rng.choice(3, p=(0.45, 0.38, 0.17)))]
    return OPTIONS[3 if rng.random() < 0.75 else 4]


def build_survey(schools: pd.DataFrame, rng: np.random.Generator,
                 start: dt.datetime = dt.datetime(2024, 11, 4, 8, 0)) -> pd.DataFrame:
    """Responses in the export's layout: one row per respondent; numbers for a tenth of the answers (按序号导出
    mixes happen when a bureau merges two exports)."""
    evaluated = schools[schools["kind"] != "特殊教育学校"]
    rows = []
    propensity = {s: float(np.clip(rng.normal(0.9, 0.05), 0.7, 0.99)) for s in evaluated["school_id"]}

    def add(group: str, school: str, p: float) -> None:
        n = len(rows) + 1
        when = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 12)))
        answers = []
        for _ in QUESTIONS:
            a = _answer(rng, p)
            answers.append(OPTIONS.index(a) + 1 if a in OPTIONS and rng.random() < 0.1 else a)
        rows.append([n, when.strftime("%Y-%m-%d %H:%M:%S"), f"{int(rng.integers(40, 400))}秒",
                     SOURCES[int(rng.integers(len(SOURCES)))], "N/A",
                     (f"117.136.{int(rng.integers(0, 255))}.{int(rng.integers(1, 255))}"
                     f"({CITIES[int(rng.integers(len(CITIES)))]})"), group, school, *answers])

    for _, s in evaluated.iterrows():
        size = 0.5 if s["kind"] == "教学点" else 1.0
        for group, count in GROUPS:
            for _ in range(max(1, round(count * size))):
                add(group, s["name"], propensity[s["school_id"]])
    for group, count in COUNTY_GROUPS:
        for _ in range(count):
            add(group, "(跳过)", 0.88)
    rows.sort(key=lambda r: r[1])
    for i, r in enumerate(rows, start=1):
        r[0] = i
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是？", "2、您所在的学校是？",
              *[f"{i}、{q}" for i, q in enumerate(QUESTIONS, start=3)]]
    return pd.DataFrame(rows, columns=header)


def write_survey_file(schools: pd.DataFrame, seed: int, out_dir: Path) -> Path:
    from junheng.demo.base import rng_for
    from junheng.demo.xlsx import Sheet, write_workbook

    frame = build_survey(schools, rng_for(seed, "evaluation"))
    rows = [list(frame.columns), *frame.astype(object).values.tolist()]
    return write_workbook(Path(out_dir) / SURVEY_FILE, [Sheet("Sheet1", rows, bold_rows=(1,), freeze=1)])


@dataclass(frozen=True)
class PlannedVisit:
    inspector: int          # index into INSPECTORS
    school_id: str
    day: dt.date
    checked: tuple[str, ...]
    issue: str


ISSUES = ("部分班级课后作业量偏大，未见作业公示", "消防器材过期未更换", "食堂留样记录不全", "体育课被其他学科占用",
          "校门口接送秩序混乱，未设护学岗", "图书室开放时间未公示", "个别教师未按课表上课")
CHECKLIST = ("K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10")


def build_inspection(schools: pd.DataFrame, rng: np.random.Generator, today: dt.date
                     ) -> tuple[dict[int, list[str]], list[PlannedVisit]]:
    """Six inspectors' schools (each school one 责任督学) and about six months of visits, counted back from
    ``today``; some months fall short of the quota, about one visit in five finds an issue."""
    evaluated = list(schools.loc[schools["kind"] != "特殊教育学校", "school_id"])
    order = rng.permutation(len(evaluated))
    assigned: dict[int, list[str]] = {i: [] for i in range(len(INSPECTORS))}
    for k, idx in enumerate(order):
        assigned[k % len(INSPECTORS)].append(evaluated[int(idx)])
    visits = []
    for i, codes in assigned.items():
        if not codes:
            continue
        diligence = 0.55 + 0.08 * i
        for months_back in range(6):
            for _ in range(3):
                if rng.random() > diligence:
                    continue
                day = today - dt.timedelta(days=30 * months_back + int(rng.integers(0, 28)))
                if day > today:
                    continue
                checked = tuple(sorted(rng.choice(CHECKLIST, size=int(rng.integers(2, 5)), replace=False)))
                issue = ISSUES[int(rng.integers(len(ISSUES)))] if rng.random() < 0.2 else ""
                visits.append(PlannedVisit(i, codes[int(rng.integers(len(codes)))], day, checked, issue))
    visits.sort(key=lambda v: (v.day, v.inspector))
    return assigned, visits
