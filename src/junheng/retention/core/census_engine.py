"""The term census on any analytics engine (DuckDB, PostgreSQL, Spark): ``run_census``'s rules as Ibis joins and
window functions, for rosters too large for memory (a province: 10 million students).

``census(previous, current, backend=…)`` is the one entry point. Rosters given as pandas frames with no backend
(or an in-memory DuckDB one) and at most ``PANDAS_LIMIT`` rows take the pandas path (``run_census``: faster there,
benchmarks/retention.py); everything else runs in the engine and returns an :class:`EngineCensus` whose lists are
computed there — only the figures and the short lists come back to Python, the per-student table is written to
Parquet by the engine. ``EngineCensus.collect()`` gives the same ``CensusResult`` as ``run_census``
(tests/retention/core/test_census_engine.py proves it on the demo county, edge cases and random rosters).

The rules, step by step as in ``matching.link_terms`` and ``census.run_census``:

1. One record per 学籍号 in each roster: on roll first, then the smallest school id, then file order
   (``row_number`` over a window); two schools holding a student on roll is a 重复学籍 warning.
2. Previous students LEFT JOIN current records on 学籍号.
3. Those not found, or found with a leaving record, are joined by ID number to current records whose 学籍号 was
   unknown last term (one per ID number by the same order); an ID number shared by two previous students is
   not used (warning). A current record found this way is claimed; the rest on roll are ``new``.
4. Outcomes by the same CASE order as ``run_census``.

File order is the ``_row`` column when the input has one (``table()`` below adds it for pandas frames), else the
engine's row number (then only the choice between two identical duplicate rows of one school may differ).
Warnings concern a few rows: those rows are fetched and worded by the same functions as the pandas path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

from junheng.analytics import engines
from junheng.io.problems import Problem
from junheng.retention.core.census import (
    _KEPT_IF_PRESENT,
    _STUDENT_COLUMNS,
    OUTCOMES,
    CensusResult,
    run_census,
)
from junheng.retention.core.matching import WARNING_COLUMNS, _empty_warnings, _warnings
from junheng.retention.core.roster import (
    ALLOWED_STATUS_TEXT,
    MAX_PER_CHECK,
    REQUIRED,
    ROSTER_COLUMNS,
    RosterCheck,
)
from junheng.retention.core.vocab import (
    DIED,
    DROPPED,
    GRADE_LABELS,
    GRADUATED,
    ON_ROLL,
    OTHER,
    STATUS_LABELS,
    TRANSFERRED,
)

PANDAS_LIMIT = 3_000_000
"""Rows (previous + current) up to which in-memory frames take the pandas path on DuckDB."""
TEXT_COLUMNS = ("student_id", "name", "id_number", "birth_date", "school", "status", "status_label", "gender",
                "class_name", "township_code", "village")
_ON = sorted(ON_ROLL)
_LEAVING = {TRANSFERRED: "transferred_out", DIED: "died", DROPPED: "dropped_out", OTHER: "other"}
_CURRENT = ("student_id", "school", "grade", "status", "status_label")
_ORDER = ("_dup", "_first")
"""Helper columns of the result tables: ordered by them, rows come in the pandas path's order."""


