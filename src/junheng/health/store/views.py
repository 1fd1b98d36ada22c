"""Page and report data of 学生健康, built from ``junheng.health.store.queries`` and the pure core (no logic in
routes; the Word report reads the same figures)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from junheng.health.core import (
    HealthSettings,
    against_last_year,
    aid_totals,
    classify,
    county_rates,
    coverage,
    enrolment_rate,
    item_means,
    load_standard,
    newly_poor,
    rates,
    rating_counts,
    vision_rates,
)
from junheng.health.core.psych import PsychCase, case_steps, step_label
from junheng.health.store import queries
from junheng.retention.core import Contact, Responsible, TermCalendar
from junheng.store.memo import Memo

RATING_ORDER = ("优秀", "良好", "及格", "不及格")
SEX_LABEL = {"male": "男", "female": "女"}


# page figures, computed once per change of the data (shared between requests: never changed by callers)
_SUMMARIES = Memo(reads=("health", "registry"), size=128)


def _records(df: pd.DataFrame) -> list[dict]:
    return df.replace({np.nan: None}).to_dict("records")


def fitness_summary(session, year: str, allowed: set[str] | None) -> dict:
    """The county's (or a township's) fitness figures of a school year, as the dashboard shows them."""
    return _SUMMARIES.get(session, ("fitness", year, queries.scope_key(allowed)),
                          lambda: _fitness_summary(session, year, allowed))


def _fitness_summary(session, year: str, allowed: set[str] | None) -> dict:
    std = load_standard()
    df = queries.fitness(session, year, allowed)
    years = queries.fitness_years(session)
    if df.empty:
        return {"empty": True, "year": year, "years": years}
    df["sex_label"] = df["sex"].map(SEX_LABEL)
    by_school = rates(df, ["school_id", "school_name", "township_name"]).sort_values("pass_rate")
    by_town = rates(df, ["township_name"])
    by_sex = rates(df, ["sex_label"])
    by_grade = rates(df, ["grade"])
    items = [k for k in std.items if f"score_{k}" in df]
    means = item_means(df.assign(_all="全部"), ["_all"], items).iloc[0]
    trend_df = queries.fitness(session, None, allowed)
    trend = rates(trend_df, ["year"]) if not trend_df.empty else pd.DataFrame()
    counts_by_sex = {SEX_LABEL[s]: rating_counts(df[df["sex"] == s]) for s in ("male", "female")}
    return {
        "empty": False, "year": year, "years": years, "county": county_rates(df),
        "counts": rating_counts(df), "counts_by_sex": counts_by_sex,
        "exempt": int(df["exempt"].sum()), "incomplete": int((~df["complete"] & ~df["exempt"]).sum()),
        "schools": _records(by_school), "townships": _records(by_town), "sexes": _records(by_sex),
        "grades": [{**r, "label": std.grade_labels[int(r["grade"])]} for r in _records(by_grade)],
        "items": [{"key": k, "label": std.items[k].label, "mean": None if pd.isna(means[f"mean_{k}"])
                   else float(means[f"mean_{k}"])} for k in items],
        "trend": _records(trend),
    }


def school_summary(session, school_id: str, year: str) -> dict:
    """One school's fitness figures of a school year (page and Word report)."""
    return _SUMMARIES.get(session, ("school", year, school_id), lambda: _school_summary(session, school_id, year))


def _school_summary(session, school_id: str, year: str) -> dict:
    std = load_standard()
    allowed = {school_id}
    df = queries.fitness(session, year, allowed)
    out = {"year": year, "years": queries.fitness_years(session), "empty": df.empty}
    if df.empty:
        return out
    df["sex_label"] = df["sex"].map(SEX_LABEL)
    items = [k for k in std.items if f"score_{k}" in df]
    means = item_means(df, ["sex_label"], items)
    trend_df = queries.fitness(session, None, allowed)
    out |= {
        "county": county_rates(df), "counts": rating_counts(df),
        "classes": _records(rates(df, ["grade", "class_name"])),
        "sexes": _records(rates(df, ["sex_label"])),
        "items": [{"label": std.items[k].label,
                   **{r["sex_label"]: r[f"mean_{k}"] for r in _records(means)}} for k in items],
        "trend": _records(rates(trend_df, ["year"])),
        "below": int((df["rating"] == "不及格").sum()),
    }
    return out


def below_pass(session, year: str, allowed: set[str] | None) -> list[dict]:
    std = load_standard()
    df = queries.fitness(session, year, allowed)
    if df.empty:
        return []
    low = df[df["rating"] == "不及格"].sort_values(["school_name", "grade", "class_name", "total"])
    rows = []
    for r in low.to_dict("records"):
        weights = std.weights[(r["sex"], int(r["grade"]))]
        scored = {k: r.get(f"score_{k}") for k in weights}
        weak = sorted((v, std.items[k].label) for k, v in scored.items() if v is not None and not pd.isna(v))[:2]
        rows.append({"school_name": r["school_name"], "school_id": r["school_id"],
                     "grade": std.grade_labels[int(r["grade"])], "class_name": r["class_name"],
                     "student_id": r["student_id"], "name": r["name"], "sex": SEX_LABEL[r["sex"]],
                     "total": r["total"], "weak": "、".join(f"{label}（{v:g}分）" for v, label in weak)})
    return rows


