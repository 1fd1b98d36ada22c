"""Importing an exam into the database (web and CLI share this): check a file under a confirmed column mapping
against the registry, then commit the exam, its students and scores in one transaction as one import batch.

Rules (DESIGN §6, issue 6): every school must be in the registry (by name or 学校标识码); classes are checked
against the registry's classes unless the caller turns it off (an exam of an earlier school year names classes
the registry no longer has); any error → nothing is written. Students are matched to the registry by 学籍号
when the file has one; unmatched students are imported and reported. Absent stays absent (NULL).

The batch logs one change — the exam row — and the exam's students, scores and items hang on it with ON DELETE
CASCADE, so ``undo_batch`` (/admin/imports, ``junheng import undo``) removes the whole exam.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School, SchoolClass
from junheng.scores.core.headers import ID_ROLES, classify_label, normalize
from junheng.scores.core.mapping import ColumnMapping
from junheng.scores.core.model import AnalysisConfig, Cutoffs, ScoresInputError
from junheng.scores.core.parse import ImportResult
from junheng.scores.core.zeros import check_mode
from junheng.scores.store.models import ExamRecord, ExamStudent
from junheng.scores.store.tables import fetch, write_items, write_scores, write_students
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange

UNMATCHED_LISTED = 20
ID_KINDS = set(ID_ROLES) - {"student_id"}


@dataclass
class ExamMeta:
    """What the file does not say: the exam's name, date, grade, full marks (in display order) and settings."""

    name: str
    date: str
    grade: int | None
    full_marks: dict[str, float]
    excellent: float = 0.85
    passing: float = 0.60
    low: float = 0.40
    band_width: float = 10.0
    check_classes: bool = True
    default_school: str = ""  # the school of every student when the file has no 学校 column
    zeros: str = "auto"  # what a 0 means: auto, scores, absent (junheng.scores.core.zeros)

    def config(self) -> AnalysisConfig:
        return AnalysisConfig(Cutoffs(self.excellent, self.passing, self.low), self.band_width)

    def settings(self) -> dict:
        return {"excellent": self.excellent, "passing": self.passing, "low": self.low,
                "band_width": self.band_width, "check_classes": self.check_classes, "zeros": self.zeros}  # fmt: skip

    def as_dict(self) -> dict:
        return {**vars(self), "full_marks": dict(self.full_marks)}

    def validate(self) -> None:
        if not self.name.strip():
            raise ScoresInputError("请填写考试名称")
        if len(self.date) != 10 or self.date[4] != "-" or self.date[7] != "-":
            raise ScoresInputError(f"考试日期“{self.date}”应为 YYYY-MM-DD")
        if not self.full_marks:
            raise ScoresInputError("至少要有一个科目及其满分")
        for subject, marks in self.full_marks.items():
            if not marks or marks <= 0:
                raise ScoresInputError(f"科目“{subject}”的满分必须大于 0")
        self.config()  # cut-offs and band width checked by the core
        check_mode(self.zeros)


@dataclass
class RegistryView:
    """What an exam import checks against: school names → ids, classes, and the registry's 学籍号."""

    school_ids: dict[str, str]
    ambiguous: set[str]
    classes: set[tuple[str, str]]
    student_ids: set[str]

    @classmethod
    def load(cls, session: Session) -> RegistryView:
        ids: dict[str, str] = {}
        ambiguous: set[str] = set()
        for school_id, name in session.execute(select(School.school_id, School.name)):
            if name in ids:
                ambiguous.add(name)
            ids[name] = school_id
            ids[school_id] = school_id
        names = {sid: name for name, sid in ids.items() if name != sid}
        classes = {(names.get(s, s), c) for s, c in session.execute(select(SchoolClass.school_id, SchoolClass.class_name))}
        students = {r[0] for r in fetch(session, "SELECT student_id FROM student")}
        return cls(ids, ambiguous, classes, students)

    def school_name(self, school_id: str) -> str:
        for name, sid in self.school_ids.items():
            if sid == school_id and name != sid:
                return name
        return school_id


@dataclass
class CheckResult:
    """A checked file: the core's result, the registry problems, the matching of students to the registry."""

    result: ImportResult
    problems: list[Problem]
    warnings: list[str]
    school_ids: np.ndarray | None = None
    registry_ids: np.ndarray | None = None
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)
    registry_column: str | None = None  # where the 学籍号 came from (None: the file has none)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def n_students(self) -> int:
        return int(self.result.n_students)

    @property
    def n_matched(self) -> int:
        return 0 if self.registry_ids is None else int((self.registry_ids != "").sum())


def _problem(issue) -> Problem:
    column = f"{issue.column}（{issue.label}）" if issue.column and issue.label else (issue.column or "")
    return Problem(issue.file, issue.sheet, issue.row, column, issue.message)


