"""The figures 教学质量 publishes for other modules (junheng.scores.api), on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pytest

from junheng.modules import collect_figures
from junheng.scores.api import term_window
from tests.scores import web_fixtures as wf
from tests.web.conftest import *  # the fixtures web_deployment, app, client_for

pytestmark = pytest.mark.db


@pytest.mark.core
@pytest.mark.parametrize(("term", "first", "last"), [
    pytest.param("2024-1", "2024-02-01", "2024-07-31", id="spring"),
    pytest.param("2024-2", "2024-08-01", "2025-01-31", id="autumn-crosses-the-year"),
])
def test_term_window(term, first, last):
    a, b = term_window(term)
    assert (a.isoformat(), b.isoformat()) == (first, last)


def test_the_terms_latest_exam_gives_each_schools_rates_and_value_added(web_deployment, tmp_path):
    wf.two_exams(web_deployment, tmp_path)  # 2024-11-10 and 2025-01-15: both in term 2024-2
    with web_deployment.db.transaction() as session:
        found = collect_figures(session, "2024-2", {"scores.pass_rate", "scores.value_added"})
        from junheng.scores.core.model import TOTAL
        from junheng.scores.store.queries import list_exams, load_exam

        latest = load_exam(session, list_exams(session)[0])
        expected = latest.analysis.level("school", TOTAL).set_index("school")["pass_rate"]
        ids = latest.school_ids
        assert latest.info.date == "2025-01-15"
    rates = {f.school: f for f in found if f.key == "scores.pass_rate"}
    assert set(rates) == {ids[name] for name in expected.index}
    for name, value in expected.items():
        assert math.isclose(rates[ids[name]].value, value)
        assert "七年级期末考试" in rates[ids[name]].source
    added = [f for f in found if f.key == "scores.value_added"]
    assert added and all(f.period == "2024-2" for f in added)
    assert any(f.value is not None and "95% 区间" in f.arithmetic for f in added)


def test_a_term_without_exams_publishes_nothing(web_deployment, tmp_path):
    wf.two_exams(web_deployment, tmp_path)
    with web_deployment.db.transaction() as session:
        assert collect_figures(session, "2023-1", {"scores.pass_rate"}) == []
        assert collect_figures(session, "2024", {"scores.pass_rate"}) == []  # a school year is not a term
