"""Bulk reading and writing of exam tables (database edge).

Exams are large (200,000 students × 9 subjects = 1.8 M score rows), so nothing here makes an ORM object per
row: SQLite gets one ``executemany`` per table on the driver connection, PostgreSQL one ``COPY … FROM STDIN``
of a tab-separated text built column-wise by pandas. Both run on the session's own connection, i.e. inside the
caller's transaction, so a failed import leaves nothing behind. Reading uses the driver cursor the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

STUDENT_COLUMNS = ("exam_id", "seq", "student_key", "registry_id", "name", "school_id", "class_name", "source_row")
SCORE_COLUMNS = ("exam_id", "seq", "subject", "score")
ITEM_COLUMNS = ("exam_id", "seq", "subject", "item", "score", "choice")


def _driver(session: Session):
    """The DB-API connection under the session (same transaction) and its dialect name."""
    connection = session.connection()
    return connection.connection.driver_connection, connection.dialect.name


def _placeholder(dialect: str) -> str:
    return "?" if dialect == "sqlite" else "%s"


def _tsv_text(values: pd.Series) -> pd.Series:
    """Text for PostgreSQL COPY (text format): backslash, tab and line breaks escaped; missing → \\N.

    Numbers are formatted by pandas' own conversion (``astype(str)`` keeps every digit of a float)."""
    missing = values.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = values.astype(str)
    else:  # escape each distinct value once (subjects: 9 values for 1.8 M rows)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        text = pd.Series(np.asarray(uniques, dtype=object)).astype(str)
        text = (text.str.replace("\\", "\\\\", regex=False).str.replace("\t", "\\t", regex=False)
                .str.replace("\n", "\\n", regex=False).str.replace("\r", "\\r", regex=False))  # fmt: skip
        out = pd.Series(np.append(text.to_numpy(dtype=object), "")[codes], dtype=object)
    out = np.array(out.to_numpy(dtype=object), dtype=object)  # a writable copy
    out[missing] = "\\N"
    return pd.Series(out, dtype=object)


