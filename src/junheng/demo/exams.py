"""Four county exams of one cohort (七年级 in 2023–24, 八年级 in 2024–25), DATA.md "exams".

Scores come from a model a value-added analysis can recover: each student's ability persists across exams
(with subject-specific strengths), schools differ in level (county seat above the country) and each school has
its own growth per exam (its value added), classes add a smaller effect, and every sitting adds noise. Left-behind
and low-income students score a little lower on average; the students who later vanish from the roster score low
and slide. About 1% miss a whole exam and a few miss one subject (absent = empty, never 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

EXAMS = (   # exam_id, name, date, grade, roster term the cohort is taken from, subject set
    ("2023-2024-1-g7-final", "2023-2024学年第一学期七年级期末考试", "2024-01-17", 7, "2024-1", "g7"),
    ("2023-2024-2-g7-final", "2023-2024学年第二学期七年级期末考试", "2024-06-28", 7, "2024-1", "g7"),
    ("2024-2025-1-g8-mid", "2024-2025学年第一学期八年级期中考试", "2024-11-13", 8, "2024-2", "g8"),
    ("2024-2025-1-g8-final", "2024-2025学年第一学期八年级期末考试", "2025-01-15", 8, "2024-2", "g8"),
)
SUBJECTS = {
    "g7": {"语文": 120, "数学": 120, "英语": 120, "道德与法治": 70, "历史": 70, "地理": 100, "生物": 100},
    "g8": {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "道德与法治": 70, "历史": 70, "地理": 100,
           "生物": 100},
}
_MEAN = {"语文": 0.70, "数学": 0.63, "英语": 0.62, "物理": 0.60, "道德与法治": 0.72, "历史": 0.68, "地理": 0.66,
         "生物": 0.67}
_LOCATION = {"城区": 0.25, "镇区": 0.0, "乡村": -0.2}
ALL_SUBJECTS = tuple(dict.fromkeys([*SUBJECTS["g8"], *SUBJECTS["g7"]]))


def _soft_limits(pct: np.ndarray, top: float = 1.0, knee: float = 0.75, floor: float = 0.05) -> np.ndarray:
    """Scores bunch below full marks as real papers do: above ``knee`` the scale saturates towards ``top``."""
    span = top - knee
    high = knee + span * np.tanh((pct - knee) / span)
    return np.maximum(np.where(pct > knee, high, pct), floor)


@dataclass(frozen=True)
class Exams:
    exams: pd.DataFrame              # exam_id, name, date, grade, subjects {subject: full_marks}
    scores: dict[str, pd.DataFrame]  # exam_id -> student_id, name, school, class, one column per subject
    school_effects: pd.DataFrame     # school_id, level, growth: the truth value-added should recover


def _sitters(terms: dict, details: dict, schools: pd.DataFrame, term: str, grade: int) -> pd.DataFrame:
    r = terms[term].merge(details[term][["student_id", "class_name", "left_behind", "low_income", "disability"]],
                          on="student_id")
    info = schools[["school_id", "name", "kind", "location", "ownership"]].rename(columns={"name": "school_name"})
    r = r.merge(info, left_on="school", right_on="school_id")
    return r[(r["grade"] == grade) & (r["status"] == "在读") & (r["kind"] != "特殊教育学校")].reset_index(drop=True)


def build_exams(terms: dict[str, pd.DataFrame], details: dict[str, pd.DataFrame], schools: pd.DataFrame,
                dropouts: np.ndarray, rng: np.random.Generator) -> Exams:
    """The four exams; ``dropouts`` are the 学籍号 of the suspected dropouts (they score low and slide)."""
    people = pd.concat([_sitters(terms, details, schools, t, g) for _, _, _, g, t, _ in EXAMS[1:3]])
    people = people.drop_duplicates("id_number").reset_index(drop=True)
    n = len(people)
    theta = rng.normal(0, 1, n) - 0.15 * (people["left_behind"] != "非留守儿童") \
        - 0.1 * (people["low_income"] == "是") - 0.8 * (people["disability"] != "")
    faded = people["student_id"].isin(dropouts).to_numpy()
    theta = np.where(faded, theta - 0.8, theta)
    ability = pd.Series(np.asarray(theta, dtype=float), index=people["id_number"])
    strength = pd.DataFrame(rng.normal(0, 0.5, (n, len(ALL_SUBJECTS))), index=people["id_number"],
                            columns=list(ALL_SUBJECTS))
    fading = pd.Series(faded, index=people["id_number"])

    sid = schools["school_id"].to_numpy()
    level = rng.normal(0, 0.3, len(sid)) + schools["location"].map(_LOCATION).to_numpy() \
        + 0.2 * (schools["ownership"] == "民办").to_numpy()
    growth = rng.normal(0, 0.15, len(sid))
    effects = pd.DataFrame({"school_id": sid, "level": level, "growth": growth})
    by_school = effects.set_index("school_id")
    class_level, class_growth = {}, {}

    exams, scores = [], {}
    for step, (exam_id, name, date, grade, term, subject_set) in enumerate(EXAMS):
        subjects = SUBJECTS[subject_set]
        sit = _sitters(terms, details, schools, term, grade)
        m = len(sit)
        keys = sit["school_id"] + "/" + sit["class_name"]
        for key in keys.unique():
            if key not in class_level:
                class_level[key], class_growth[key] = rng.normal(0, 0.12), rng.normal(0, 0.06)
        cl = keys.map(class_level).to_numpy() + step * keys.map(class_growth).to_numpy()
        sch = sit["school_id"].map(by_school["level"]).to_numpy() + step * sit["school_id"].map(by_school["growth"]).to_numpy()
        base = sit["id_number"].map(ability).to_numpy() - 0.25 * step * sit["id_number"].map(fading).to_numpy()
        frame = pd.DataFrame({"student_id": sit["student_id"], "name": sit["name"], "school": sit["school_name"],
                              "class": sit["class_name"]})
        absent_all = rng.random(m) < 0.009
        for subject, full in subjects.items():
            latent = base + 0.5 * sit["id_number"].map(strength[subject]).to_numpy() + sch + cl \
                + rng.normal(0, 0.35, m)
            pct = _soft_limits(_MEAN[subject] + 0.16 * latent, top=0.97 if subject == "语文" else 1.0)
            step_size = 0.5 if subject == "语文" else 1.0
            score = np.round(pct * full / step_size) * step_size
            absent = absent_all | (rng.random(m) < 0.003)
            frame[subject] = np.where(absent, np.nan, score)
        scores[exam_id] = frame.sort_values(["school", "class", "student_id"], ignore_index=True)
        exams.append({"exam_id": exam_id, "name": name, "date": date, "grade": grade, "subjects": dict(subjects)})
    return Exams(pd.DataFrame(exams), scores, effects)
