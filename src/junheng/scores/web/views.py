"""Figures of the exam, school and class pages, from a loaded exam (plain rows and chart series; no web code).

Every function takes what the viewer may see (``named``: other schools' names) and leaves the rest out, so
templates cannot show what the scope forbids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from junheng.scores.core.model import TOTAL
from junheng.scores.store.queries import LoadedExam

STAT_KEYS = ("listed", "n", "absent", "mean", "sd", "max", "min", "excellent_rate", "pass_rate", "low_rate",
             "score_rate", "above_mean_rate", "index", "rank", "index_rank", "full_marks")  # fmt: skip


def _value(v: object) -> object:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if np.isnan(v) else float(v)
    return v


def _rows(frame: pd.DataFrame, keys: tuple[str, ...] = STAT_KEYS, extra: tuple[str, ...] = ()) -> list[dict]:
    columns = [c for c in (*extra, *keys) if c in frame.columns]
    return [{c: _value(v) for c, v in zip(columns, values, strict=True)}
            for values in frame[columns].itertuples(index=False, name=None)]  # small unit tables only


@dataclass
class ExamOverview:
    subject: str
    county: list[dict]  # one row per subject (+ 总分)
    county_row: dict  # the chosen subject
    schools: list[dict]  # visible schools, by rank (school_id added)
    n_schools: int
    own: dict | None  # the clerk's school
    bands: dict  # labels, county (percent), school (percent) and name
    boxes: dict  # names, values [[min, q1, median, q3, max]]
    index_ranking: list[dict]
    notes: list[str] = field(default_factory=list)


def exam_overview(loaded: LoadedExam, subject: str, named: bool, own_school: str | None = None,
                  band_school: str | None = None) -> ExamOverview:  # fmt: skip
    """County summary per subject, school comparison, bands, box plots and 综合指数 ranking for one subject."""
    analysis = loaded.analysis
    county = _rows(analysis.level("county"), extra=("subject",))
    county_row = next(r for r in county if r["subject"] == subject)
    schools = analysis.level("school", subject).sort_values(["rank", "school"], na_position="last")
    schools = schools.assign(school_id=schools["school"].map(loaded.school_ids))
    all_rows = _rows(schools, extra=("school", "school_id"))
    own_name = loaded.school_names.get(own_school or "")
    own = next((r for r in all_rows if r["school"] == own_name), None) if own_name else None
    visible = all_rows if named else [r for r in all_rows if r["school_id"] == own_school]
    ranking = sorted(visible, key=lambda r: (r["index_rank"] is None, r["index_rank"] or 0))
    band_name = loaded.school_names.get(band_school or own_school or "")
    return ExamOverview(
        subject=subject, county=county, county_row=county_row, schools=visible, n_schools=len(all_rows), own=own,
        bands=band_series(loaded, subject, band_name), boxes=box_series(loaded, subject, [r["school"] for r in visible]),
        index_ranking=ranking,
    )  # fmt: skip


MAX_BARS = 25


def band_series(loaded: LoadedExam, subject: str, school: str | None) -> dict:
    """Percent of students per score band: the county, and one school when given. A total with many bands
    (800 points in 10-point bands) is shown with neighbouring bands merged, at most ``MAX_BARS`` bars."""
    bands = loaded.analysis.bands
    bands = bands[bands["subject"].astype(str) == subject]
    county = bands[bands["level"].astype(str) == "county"].sort_values("band")
    merge = max(1, -(-len(county) // MAX_BARS))
    group = county["band"].to_numpy() // merge
    low = county.groupby(group)["band_low"].min()
    high = county.groupby(group)["band_high"].max()
    labels = [f"{lo:g}–{hi:g}" for lo, hi in zip(low, high, strict=True)]
    counts = county.groupby(group)["count"].sum().to_numpy(dtype=float)
    out = {"labels": labels, "county": _percent(counts), "county_counts": counts.astype(int).tolist(),
           "school": None, "school_name": school, "width": float(loaded.info.config().band_width) * merge}  # fmt: skip
    if school:
        mine = bands[(bands["level"].astype(str) == "school") & (bands["school"].astype(str) == school)]
        mine = mine.set_index("band")["count"].reindex(county["band"]).fillna(0)
        out["school"] = _percent(mine.groupby(group).sum().to_numpy(dtype=float))
    return out


def _percent(counts: np.ndarray) -> list[float]:
    total = counts.sum()
    return [round(100 * c / total, 2) if total else 0.0 for c in counts]


def box_series(loaded: LoadedExam, subject: str, schools: list[str]) -> dict:
    """Five-number summaries (min, Q1, median, Q3, max) of the county and of each listed school."""
    table = loaded.analysis.student_table(subject)[["school", "score"]]
    quantiles = (0.0, 0.25, 0.5, 0.75, 1.0)
    county = np.quantile(table["score"].to_numpy(), quantiles).round(2).tolist() if len(table) else []
    per = table[table["school"].isin(schools)].groupby("school", sort=False)["score"].quantile(list(quantiles))
    per = per.unstack().reindex(schools).round(2)
    return {"names": ["全县", *schools], "values": [county, *per.to_numpy().tolist()]}


@dataclass
class SchoolView:
    school_id: str
    school: str
    subjects: list[dict]  # the school's row per subject with the county mean beside
    classes: list[dict]  # classes of the school for the chosen subject
    teachers: list[dict]
    subject: str
    chart: dict


def school_view(loaded: LoadedExam, school_id: str, subject: str) -> SchoolView:
    analysis = loaded.analysis
    name = loaded.school_names[school_id]
    county = analysis.level("county").set_index("subject")
    mine = analysis.level("school")
    mine = mine[mine["school"] == name]
    subjects = _rows(mine, extra=("subject",))
    for row in subjects:
        ref = county.loc[row["subject"]]
        row.update(county_mean=_value(ref["mean"]), county_excellent=_value(ref["excellent_rate"]),
                   county_pass=_value(ref["pass_rate"]), county_low=_value(ref["low_rate"]))  # fmt: skip
    classes = analysis.level("class", subject)
    classes = classes[classes["school"] == name].sort_values("class", key=_class_order)
    class_rows = _rows(classes, extra=("class",))
    teachers = analysis.level("teacher")
    teacher_rows = _rows(teachers[teachers["school"] == name].sort_values(["subject", "teacher"]),
                         extra=("teacher", "subject")) if len(teachers) else []  # fmt: skip
    school_mean = next((r["mean"] for r in subjects if r["subject"] == subject), None)
    chart = {"classes": [r["class"] for r in class_rows], "means": [r["mean"] for r in class_rows],
             "school_mean": school_mean, "county_mean": _value(county.loc[subject, "mean"])}  # fmt: skip
    return SchoolView(school_id, name, subjects, class_rows, teacher_rows, subject, chart)


def _class_order(values: pd.Series) -> pd.Series:
    """'七年级10班' after '七年级9班': order by the class number when there is one."""
    number = values.astype(str).str.extract(r"(\d+)\D*$")[0].astype(float)
    return number.fillna(1e9) * 1e4 + values.astype(str).rank(method="dense")


@dataclass
class ClassView:
    school_id: str
    school: str
    class_name: str
    subjects: list[str]
    stats: list[dict]
    students: list[dict]
    ranks: bool


def class_view(loaded: LoadedExam, school_id: str, class_name: str, ranks: bool) -> ClassView | None:
    """The class's statistics and its students (scores; ranks only when ``ranks``)."""
    analysis = loaded.analysis
    name = loaded.school_names[school_id]
    stats = analysis.level("class")
    stats = stats[(stats["school"] == name) & (stats["class"] == class_name)]
    if stats.empty:
        return None
    subjects = loaded.info.all_subjects
    students = analysis.students
    mine = students[(students["school"] == name) & (students["class"] == class_name)]
    frame = loaded.frame.loc[mine["student"].to_numpy()]
    table = pd.DataFrame({"student_key": loaded.students.loc[mine["student"].to_numpy(), "student_key"].to_numpy(),
                          "name": frame["name"].to_numpy()})  # fmt: skip
    for s in loaded.info.subject_names:
        table[s] = frame[s].to_numpy()
    table[TOTAL] = mine["total"].to_numpy()
    if ranks:
        standing = analysis.standings[analysis.standings["subject"] == TOTAL].set_index("student")
        for column in ("rank", "school_rank", "class_rank"):
            table[column] = standing[column].reindex(mine["student"].to_numpy()).to_numpy()
        table = table.sort_values(["class_rank", "student_key"], na_position="last")
    else:
        table = table.sort_values("student_key")
    rows = [{k: _value(v) for k, v in r.items()} for r in table.to_dict(orient="records")]
    return ClassView(school_id, name, class_name, subjects, _rows(stats, extra=("subject",)), rows, ranks)
