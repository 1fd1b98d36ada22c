"""Building the assessed school sections from school_year_data (DESIGN §4.1 "Who counts, per section").

- A 全校 row carries resources shared by the school's sections; they are split by enrolment × the standard's
  cost weights (小学 : 初中 : 高中 = 1 : 1.1 : 1.32 in quality_2017).
- 九年一贯制 / 十二年一贯制 → 小学 and 初中 sections; 完全中学 → its 初中 section; special-education schools are
  left out of the resource indicators (kept in ``schools`` for the public-funds item).
- 教学点 follow the standard's setting: merged into the central school's 小学 section, left out below a size
  limit, or counted on their own.
Every split and merge leaves a Chinese note so the inspector can redo the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from junheng.balance.core.columns import MAX_KEYS, MIN_KEYS, NUMERIC_KEYS, label
from junheng.balance.core.fmt import num
from junheng.standards import Standard, load_standard

STAGE_ORDER = {"小学": 0, "初中": 1, "高中": 2}
REGISTRY_COLUMNS = ("name", "kind", "location", "ownership", "township_code", "central_school_id", "boarding")


@dataclass
class SectionTable:
    """Sections to assess plus what the other dimensions need.

    sections: one row per assessed school section (school_id, school_name, stage, kind, township_code, the
        numeric columns, sports_area); rows: every school section row after the split (incl. 高中, special
        education, 教学点) with its school kind; schools: one row per school; notes: provenance lines per
        (school_id, stage); splits: per section the share of its school's 全校 row and those totals.
    """

    sections: pd.DataFrame
    rows: pd.DataFrame | None = None
    schools: pd.DataFrame | None = None
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    splits: pd.DataFrame | None = None
    excluded: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_sections(cls, frame: pd.DataFrame) -> SectionTable:
        """Sections already per section (the CLI contract path: no splitting)."""
        df = frame.copy()
        df["school_id"] = df["school_id"].astype(str)
        if "school_name" not in df:
            df["school_name"] = df["school_id"]
        if "stage" not in df and "section" in df:
            df = df.rename(columns={"section": "stage"})
        if "sports_area" not in df and {"gym_area", "sports_ground_area"} <= set(df.columns):
            df["sports_area"] = df["gym_area"].fillna(0) + df["sports_ground_area"].fillna(0)
        if "kind" not in df:
            stages = df.groupby("school_id")["stage"].transform("nunique")
            df["kind"] = np.where(stages > 1, "九年一贯制", df["stage"])
        df = df.sort_values(["stage", "school_id"], key=_stage_key, kind="stable").reset_index(drop=True)
        return cls(sections=df, rows=df)


def _stage_key(col: pd.Series) -> pd.Series:
    return col.map(STAGE_ORDER).fillna(9) if col.name == "stage" else col


def _infer_kind(stages: pd.Series) -> str:
    s = set(stages)
    if {"小学", "初中", "高中"} <= s:
        return "十二年一贯制"
    if {"小学", "初中"} <= s:
        return "九年一贯制"
    if {"初中", "高中"} <= s:
        return "完全中学"
    for k in ("小学", "初中", "高中"):
        if k in s:
            return k
    return "未知"


def _attach_registry(data: pd.DataFrame, schools: pd.DataFrame | None) -> pd.DataFrame:
    stage_rows = data[data["section"] != "全校"]
    inferred = stage_rows.groupby("school_id")["section"].agg(_infer_kind).rename("kind_inferred")
    data = data.merge(inferred, left_on="school_id", right_index=True, how="left")
    if schools is not None and len(schools):
        reg = schools.copy()
        reg["school_id"] = reg["school_id"].astype(str)
        cols = ["school_id", *[c for c in REGISTRY_COLUMNS if c in reg.columns]]
        data = data.merge(reg[cols], on="school_id", how="left", suffixes=("", "_reg"))
        if "name" in data:
            name = data["name"]
            data["school_name"] = data["school_name"].where(data["school_name"].notna(), name) \
                if "school_name" in data else name
            data = data.drop(columns="name")
    if "kind" not in data:
        data["kind"] = np.nan
    data["kind"] = data["kind"].fillna(data["kind_inferred"]).fillna("未知")
    if "school_name" not in data:
        data["school_name"] = data["school_id"]
    data["school_name"] = data["school_name"].fillna(data["school_id"])
    for c in ("location", "ownership", "township_code", "central_school_id", "boarding"):
        if c not in data:
            data[c] = np.nan
    return data.drop(columns="kind_inferred")


def _split_shared(data: pd.DataFrame, st: Standard, notes: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add each school's 全校 shared columns to its section rows by enrolment × cost weight."""
    shared_cols = [c for c in st.sections.shared_columns if c in data.columns]
    whole = data[data["section"] == "全校"]
    rows = data[data["section"] != "全校"].copy()
    if whole.empty or not shared_cols:
        return rows, pd.DataFrame(columns=["school_id", "stage", "share"])
    totals = whole.groupby("school_id")[shared_cols].sum(min_count=1)
    weights = pd.Series(st.sections.cost_weights)
    rows["w_"] = rows["students"].fillna(0) * rows["section"].map(weights).fillna(1.0)
    wsum = rows.groupby("school_id")["w_"].transform("sum")
    has = rows["school_id"].isin(totals.index)
    rows["share_"] = np.where(has, rows["w_"] / wsum.where(wsum > 0), np.nan)
    for c in shared_cols:
        add = rows["school_id"].map(totals[c]).fillna(0) * rows["share_"].fillna(0)
        rows[c] = rows[c].fillna(0) + add
    split = rows.loc[has, ["school_id", "section", "students", "w_", "share_"]].copy()
    split = split.merge(totals, left_on="school_id", right_index=True, how="left")
    split["wsum_"] = wsum[has]
    for sid, grp in split.groupby("school_id", sort=False):
        parts = "＋".join(
            f"{r.section} {num(r.students)}×{num(st.sections.cost_weights.get(r.section, 1.0))}"
            for r in grp.itertuples()
        )
        for r in grp.itertuples():
            notes.setdefault((sid, r.section), []).append(
                f"全校共享资源按“在校生数×成本系数”分摊：本学部 {num(r.students)}×"
                f"{num(st.sections.cost_weights.get(r.section, 1.0))} ÷（{parts}）= {r.share_:.4%}"
            )
    split = split.rename(columns={"section": "stage", "share_": "share"}).drop(columns=["w_", "wsum_"])
    rows = rows.drop(columns=["w_", "share_"])
    return rows, split.reset_index(drop=True)


