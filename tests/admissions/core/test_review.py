from __future__ import annotations

import datetime as dt

import pytest

from junheng.admissions.core import AdmissionSettings, review, review_all
from tests.admissions.helpers import A, B, C, P, app, places, table

pytestmark = pytest.mark.core
S = AdmissionSettings(year=2025)


@pytest.mark.parametrize(("birth", "eligible"), [
    pytest.param(dt.date(2019, 8, 31), True, id="sixth-birthday-on-cutoff"),
    pytest.param(dt.date(2019, 9, 1), False, id="a-day-too-young"),
    pytest.param(dt.date(2019, 1, 1), True, id="older"),
    pytest.param(dt.date(2020, 2, 29), False, id="leap-day-far-too-young"),
])
def test_age_by_the_cutoff(birth, eligible):
    r = review(app("1", birth=birth, hukou=("人民路", 5), prop=("人民路", 5)), table(), places(), S)
    assert r.eligible is eligible
    if not eligible:
        assert "未满 6 周岁" in r.reasons


def test_cutoff_is_a_setting():
    late = AdmissionSettings(year=2025, cutoff="09-30")
    a = app("1", birth=dt.date(2019, 9, 15), hukou=("人民路", 5), prop=("人民路", 5))
    assert not review(a, table(), places(), S).eligible and review(a, table(), places(), late).eligible


def test_over_age_is_noted_but_not_blocking():
    r = review(app("1", birth=dt.date(2016, 1, 1), hukou=("人民路", 5), prop=("人民路", 5)), table(), places(), S)
    assert r.eligible and any(c.name == "超龄" for c in r.checks)


@pytest.mark.parametrize(("kwargs", "school", "tier"), [
    pytest.param({"hukou": ("人民路", 5), "prop": ("人民路", 5)}, A, 1, id="people-and-house-one"),
    pytest.param({"hukou": ("人民路", 7), "prop": ("人民路", 5)}, A, 2, id="hukou-elsewhere-in-zone-is-tier2"),
    pytest.param({"hukou": "东关社区", "prop": ("人民路", 5)}, A, 2, id="house-without-hukou-there"),
    pytest.param({"hukou": "外县某村", "prop": ("人民路", 102)}, B, 2, id="property-only"),
    pytest.param({"hukou": ("人民路", 5)}, A, 3, id="hukou-without-house"),
    pytest.param({"hukou": ("人民路", 5), "prop": ("人民路", 5), "owner": "祖父母"}, A, 3,
                 id="grandparents-house-does-not-count"),
    pytest.param({"kind": "外地", "permit": ("人民路", 9)}, A, 4, id="migrant-with-permit"),
    pytest.param({"hukou": ("人民路", 5), "prop": ("人民路", 102)}, B, 2, id="best-tier-wins-across-zones"),
])
def test_tiers(kwargs, school, tier):
    r = review(app("1", **kwargs), table(), places(), S)
    assert (r.eligible, r.school, r.tier) == (True, school, tier)


def test_migrant_with_too_few_months_is_not_eligible():
    r = review(app("1", kind="外地", permit=("人民路", 9), months=11), table(), places(), S)
    assert not r.eligible and "不符合学区内任一入学类别" in r.reasons
    assert review(app("1", kind="外地", permit=("人民路", 9), months=12), table(), places(), S).tier == 4


def test_unknown_address_is_not_zoned():
    r = review(app("1", hukou="北关社区"), table(), places(), S)
    assert not r.eligible and r.school is None and "不在任何小学学区内" in r.reasons


def test_chosen_school_must_be_a_zone_school():
    r = review(app("1", hukou=("人民路", 5), chosen=B), table(), places(), S)
    assert not r.eligible and "不是该地址的学区学校" in r.reasons


def test_multi_school_zone_choice_and_order():
    first = review(app("1", hukou="西岭村"), table(), places(), S)
    chose = review(app("2", hukou="西岭村", chosen=C), table(), places(), S)
    assert (first.school, first.zone_schools) == (B, (B, C)) and chose.school == C


def test_private_school_has_no_tiers_and_keeps_zone_for_fallback():
    r = review(app("1", hukou=("人民路", 5), chosen=P), table(), places(), S)
    assert (r.eligible, r.school, r.tier, r.zone_schools) == (True, P, 1, (A,))
    assert review(app("2", hukou="北关社区", chosen=P), table(), places(), S).eligible


def test_second_application_for_the_same_child_is_not_eligible():
    apps = [app("1", hukou=("人民路", 5), key="K"), app("2", hukou=("人民路", 7), key="K")]
    first, second = review_all(apps, table(), places(), S)
    assert first.eligible and not second.eligible and "同一儿童已有报名 1" in second.reasons
