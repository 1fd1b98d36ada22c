"""The four exam-export shapes of FORMATS.md, one function each: (scores, exam, school_seq, number) → Sheet.

- ``simple``: a title row, then 考号, 学籍号, 姓名, 学校, 班级, subjects…, 总分, 校次; absent = 缺考.
- ``ranked``: two title rows, the county list sorted by total with 县排名, 班次, 校次; a student absent from the
  whole exam is an all-zero row at the bottom, a missed subject is 缺考.
- ``zhixue``: 智学网-style summary with a two-row header (subject groups merged over 得分/校次/班次), data from
  row 4, absent and its ranks as "-", a 合计 row at the bottom.
- ``per_subject_ranks``: "普通格式": title, an empty row, then 序号, 学校, 班级, 姓名, 考号, 学籍号, and each subject
  followed by its own 班次 and 校次 (repeated headers); absent scores empty, ranks "-"; 平均分 / 最高分 rows below.
Ranks are competition ranks (1, 2, 2, 4) among the students with a score. 考号 = exam number, school, class, seat.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.demo.base import grade_label
from junheng.demo.xlsx import Sheet, column_letter

ABSENT = "缺考"


def _cells(series: pd.Series, missing: object) -> list:
    """Whole numbers as int, halves as float, missing as ``missing``."""
    values = series.to_numpy(dtype=float)
    return [missing if np.isnan(v) else (int(v) if v.is_integer() else float(v)) for v in values]


def _prepare(scores: pd.DataFrame, subjects: list[str], school_seq: dict[str, int], number: int) -> pd.DataFrame:
    s = scores.copy()
    s["总分"] = s[subjects].sum(axis=1, min_count=1)
    s["_all_absent"] = s[subjects].isna().all(axis=1)
    s["校次"] = s.groupby("school")["总分"].rank(method="min", ascending=False)
    s["班次"] = s.groupby(["school", "class"])["总分"].rank(method="min", ascending=False)
    s["县排名"] = s["总分"].rank(method="min", ascending=False)
    for subject in subjects:
        s[f"{subject}校次"] = s.groupby("school")[subject].rank(method="min", ascending=False)
        s[f"{subject}班次"] = s.groupby(["school", "class"])[subject].rank(method="min", ascending=False)
    seat = s.groupby(["school", "class"]).cumcount() + 1
    class_no = s["class"].str.extract(r"(\d+)班$")[0].astype(int)
    s["考号"] = (str(number) + s["school"].map(school_seq).map("{:02d}".format) + class_no.map("{:02d}".format)
                 + seat.map("{:03d}".format))
    return s.sort_values("考号", ignore_index=True)


def _parts(exam) -> tuple[str, str, str]:
    """'2023-2024学年第二学期七年级期末考试' → ('2023-2024学年第二学期', '七年级', '期末考试')."""
    grade = grade_label(int(exam.grade))
    before, _, after = exam.name.partition(grade)
    return before, grade, after


def _span(row: int, first: int, last: int, last_row: int | None = None) -> str:
    return f"{column_letter(first)}{row}:{column_letter(last)}{last_row or row}"


def _rows(columns: list[list]) -> list[list]:
    return [list(r) for r in zip(*columns)]


def _widths(n_id: int, n: int) -> list[float]:
    return [22.0] * n_id + [10.0] * (n - n_id)


def simple(scores: pd.DataFrame, exam, school_seq: dict[str, int], number: int) -> Sheet:
    subjects = list(exam.subjects)
    s = _prepare(scores, subjects, school_seq, number)
    headers = ["考号", "学籍号", "姓名", "学校", "班级", *subjects, "总分", "校次"]
    data = _rows([s["考号"].tolist(), s["student_id"].tolist(), s["name"].tolist(), s["school"].tolist(),
                  s["class"].tolist(), *[_cells(s[x], ABSENT) for x in subjects], _cells(s["总分"], ABSENT),
                  _cells(s["校次"], None)])
    return Sheet("成绩表", [[f"示范县{exam.name}成绩表"], headers, *data], bold_rows=(2,), title_rows=(1,),
                 merges=[_span(1, 0, len(headers) - 1)], freeze=2, widths=_widths(2, len(headers)))


def ranked(scores: pd.DataFrame, exam, school_seq: dict[str, int], number: int) -> Sheet:
    subjects = list(exam.subjects)
    s = _prepare(scores, subjects, school_seq, number)
    s = s.sort_values(["_all_absent", "县排名", "school", "class", "考号"], ignore_index=True)
    partly = s[subjects].isna().any(axis=1) & ~s["_all_absent"]
    # hand-made sheets write 0 in every subject for an absent student, but only a sheet with no other absent mark
    # can be read that way (a 0 next to 缺考 elsewhere is a score: scores.core.zeros)
    zero = s["_all_absent"].to_numpy() & (not partly.any())

    def scored(col: str, missing: object) -> list:
        return [0 if z else v for z, v in zip(zero, _cells(s[col], missing))]

    headers = ["县排名", "学校", "班级", "考号", "学籍号", "姓名", *subjects, "总分", "班次", "校次"]
    data = _rows([_cells(s["县排名"], None), s["school"].tolist(), s["class"].tolist(), s["考号"].tolist(),
                  s["student_id"].tolist(), s["name"].tolist(), *[scored(x, ABSENT) for x in subjects],
                  scored("总分", 0), _cells(s["班次"], None), _cells(s["校次"], None)])
    term, grade, _ = _parts(exam)
    title = [f"示范县{term}期末质量监测"], [f"{grade}成绩总表（按总分排序）  考试时间：{exam.date}"]
    last = len(headers) - 1
    return Sheet("总成绩", [*title, headers, *data], bold_rows=(3,), title_rows=(1, 2),
                 merges=[_span(1, 0, last), _span(2, 0, last)], freeze=3, widths=_widths(0, len(headers)))


def zhixue(scores: pd.DataFrame, exam, school_seq: dict[str, int], number: int) -> Sheet:
    subjects = list(exam.subjects)
    s = _prepare(scores, subjects, school_seq, number)
    single = ["准考证号", "学籍号", "学校", "班级", "姓名", "学生属性"]
    groups = [("总分", ["得分", "联考排名", "校次", "班次"])] + [(x, ["得分", "校次", "班次"]) for x in subjects]
    group_row, metric_row, merges = list(single), [None] * len(single), []
    merges += [_span(2, j, j, 3) for j in range(len(single))]
    for label, metrics in groups:
        merges.append(_span(2, len(group_row), len(group_row) + len(metrics) - 1))
        group_row += [label] + [None] * (len(metrics) - 1)
        metric_row += metrics
    columns = [s["考号"].tolist(), s["student_id"].tolist(), s["school"].tolist(), s["class"].tolist(),
               s["name"].tolist(), ["普通"] * len(s), _cells(s["总分"], "-"), _cells(s["县排名"], "-"),
               _cells(s["校次"], "-"), _cells(s["班次"], "-")]
    total = ["合计", None, None, None, None, None, round(float(s["总分"].mean()), 2), "-", "-", "-"]
    for x in subjects:
        columns += [_cells(s[x], "-"), _cells(s[f"{x}校次"], "-"), _cells(s[f"{x}班次"], "-")]
        total += [round(float(s[x].mean()), 2), "-", "-"]
    term, grade, kind = _parts(exam)
    title = f"（{grade}）考生成绩汇总 - {term}{kind}"
    merges.insert(0, _span(1, 0, len(group_row) - 1))
    return Sheet("成绩汇总", [[title], group_row, metric_row, *_rows(columns), total], bold_rows=(2, 3),
                 title_rows=(1,), merges=merges, freeze=3, widths=_widths(2, len(group_row)))


def per_subject_ranks(scores: pd.DataFrame, exam, school_seq: dict[str, int], number: int) -> Sheet:
    subjects = list(exam.subjects)
    s = _prepare(scores, subjects, school_seq, number)
    headers = ["序号", "学校", "班级", "姓名", "考号", "学籍号"]
    columns = [list(range(1, len(s) + 1)), s["school"].tolist(), s["class"].tolist(), s["name"].tolist(),
               s["考号"].tolist(), s["student_id"].tolist()]
    summary = {"平均分": ["平均分", None, None, None, None, None], "最高分": ["最高分", None, None, None, None, None]}
    for x, (own, school) in [(x, (f"{x}班次", f"{x}校次")) for x in subjects] + [("总分", ("班次", "校次"))]:
        headers += [x, "班次", "校次"]
        columns += [_cells(s[x], None), _cells(s[own], "-"), _cells(s[school], "-")]
        summary["平均分"] += [round(float(s[x].mean()), 2), None, None]
        summary["最高分"] += [_cells(pd.Series([s[x].max()]), None)[0], None, None]
    title = [f"{exam.name}成绩统计（{exam.date}）"]
    return Sheet("Sheet1", [title, [], headers, *_rows(columns), *summary.values()], bold_rows=(3,),
                 title_rows=(1,), merges=[_span(1, 0, len(headers) - 1)], freeze=3, widths=[6.0] + [10.0] * 4
                 + [22.0] + [8.0] * (len(headers) - 6))


LAYOUTS = (simple, ranked, zhixue, per_subject_ranks)