def _school_frame(data: pd.DataFrame) -> pd.DataFrame:
    """One row per school: registry fields, enrolment per stage, school-level sums and minima."""
    num_cols = [c for c in NUMERIC_KEYS if c in data.columns]
    sum_cols = [c for c in num_cols if c not in MIN_KEYS + MAX_KEYS]
    g = data.groupby("school_id", sort=False)
    out = g[["school_name", "kind", "location", "ownership", "township_code", "boarding"]].first()
    out = out.join(g[sum_cols].sum(min_count=1))
    for c in MIN_KEYS:
        if c in data:
            out[c] = g[c].min()
    for c in MAX_KEYS:
        if c in data:
            out[c] = g[c].max()
    stage_rows = data[data["section"] != "全校"]
    by_stage = stage_rows.pivot_table(index="school_id", columns="section", values="students", aggfunc="sum")
    for s in ("小学", "初中", "高中"):
        out[f"students_{s}"] = by_stage.get(s, np.nan)
        out[f"students_{s}"] = out[f"students_{s}"].fillna(0)
    cls = stage_rows[stage_rows["section"].isin(["小学", "初中"])]
    if "classes" in cls:
        out["compulsory_classes"] = cls.groupby("school_id")["classes"].sum(min_count=1)
    out["compulsory_students"] = out["students_小学"] + out["students_初中"]
    return out.reset_index()


