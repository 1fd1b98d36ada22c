"""Scenarios: apply changes (add teachers, build, buy, move students) to the sections and re-assess, side by
side with the baseline, without touching the stored data (a pure function of its inputs)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from junheng.balance.core.assess import assess
from junheng.balance.core.inputs import Checklist, CountyInputs
from junheng.balance.core.results import Assessment
from junheng.balance.core.sections import SectionTable
from junheng.standards import Standard


@dataclass(frozen=True)
class Change:
    """Add ``delta`` (negative: remove) to one column of one section."""

    school_id: str
    stage: str
    column: str
    delta: float
    note: str = ""


def add_teachers(school_id: str, stage: str, n: int, *, above_required: bool = True, backbone: bool = False,
                 pe_arts: bool = False, mid_title: bool = False, note: str = "") -> list[Change]:
    """n full-time teachers with the given properties (negative n: teachers leave)."""
    cols = ["full_time_teachers"]
    cols += ["teachers_above_required"] if above_required else []
    cols += ["backbone_teachers"] if backbone else []
    cols += ["pe_arts_teachers"] if pe_arts else []
    cols += ["mid_title_teachers"] if mid_title else []
    return [Change(school_id, stage, c, float(n), note) for c in cols]


def build_area(school_id: str, stage: str, m2: float, kind: str = "teaching", note: str = "") -> Change:
    """New floor area: kind 'teaching' (教学及辅助用房) or 'sports' (体育运动场馆)."""
    col = {"teaching": "teaching_room_area", "sports": "sports_area"}[kind]
    return Change(school_id, stage, col, float(m2), note)


def add_equipment(school_id: str, stage: str, yuan: float, note: str = "") -> Change:
    return Change(school_id, stage, "equipment_value", float(yuan), note)


def add_multimedia_rooms(school_id: str, stage: str, n: int, note: str = "") -> Change:
    return Change(school_id, stage, "multimedia_rooms", float(n), note)


def move_students(from_school: str, from_stage: str, to_school: str, to_stage: str, n: int) -> list[Change]:
    """Move n pupils between sections (e.g. a new zoning line)."""
    return [Change(from_school, from_stage, "students", -float(n), f"转出至 {to_school}"),
            Change(to_school, to_stage, "students", float(n), f"由 {from_school} 转入")]


def apply_changes(sections: SectionTable | pd.DataFrame, changes: Iterable[Change]) -> SectionTable:
    """A copy of the sections with the changes added (vectorised); unknown sections or negative results raise."""
    table = sections if isinstance(sections, SectionTable) else SectionTable.from_sections(sections)
    ch = pd.DataFrame([(c.school_id, c.stage, c.column, c.delta) for c in changes],
                      columns=["school_id", "stage", "column", "delta"])
    frame = table.sections.copy()
    if ch.empty:
        return replace(table, sections=frame)
    keys = pd.MultiIndex.from_frame(frame[["school_id", "stage"]].astype(str))
    ch_keys = pd.MultiIndex.from_frame(ch[["school_id", "stage"]].astype(str))
    unknown = ~ch_keys.isin(keys)
    if unknown.any():
        bad = "、".join(f"{s}（{t}）" for s, t in ch_keys[unknown].unique())
        raise ValueError(f"方案中的学部不存在：{bad}")
    wide = ch.pivot_table(index=["school_id", "stage"], columns="column", values="delta", aggfunc="sum")
    wide = wide.reindex(keys).fillna(0.0)
    for col in wide.columns:
        if col not in frame:  # e.g. full_time_teachers on a table that does not carry it
            continue
        # a blank (unknown) figure stays blank, except the resources the standard counts (blank = 0 there)
        base = frame[col].astype(float)
        if col in ("sports_area", "teaching_room_area", "equipment_value", "multimedia_rooms", "students",
                   "teachers_above_required", "backbone_teachers", "pe_arts_teachers"):
            base = base.fillna(0.0)
        frame[col] = base + wide[col].to_numpy()
        if col == "sports_area" and "sports_ground_area" in frame:
            frame["sports_ground_area"] = frame["sports_ground_area"].fillna(0.0) + wide[col].to_numpy()
        negative = frame[col] < -1e-9
        if negative.any():
            r = frame[negative].iloc[0]
            raise ValueError(f"{r['school_id']}（{r['stage']}）的 {col} 调整后为负数")
    schools = table.schools
    if schools is not None and "students" in wide.columns:  # keep school sizes in step with moved pupils
        moved = wide["students"]
        schools = schools.copy()
        for (sid, stage), d in moved[moved != 0].items():
            hit = schools["school_id"] == sid
            if f"students_{stage}" in schools:
                schools.loc[hit, f"students_{stage}"] += d
            if stage in ("小学", "初中") and "compulsory_students" in schools:
                schools.loc[hit, "compulsory_students"] += d
    return replace(table, sections=frame, schools=schools)


@dataclass(frozen=True)
class ScenarioComparison:
    baseline: Assessment
    scenario: Assessment
    changes: tuple[Change, ...]

    def indicator_diff(self) -> pd.DataFrame:
        """Section × indicator before and after (only rows that changed)."""
        b = self.baseline.values_frame().set_index(["school_id", "stage", "key"])
        a = self.scenario.values_frame().set_index(["school_id", "stage", "key"])
        out = pd.DataFrame({"school_name": b["school_name"], "before": b["value"], "after": a["value"],
                            "threshold": b["threshold"], "met_before": b["met"], "met_after": a["met"],
                            "section_pass_before": b["section_pass"], "section_pass_after": a["section_pass"]})
        changed = (out["before"] - out["after"]).abs() > 1e-12
        return out[changed].reset_index()

    def cv_diff(self) -> pd.DataFrame:
        rows = []
        for stage, sb in self.baseline.stages.items():
            sa = self.scenario.stages.get(stage)
            for key, c in sb.cvs.items():
                ca = sa.cvs[key] if sa else None
                rows.append((stage, key, c.value, ca.value if ca else None, c.limit, c.passes,
                             ca.passes if ca else None))
        return pd.DataFrame(rows, columns=["stage", "key", "before", "after", "limit", "pass_before",
                                           "pass_after"])

    def verdicts(self) -> dict[str, tuple[bool | None, bool | None]]:
        """Dimension → (before, after), plus 'overall'."""
        out = {k: (d.passes, self.scenario.dimensions[k].passes) for k, d in self.baseline.dimensions.items()}
        out["overall"] = (self.baseline.passes, self.scenario.passes)
        return out


def run_scenario(sections: SectionTable | pd.DataFrame, changes: Iterable[Change],
                 standard: str | Standard = "quality_2017", *, county: CountyInputs | dict | None = None,
                 checklist: Checklist | None = None) -> ScenarioComparison:
    """Re-assess with the changes applied, next to the baseline."""
    changes = tuple(changes)
    table = sections if isinstance(sections, SectionTable) else SectionTable.from_sections(sections)
    base = assess(table, standard, county=county, checklist=checklist)
    new = assess(apply_changes(table, changes), standard, county=county, checklist=checklist)
    return ScenarioComparison(base, new, changes)
