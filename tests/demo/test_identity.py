"""Properties of the building blocks: ID numbers, names, the exam score scale, class labels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.demo.base import class_label, section_of_grade
from junheng.demo.exams import _soft_limits
from junheng.demo.identity import chinese_names, id_numbers
from junheng.demo.pupils import grade_birth_window

pytestmark = pytest.mark.core


def _valid(number: str) -> bool:
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(number[:17]))
    value = (12 - total % 11) % 11
    return number[17] == ("X" if value == 10 else str(value))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300),
       address=st.sampled_from(["139021", "110105", "410523"]),
       day=st.dates(min_value=np.datetime64("2005-01-01").item(), max_value=np.datetime64("2019-12-31").item()))
def test_id_numbers_valid_unique_and_consistent(seed, n, address, day):
    rng = np.random.default_rng(seed)
    genders = np.where(rng.random(n) < 0.5, "男", "女")
    birth = np.full(n, np.datetime64(day, "D"))          # everyone born the same day: many sequence clashes
    taken = id_numbers(np.random.default_rng(seed + 1), np.full(5, address), birth[:5] if n >= 5 else
                       np.full(5, np.datetime64(day, "D")), np.array(["男"] * 5))
    ids = id_numbers(rng, np.full(n, address), birth, genders, taken=taken)
    assert len(set(ids)) == n and not set(ids) & set(taken)
    assert all(_valid(x) for x in ids)
    assert all(x[:6] == address and x[6:14] == day.strftime("%Y%m%d") for x in ids)
    assert all((int(x[16]) % 2 == 1) == (g == "男") for x, g in zip(ids, genders))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 200), adult=st.booleans())
def test_names_are_two_to_four_chinese_characters(seed, n, adult):
    rng = np.random.default_rng(seed)
    names = chinese_names(rng, np.where(rng.random(n) < 0.5, "男", "女"), adult=adult)
    assert all(2 <= len(x) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in x) for x in names)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=2, max_size=50))
def test_score_scale_is_monotone_and_bounded(values):
    x = np.sort(np.array(values))
    y = _soft_limits(x)
    assert (np.diff(y) >= -1e-12).all()
    assert (y >= 0.05).all() and (y <= 1.0).all()


@pytest.mark.parametrize("grade,start,end", [(1, "2017-09-01", "2018-08-31"), (7, "2011-09-01", "2012-08-31"),
                                             (12, "2006-09-01", "2007-08-31")], ids=["一年级", "七年级", "高三"])
def test_birth_window(grade, start, end):
    lo, hi = grade_birth_window(np.array([grade]))
    assert str(lo[0]) == start and str(hi[0]) == end


@pytest.mark.parametrize("grade,number,label,section", [(1, 2, "一年级2班", "小学"), (9, 11, "九年级11班", "初中"),
                                                        (10, 3, "高一年级3班", "高中")], ids=["1", "9", "10"])
def test_class_labels(grade, number, label, section):
    assert class_label(grade, number) == label
    assert section_of_grade(grade) == section
