"""The plan optimiser against brute force on tiny cases; every plan is re-assessed and must pass."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from junheng.balance.core import assess, build_sections, weighted_cv
from junheng.balance.core.plan import PlanError, optimise_plan
from junheng.balance.core.plan_model import TransferPolicy, UnitCosts, allowed_pairs
from junheng.balance.core.scenarios import Change, apply_changes
from junheng.balance.core.synthetic import synthetic_county

pytestmark = pytest.mark.core
OFF = {k: None for k in UnitCosts.__dataclass_fields__}


def costs(**on) -> UnitCosts:
    return UnitCosts(**{**OFF, **on})


def primary(sid, town="T1", students=100, **over) -> dict:
    row = {"school_id": sid, "school_name": f"{sid}小学", "stage": "小学", "township_code": town,
           "students": students, "full_time_teachers": 10 * students // 100,
           "teachers_above_required": 6 * students // 100, "backbone_teachers": 2 * students // 100,
           "pe_arts_teachers": 2 * students // 100, "teaching_room_area": 5 * students, "sports_area": 8 * students,
           "equipment_value": 2100 * students, "multimedia_rooms": 3 * students / 100}
    row.update(over)
    return row


def types(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["school_id", "stage", "above_required", "backbone", "pe_arts", "count"])


def brute(frame: pd.DataFrame, options: list[tuple[float, int, callable]]) -> float:
    """Cheapest passing combination; options are (unit cost, max units, amount → changes). A donor must keep
    every indicator it met at the full threshold (the optimiser's default transfer policy)."""
    base = {s.school_id: s for s in assess(frame).sections()}
    best = np.inf
    for combo in itertools.product(*[range(m + 1) for _, m, _ in options]):
        cost = sum(c * k for (c, _, _), k in zip(options, combo, strict=True))
        if cost >= best:
            continue
        changes = [ch for (_, _, make), k in zip(options, combo, strict=True) if k for ch in make(k)]
        try:
            a = assess(apply_changes(frame, changes))
        except ValueError:
            continue
        if not a.resource_passes:
            continue
        kept = all(s.indicators[k].met or not base[s.school_id].indicators[k].met
                   for s in a.sections() for k in s.indicators)
        if kept:
            best = cost
    return best


def move(src, dst, cols):
    return lambda k: [c for col in cols for c in (Change(src, "小学", col, -k), Change(dst, "小学", col, k))]


def add(sid, cols):
    return lambda k: [Change(sid, "小学", col, k) for col in cols]


def test_teacher_transfer_beats_hiring():
    frame = pd.DataFrame([primary("A", teachers_above_required=7), primary("B", teachers_above_required=2)])
    tt = types([("A", "小学", True, False, False, 7), ("B", "小学", True, False, False, 2)])
    c = costs(new_hire=120_000, transfer=30_000)
    plan = optimise_plan(frame, costs=c, teacher_types=tt, policy=TransferPolicy(scope="same_township"))
    expect = brute(frame, [(30_000, 3, move("A", "B", ["teachers_above_required"])),
                           (120_000, 3, add("A", ["teachers_above_required"])),
                           (120_000, 3, add("B", ["teachers_above_required"]))])
    assert plan.cost == pytest.approx(expect) == 60_000
    assert plan.status == "optimal" and plan.assessment.resource_passes


def test_no_transfer_across_townships_when_scope_is_same_township():
    frame = pd.DataFrame([primary("A", "T1", teachers_above_required=7), primary("B", "T2",
                                                                                  teachers_above_required=2)])
    tt = types([("A", "小学", True, False, False, 7), ("B", "小学", True, False, False, 2)])
    plan = optimise_plan(frame, costs=costs(new_hire=120_000, transfer=30_000), teacher_types=tt,
                         policy=TransferPolicy(scope="same_township"))
    expect = brute(frame, [(120_000, 3, add("B", ["teachers_above_required"]))])
    assert plan.cost == pytest.approx(expect)
    assert not any(a.action == "transfer_in" for a in plan.actions)


def test_integer_rooms_for_a_binding_cv():
    frame = pd.DataFrame([primary("A", multimedia_rooms=3), primary("B", multimedia_rooms=3),
                          primary("C", multimedia_rooms=12)])
    assert assess(frame).stages["小学"].cvs["L7"].value > 0.5
    plan = optimise_plan(frame, costs=costs(multimedia_room=80_000))
    # adding rooms to the highest section only raises the CV and the cost: it stays 0 in the search box
    expect = brute(frame, [(80_000, 10, add("A", ["multimedia_rooms"])), (80_000, 10, add("B", ["multimedia_rooms"]))])
    assert plan.cost == pytest.approx(expect)
    assert plan.assessment.stages["小学"].cvs["L7"].value <= 0.5
    assert plan.status == "optimal"


def test_backbone_cv_with_transfers_and_cultivation():
    frame = pd.DataFrame([primary("A", teachers_above_required=8, backbone_teachers=5),
                          primary("B", backbone_teachers=1), primary("C", backbone_teachers=1)])
    assert assess(frame).stages["小学"].cvs["L2"].value > 0.5
    tt = types([("A", "小学", True, True, False, 5), ("A", "小学", True, False, False, 3),
                ("B", "小学", True, True, False, 1), ("B", "小学", True, False, False, 5),
                ("C", "小学", True, True, False, 1), ("C", "小学", True, False, False, 5)])
    c = costs(transfer=30_000, cultivate_backbone=20_000)
    plan = optimise_plan(frame, costs=c, teacher_types=tt, policy=TransferPolicy(scope="county"))
    both = ["teachers_above_required", "backbone_teachers"]
    expect = brute(frame, [(30_000, 3, move("A", "B", both)), (30_000, 3, move("A", "C", both)),
                           (20_000, 5, add("B", ["backbone_teachers"])), (20_000, 5, add("C", ["backbone_teachers"]))])
    assert plan.cost == pytest.approx(expect)
    assert plan.assessment.resource_passes


def test_continuous_area_against_a_nonlinear_solver():
    p = np.array([100.0, 200.0, 100.0])
    base = np.array([4.6, 4.6, 12.0]) * p
    frame = pd.DataFrame([primary(s, students=int(n), teaching_room_area=b) for s, n, b in zip("ABC", p, base,
                                                                                                strict=True)])
    plan = optimise_plan(frame, costs=costs(teaching_area_m2=3500))

    def cv(a):
        return weighted_cv((base + a) / p, p).cv

    res = minimize(lambda a: a.sum(), x0=np.array([300.0, 600.0, 0.0]), method="SLSQP",
                   bounds=[(0, None)] * 3, constraints=[{"type": "ineq", "fun": lambda a: 0.5 - cv(a)}])
    assert res.success and cv(res.x) <= 0.5 + 1e-6
    oracle = 3500 * res.x.sum()
    # the plan rounds each amount up to whole ㎡; its CV margin is 1e-4 of the limit
    assert oracle * (1 - 1e-3) <= plan.cost <= oracle * (1 + 2e-3) + 3 * 3500
    assert plan.lower_bound <= plan.cost and plan.gap < 0.01


def test_every_returned_plan_passes_on_a_synthetic_county():
    c = synthetic_county(30, seed=5, spread=0.35)
    from junheng.balance.core import fill_teacher_columns

    table = build_sections(fill_teacher_columns(c.school_year_data, c.teachers, year=2024), schools=c.schools,
                           year=2024)
    assert not assess(table).resource_passes
    plan = optimise_plan(table, policy=TransferPolicy(neighbours=c.neighbours), teachers=c.teachers,
                         time_limit=20)
    again = assess(apply_changes(table, plan.changes))
    assert again.resource_passes
    assert all(s.passes for s in again.sections())
    assert plan.cost == pytest.approx(sum(a.cost for a in plan.actions))
    assert plan.lower_bound <= plan.cost * (1 + 1e-9)
    assert plan.gap <= 0.01
    # transfers respect the township policy
    towns = dict(zip(table.sections["school_id"], table.sections["township_code"], strict=True))
    for a in plan.actions:
        if a.action == "transfer_in":
            t1, t2 = towns[a.school_id], towns[a.counterpart]
            assert t1 == t2 or t2 in c.neighbours[t1]


def test_allowed_pairs_policy():
    frame = pd.DataFrame([primary("A", "T1"), primary("B", "T2"), primary("C", "T3"),
                          {**primary("D", "T1"), "stage": "初中"}])
    same = allowed_pairs(frame, TransferPolicy(scope="same_township"))
    assert len(same) == 0  # D is another stage
    nb = allowed_pairs(frame, TransferPolicy(scope="neighbours", neighbours={"T1": ["T2"]}))
    assert {tuple(x) for x in nb} == {(0, 1), (1, 0)}
    assert len(allowed_pairs(frame, TransferPolicy(scope="county"))) == 6
    dist = allowed_pairs(frame, TransferPolicy(scope="county", max_distance_km=10,
                                               distances={("A", "B"): 5, ("A", "C"): 30}))
    assert {tuple(x) for x in dist} == {(0, 1), (1, 0)}


def test_basic_2012_is_refused_with_a_clear_message():
    with pytest.raises(PlanError, match="综合差异系数"):
        optimise_plan(pd.DataFrame([primary("A")]), "basic_2012")


def test_infeasible_when_every_action_is_off():
    frame = pd.DataFrame([primary("A", teachers_above_required=1, multimedia_rooms=1)])
    with pytest.raises(PlanError):
        optimise_plan(frame, costs=costs(teaching_area_m2=3500))