def registry_column(mapping: ColumnMapping, scores: pd.DataFrame) -> str | None:
    """The column holding 学籍号: the student_id column when its header says 学籍号, else a registry_id column."""
    chosen = mapping.first("student_id")
    if chosen is not None and classify_label(normalize(chosen.label), "").role == "registry_id":
        return "student_id"
    return "registry_id" if "registry_id" in scores.columns else None


def check_file(session: Session, path: Path, meta: ExamMeta, mapping: ColumnMapping,
               registry: RegistryView | None = None) -> CheckResult:  # fmt: skip
    """Validate ``path`` under ``mapping`` against the registry; nothing is written."""
    from junheng.scores.core.parse import parse_rows
    from junheng.scores.readers.importer import read_rows

    meta.validate()
    registry = registry or RegistryView.load(session)
    sheet, rows = read_rows(path, mapping.sheet or None)
    known = [n for n in registry.school_ids if n not in registry.ambiguous]
    result = parse_rows(rows, mapping, full_marks=meta.full_marks, known_schools=known,
                        known_classes=_classes_by_any_key(registry) if meta.check_classes else None,
                        default_school=meta.default_school or None, zeros=meta.zeros)  # fmt: skip
    problems = [_problem(e) for e in result.errors]
    warnings = [str(w) for w in result.warnings]
    check = CheckResult(result, problems, warnings)
    if result.scores is None:
        return check
    scores = result.scores
    problems += _too_long(scores, path.name, str(sheet or ""))
    if problems:
        return check
    schools = scores["school"].astype(str)
    check.school_ids = schools.map(registry.school_ids).fillna("").to_numpy(dtype=object)
    column = check.registry_column = registry_column(mapping, scores)
    if column is None:
        check.registry_ids = np.full(len(scores), "", dtype=object)
        warnings.insert(0, "文件中没有学籍号列，学生未与学籍对应（跨考试跟踪按文件中的考号进行）")
    else:
        ids = scores[column].astype(str)
        matched = ids.isin(registry.student_ids).to_numpy()
        check.registry_ids = np.where(matched, ids.to_numpy(dtype=object), "")
        check.unmatched = scores.loc[~matched, ["student_id", "name", "school", "class", "source_row"]]
        if (~matched).any():
            warnings.insert(0, f"{int((~matched).sum())} 名学生的学籍号在学籍库中找不到（仍会导入，列在下方）")
    return check


# the file's text columns and the student table's columns that hold them
_TEXT_COLUMNS = {"student_id": ("考号", "student_key"), "name": ("姓名", "name"), "class": ("班级", "class_name")}


def _too_long(scores: pd.DataFrame, file: str, sheet: str) -> list[Problem]:
    """Text longer than its column holds: PostgreSQL refuses it mid-import, SQLite would keep it whole."""
    problems = []
    for column, (label, stored_as) in _TEXT_COLUMNS.items():
        limit = ExamStudent.__table__.c[stored_as].type.length
        lengths = scores[column].astype(str).str.len()
        for row, n in zip(scores.loc[lengths > limit, "source_row"], lengths[lengths > limit], strict=True):
            problems.append(Problem(file, sheet, int(row), label, f"内容过长（{n} 个字符，最多 {limit} 个）"))
            if len(problems) >= 50:
                return problems
    return problems


def _classes_by_any_key(registry: RegistryView) -> set[tuple[str, str]]:
    """Known (school, class) pairs under both the school's name and its 学校标识码."""
    pairs = set(registry.classes)
    pairs |= {(registry.school_ids[name], c) for name, c in registry.classes if name in registry.school_ids}
    return pairs