def bulk_insert(session: Session, table: str, frame: pd.DataFrame) -> int:
    """Insert every row of ``frame`` (columns named as the table's) into ``table``; returns the row count."""
    if frame.empty:
        return 0
    raw, dialect = _driver(session)
    columns = list(frame.columns)
    if dialect == "postgresql":
        parts = [_tsv_text(frame[c].reset_index(drop=True)).tolist() for c in columns]
        payload = "\n".join(map("\t".join, zip(*parts, strict=True))) + "\n"  # C-level joins, 5× pandas str.cat
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(payload.encode("utf-8"))
        return len(frame)
    marks = ", ".join(_placeholder(dialect) for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    cursor = raw.cursor()
    try:
        cursor.executemany(sql, zip(*(_python_values(frame[c]) for c in columns), strict=True))
    finally:
        cursor.close()
    return len(frame)


def _python_values(values: pd.Series) -> list:
    """A column as a list of Python values, None where missing (one C-level conversion per column)."""
    if pd.api.types.is_float_dtype(values.dtype):
        array = values.to_numpy(dtype=np.float64)
        missing = np.isnan(array)
        if missing.any():
            out = array.astype(object)
            out[missing] = None
            return out.tolist()
        return array.tolist()
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.to_numpy().tolist()
    return values.astype(object).where(values.notna(), None).tolist()


def fetch(session: Session, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    """Rows of a query written with ``{p}`` placeholders, through the driver cursor (no Row objects)."""
    raw, dialect = _driver(session)
    cursor = raw.cursor()
    try:
        cursor.execute(sql.format(p=_placeholder(dialect)), tuple(params))
        return cursor.fetchall()
    finally:
        cursor.close()


def write_students(session: Session, exam_id: int, students: pd.DataFrame) -> int:
    """students: student_key, registry_id, name, school_id, class_name, source_row (row order = seq)."""
    frame = students.reset_index(drop=True).assign(exam_id=exam_id, seq=np.arange(len(students)))
    frame["registry_id"] = frame["registry_id"].where(frame["registry_id"].astype(str) != "", None)
    return bulk_insert(session, "scores_student", frame[list(STUDENT_COLUMNS)])


def write_scores(session: Session, exam_id: int, subjects: Sequence[str], matrix: np.ndarray) -> int:
    """One row per student and subject, in primary-key order; NaN (absent) is stored as NULL."""
    n, k = matrix.shape
    frame = pd.DataFrame({
        "exam_id": np.full(n * k, exam_id, dtype=np.int64),
        "seq": np.repeat(np.arange(n, dtype=np.int64), k),
        "subject": np.tile(np.asarray(subjects, dtype=object), n),
        "score": np.ascontiguousarray(matrix, dtype=np.float64).reshape(-1),
    })  # fmt: skip
    return bulk_insert(session, "scores_score", frame)


def write_items(session: Session, exam_id: int, items: dict[str, pd.DataFrame],
                choices: dict[str, pd.DataFrame]) -> int:  # fmt: skip
    """Item scores and chosen options (each frame: one column per item, rows aligned with the students)."""
    parts = []
    for kind, tables in (("score", items), ("choice", choices)):
        for subject, table in tables.items():
            n = len(table)
            for item in table.columns:
                values = table[item].to_numpy()
                parts.append(pd.DataFrame({
                    "exam_id": exam_id, "seq": np.arange(n, dtype=np.int64), "subject": subject, "item": str(item),
                    "score": values.astype(np.float64) if kind == "score" else np.full(n, np.nan),
                    "choice": pd.Series(values, dtype=object).fillna("").astype(str)
                    if kind == "choice" else pd.Series([None] * n, dtype=object),
                }))  # fmt: skip
    if not parts:
        return 0
    return bulk_insert(session, "scores_item", pd.concat(parts, ignore_index=True)[list(ITEM_COLUMNS)])


def read_students(session: Session, exam_id: int) -> pd.DataFrame:
    """seq, student_key, registry_id, name, school_id, class_name, source_row of one exam, by seq."""
    rows = fetch(session, "SELECT seq, student_key, registry_id, name, school_id, class_name, source_row "
                          "FROM scores_student WHERE exam_id = {p} ORDER BY seq", (exam_id,))  # fmt: skip
    frame = pd.DataFrame.from_records(rows, columns=list(STUDENT_COLUMNS[1:]))
    registry = frame["registry_id"].astype(object)
    frame["registry_id"] = registry.where(registry.notna(), None)
    return frame


def read_scores(session: Session, exam_id: int, subjects: Sequence[str], n: int) -> np.ndarray:
    """The (n, len(subjects)) score matrix of an exam, NaN = absent.

    Every student has one row per subject (as ``write_scores`` writes them), so the scores are read alone in
    primary-key order and reshaped; the column order is that of the first student's subjects under the same
    ORDER BY (collations differ between databases). Any other shape falls back to a keyed read."""
    matrix = np.full((n, len(subjects)), np.nan)
    if n == 0 or not subjects:
        return matrix
    order = [r[0] for r in fetch(session, "SELECT subject FROM scores_score WHERE exam_id = {p} AND seq = 0 "
                                          "ORDER BY subject", (exam_id,))]  # fmt: skip
    rows = fetch(session, "SELECT score FROM scores_score WHERE exam_id = {p} ORDER BY seq, subject", (exam_id,))
    if sorted(order) == sorted(subjects) and len(rows) == n * len(subjects):
        values = np.array(rows, dtype=np.float64).reshape(n, len(subjects))  # NULL → NaN
        return values[:, [order.index(s) for s in subjects]]
    rows = fetch(session, "SELECT seq, subject, score FROM scores_score WHERE exam_id = {p}", (exam_id,))
    frame = pd.DataFrame.from_records(rows, columns=["seq", "subject", "score"])
    column = frame["subject"].map({s: k for k, s in enumerate(subjects)})
    known = column.notna().to_numpy()
    matrix[frame["seq"].to_numpy()[known], column.to_numpy()[known].astype(np.int64)] = (
        pd.to_numeric(frame["score"], errors="coerce").to_numpy(dtype=np.float64)[known]
    )
    return matrix


def read_items(session: Session, exam_id: int, subject: str, n: int, items: Sequence[str],
               choices: Sequence[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """(item scores, chosen options) of one subject: students × items in the given order, rows by seq (all n
    students); a blank option is ''."""
    rows = fetch(session, "SELECT seq, item, score, choice FROM scores_item WHERE exam_id = {p} AND subject = {p}",
                 (exam_id, subject))  # fmt: skip
    frame = pd.DataFrame.from_records(rows, columns=["seq", "item", "score", "choice"])
    index = pd.RangeIndex(n)
    numeric = frame[frame["item"].isin(list(items))]
    scores = numeric.pivot(index="seq", columns="item", values="score").reindex(index=index, columns=list(items))
    chosen = frame[frame["item"].isin(list(choices))]
    options = chosen.pivot(index="seq", columns="item", values="choice").reindex(index=index, columns=list(choices))
    return scores.astype(np.float64), options.fillna("")