def census(previous, current, *, backend: BaseBackend | None = None, earlier=None,
           section_last_grades: Iterable[int] = (6, 9), graduating_grades: Iterable[int] = (),
           transfer_proofs: Iterable[str] = (), method: str = "auto") -> CensusResult | EngineCensus:
    """The term census of ``previous`` against ``current`` (normalised rosters: pandas frames or Ibis tables).

    ``method``: ``auto`` (pandas for in-memory frames on DuckDB up to ``PANDAS_LIMIT`` rows, else the engine),
    ``pandas`` or ``engine``. Both paths give the same lists (``EngineCensus.collect()`` is a ``CensusResult``).
    """
    frames = all(isinstance(x, pd.DataFrame) for x in (previous, current, earlier) if x is not None)
    if method not in ("auto", "pandas", "engine"):
        raise ValueError(f"method must be auto, pandas or engine, not {method!r}")
    small = frames and len(previous) + len(current) <= PANDAS_LIMIT
    if method == "pandas" or (method == "auto" and small and (backend is None or backend.name == "duckdb")):
        if not frames:
            raise ValueError("the pandas path needs pandas frames")
        return run_census(previous, current, earlier=earlier, section_last_grades=section_last_grades,
                          graduating_grades=graduating_grades, transfer_proofs=transfer_proofs)
    backend = backend or engines.connect("duckdb")
    made = []

    def as_table(x, stem):
        if x is None or isinstance(x, ibis.Table):
            return x
        t = table(backend, x, stem)
        made.append(t)
        return t

    return engine_census(backend, as_table(previous, "previous"), as_table(current, "current"),
                         earlier=as_table(earlier, "earlier"), section_last_grades=section_last_grades,
                         graduating_grades=graduating_grades, transfer_proofs=transfer_proofs, made=made)


def table(backend: BaseBackend, roster: pd.DataFrame, stem: str = "roster") -> ibis.Table:
    """A normalised roster frame as an engine table, with its row order as ``_row`` and typed columns (an empty
    roster keeps text columns as text)."""
    columns, names = [], []
    for name in roster.columns:
        values = roster[name]
        if name == "grade":
            arr = pa.array(pd.array(values, dtype="Int64"), type=pa.int64())
        elif name in TEXT_COLUMNS or values.dtype == object or pd.api.types.is_string_dtype(values):
            arr = pa.array(values.astype("str"), type=pa.string(), from_pandas=True)
        else:
            arr = pa.Array.from_pandas(values)
        columns.append(arr)
        names.append(name)
    columns.append(pa.array(range(len(roster)), type=pa.int64()))
    names.append("_row")
    return engines.table(backend, pa.Table.from_arrays(columns, names=names), stem)


def _is(value, members) -> ibis.BooleanValue:
    """``value IN members``, false (not NULL) when the value is NULL."""
    return value.isin(list(members)).fill_null(False)


def _semi(left: ibis.Table, right: ibis.Table, key: str, right_key: str | None = None) -> ibis.Table:
    """Rows of ``left`` whose ``key`` is among ``right``'s (a semi join written as IN, which every engine
    compiles: Ibis gives PostgreSQL a LEFT SEMI JOIN it cannot parse once the left side is a cached table)."""
    return left.filter(left[key].isin(right[right_key or key]))


def _anti(left: ibis.Table, right: ibis.Table, key: str) -> ibis.Table:
    """Rows of ``left`` whose ``key`` is not among ``right``'s, NULL keys included (an anti join's meaning:
    NOT IN alone would drop them, and every row once ``right`` holds a NULL)."""
    values = right.filter(right[key].notnull())[key]
    return left.filter(left[key].isnull() | ~left[key].isin(values))


def _with_row(t: ibis.Table) -> ibis.Table:
    if "_row" in t.columns:
        return t
    return t.mutate(_row=ibis.row_number().cast("int64"))


def _normal(t: ibis.Table) -> ibis.Table:
    """Blank ID numbers as '' (what ``normalize_roster`` writes), grades as integers, the order column."""
    t = _with_row(t)
    fixes = {}
    if "id_number" in t.columns:
        fixes["id_number"] = t.id_number.fill_null("")
    else:
        fixes["id_number"] = ibis.literal("")
    if "grade" in t.columns:
        fixes["grade"] = t.grade.cast("int64")
    else:
        fixes["grade"] = ibis.null("int64")
    return t.mutate(**fixes)