def vision_summary(session, term: str, allowed: set[str] | None, settings: HealthSettings) -> dict:
    std = load_standard()
    terms = queries.vision_terms(session)
    cur = queries.vision(session, term, allowed)
    if cur.empty:
        return {"empty": True, "term": term, "terms": terms}
    cur = classify(cur, settings)
    prev_term = f"{int(term[:4]) - 1}{term[4:]}"
    prev = queries.vision(session, prev_term, allowed)
    prev = classify(prev, settings) if not prev.empty else prev
    county = vision_rates(cur.assign(_all=1), ["_all"]).iloc[0]
    prev_rate = float(vision_rates(prev.assign(_all=1), ["_all"]).iloc[0]["poor_rate"]) if not prev.empty else None
    by_school = vision_rates(cur, ["school_id", "school_name"])
    if not prev.empty:
        p = vision_rates(prev, ["school_id"])[["school_id", "poor_rate"]].rename(columns={"poor_rate": "prev_rate"})
        by_school = by_school.merge(p, on="school_id", how="left")
        by_school["change_pp"] = (by_school["poor_rate"] - by_school["prev_rate"]) * 100
    by_grade = vision_rates(cur, ["grade"])
    fresh = newly_poor(cur, prev) if not prev.empty else cur.iloc[0:0]
    return {
        "empty": False, "term": term, "terms": terms, "prev_term": prev_term if not prev.empty else None,
        "screened": int(county["screened"]), "poor": int(county["poor"]), "poor_rate": float(county["poor_rate"]),
        "myopia_rate": None if pd.isna(county["myopia_rate"]) else float(county["myopia_rate"]),
        "refracted": int(county["refracted"]),
        "target": against_last_year(float(county["poor_rate"]), prev_rate, settings),
        "prev_rate": prev_rate,
        "schools": _records(by_school.sort_values("poor_rate", ascending=False)),
        "grades": [{**r, "label": std.grade_labels[int(r["grade"])]} for r in _records(by_grade)],
        "newly_poor": [{**r, "grade": std.grade_labels[int(r["grade"])]} for r in _records(
            fresh.sort_values(["school_name", "grade", "class_name"])[
                ["school_name", "grade", "class_name", "student_id", "name", "right", "left"]])],
    }


def case_of(row) -> PsychCase:
    contacts = tuple(Contact(dt.date.fromisoformat(c["on"]), c["kind"], c["note"], c.get("by", ""))
                     for c in row.contacts)
    person = Responsible(row.responsible_name, row.responsible_unit, row.responsible_phone) \
        if row.responsible_name else None
    return PsychCase(row.case_id, row.student_id, row.school_id, dt.date.fromisoformat(row.opened_on), row.scale,
                     row.total, row.status, person, contacts,
                     dt.date.fromisoformat(row.referred_on) if row.referred_on else None,
                     dt.date.fromisoformat(row.closed_on) if row.closed_on else None, row.note)


def case_board(session, allowed, settings: HealthSettings, today: dt.date) -> list[dict]:
    calendar = TermCalendar()
    names = queries.schools(session).set_index("school_id")["school_name"].to_dict()
    out = []
    for row in queries.psych_cases(session, allowed):
        case = case_of(row)
        steps = case_steps(case, calendar=calendar, settings=settings, today=today)
        open_steps = [s for s in steps if s.state in ("pending", "overdue")]
        nxt = min(open_steps, key=lambda s: s.due, default=None)
        out.append({"case_id": row.case_id, "name": row.name, "student_id": row.student_id,
                    "school_name": names.get(row.school_id, row.school_id), "scale": row.scale, "total": row.total,
                    "opened_on": row.opened_on, "status": row.status, "responsible": row.responsible_name,
                    "next": f"{nxt.label}（{nxt.due}）" if nxt else "",
                    "overdue": "；".join(f"{s.label}逾期{s.days_overdue}个工作日" for s in steps if s.overdue)})
    return out


def case_detail(row, settings: HealthSettings, today: dt.date) -> dict:
    case = case_of(row)
    steps = case_steps(case, calendar=TermCalendar(), settings=settings, today=today)
    return {"case": row, "steps": [{"label": s.label, "due": s.due, "done": s.done_on, "state": step_label(s),
                                    "overdue": s.overdue} for s in steps]}