def commit_exam(session: Session, path: Path, meta: ExamMeta, mapping: ColumnMapping, username: str,
                file_name: str | None = None, check: CheckResult | None = None) -> ExamRecord:  # fmt: skip
    """Check (unless ``check`` is the passed check of this very file, mapping and meta), then write the exam as
    one undoable batch in the caller's transaction; raises ``ImportFailed``."""
    check = check or check_file(session, path, meta, mapping)
    if not check.ok:
        raise ImportFailed(check.problems)
    scores = check.result.scores
    assert scores is not None and check.school_ids is not None and check.registry_ids is not None
    file_name = file_name or path.name
    subjects = [s for s in meta.full_marks if s in scores.columns]
    batch = ImportBatch(kind="scores", file_name=file_name, username=username, summary={})
    session.add(batch)
    session.flush()
    item_names = {s: {"items": [str(c) for c in t.columns], "choices": []} for s, t in check.result.items.items()}
    for s, t in check.result.choices.items():
        item_names.setdefault(s, {"items": [], "choices": []})["choices"] = [str(c) for c in t.columns]
    rule = check.result.zeros
    settings = {**meta.settings(), "zero_rule": rule.as_dict(), "zero_lines": rule.lines()}
    exam = ExamRecord(name=meta.name.strip(), date=meta.date, grade=meta.grade,
                      subjects=[[s, float(meta.full_marks[s])] for s in subjects], settings=settings,
                      items=item_names, file_name=file_name, n_students=len(scores), n_matched=check.n_matched,
                      batch_id=batch.id, created_by=username)  # fmt: skip
    session.add(exam)
    session.flush()
    batch.kind = f"scores:{exam.id}"
    students = pd.DataFrame({
        "student_key": scores["student_id"].astype(str), "registry_id": check.registry_ids,
        "name": scores["name"].astype(str), "school_id": check.school_ids, "class_name": scores["class"].astype(str),
        "source_row": scores["source_row"].astype(np.int64),
    })  # fmt: skip
    n_students = write_students(session, exam.id, students)
    n_scores = write_scores(session, exam.id, subjects, scores[subjects].to_numpy(dtype=np.float64))
    n_items = write_items(session, exam.id, check.result.items, check.result.choices)
    summary = {"scores_exam": 1, "scores_student": n_students, "scores_score": n_scores}
    if n_items:
        summary["scores_item"] = n_items
    batch.summary = {t: {"inserted": n, "updated": 0, "unchanged": 0} for t, n in summary.items()}
    after = {"id": exam.id, "name": exam.name, "date": exam.date, "grade": exam.grade, "file_name": file_name,
             "zeros": rule.as_dict()}  # fmt: skip
    session.add(ImportChange(batch_id=batch.id, table_name="scores_exam", row_key=f'{{"id": {exam.id}}}',
                             before=None, after=after))  # fmt: skip
    session.add(AuditEntry(username=username, action="import:scores", target=file_name,
                           detail={"batch_id": batch.id, "exam_id": exam.id, "students": n_students,
                                   "matched": check.n_matched, "zeros": rule.as_dict()}))  # fmt: skip
    session.flush()
    return exam


NICE_FULL_MARKS = (10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 180, 200, 300, 750)


def guess_full_marks(session: Session, mapping: ColumnMapping, rows: Sequence[Sequence[object]]) -> dict[str, float]:
    """Proposed full marks per subject: the last exam's for the same subject, else the smallest usual full mark
    at or above the highest score in the file."""
    from junheng.scores.core.cells import to_scores
    from junheng.scores.core.parse import _grid

    previous: dict[str, float] = {}
    for (subjects,) in session.execute(select(ExamRecord.subjects).order_by(ExamRecord.date, ExamRecord.id)):
        previous.update({s: float(m) for s, m in subjects})
    width = max((c.index for c in mapping.columns), default=-1) + 1
    grid = _grid(rows, mapping.data_start, width)
    marks: dict[str, float] = {}
    for subject in mapping.subjects:
        if subject in previous:
            marks[subject] = previous[subject]
            continue
        column = mapping.by_role("score")[[c.subject for c in mapping.by_role("score")].index(subject)]
        values = to_scores(grid[:, column.index]).values
        top = float(np.nanmax(values)) if np.isfinite(values).any() else 100.0
        marks[subject] = float(next((m for m in NICE_FULL_MARKS if m >= top), top))
    return marks


def mapping_with_roles(mapping: ColumnMapping, roles: Mapping[int, tuple[str, str | None]]) -> ColumnMapping:
    """The proposal with the user's choice per column (index → (role, subject)); exactly one student_id."""
    from dataclasses import replace

    from junheng.scores.core.mapping import ROLES

    columns = []
    for spec in mapping.columns:
        role, subject = roles.get(spec.index, (spec.role, spec.subject))
        if role not in ROLES:
            raise ScoresInputError(f"{spec.letter} 列：未知的列角色“{role}”")
        if role in ("score", "item", "scaled") and not (subject or spec.subject):
            raise ScoresInputError(f"{spec.letter} 列“{spec.label}”设为{ROLES[role]}时须填写科目")
        columns.append(replace(spec, role=role, subject=(subject or spec.subject) if role != "ignore" else spec.subject))
    ids = [c for c in columns if c.role == "student_id"]
    if len(ids) == 2:  # the user chose another identifier: the proposed one steps back to its own kind
        proposed = {c.index for c in mapping.columns if c.role == "student_id"}
        if len(proposed & {c.index for c in ids}) == 1:
            old = next(c for c in ids if c.index in proposed)
            kind = classify_label(normalize(old.label), "").role
            columns = [replace(c, role=kind if kind in ID_KINDS else "ignore") if c.index == old.index else c
                       for c in columns]
            ids = [c for c in columns if c.role == "student_id"]
    if len(ids) != 1:
        raise ScoresInputError("须有且只有一列设为“学生编号”（用于识别学生的列，如学籍号或考号）")
    return replace(mapping, columns=tuple(columns))