def _pick_one(t: ibis.Table, key: str, order: list[str], mark: bool) -> tuple[ibis.Table, ibis.Table]:
    """One row per non-null ``key``: on roll first, then by school id, then ``order``. Returns (the rows, the
    on-roll rows of keys held on roll by more than one school). With ``mark`` the rows get ``_dup`` and
    ``_first`` (the key is duplicated; its first file row): ordered by them, rows come in the pandas path's order."""
    t = t.mutate(_off=ibis.ifelse(_is(t.status, _ON), 0, 1).cast("int8"))  # PostgreSQL casts no boolean to int2
    w = ibis.window(group_by=t[key], order_by=[t._off, t.school, *[t[c] for c in order]])
    ranked = t.mutate(_pick=ibis.row_number().over(w), _n=t.count().over(group_by=t[key]))
    if mark:
        ranked = ranked.mutate(_first=ranked._row.min().over(group_by=ranked[key]))
    blank = ranked[key].isnull()
    chosen = ranked.filter((ranked._pick == 0) | blank)
    if mark:
        chosen = chosen.mutate(_dup=ibis.ifelse(chosen[key].isnull(), False, chosen._n > 1),
                               _first=ibis.ifelse(chosen[key].isnull(), chosen._row, chosen._first))
    on = ranked.filter(~blank & (ranked._n > 1) & (ranked._off == 0))
    spread = on.group_by(key).aggregate(_schools=on.school.nunique()).filter(lambda s: s._schools > 1)
    clash = _semi(on, spread, key)
    return chosen.drop("_off", "_pick", "_n"), clash


@dataclass
class EngineCensus:
    """The census as engine tables: ``students`` (one row per previous student, ``_STUDENT_COLUMNS``), ``new``,
    ``unmatched_records``; ``warnings`` is a small pandas frame. Lists and figures are computed in the engine."""

    backend: BaseBackend
    students: ibis.Table
    new: ibis.Table
    unmatched_records: ibis.Table
    warnings: pd.DataFrame
    made: list

    def _fetch(self, expr) -> pd.DataFrame:
        return engines.to_pandas(self.backend, expr)

    def ids(self, outcome: str) -> list[str]:
        s = self.students
        return self._sorted(s.filter(s.outcome == outcome).student_id)

    def _sorted(self, column) -> list[str]:
        frame = self._fetch(column.name("v").as_table())
        return frame["v"].sort_values(kind="stable").tolist()

    def counts(self) -> dict[str, int]:
        """Students per outcome, new and returned: one grouped query of each table."""
        s, n = self.students, self.new
        by = self._fetch(s.group_by("outcome").aggregate(k=s.count(), r=ibis.ifelse(s.returned, 1, 0).sum()))
        new = self._fetch(n.aggregate(k=n.count(), r=ibis.ifelse(n.returned, 1, 0).sum()))
        got = dict(zip(by["outcome"], by["k"].astype(int)))
        out = {o: int(got.get(o, 0)) for o in OUTCOMES}
        out["new"] = int(new["k"].iloc[0])
        out["returned"] = int(by["r"].fillna(0).sum()) + int(pd.Series(new["r"]).fillna(0).iloc[0])
        return out

    def to_contract(self) -> dict:
        """The contract of issue 4, exactly as ``CensusResult.to_contract`` (lists fetched column by column)."""
        s = self.students
        listed = ["continuing", "transferred_within", "transferred_out", "graduated", "suspected_dropout"]
        schools = s.outcome.isin(["transferred_within", "suspected_dropout"])
        rows = self._fetch(s.filter(s.outcome.isin(listed)).select(
            "student_id", "outcome", school=ibis.ifelse(schools, s.school, ibis.null("string")),
            current_school=ibis.ifelse(schools, s.current_school, ibis.null("string"))))
        rows = rows.sort_values("student_id", kind="stable")
        of = {o: rows[rows["outcome"] == o] for o in listed}
        moved = of["transferred_within"].rename(columns={"school": "from", "current_school": "to"})
        return {
            "continuing": of["continuing"]["student_id"].tolist(),
            "transferred_within": moved[["student_id", "from", "to"]].to_dict("records"),
            "transferred_out": of["transferred_out"]["student_id"].tolist(),
            "graduated": of["graduated"]["student_id"].tolist(),
            "suspected_dropouts": of["suspected_dropout"][["student_id", "school"]].to_dict("records"),
            "new": self._sorted(self.new.student_id),
        }

    def exceptions(self) -> CensusResult:
        """A ``CensusResult`` of the students that are not simply continuing (plus returned or re-numbered ones),
        with every new and unmatched record: small even for a province, enough for details, deadlines, Excel."""
        s = self.students
        few = s.filter((s.outcome != "continuing") | s.returned | (s.matched_by == "id_number"))
        return self._result(few)

    def suspected_dropouts(self) -> pd.DataFrame:
        return self.exceptions().suspected_dropouts()

    def to_details(self) -> dict:
        details = self.exceptions().to_details()
        details["counts"] = self.counts()
        return details

    def collect(self) -> CensusResult:
        """Everything as the pandas path's ``CensusResult`` (for rosters that fit in memory)."""
        return self._result(self.students)

    def _result(self, students: ibis.Table) -> CensusResult:
        frame = _rows(self._fetch(students))
        frame["outcome"] = pd.Categorical(frame["outcome"], categories=OUTCOMES)
        for name in ("grade", "current_grade"):
            frame[name] = frame[name].astype("Int64")
        for name in ("returned", "proof"):
            frame[name] = frame[name].astype(bool)
        new = _rows(self._fetch(self.new))
        new["returned"] = new["returned"].astype(bool)
        unmatched = _rows(self._fetch(self.unmatched_records))
        return CensusResult(frame.reset_index(drop=True), new, unmatched, self.warnings)

    def write_parquet(self, folder: Path | str) -> list[Path]:
        """The per-student lists as Parquet files written by the engine: ``students`` (every previous student
        with outcome), ``new``, ``unmatched_records``; ``warnings`` beside them."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, expr in (("students", self.students), ("new", self.new),
                           ("unmatched_records", self.unmatched_records)):
            path = folder / f"{name}.parquet"
            self.backend.to_parquet(expr.order_by("student_id").drop(*_ORDER), path)
            written.append(path)
        path = folder / "warnings.parquet"
        pq.write_table(pa.Table.from_pandas(self.warnings, preserve_index=False), path)
        return [*written, path]

    def release(self) -> None:
        """Drop the tables this census made in the engine (call it before closing the backend)."""
        for expr in self.made:
            if isinstance(expr, ibis.expr.types.relations.CachedTable):
                expr.release()
            else:
                engines.drop(self.backend, expr)
        self.made.clear()


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows fetched from the engine in the pandas path's order, without the helper columns."""
    frame = frame.sort_values(list(_ORDER), kind="stable").drop(columns=list(_ORDER))
    if "grade" in frame.columns:
        frame["grade"] = frame["grade"].astype("Int64")
    return frame.reset_index(drop=True)


