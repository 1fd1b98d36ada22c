"""Random histories against deliberately naive references (row by row, dates by hand)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from junheng.teachers.core import TeacherSettings, eligibility, quota, training
from tests.teachers.core.cases import make, post, teacher

pytestmark = pytest.mark.core
SCHOOLS = ("S1", "S2")
KINDS = ("任教", "调动", "交流轮岗", "支教", "跟岗")


@st.composite
def histories(draw):
    teachers, posts = [], []
    for i in range(draw(st.integers(1, 8))):
        tid = f"T{i}"
        teachers.append(teacher(tid, draw(st.sampled_from(("男", "女"))), draw(st.integers(1962, 1999))))
        day = dt.date(draw(st.integers(2008, 2020)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        for k in range(draw(st.integers(1, 4))):
            kind = "任教" if k == 0 else draw(st.sampled_from(KINDS))
            length = draw(st.integers(30, 2500))
            end = day + dt.timedelta(days=length)
            last = k == 3 or draw(st.booleans())
            posts.append(post(tid, draw(st.sampled_from(SCHOOLS)), day.isoformat(),
                              None if last and kind != "跟岗" else end.isoformat(), kind))
            if last and kind != "跟岗":
                break
            day = end + dt.timedelta(days=1) if kind != "跟岗" else day + dt.timedelta(days=length // 2)
    return make(teachers, posts)


def naive_eligible(h, year, s: TeacherSettings) -> dict[str, bool]:
    day = dt.date(year, 8, 1)
    out = {}
    for t in h.teachers.itertuples(index=False):
        mine = [p for p in h.posts.itertuples(index=False) if p.teacher_id == t.teacher_id and p.kind not in
                s.non_counting_kinds]
        mine.sort(key=lambda p: p.start)
        covering = [p for p in mine if p.start.date() <= day and (p.end is None or p.end != p.end
                                                                 or p.end.date() >= day)]
        if not covering:
            continue
        current = covering[-1]
        before = [p for p in mine if p.start.date() <= day]
        k = before.index(current)
        while k > 0 and before[k - 1].school_id == current.school_id:
            k -= 1
        since = before[k].start.date()
        years = day.year - since.year - ((since.month, since.day) > (day.month, day.day))
        retire = t.birth_year + (55 if t.gender == "女" else 60)
        out[t.teacher_id] = years >= 6 and retire - year >= 5
    return out


@given(histories(), st.integers(2012, 2026))
def test_eligibility_matches_a_row_by_row_reference(h, year):
    s = TeacherSettings()
    el = eligibility(h, year, s)
    assert dict(zip(el["teacher_id"], el["eligible"])) == naive_eligible(h, year, s)


@given(histories(), st.integers(2012, 2026))
def test_quota_adds_up(h, year):
    q = quota(h, year)
    assert q.county.eligible == sum(x.eligible for x in q.schools.values())
    assert q.county.exchanged == sum(x.exchanged for x in q.schools.values()) == q.moved["teacher_id"].nunique()
    assert all(0 <= x.backbone_exchanged <= x.exchanged for x in q.schools.values())
    first, last = TeacherSettings().year_window(year)
    assert all(first <= d.date() <= last for d in q.moved["start"])


@given(histories(), st.lists(st.tuples(st.integers(0, 7), st.integers(2015, 2030), st.integers(1, 12),
                                      st.floats(0, 120, allow_nan=False)), max_size=30))
def test_training_hours_match_a_plain_sum(h, records):
    rows = [{"teacher_id": f"T{i}", "course": f"c{n}", "level": "县级", "hours": hrs, "date": f"{y}-{m:02d}-15"}
            for n, (i, y, m, hrs) in enumerate(records)]
    h = h.with_(training=rows)
    t = training(h, 2023).table.set_index("teacher_id")
    for tid in t.index:
        expect = sum(r["hours"] for r in rows if r["teacher_id"] == tid and "2021" <= r["date"][:4] <= "2025")
        assert t.loc[tid, "hours"] == pytest.approx(round(expect, 2), abs=0.011)
