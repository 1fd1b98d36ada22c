"""Where each school section stands against the 优质均衡 thresholds (DESIGN §4.1): the demo's 'story'.

A profile is a factor per section and indicator (value ÷ threshold) that the teacher and facility generators
realise with whole teachers, rooms and square metres. The story it tells, on purpose:

- most sections pass all seven indicators, some with a near miss (one indicator at 86–99%: still passes the
  6-of-7-plus-85% rule);
- the large county-seat schools fall short on space (L4 rooms and L5 sports area), as crowded town schools do;
- about eight other sections (rural, town or private) fail the rule on teachers or rooms;
- backbone teachers (L2) crowd into the county-seat 初中 schools, and small rural primaries either have a
  multimedia room in every classroom or hardly any (L7): the 初中 L2 and 小学 L7 差异系数 exceed their limits,
  while the other twelve stay under them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

INDICATORS = ("L1", "L2", "L3", "L4", "L5", "L6", "L7")
ASSESSED = ("小学", "初中")

# Mean factor by (section, location) for each indicator; 高中 and special sections use the 初中 / 小学 rows.
_BASE = {
    ("小学", "城区"): (1.25, 1.3, 1.2, 1.15, 1.1, 1.45, 1.0),
    ("小学", "镇区"): (1.3, 1.15, 1.15, 1.3, 1.4, 1.2, 1.1),
    ("小学", "乡村"): (1.45, 1.15, 1.1, 1.6, 1.8, 1.15, None),
    ("初中", "城区"): (1.35, 3.5, 1.2, 1.15, 1.1, 1.45, 1.15),
    ("初中", "镇区"): (1.25, 1.2, 1.15, 1.25, 1.3, 1.2, 1.15),
    ("初中", "乡村"): (1.2, 1.15, 1.1, 1.45, 1.6, 1.15, 1.25),
}
_SIGMA = (0.06, 0.12, 0.08, 0.1, 0.12, 0.12, 0.1)


def build_profiles(sections: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Factors for every section of ``sections`` (school_id, section, location, kind, ownership, students).

    Returns school_id, section, L1…L7 (factor = planned value ÷ threshold) and ``weak`` (the indicators
    deliberately placed below the threshold, comma-separated).
    """
    n = len(sections)
    stage = np.where(sections["section"] == "高中", "初中", sections["section"])
    keys = list(zip(stage, sections["location"]))
    base = np.array([[np.nan if v is None else v for v in _BASE[k]] for k in keys], dtype=float)
    base[(sections["section"] == "高中").to_numpy(), 1] = 1.6
    factors = base * np.exp(rng.normal(0.0, _SIGMA, (n, 7)))
    # 小学 L7 in the country: every classroom equipped (small classes, high per-100 figures) or hardly any
    rural_l7 = np.flatnonzero(np.isnan(base[:, 6]))
    equipped = rng.permutation(len(rural_l7)) < len(rural_l7) // 2
    factors[rural_l7, 6] = np.where(equipped, rng.uniform(2.8, 3.6, len(rural_l7)),
                                    rng.uniform(1.02, 1.2, len(rural_l7)))
    private = (sections["ownership"] == "民办").to_numpy()
    factors = np.maximum(factors, 1.01)
    factors[private, 1] = rng.uniform(0.3, 0.6, private.sum())          # few recognised backbone teachers
    big = (sections["students"] > 2000).to_numpy() & (sections["section"] != "高中").to_numpy()
    factors[big, 3] = rng.uniform(0.88, 0.95, big.sum())                # crowded: rooms and sports area short
    factors[big, 4] = rng.uniform(0.72, 0.84, big.sum())

    weak = np.where(private, "L2", "").astype(object)
    kind = sections["kind"].to_numpy()
    multi = np.isin(kind, ("九年一贯制", "完全中学", "十二年一贯制"))
    eligible = np.flatnonzero(np.isin(sections["section"], ASSESSED) & ~big & (kind != "教学点")
                              & (kind != "特殊教育学校") & (sections["location"] != "城区").to_numpy())
    chosen = rng.choice(eligible, min(8, len(eligible)), replace=False)
    for i in chosen:
        options = ["L1", "L2", "L3", "L7"] if multi[i] else ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]
        if rng.random() < 0.5:       # one indicator well short of its threshold
            picks = list(rng.choice(options, 1))
            values = rng.uniform(0.55, 0.8, 1)
        else:                        # two indicators just short
            picks = list(rng.choice(options, 2, replace=False))
            values = rng.uniform(0.88, 0.97, 2)
        for p, v in zip(picks, values):
            factors[i, INDICATORS.index(p)] = v
        weak[i] = ",".join(sorted(picks))
    near = np.flatnonzero((weak == "") & ~big & (rng.random(n) < 0.15))
    weak[big] = "L4,L5"
    cols = rng.choice([0, 2, 3, 5, 6], len(near))
    factors[near, cols] = rng.uniform(0.88, 0.99, len(near))
    out = sections[["school_id", "section"]].reset_index(drop=True).copy()
    for j, key in enumerate(INDICATORS):
        out[key] = factors[:, j]
    out["weak"] = weak
    return out