def _warning_frames(backend, parts: list[tuple[str, ibis.Table, str, str]]) -> pd.DataFrame:
    """The pandas path's warnings (kind, rows, key, detail per part, in order) from the few conflicting rows,
    fetched in one query and worded by the pandas path's function (in its row order)."""
    def part(rows: ibis.Table, k: int) -> ibis.Table:  # one type per column: engines type a row number as they like
        return rows.select(student_id=rows.student_id.cast("string"), id_number=rows.id_number.cast("string"),
                           school=rows.school.cast("string"), _dup=rows._dup.cast("boolean"),
                           _first=rows._first.cast("int64"), _row=rows._row.cast("int64"),
                           _part=ibis.literal(k, "int64"))

    union = ibis.union(*[part(rows, k) for k, (_, rows, _, _) in enumerate(parts)])
    fetched = engines.to_pandas(backend, union)
    out = []
    for k, (kind, _, key, detail) in enumerate(parts):
        frame = fetched[fetched["_part"] == k].sort_values(["_dup", "_first", "_row"], kind="stable")
        if len(frame):
            out.append(_warnings(kind, frame, key, detail))
    return pd.concat(out, ignore_index=True)[list(WARNING_COLUMNS)] if out else _empty_warnings()


def engine_census(backend: BaseBackend, previous: ibis.Table, current: ibis.Table, *,
                  earlier: ibis.Table | None = None, section_last_grades: Iterable[int] = (6, 9),
                  graduating_grades: Iterable[int] = (), transfer_proofs: Iterable[str] = (),
                  made: list | None = None) -> EngineCensus:
    """``run_census`` in the engine of ``backend`` over two normalised roster tables (see the module docstring)."""
    made = [] if made is None else made
    prev_in, cur_in = _normal(previous), _normal(current)
    prev, clash_p = _pick_one(prev_in, "student_id", ["_row"], mark=True)
    cur, clash_c = _pick_one(cur_in, "student_id", ["_row"], mark=True)
    prev, cur = prev.cache(), cur.cache()
    made += [prev, cur]
    warn = [
        ("重复学籍", clash_p.mutate(_dup=True, _first=clash_p._row), "student_id",
         "上学期花名册中同一学籍号在多所学校同时在籍，已按学校标识码取第一所"),
        ("重复学籍", clash_c.mutate(_dup=True, _first=clash_c._row), "student_id",
         "本学期花名册中同一学籍号在多所学校同时在籍，已按学校标识码取第一所"),
    ]

    # 2. by 学籍号
    cur_sub = cur.select(_sid="student_id", **{f"current_{c}": cur[c] for c in _CURRENT})
    linked = prev.left_join(cur_sub, prev.student_id == cur_sub._sid).drop("_sid")
    linked = linked.mutate(matched_by=ibis.ifelse(linked.current_student_id.notnull(), "student_id", ""))

    # 3. by ID number, among current records whose 学籍号 was unknown last term
    unclaimed = _anti(cur, prev, "student_id")
    unclaimed = unclaimed.filter(unclaimed.id_number != "")
    seeking = (linked.current_student_id.isnull() | ~_is(linked.current_status, _ON)) & (linked.id_number != "")
    sought = linked.filter(seeking).select("id_number").distinct()
    wanted = _semi(prev, sought, "id_number")
    shared_ids = wanted.group_by("id_number").aggregate(_k=wanted.count()).filter(lambda g: g._k > 1)
    sharing = _semi(wanted, shared_ids, "id_number")
    by_id, clash_u = _pick_one(unclaimed, "id_number", ["_dup", "_first"], mark=False)
    warn.append(("重复学籍", clash_u, "id_number", "本学期花名册中同一身份证件号在多所学校同时在籍，已按学校标识码取第一所"))
    warn.append(("身份证件号重复", sharing, "id_number", "上学期花名册中多个学籍号共用同一身份证件号，未按身份证件号匹配"))
    seekers = _anti(linked.filter(seeking), shared_ids, "id_number").select(
        _prow="_row", _pid="id_number", _had=linked.current_student_id.notnull())
    b = by_id.select(_bid="id_number", **{f"b_{c}": by_id[c] for c in _CURRENT})
    found = seekers.join(b, seekers._pid == b._bid)
    found = found.filter(~found._had | _is(found.b_status, _ON)).drop("_had", "_bid").cache()
    made.append(found)
    hit = linked.left_join(found, linked._row == found._prow)
    got = hit._prow.notnull()
    linked = hit.mutate(
        matched_by=ibis.ifelse(got, "id_number", hit.matched_by),
        **{f"current_{c}": ibis.ifelse(got, hit[f"b_{c}"], hit[f"current_{c}"]) for c in _CURRENT},
    ).drop("_prow", "_pid", *[f"b_{c}" for c in _CURRENT])

    taken = _semi(unclaimed, found, "id_number", "_pid")
    rest = _anti(_anti(cur, prev, "student_id"), taken, "_row")

    # 4. outcomes
    found_any = linked.current_student_id.notnull()
    cur_on = found_any & _is(linked.current_status, _ON)
    prev_on = _is(linked.status, _ON)
    same_school = cur_on & (linked.current_school == linked.school).fill_null(False)
    grade, cur_grade = linked.grade, linked.current_grade.cast("int64")
    last = list(section_last_grades)
    moved_up = cur_on & ~same_school & _is(grade, last) & (cur_grade > grade).fill_null(False)
    graduated = ((linked.status == GRADUATED).fill_null(False) | (found_any & (linked.current_status == GRADUATED)
                 .fill_null(False)) | moved_up | (~found_any & prev_on & _is(grade, list(graduating_grades))))
    cur_code = ibis.cases(*[((linked.current_status == s).fill_null(False), o) for s, o in _LEAVING.items()],
                          else_=ibis.null("string"))
    prev_code = ibis.cases(*[((linked.status == s).fill_null(False), o) for s, o in _LEAVING.items()],
                           else_=ibis.null("string"))
    outcome = ibis.cases(
        (graduated, "graduated"), (same_school, "continuing"), (cur_on, "transferred_within"),
        (found_any & cur_code.notnull(), cur_code), (prev_code.notnull(), prev_code),
        (prev_on, "suspected_dropout"), else_="other")
    proofs = sorted({str(p) for p in transfer_proofs})
    linked = linked.mutate(
        current_grade=cur_grade, outcome=outcome,
        returned=cur_on & _is(linked.status, [TRANSFERRED, DROPPED, OTHER]),
        proof=_is(linked.student_id, proofs) if proofs else ibis.literal(False))
    keep = [c for c in _STUDENT_COLUMNS + _KEPT_IF_PRESENT if c in linked.columns]
    students = linked.select(*keep, *_ORDER).cache()
    made.append(students)

    on_roll = _is(rest.status, _ON)
    cur_columns = [c for c in cur_in.columns if c != "_row"]
    new = rest.filter(on_roll)
    if earlier is None:
        new = new.mutate(returned=ibis.literal(False))
    else:
        early = _normal(earlier)
        by_sid = early.select(_e_sid="student_id").distinct()
        by_pid = early.filter(early.id_number != "").select(_e_pid="id_number").distinct()
        new = new.left_join(by_sid, new.student_id == by_sid._e_sid)
        new = new.left_join(by_pid, (new.id_number == by_pid._e_pid) & (new.id_number != ""))
        new = new.mutate(returned=new._e_sid.notnull() | new._e_pid.notnull())
    new = new.select(*cur_columns, "returned", *_ORDER)
    unmatched = rest.filter(~on_roll).select(*cur_columns, *_ORDER)
    warnings = _warning_frames(backend, warn)
    return EngineCensus(backend, students, new, unmatched, warnings, made)


