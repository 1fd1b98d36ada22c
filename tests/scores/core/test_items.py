"""Item analysis against a deliberately naive reference."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from junheng.scores.core import ScoresInputError, analyze_items, cronbach_alpha

pytestmark = pytest.mark.core


def naive(scores: list[list[float]], marks: list[float]):
    """Loops: P, Pearson item-total r, 27 % high-low D, α."""
    n, k = len(scores), len(scores[0])
    totals = [sum(r) for r in scores]

    def mean(v):
        return sum(v) / len(v)

    def var(v):
        m = mean(v)
        return sum((a - m) ** 2 for a in v) / len(v)

    out = []
    g = max(round(0.27 * n), 1)
    order = sorted(range(n), key=lambda i: (totals[i], i))
    low, high = order[:g], order[n - g:]
    for j in range(k):
        col = [r[j] for r in scores]
        mc, mt = mean(col), mean(totals)
        cov = sum((a - mc) * (b - mt) for a, b in zip(col, totals, strict=True))
        den = math.sqrt(sum((a - mc) ** 2 for a in col) * sum((b - mt) ** 2 for b in totals))
        r = cov / den if den else float("nan")
        d = (mean([col[i] for i in high]) - mean([col[i] for i in low])) / marks[j]
        out.append((mc / marks[j], r, d))
    alpha = k / (k - 1) * (1 - sum(var([r[j] for r in scores]) for j in range(k)) / var(totals))
    return out, alpha


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed-{s}") for s in (1, 2, 3)])
def test_against_naive_reference(seed):
    rng = np.random.default_rng(seed)
    n, marks = 57, [1, 1, 1, 2, 4, 6]
    ability = rng.normal(0, 1, n)
    cols = [np.clip(np.round(m * (0.5 + 0.25 * ability + rng.normal(0, 0.3, n))), 0, m) for m in marks]
    frame = pd.DataFrame({f"第{j + 1}题": c for j, c in enumerate(cols)})
    result = analyze_items(frame, {f"第{j + 1}题": m for j, m in enumerate(marks)})
    expected, alpha = naive(frame.to_numpy().tolist(), marks)
    got = result.items[["difficulty", "point_biserial", "discrimination"]].to_numpy()
    np.testing.assert_allclose(got, np.array(expected), rtol=1e-10, atol=1e-12)
    assert result.alpha == pytest.approx(alpha)


def test_flags():
    frame = pd.DataFrame({
        "易": [1] * 20,
        "难": [0] * 19 + [1],
        "好": [0] * 10 + [1] * 10,
        "反": [1] * 10 + [0] * 10,
    })  # fmt: skip
    frame["总"] = frame["好"] * 5
    flags = analyze_items(frame, {"易": 1, "难": 1, "好": 1, "反": 1, "总": 5}).items.set_index("item")["flag"]
    assert "过易" in flags["易"] and "过难" in flags["难"]
    assert flags["好"] == ""
    assert "区分度" in flags["反"] and "点双列" in flags["反"]


def test_option_rates():
    choices = pd.DataFrame({"1": ["A", "B", "A", "", "a"], "2": ["C", "C", "D", "C", "C"]})
    scores = pd.DataFrame({"1": [2, 0, 2, 0, 2], "2": [2, 2, 0, 2, 2]})
    result = analyze_items(scores, {"1": 2, "2": 2}, choices=choices, keys={"1": "A", "2": "C"})
    options = result.options.set_index(["item", "option"])
    assert options.loc[("1", "A"), "rate"] == pytest.approx(3 / 5) and options.loc[("1", "A"), "key"]
    assert options.loc[("1", "未作答"), "count"] == 1
    assert options.loc[("2", "D"), "rate"] == pytest.approx(1 / 5) and not options.loc[("2", "D"), "key"]


def test_alpha_of_identical_items_is_one():
    x = np.array([[1, 1], [2, 2], [0, 0], [3, 3]], dtype=float)
    assert cronbach_alpha(x) == pytest.approx(1.0)
    assert math.isnan(cronbach_alpha(x[:, :1]))


@pytest.mark.parametrize(
    ("frame", "marks", "message"),
    [pytest.param(pd.DataFrame({"1": [3, 1]}), {"1": 2}, "超出", id="above-full"),
     pytest.param(pd.DataFrame({"1": [1, 1]}), {"2": 2}, "缺少小题满分", id="missing-marks"),
     pytest.param(pd.DataFrame(), None, "没有小题", id="empty")],
)  # fmt: skip
def test_bad_items(frame, marks, message):
    with pytest.raises(ScoresInputError, match=message):
        analyze_items(frame, marks)
