"""Cut-offs typed by hand from the sources of the 2014 tables (see docs/health.md, 评分表的来源与核对), not read
from the data file: a slip in ``fitness_2014.yaml`` that the generated boundary tests would faithfully follow
fails here. Each value is checked twice: the data file must hold it, and the scorer must give exactly that level
on the cut and a lower one a reading unit worse.

Sources: A = daocodedao/sport standard/*.json (grades 1–9), E = kuilenren/boks-physical-assessment
services/api/src/scoring-engine.ts (grades 1–6, after the gazette text), B/C = two 初二 score tables
(C for 男 only; see the docs for where), F = the tables of the ``physical-test-calculator`` library v2.2.2 (grades
1–9, every item), as vendored in voodooq/physical-test-calculator js/chunk-vendors.js."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.health.core.scoring import score_results
from junheng.health.core.standard import raw_document

pytestmark = pytest.mark.core

DOC = raw_document()

# (item, sex, grade, level, cut, sources) — times in seconds (3'55" = 235)
SPOT = [
    ("vital_capacity", "male", 1, 100, 1700, "A E F"),
    ("vital_capacity", "female", 7, 100, 2750, "A F"),
    ("vital_capacity", "female", 8, 60, 1500, "A B F"),
    ("vital_capacity", "male", 9, 10, 1700, "A F"),
    ("run50", "male", 7, 100, 7.8, "A F"),
    ("run50", "female", 5, 85, 8.8, "A E F"),
    ("sit_reach", "male", 1, 60, 0.0, "A E F"),
    ("sit_reach", "male", 8, 100, 19.6, "A B C F"),
    ("sit_reach", "female", 9, 60, 3.7, "A F"),
    ("rope", "male", 3, 60, 34, "A E F"),
    ("rope", "female", 6, 100, 166, "A E F"),
    ("situp", "male", 4, 100, 49, "A E F"),
    ("situp", "female", 8, 100, 51, "B F"),
    ("shuttle50x8", "male", 5, 100, 96, "A E F"),           # 1'36"
    ("long_jump", "female", 8, 80, 174, "B F"),
    ("pullup", "male", 8, 100, 14, "B F"),
    ("pullup", "male", 8, 60, 5, "B F"),
    ("run1000", "male", 7, 100, 235, "A F"),               # 3'55"
    ("run1000", "male", 8, 95, 235, "A B C F"),            # 3'55"
    ("run1000", "male", 9, 60, 295, "A F"),                # 4'55"
    ("run800", "female", 7, 100, 215, "A F"),              # 3'35"
    ("run800", "female", 8, 100, 210, "A B F"),            # 3'30"
    ("run800", "female", 9, 10, 335, "A F"),               # 5'35"
    # 初一/初三 立定跳远, 引体向上, 女仰卧起坐: our transcription and F (the only full source found for them)
    ("long_jump", "male", 7, 100, 225, "F"),
    ("long_jump", "male", 7, 60, 155, "F"),
    ("long_jump", "male", 9, 95, 245, "F"),              # was 243: the row had been written as 初二 + 10 cm
    ("long_jump", "male", 9, 80, 225, "F"),
    ("long_jump", "male", 9, 60, 185, "F"),
    ("long_jump", "male", 9, 10, 160, "F"),
    ("long_jump", "female", 7, 60, 140, "F"),
    ("long_jump", "female", 9, 100, 202, "F"),
    ("long_jump", "female", 9, 10, 121, "F"),
    ("pullup", "male", 7, 100, 13, "F"),
    ("pullup", "male", 7, 30, 1, "F"),
    ("pullup", "male", 9, 60, 6, "F"),
    ("pullup", "male", 9, 10, 1, "F"),
    ("situp", "female", 7, 100, 50, "F"),
    ("situp", "female", 9, 60, 22, "F"),
    ("situp", "female", 9, 10, 12, "F"),
]


@pytest.mark.parametrize(("item", "sex", "grade", "level", "cut", "sources"), SPOT,
                         ids=[f"{s[0]}-{s[1]}-g{s[2]}-{s[3]}" for s in SPOT])
def test_cut_off_as_the_sources_give_it(item, sex, grade, level, cut, sources):
    row = DOC["tables"][item][sex][grade]
    assert row[DOC["levels"].index(level)] == cut, f"{item} {sex} grade {grade} {level} 分: sources {sources} say {cut}"
    spec = DOC["items"][item]
    unit = 10 ** -spec["decimals"]
    worse = round(cut - unit if spec["direction"] == "higher" else cut + unit, 4)
    out = score_results(pd.DataFrame([{"sex": sex, "grade": grade, item: v} for v in (cut, worse)]))
    assert out.at[0, f"score_{item}"] == level and out.at[1, f"score_{item}"] < level


def test_blank_cells_of_the_pull_up_table():
    """初二男 引体向上: 78/74/70/66/62 分 have no count (B lists none; C repeats the count below), so 9 次 scores 76,
    not 78; 10 分 is kept blank too (B and C write 0 次 there, see docs/health.md)."""
    row = DOC["tables"]["pullup"]["male"][8]
    blanks = [lv for lv, c in zip(DOC["levels"], row) if c is None]
    assert blanks == [78, 74, 70, 66, 62, 10]
    out = score_results(pd.DataFrame([{"sex": "male", "grade": 8, "pullup": 9}]))
    assert out.at[0, "score_pullup"] == 76


@pytest.mark.parametrize(("sex", "grade", "normal_low", "normal_high", "obese"), [
    ("male", 9, 15.8, 22.8, 26.1),      # A
    ("female", 1, 13.3, 17.3, 19.3),    # A E
    ("female", 8, 15.3, 22.2, 24.9),    # A B
])
def test_bmi_bands_as_the_sources_give_them(sex, grade, normal_low, normal_high, obese):
    assert DOC["bmi"][sex][grade] == {"normal_low": normal_low, "normal_high": normal_high, "obese": obese}


@pytest.mark.parametrize(("item", "beyond"), [
    ("rope", [2 * k for k in range(1, 21)]),                # A E: 每多 2 次加 1 分, 至 20 分
    ("pullup", list(range(1, 11))),                         # 每多 1 次加 1 分
    ("situp", [2, 4, 6, 7, 8, 9, 10, 11, 12, 13]),
    ("run1000", [4, 8, 12, 16, 20, 23, 26, 29, 32, 35]),    # B: 前 5 分每快 4 秒, 后 5 分每快 3 秒
    ("run800", [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]),    # B: 每快 5 秒
])
def test_bonus_steps_as_the_sources_give_them(item, beyond):
    assert DOC["bonus"][item]["beyond"] == beyond