# --------------------------------------------------------------------------- rosters from a lake (Parquet)
LAKE_HEADERS = {"学籍号": "student_id", "姓名": "name", "身份证件号": "id_number", "出生日期": "birth_date",
                "学校标识码": "school", "年级": "grade", "学籍状态": "status", "性别": "gender"}
"""A lake's roster columns: the canonical keys, or the 学籍 system's headers (``roster.HEADERS``)."""


def _labels(mapping: dict, value_type: str) -> ibis.Table:
    keys = sorted(mapping)
    return ibis.memtable(pa.table({"_label": pa.array(keys, pa.string()),
                                   "_value": pa.array([mapping[k] for k in keys], value_type)}))


def _clean(value) -> ibis.StringValue:
    """Text without surrounding blanks ('' for NULL)."""
    return value.cast("string").fill_null("").strip()


def _dashed(digits) -> ibis.StringValue:
    return digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2)


def _birth_dates(text, id_number) -> ibis.StringValue:
    """YYYYMMDD and YYYY/MM/DD as YYYY-MM-DD; a blank date from an 18-character ID number (characters 7–14)."""
    from_id = ibis.ifelse(id_number.re_search(r"^[0-9]{17}[0-9X]$"), _dashed(id_number.substr(6, 8)), "")
    return ibis.cases((text == "", from_id), (text.re_search(r"^[0-9]{8}$"), _dashed(text)),
                      else_=text.replace("/", "-"))


