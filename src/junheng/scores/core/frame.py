"""The analysis-ready score table: validation and integer coding of schools and classes.

Input is the canonical wide table (DATA.md, exams): ``student_id, name, school, class`` and one column per
subject (float, NaN = absent). Everything downstream works on integer codes and a float matrix, so no string is
touched per score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.scores.core.model import TOTAL, Exam, ScoresInputError

KEY_COLUMNS = ("student_id", "name", "school", "class")
_MAX_LISTED = 10


@dataclass(frozen=True)
class ExamFrame:
    """Scores as a matrix with coded groups. Column ``k`` of ``scores`` is ``subjects[k]``; the last is the total.

    ``total`` (the last column) is set only for students who sat every subject (``complete``).
    """

    exam: Exam
    students: pd.DataFrame  # student_id, name, school, class (text), index 0..n-1
    subjects: list[str]  # exam subjects + TOTAL
    full_marks: np.ndarray  # per column of ``scores``
    scores: np.ndarray  # (n, k+1) float64, NaN = absent / not complete
    complete: np.ndarray  # bool (n,)
    school_code: np.ndarray  # int32 (n,)
    class_code: np.ndarray  # int32 (n,), unique per (school, class)
    school_names: np.ndarray  # object, by school code
    class_table: pd.DataFrame  # per class code: school, class, school_code

    @property
    def n_students(self) -> int:
        return int(self.scores.shape[0])

    def class_labels(self) -> tuple[pd.Categorical, pd.Categorical]:
        """School and class name of each class code as categoricals whose last category is '' (no unit)."""
        schools = list(self.school_names) + ([""] if "" not in set(self.school_names) else [])
        school = pd.Categorical(self.class_table["school"].to_numpy(), categories=schools)
        names = pd.unique(self.class_table["class"].to_numpy())
        classes = [c for c in names if c != ""] + [""]
        klass = pd.Categorical(self.class_table["class"].to_numpy(), categories=classes)
        if "" in set(self.school_names):
            school = school.reorder_categories([s for s in schools if s != ""] + [""])
        return school, klass


def _text(series: pd.Series) -> pd.Series:
    """A text column stripped, missing → ''. Categorical columns stay categorical (cheap for 10⁶ rows)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        stripped = pd.Index(series.cat.categories.astype(str)).str.strip()
        if stripped.is_unique:
            series = series.cat.rename_categories(stripped)
            if series.isna().any():
                if "" not in stripped:
                    series = series.cat.add_categories([""])
                series = series.fillna("")
            return series
        series = series.astype(object)
    if pd.api.types.is_float_dtype(series.dtype):
        series = series.astype("Int64")
    return series.astype(str).where(series.notna(), "").str.strip()


def _listed(rows: np.ndarray) -> str:
    shown = "、".join(str(int(r)) for r in rows[:_MAX_LISTED])
    return shown + (f" 等 {rows.size} 行" if rows.size > _MAX_LISTED else "")


def _numeric(column: pd.Series, subject: str) -> np.ndarray:
    """Scores as float64 (NaN = absent); text other than blank is an error."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    numeric = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    given = (column.astype("string").fillna("").str.strip() != "").to_numpy()
    bad = np.flatnonzero(given & np.isnan(numeric))
    if bad.size:
        raise ScoresInputError(f"科目“{subject}”第 {_listed(bad + 1)} 行：分数不是数字")
    return numeric


def prepare(frame: pd.DataFrame, exam: Exam) -> ExamFrame:
    """Validate a canonical wide score table and code it for analysis.

    Raises ``ScoresInputError`` (Chinese message naming data rows, 1 = first student) for a missing column,
    a non-numeric, negative or above-full-marks score, or a duplicated student_id.
    """
    missing = [c for c in ("student_id", "school", "class") if c not in frame.columns]
    missing += [s for s in exam.subjects if s not in frame.columns]
    if missing:
        raise ScoresInputError("成绩表缺少列：" + "、".join(missing))
    frame = frame.reset_index(drop=True)
    n = len(frame)
    students = pd.DataFrame(
        {
            "student_id": _text(frame["student_id"]),
            "name": _text(frame["name"]) if "name" in frame.columns else pd.Series([""] * n, dtype=str),
            "school": _text(frame["school"]),
            "class": _text(frame["class"]),
        }
    )
    empty_id = np.flatnonzero((students["student_id"] == "").to_numpy())
    if empty_id.size:
        raise ScoresInputError(f"第 {_listed(empty_id + 1)} 行：学生编号（student_id）为空")
    id_code, id_values = pd.factorize(students["student_id"])
    duplicated = np.flatnonzero(np.bincount(id_code)[id_code] > 1) if len(id_values) < n else np.zeros(0, int)
    if duplicated.size:
        first = students["student_id"].iloc[duplicated[0]]
        raise ScoresInputError(f"学生编号重复：“{first}” 等，见第 {_listed(duplicated + 1)} 行")

    subjects = list(exam.subjects)
    matrix = np.empty((n, len(subjects) + 1), dtype=np.float64, order="F")  # columns contiguous
    for k, subject in enumerate(subjects):
        numeric = _numeric(frame[subject], subject)
        full = exam.subjects[subject]
        negative = np.flatnonzero(numeric < 0)
        if negative.size:
            raise ScoresInputError(f"科目“{subject}”第 {_listed(negative + 1)} 行：分数为负")
        above = np.flatnonzero(numeric > full + 1e-9)
        if above.size:
            raise ScoresInputError(f"科目“{subject}”第 {_listed(above + 1)} 行：分数超过满分 {full:g}")
        matrix[:, k] = numeric
    subject_part = matrix[:, : len(subjects)]
    complete = ~np.isnan(subject_part).any(axis=1)
    matrix[:, -1] = np.where(complete, np.round(subject_part.sum(axis=1), 6), np.nan)

    school_code, school_names = pd.factorize(students["school"], sort=True)
    class_name_code, class_names = pd.factorize(students["class"], sort=True)
    pair = school_code.astype(np.int64) * max(len(class_names), 1) + class_name_code
    class_code, class_pairs = pd.factorize(pair, sort=True)
    class_pairs = np.asarray(class_pairs, dtype=np.int64)
    class_school = class_pairs // max(len(class_names), 1)
    class_table = pd.DataFrame(
        {
            "school": np.asarray(school_names, dtype=object)[class_school],
            "class": np.asarray(class_names, dtype=object)[class_pairs % max(len(class_names), 1)],
            "school_code": class_school.astype(np.int32),
        }
    )
    return ExamFrame(
        exam=exam,
        students=students,
        subjects=subjects + [TOTAL],
        full_marks=np.array([exam.subjects[s] for s in subjects] + [exam.total_full_marks]),
        scores=matrix,
        complete=complete,
        school_code=school_code.astype(np.int32),
        class_code=class_code.astype(np.int32),
        school_names=np.asarray(school_names, dtype=object),
        class_table=class_table,
    )