def _teaching_points(sec: pd.DataFrame, st: Standard, notes: dict, excluded: list) -> pd.DataFrame:
    tp = st.sections.teaching_points
    is_tp = sec["kind"] == "教学点"
    if not is_tp.any() or tp.mode == "standalone":
        return sec
    if tp.mode == "exclude_below":
        small = is_tp & (sec["students"] < tp.min_students)
        excluded += [(s, f"教学点学生数少于 {tp.min_students} 人，不纳入计算") for s in sec.loc[small, "school_id"]]
        return sec[~small]
    # merge into the central school's 小学 section
    target = sec[~is_tp & (sec["stage"] == "小学")].set_index("school_id")
    pts = sec[is_tp].copy()
    pts["into_id"] = pts["central_school_id"].astype(object).where(pts["central_school_id"].notna())
    ok = pts["into_id"].isin(target.index)
    for r in pts[~ok].itertuples():
        notes.setdefault((r.school_id, "小学"), []).append("教学点未找到所属中心校小学部，单独计算")
    merged = pts[ok]
    if merged.empty:
        return sec
    num_cols = [c for c in NUMERIC_KEYS + ("sports_area",) if c in sec.columns]
    sum_cols = [c for c in num_cols if c not in MIN_KEYS + MAX_KEYS]
    add = merged.groupby("into_id")[sum_cols].sum(min_count=1)
    sec = sec.set_index("school_id")
    idx = (sec.index.isin(add.index)) & (sec["stage"] == "小学") & (sec["kind"] != "教学点")
    for c in sum_cols:
        sec.loc[idx, c] = sec.loc[idx, c].fillna(0) + add[c].reindex(sec.index[idx]).fillna(0).to_numpy()
    for c in [c for c in MAX_KEYS if c in sec.columns]:
        mx = merged.groupby("into_id")[c].max().reindex(sec.index[idx])
        sec.loc[idx, c] = np.fmax(sec.loc[idx, c].to_numpy(dtype=float), mx.to_numpy(dtype=float))
    for r in merged.itertuples():
        notes.setdefault((r.into_id, "小学"), []).append(
            f"含教学点 {r.school_name}（{r.school_id}，学生 {num(r.students)} 人）的数据"
        )
        excluded.append((r.school_id, f"教学点已并入中心校 {r.into_id} 计算"))
    sec = sec.reset_index()
    keep = ~sec["school_id"].isin(merged["school_id"])
    return sec[keep]


def build_sections(
    school_year_data: pd.DataFrame,
    standard: str | Standard = "quality_2017",
    *,
    schools: pd.DataFrame | None = None,
    year: int | None = None,
) -> SectionTable:
    """Assessed sections from canonical school_year_data rows (and the registry's schools, when given)."""
    st = load_standard(standard)
    data = school_year_data.copy()
    if year is not None and "year" in data:
        data = data[data["year"].astype(int) == int(year)]
    if "stage" in data and "section" not in data:
        data = data.rename(columns={"stage": "section"})
    data["school_id"] = data["school_id"].astype(str)
    for c in NUMERIC_KEYS:
        if c in data:
            data[c] = pd.to_numeric(data[c], errors="coerce").astype(float)
        elif c == "students":
            raise ValueError("缺少 students（在校学生数）列")
    data = _attach_registry(data, schools)
    notes: dict[tuple[str, str], list[str]] = {}
    excluded: list[tuple[str, str]] = []
    rows, splits = _split_shared(data, st, notes)
    if {"gym_area", "sports_ground_area"} & set(rows.columns):
        zero = pd.Series(0.0, index=rows.index)
        rows["sports_area"] = rows.get("gym_area", zero).fillna(0) + rows.get("sports_ground_area", zero).fillna(0)
    whole = data[data["section"] == "全校"].drop(columns=[c for c in st.sections.shared_columns if c in data])
    school_frame = _school_frame(pd.concat([rows, whole], ignore_index=True))
    rows = rows.rename(columns={"section": "stage"})
    counted = {k: set(v) for k, v in st.sections.counted_sections.items()}
    keep = np.array([s in counted.get(k, ()) for k, s in zip(rows["kind"], rows["stage"], strict=True)],
                    dtype=bool)
    bad_kind = rows["kind"].isin(st.sections.excluded_kinds)
    excluded += [(s, f"{k}不纳入资源配置指标") for s, k in rows.loc[bad_kind, ["school_id", "kind"]].to_numpy()]
    sec = rows[keep & ~bad_kind & rows["stage"].isin(st.stages)].copy()
    sec = _teaching_points(sec, st, notes, excluded)
    empty = sec["students"].fillna(0) <= 0
    excluded += [(s, "学生数为 0，不纳入计算") for s in sec.loc[empty, "school_id"]]
    sec = sec[~empty]
    sec = sec.sort_values(["stage", "school_id"], key=_stage_key, kind="stable").reset_index(drop=True)
    return SectionTable(sections=sec, rows=rows.reset_index(drop=True), schools=school_frame, notes=notes,
                        splits=splits, excluded=excluded)


def describe_split(table: SectionTable, school_id: str, stage: str, column: str, value: float) -> str | None:
    """The arithmetic of a split column for one section (own + share × shared total), or None."""
    sp = table.splits
    if sp is None or sp.empty or column not in sp.columns:
        return None
    hit = sp[(sp["school_id"] == school_id) & (sp["stage"] == stage)]
    if hit.empty or pd.isna(hit.iloc[0][column]):
        return None
    share, total = float(hit.iloc[0]["share"]), float(hit.iloc[0][column])
    own = value - share * total
    return f"{label(column)}：本学部填报 {num(own)} ＋ 全校共享 {num(total)} × {share:.4%} = {num(value)}"