def normalize_roster_table(backend: BaseBackend, raw: ibis.Table, *, source: str = "") -> RosterCheck:
    """``normalize_roster`` for a roster table in the engine (a province's Parquet): text keys trimmed, ID numbers
    upper-cased, status and grade labels mapped through the same vocabularies by joins, birth dates as YYYY-MM-DD
    (blank: from the ID number). Problems name the file, the record (1 = the first) and the column; at most
    ``MAX_PER_CHECK`` per check are fetched. Dates and ID numbers are not checked further (the lake holds the
    学籍 system's own export)."""
    renamed = {LAKE_HEADERS.get(c, c): c for c in raw.columns}
    t = raw.rename({k: v for k, v in renamed.items() if k != v})
    t = _with_row(t)
    problems: list[Problem] = []
    header = {k: v for v, k in LAKE_HEADERS.items()}
    missing = [k for k in REQUIRED if k not in t.columns]
    for key in missing:
        problems.append(Problem(source, "", None, header.get(key, key), "缺少必需的列"))
    if missing:
        return RosterCheck(t, problems, [])
    fixes = {k: _clean(t[k]) for k in ("student_id", "name", "school")}
    fixes["id_number"] = _clean(t.id_number).upper() if "id_number" in t.columns else ibis.literal("")
    fixes["birth_date"] = _birth_dates(_clean(t.birth_date) if "birth_date" in t.columns else ibis.literal(""),
                                       fixes["id_number"])
    grade_text = _clean(t.grade) if "grade" in t.columns else ibis.literal("")
    status_text = _clean(t.status) if "status" in t.columns else ibis.literal("")
    t = t.mutate(**fixes, _grade_text=grade_text, status_label=status_text,
                 _status_key=status_text.re_replace(r"\s+", ""), _grade_key=grade_text.re_replace(r"\s+", ""))
    t = t.drop(*[c for c in ("grade", "status") if c in t.columns])
    statuses, grades = _labels(STATUS_LABELS, pa.string()), _labels(GRADE_LABELS, pa.int64())
    t = t.left_join(statuses, t._status_key == statuses._label).drop("_label").rename(status="_value")
    t = t.left_join(grades, t._grade_key == grades._label).drop("_label").rename(grade="_value")
    checks = [(t[k] == "", k, "必填项为空") for k in ("student_id", "name", "school")]
    checks.append((t.grade.isnull() & (t._grade_text != ""), "grade",
                   "年级「{}」无法识别（应为 1–12 或 一年级…九年级、初一…高三）"))
    checks.append((t.status.isnull(), "status", "学籍状态「{}」无法识别，可用：" + ALLOWED_STATUS_TEXT))
    for mask, key, reason in checks:
        shown = {"grade": t._grade_text, "status": t.status_label}.get(key, t[key])
        bad = t.filter(mask)
        rows = engines.to_pandas(backend, bad.order_by("_row").select("_row", v=shown).limit(MAX_PER_CHECK))
        for row, value in zip(rows["_row"], rows["v"]):
            problems.append(Problem(source, "", int(row) + 1, header.get(key, key), reason.format(value)))
        total = int(backend.execute(bad.count()))
        if total > MAX_PER_CHECK:
            problems.append(Problem(source, "", None, header.get(key, key),
                                    f"另有 {total - MAX_PER_CHECK} 行存在同样的问题，未逐行列出"))
    ordered = [*ROSTER_COLUMNS, "status_label"]
    extra = [c for c in t.columns if c not in ordered and not c.startswith("_")]
    return RosterCheck(t.select(*ordered, *extra, "_row"), problems, [])


def write_result_parquet(result: CensusResult | EngineCensus, folder: Path | str) -> list[Path]:
    """The per-student lists as Parquet (``students``, ``new``, ``unmatched_records``, ``warnings``), sorted by
    学籍号, from either path (the same columns: ``outcome`` as text)."""
    if isinstance(result, EngineCensus):
        return result.write_parquet(folder)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("students", "new", "unmatched_records", "warnings"):
        frame = getattr(result, name)
        if "student_id" in frame.columns and name != "warnings":
            frame = frame.sort_values("student_id", kind="stable")
        if "outcome" in frame.columns:
            frame = frame.assign(outcome=frame["outcome"].astype(str))
        path = folder / f"{name}.parquet"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
        paths.append(path)
    return paths
