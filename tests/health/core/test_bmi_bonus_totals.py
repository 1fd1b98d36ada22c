"""BMI bands at their edges, 加分 at every step, totals and ratings, the graduation rule — each against the
naive oracle or figures worked by hand from the standard."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from junheng.health.core.scoring import graduation_score, score_results
from junheng.health.core.standard import raw_document
from tests.health.core import naive

pytestmark = pytest.mark.core

DOC = raw_document()


def _bmi_probes(sex, grade):
    """(BMI, band) at and around each band edge of one sex and grade."""
    b = DOC["bmi"][sex][grade]
    lo, hi, ob = b["normal_low"], b["normal_high"], b["obese"]
    return [(round(lo - 0.1, 1), "低体重"), (lo, "正常"), (hi, "正常"), (round(hi + 0.1, 1), "超重"),
            (round(ob - 0.1, 1), "超重"), (ob, "肥胖"), (round(lo - 0.06, 2), "低体重"),
            (round(lo - 0.05, 2), "正常"), (round(hi + 0.04, 2), "正常"), (round(hi + 0.05, 2), "超重")]


BMI_TABLES = [pytest.param(sex, grade, id=f"bmi-{sex}-g{grade}")
              for sex in ("male", "female") for grade in DOC["bmi"][sex]]


@pytest.mark.parametrize(("sex", "grade"), BMI_TABLES)
def test_bmi_band_edges(sex, grade):
    probes = _bmi_probes(sex, grade)
    # height 100 cm: BMI equals the weight in kg
    out = score_results(pd.DataFrame([{"sex": sex, "grade": grade, "height": 100.0, "weight": bmi} for bmi, _ in probes]))
    wrong = [f"BMI {bmi}: scorer {out.at[i, 'bmi_band']} ({out.at[i, 'score_bmi']}), oracle "
             f"{naive.bmi_score(sex, grade, 100.0, bmi)[0]}, expected {band} ({DOC['bmi']['scores'][band]})"
             for i, (bmi, band) in enumerate(probes)
             if not (out.at[i, "bmi_band"] == band == naive.bmi_score(sex, grade, 100.0, bmi)[0]
                     and out.at[i, "score_bmi"] == DOC["bmi"]["scores"][band])]
    assert not wrong, f"{sex} grade {grade}:\n" + "\n".join(wrong)


def test_bmi_from_real_height_and_weight():
    # 一年级男 120 cm 26.1 kg → 18.125 → 18.1 正常; 26.2 kg → 18.19 → 18.2 超重
    out = score_results(pd.DataFrame([{"sex": "male", "grade": 1, "height": 120, "weight": w} for w in (26.1, 26.2)]))
    assert out["bmi"].tolist() == [18.1, 18.2] and out["bmi_band"].tolist() == ["正常", "超重"]


def _bonus_probes(item, sex, grade):
    """(value, points) for every step of one 加分 table: exactly the distance a step needs, one unit short of it,
    and far beyond the last step (capped)."""
    b = DOC["bonus"][item]
    higher = DOC["items"][item]["direction"] == "higher"
    best = DOC["tables"][item][sex][grade][0]
    probes = []
    for points, need in enumerate(b["beyond"], 1):
        for delta, expect in ((need, points), (need - 1, points - 1)):
            probes.append((best + delta if higher else best - delta, expect))
    over = b["beyond"][-1] + 50
    probes.append((best + over if higher else best - over, len(b["beyond"])))
    return probes


BONUS_TABLES = [pytest.param(item, sex, grade, id=f"bonus-{item}-{sex}-g{grade}")
                for item, b in DOC["bonus"].items() for sex in b["sexes"] for grade in b["grades"]]


@pytest.mark.parametrize(("item", "sex", "grade"), BONUS_TABLES)
def test_bonus_steps(item, sex, grade):
    probes = _bonus_probes(item, sex, grade)
    out = score_results(pd.DataFrame([{"sex": sex, "grade": grade, item: value} for value, _ in probes]))
    wrong = [f"{value}: scorer {out.at[i, f'bonus_{item}']}, oracle {naive.bonus(item, sex, grade, value)}, "
             f"expected {points}"
             for i, (value, points) in enumerate(probes)
             if not out.at[i, f"bonus_{item}"] == points == naive.bonus(item, sex, grade, value)]
    assert not wrong, f"加分 {item} {sex} grade {grade}:\n" + "\n".join(wrong)


def test_no_bonus_outside_its_grades_and_sexes():
    frame = pd.DataFrame([
        {"sex": "female", "grade": 7, "situp": 80},      # 初中女 仰卧起坐: bonus
        {"sex": "male", "grade": 6, "situp": 80},        # 小学 仰卧起坐: no bonus
        {"sex": "male", "grade": 7, "rope": 300},        # 初中 has no 跳绳
        {"sex": "female", "grade": 3, "rope": 300},      # 小学 跳绳: capped at 20
    ])
    out = score_results(frame)
    assert out["bonus_situp"].tolist() == [10, 0, 0, 0]
    assert out["bonus_rope"].tolist() == [0, 0, 0, 20]


def _student(sex, grade, rng):
    row = {"sex": sex, "grade": grade, "height": float(rng.uniform(110, 180)), "weight": float(rng.uniform(18, 75))}
    for band in DOC["weights"]:
        if grade in band["grades"]:
            for item in band[sex]:
                if item == "bmi":
                    continue
                cuts = [c for c in DOC["tables"][item][sex][grade] if c is not None]
                lo, hi = min(cuts), max(cuts)
                span = hi - lo
                v = rng.uniform(lo - span * 0.2, hi + span * 0.3)
                row[item] = round(float(v), DOC["items"][item]["decimals"])
    return row


def test_totals_and_ratings_match_the_oracle_on_random_students():
    rng = np.random.default_rng(7)
    rows = [_student(sex, grade, rng) for sex, grade, _ in itertools.product(("male", "female"), range(1, 10), range(40))]
    out = score_results(pd.DataFrame(rows))
    for i, row in enumerate(rows):
        items = {k: v for k, v in row.items() if k not in ("sex", "grade")}
        standard, extra, total, rating = naive.total(row["sex"], row["grade"], items)
        assert (out.at[i, "standard"], out.at[i, "extra"], out.at[i, "rating"]) == (standard, extra, rating), row
        assert out.at[i, "total"] == pytest.approx(total)


def test_worked_example_from_the_standard_weights():
    """初二女: BMI 19.5 正常 100×15% + 肺活量 2000 毫升 70×15% + 50米 9.0 秒 78×20% + 坐位体前屈 10 厘米 70×10%
    + 立定跳远 170 厘米 76×10% + 仰卧起坐 60 次 100×10% + 800米 3'20 100×20% = 85.7; 加分 仰卧起坐 (100 分 51 次,
    多 9 次) 6 分 + 800 米 (100 分 3'30, 快 10 秒) 2 分 = 8; 学年总分 93.7 优秀."""
    row = {"sex": "female", "grade": 8, "height": 160, "weight": 50, "vital_capacity": 2000, "run50": 9.0,
           "sit_reach": 10, "long_jump": 170, "situp": 60, "run800": 200}
    out = score_results(pd.DataFrame([row]))
    assert (out.at[0, "standard"], out.at[0, "extra"], out.at[0, "total"], out.at[0, "rating"]) == \
        (85.7, 8.0, 93.7, "优秀")


@pytest.mark.parametrize(("total", "rating"), [(90.0, "优秀"), (89.9, "良好"), (80.0, "良好"), (79.9, "及格"),
                                               (60.0, "及格"), (59.9, "不及格")], ids=lambda v: str(v))
def test_rating_edges(total, rating):
    # build a 一年级男 whose standard score is exactly ``total``: all items 100 except 坐位体前屈 (30 %)
    from junheng.health.core.standard import load_standard
    assert load_standard().rating(total) == rating


def test_missing_item_or_exempt_has_no_total():
    base = {"sex": "male", "grade": 2, "height": 125, "weight": 25, "vital_capacity": 1500, "run50": 10.5,
            "sit_reach": 8, "rope": 90}
    out = score_results(pd.DataFrame([base, {**base, "rope": None}, {**base, "exempt": True}]))
    assert out["complete"].tolist() == [True, False, False]
    assert np.isnan(out.at[1, "total"]) and pd.isna(out.at[1, "rating"])


def test_missing_sex_is_not_scored():
    out = score_results(pd.DataFrame([{"sex": None, "grade": 3, "height": 130, "weight": 28}]))
    assert not out.at[0, "complete"]


@pytest.mark.parametrize(("final", "others", "expected"), [
    (80.0, [70.0, 90.0], 80.0),        # 80×50% + 80×50%
    (61.0, [58.0], 59.5),              # 30.5 + 29.0
    (90.0, [89.0, 90.0, 91.0], 90.0),
    (72.3, [], 72.3),                  # no other year on record
    (85.3, [80.0, 80.1], 82.7),        # 42.65 + 40.025 = 82.675 → 82.7
], ids=["even", "fails-by-history", "three-years", "single-year", "half-up"])
def test_graduation_rule(final, others, expected):
    assert graduation_score(final, others) == expected
