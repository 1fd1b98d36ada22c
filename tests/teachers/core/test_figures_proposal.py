import pytest

from junheng.teachers.core import parse_transfers, plan_transfers, propose, year_counts
from junheng.teachers.core.proposal import TransferError
from tests.teachers.core.cases import make, post, teacher

pytestmark = pytest.mark.core


def _county():
    teachers = [teacher("A", education="专科"), teacher("B", education="高中阶段", certificate="否"),
                teacher("C", education="本科"), teacher("J", education="专科"), teacher("K", education="本科"),
                teacher("P", full_time="否")]
    posts = [post("A", "S1", "2010-09-01", subject="体育与健康"), post("B", "S1", "2010-09-01"),
             post("C", "S1", "2010-09-01", "2024-08-24"), post("C", "S2", "2024-08-25", kind="交流轮岗"),
             post("J", "S1", "2016-09-01", section="初中"), post("K", "S1", "2016-09-01", section="初中"),
             post("P", "S1", "2016-09-01")]
    titles = [{"teacher_id": "A", "title": "一级", "date": "2015-01-01"},
              {"teacher_id": "B", "title": "一级", "date": "2025-01-01"}]      # B's title comes after 9-30
    recog = [{"teacher_id": "C", "kind": "骨干教师", "level": "县级", "start": "2020-01-01", "end": None},
             {"teacher_id": "K", "kind": "名师", "level": "市级", "start": "2020-01-01", "end": None}]
    training = [{"teacher_id": "A", "course": "x", "level": "县级", "hours": 360, "date": "2023-01-01"}]
    return make(teachers, posts, titles=titles, recognitions=recog, training=training)


def test_section_counts_with_detail():
    counts = {(c.key, c.school): c for c in year_counts(_county(), 2024)}
    v = {k: c.value for k, c in counts.items()}
    assert v[("full_time_teachers", "S1|小学")] == 2              # A, B (C left for S2, P is not full-time)
    assert v[("teachers_above_required", "S1|小学")] == 1          # A 专科; B 高中阶段
    assert v[("pe_arts_teachers", "S1|小学")] == 1
    assert v[("mid_title_teachers", "S1|小学")] == 1               # A; B's 一级 only in 2025
    assert v[("certified_teachers", "S1|小学")] == 1
    assert v[("training_completed_teachers", "S1|小学")] == 1
    assert v[("full_time_teachers", "S2|小学")] == 1 and v[("backbone_teachers", "S2|小学")] == 1
    assert v[("teachers_above_required", "S1|初中")] == 1          # K 本科; J 专科 is below 初中's 本科
    assert v[("backbone_teachers", "S1|初中")] == 1
    assert v[("exchange_eligible_teachers", "S1|小学")] == 3       # A, B, C on 2024-08-01
    assert v[("exchanged_teachers", "S1|小学")] == 1 and v[("exchanged_backbone_teachers", "S1|小学")] == 1
    assert counts[("exchanged_teachers", "S1|小学")].detail == ("C 教师C",)
    assert v[("exchange_rate", "S1")] == pytest.approx(1 / 5)      # J, K eligible too (8 years)
    assert v[("training_completion_rate", "S1")] == pytest.approx(1 / 4)
    assert "÷" in counts[("exchange_rate", "S1")].arithmetic


def test_no_records_for_the_year_gives_no_figures():
    assert year_counts(_county(), 2005) == []


def test_proposal_names_eligible_teachers_backbone_first():
    h = _county()
    items = propose(h, 2025, parse_transfers([
        {"from": "S1", "to": "S2", "stage": "初中", "count": 1, "reason": "补充骨干教师"},
        {"from": "S1", "to": "S2", "stage": "初中", "count": 2, "reason": ""}])).as_dict()
    assert [i["teacher_id"] for i in items["items"]] == ["K", "J"]
    assert items["items"][0]["backbone"] and "骨干" in items["items"][0]["why"]
    assert items["notes"] and "需要 2 人" in items["notes"][0]


@pytest.mark.parametrize("data,message", [
    pytest.param({"from": "S1"}, "列表", id="not-a-list"),
    pytest.param([{"from": "S1", "to": "S2", "stage": "小学"}], "count", id="missing-count"),
    pytest.param([{"from": "S1", "to": "S2", "stage": "高中", "count": 1}], "stage", id="bad-stage"),
    pytest.param([{"from": "S1", "to": "S2", "stage": "小学", "count": 1.5}], "正整数", id="fraction"),
    pytest.param([{"from": "S1", "to": "S1", "stage": "小学", "count": 1}], "相同", id="same-school"),
])
def test_bad_transfer_lists(data, message):
    with pytest.raises(TransferError, match=message):
        parse_transfers(data)


def test_plan_json_transfer_actions():
    plan = {"actions": [
        {"school_id": "S2", "stage": "小学", "action": "transfer_in", "amount": 2.0, "text": "由 S1 交流调入骨干教师 2 人",
         "counterpart": "S1"},
        {"school_id": "S1", "stage": "小学", "action": "transfer_out", "amount": 2.0, "text": "…", "counterpart": "S2"},
        {"school_id": "S2", "stage": "小学", "action": "hire", "amount": 1.0, "text": "…", "counterpart": None}]}
    (t,) = plan_transfers(plan)
    assert (t.from_school, t.to_school, t.stage, t.count) == ("S1", "S2", "小学", 2) and "骨干" in t.reason


def test_proposal_skips_teachers_already_exchanged_this_year():
    h = _county()
    p = propose(h, 2024, parse_transfers([{"from": "S1", "to": "S2", "stage": "小学", "count": 3, "reason": ""}]))
    assert [i.teacher_id for i in p.items] == ["A", "B"]      # C, also eligible on 2024-08-01, moved on 08-25