def psych_summary(session, year: str, allowed, settings: HealthSettings, today: dt.date) -> dict:
    df = queries.psych(session, year, allowed)
    res = queries.school_psych(session, year, allowed)
    names = queries.schools(session)
    if allowed is not None:
        names = names[names["school_id"].isin(allowed)]
    cov = names.merge(res, on="school_id", how="left")
    cov["has_room"] = cov["has_room"].fillna(False).astype(bool)
    cov["psych_teachers"] = cov["psych_teachers"].fillna(0).astype(int)
    cov["part_time_teachers"] = cov["part_time_teachers"].fillna(0).astype(int)
    levels = (df.groupby(["school_name", "level"]).size().unstack(fill_value=0).reset_index()
              if not df.empty else pd.DataFrame(columns=["school_name"]))
    for lv in ("正常", "关注", "高风险"):
        if lv not in levels:
            levels[lv] = 0
    return {"year": year, "years": queries.psych_years(session), "screened": len(df),
            "counts": {lv: int((df["level"] == lv).sum()) if not df.empty else 0 for lv in ("正常", "关注", "高风险")},
            "by_school": _records(levels), "coverage": coverage(cov),
            "resources": _records(cov[["school_name", "has_room", "psych_teachers", "part_time_teachers"]]),
            "results": _records(df.assign(_o=df["level"].map({"高风险": 0, "关注": 1, "正常": 2}),
                                          grade=df["grade"].map(load_standard().grade_labels))
                                  .sort_values(["_o", "school_name", "total"], ascending=[True, True, False])[
                ["school_name", "grade", "class_name", "student_id", "name", "scale", "total", "level",
                 "screened_on"]]) if not df.empty else [],
            "cases": case_board(session, allowed, settings, today),
            "cutoffs": settings.psych_cutoffs}


def registers_summary(session, year: str, allowed, named: bool) -> dict:
    aid = queries.aid(session, year, allowed)
    by_school = aid_totals(aid, ["school_name"]) if not aid.empty else pd.DataFrame(columns=["school_name", "times",
                                                                                               "amount"])
    by_type = aid_totals(aid, ["aid_type"]) if not aid.empty else pd.DataFrame(columns=["aid_type", "times", "amount"])
    lb = queries.left_behind(session, year, allowed)
    visits = queries.visits(session, allowed)
    if not lb.empty:
        v = visits.groupby("student_id").agg(visits=("visited_on", "size"), last_visit=("visited_on", "max")) \
            .reset_index() if not visits.empty else pd.DataFrame(columns=["student_id", "visits", "last_visit"])
        lb = lb.merge(v, on="student_id", how="left")
        lb["visits"] = lb["visits"].fillna(0).astype(int)
    reg = queries.special_ed(session, year, None if allowed is None else allowed)
    placements = reg["placement"].value_counts().to_dict() if not reg.empty else {}
    rate = enrolment_rate(queries.special_ed(session, year)) if allowed is None else None
    return {"year": year, "aid_times": len(aid), "aid_amount": float(aid["amount"].sum()) if not aid.empty else 0.0,
            "aid_schools": _records(by_school.sort_values("amount", ascending=False)),
            "aid_types": _records(by_type.sort_values("amount", ascending=False)),
            "left_behind": _records(lb.sort_values(["school_name", "visits"])) if named and not lb.empty else [],
            "left_behind_n": len(lb), "unvisited": int((lb["visits"] == 0).sum()) if not lb.empty else 0,
            "placements": placements, "enrolment": rate,
            "special": _records(reg.sort_values(["placement", "name"])) if named and not reg.empty else []}


def graduation(session, year: str, school_id: str) -> list[dict]:
    """:func:`graduation_rows`, once per change of the data."""
    return _SUMMARIES.get(session, ("graduation", year, school_id), lambda: graduation_rows(session, year, school_id))


def graduation_rows(session, year: str, school_id: str) -> list[dict]:
    """The graduating grades (六年级, 初三) of a school: 毕业成绩 = 毕业当年学年总分 × 50% + 其他学年总分平均 × 50%,
    from every school year on record for each student (at any school of the county)."""
    from junheng.health.core import graduation_score

    std = load_standard()
    now = queries.fitness(session, year, {school_id})
    if now.empty:
        return []
    leavers = now[now["grade"].isin([6, 9]) & now["complete"]]
    if leavers.empty:
        return []
    history = queries.fitness(session, None, None)
    history = history[history["student_id"].isin(leavers["student_id"]) & history["complete"]
                      & (history["year"] < year)]
    # a 初三 leaver's 其他学年 are 初一 and 初二 only; a 六年级 leaver's are grades 1–5
    history = history.merge(leavers[["student_id", "grade"]].rename(columns={"grade": "final_grade"}), on="student_id")
    history = history[(history["final_grade"] == 9) == (history["grade"] >= 7)]
    others = history.groupby("student_id")["total"].apply(list).to_dict()
    rows = []
    for r in leavers.sort_values(["grade", "class_name", "student_id"]).to_dict("records"):
        past = others.get(r["student_id"], [])
        score = graduation_score(float(r["total"]), past)
        rows.append({"grade": std.grade_labels[int(r["grade"])], "class_name": r["class_name"],
                     "student_id": r["student_id"], "name": r["name"], "final": r["total"], "years": len(past) + 1,
                     "others_mean": round(sum(past) / len(past), 2) if past else None, "score": score,
                     "rating": std.rating(score)})
    return rows
