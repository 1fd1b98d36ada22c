from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.ledger.core import (
    Action,
    Category,
    Severity,
    Status,
    TransitionError,
    accept,
    add_evidence,
    edit,
    extend_deadline,
    reject,
    start,
    submit,
)
from tests.ledger.factory import SCHOOL_B, hours, item, photo

pytestmark = pytest.mark.core


def test_the_whole_life_of_an_item():
    i0 = item()
    i1 = start(i0, hours(1), "李校长")
    i2 = add_evidence(i1, photo(hours(2)))
    i3 = submit(i2, hours(3), "李校长", "已清理")
    i4 = accept(i3, hours(4), "王明")
    assert [x.status for x in (i0, i1, i2, i3, i4)] == [Status.PENDING, Status.IN_PROGRESS, Status.IN_PROGRESS,
                                                         Status.AWAITING_CHECK, Status.CLOSED]
    assert [h.action for h in i4.history] == [Action.CREATE, Action.START, Action.ADD_EVIDENCE, Action.SUBMIT,
                                              Action.ACCEPT]
    assert i4.closed_at == hours(4) and i4.submitted_at == hours(3)
    assert i0.status is Status.PENDING and len(i0.history) == 1  # the original is untouched


def test_rejection_returns_to_in_progress_with_the_reason():
    i = submit(add_evidence(start(item(), hours(1), "李"), photo(hours(2))), hours(3), "李")
    r = reject(i, hours(4), "王明", "照片看不出通道已清空")
    assert r.status is Status.IN_PROGRESS
    assert r.last_rejection_reason == "照片看不出通道已清空" and r.rejections == 1
    assert r.history[-1].from_status is Status.AWAITING_CHECK and r.history[-1].to_status is Status.IN_PROGRESS
    done = accept(submit(add_evidence(r, photo(hours(5), name="b.jpg")), hours(6), "李"), hours(7), "王明")
    assert done.status is Status.CLOSED and len(done.evidence) == 2


ALLOWED = {(Status.PENDING, "start"), (Status.IN_PROGRESS, "submit"), (Status.AWAITING_CHECK, "accept"),
           (Status.AWAITING_CHECK, "reject")}
STEPS = {
    "start": lambda i, t: start(i, t, "x"),
    "submit": lambda i, t: submit(i, t, "x"),
    "accept": lambda i, t: accept(i, t, "x"),
    "reject": lambda i, t: reject(i, t, "x", "不合格"),
}


def in_status(status: Status):
    i = add_evidence(item(), photo(hours(0.5)))
    path = {Status.PENDING: [], Status.IN_PROGRESS: ["start"], Status.AWAITING_CHECK: ["start", "submit"],
            Status.CLOSED: ["start", "submit", "accept"]}[status]
    for k, name in enumerate(path, 1):
        i = STEPS[name](i, hours(k))
    assert i.status is status
    return i


@pytest.mark.parametrize("status,step", list(itertools.product(Status, STEPS)),
                         ids=[f"{s.value}-{a}" for s, a in itertools.product(Status, STEPS)])
def test_transition_table(status, step):
    i = in_status(status)
    if (status, step) in ALLOWED:
        assert STEPS[step](i, hours(10)).history[-1].from_status is status
    else:
        with pytest.raises(TransitionError, match=status.value):
            STEPS[step](i, hours(10))


def test_submit_needs_evidence_when_required():
    i = start(item(), hours(1), "李")
    with pytest.raises(TransitionError, match="佐证材料"):
        submit(i, hours(2), "李")
    no_evidence_needed = start(item(evidence_required=""), hours(1), "李")
    assert submit(no_evidence_needed, hours(2), "李").status is Status.AWAITING_CHECK


@pytest.mark.parametrize("call,message", [
    (lambda i: reject(submit(add_evidence(start(i, hours(1), "a"), photo(hours(2))), hours(3), "a"), hours(4),
                      "b", "  "), "原因"),
    (lambda i: extend_deadline(i, dt.date(2026, 10, 30), hours(1), "a", ""), "原因"),
    (lambda i: extend_deadline(i, dt.date(2026, 9, 20), hours(1), "a", "天气"), "应晚于"),
    (lambda i: start(i, hours(-1), "a"), "早于上一条记录"),
    (lambda i: start(i, hours(1), " "), "操作人"),
    (lambda i: edit(i, hours(1), "a", deadline=dt.date(2027, 1, 1)), "不能修改字段"),
    (lambda i: add_evidence(in_status(Status.AWAITING_CHECK), photo(hours(9))), "不能上传"),
    (lambda i: extend_deadline(in_status(Status.CLOSED), dt.date(2027, 1, 1), hours(9), "a", "x"), "已销号"),
    (lambda i: edit(in_status(Status.CLOSED), hours(9), "a", description="新"), "已销号"),
], ids=["reject-without-reason", "extend-without-reason", "extend-earlier", "time-backwards", "no-operator",
        "edit-deadline-directly", "evidence-while-awaiting-check", "extend-closed", "edit-closed"])
def test_refused_changes(call, message):
    with pytest.raises(TransitionError, match=message):
        call(item())


def test_create_refuses_bad_items():
    with pytest.raises(TransitionError, match="早于检查日期"):
        item(deadline=dt.date(2026, 8, 1))


def test_extend_and_edit_are_recorded_old_to_new():
    i = extend_deadline(item(), dt.date(2026, 10, 15), hours(1), "王明", "需采购灭火器")
    assert i.deadline == dt.date(2026, 10, 15)
    assert i.history[-1].changes == (("deadline", "2026-09-30", "2026-10-15"),)
    e = edit(i, hours(2), "王明", severity=Severity.SERIOUS, unit=SCHOOL_B, category=Category.SAFETY)
    assert e.history[-1].action is Action.EDIT
    assert {f: (o, n) for f, o, n in e.history[-1].changes} == {
        "severity": ("一般", "较重"), "unit": ("城关一小（李校长）", "河口中学（赵校长）")}
    assert edit(e, hours(3), "王明", severity=Severity.SERIOUS) is e


ACTIONS = st.sampled_from(["start", "evidence", "submit", "accept", "reject", "extend"])


@settings(max_examples=50, deadline=None)
@given(st.lists(ACTIONS, max_size=15))
def test_history_replays_to_the_status(actions):
    """Whatever is attempted, the stored status equals the last history entry and history only grows."""
    i = item()
    for k, name in enumerate(actions, 1):
        t = hours(k)
        before = len(i.history)
        try:
            if name == "evidence":
                i = add_evidence(i, photo(t, name=f"{k}.jpg"))
            elif name == "extend":
                i = extend_deadline(i, i.deadline + dt.timedelta(days=1), t, "x", "延期")
            else:
                i = STEPS[name](i, t)
        except TransitionError:
            assert len(i.history) == before
            continue
        assert len(i.history) == before + 1
    assert i.status is i.history[-1].to_status
    assert all(a.to_status == b.from_status for a, b in zip(i.history, i.history[1:]))
    assert (i.closed_at is not None) == (i.status is Status.CLOSED)
