"""The machine-readable JSON of an assessment (the stable CLI contract of issue 3) and of plans/shortfalls."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from junheng.balance.core.results import Assessment


def _f(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return float(x)


def assessment_to_contract(a: Assessment) -> dict[str, Any]:
    """``{"standard", "pass", "stages": {stage: {"pass", "cv", "sections"[, "composite_cv"]}}}``.

    "pass" is the verdict the section data decides: 资源配置 (quality_2017) / 校际均衡状况 (basic_2012).
    Values are per 100 students or per student as the standard defines them; CVs unrounded; an empty stage is
    absent. A CV without its own limit (basic_2012) has limit and pass null.
    """
    stages: dict[str, Any] = {}
    for name, s in a.stages.items():
        entry: dict[str, Any] = {
            "pass": bool(s.passes),
            "cv": {k: {"value": _f(c.value), "limit": _f(c.limit), "pass": c.passes} for k, c in s.cvs.items()},
            "sections": [{"school_id": r.school_id, "values": {k: _f(v) for k, v in r.values.items()},
                          "met": int(r.met), "pass": bool(r.passes)} for r in s.sections],
        }
        if s.composite is not None:
            entry["composite_cv"] = {"value": _f(s.composite.value), "limit": _f(s.composite.limit),
                                     "pass": s.composite.passes}
        stages[name] = entry
    return {"standard": a.standard.name, "pass": bool(a.resource_passes), "stages": stages}


def plan_to_json(plan) -> dict[str, Any]:
    """A plan as JSON: status, cost (yuan), bound and gap, actions."""
    return {
        "status": plan.status, "cost": plan.cost, "lower_bound": plan.lower_bound, "gap": plan.gap,
        "iterations": plan.iterations, "cuts": plan.cuts, "seconds": round(plan.seconds, 3),
        "pass_after": bool(plan.assessment.resource_passes), "notes": list(plan.notes),
        "actions": [asdict(x) for x in plan.actions],
    }


def shortfalls_to_json(items, drivers) -> dict[str, Any]:
    return {"shortfalls": [asdict(s) for s in items],
            "cv_drivers": [{"stage": d.stage, "key": d.key, "cv": d.cv, "limit": d.limit, "text": d.text,
                            "floor": d.floor, "cv_after": d.cv_after,
                            "raised": [asdict(x) for x in d.raised],
                            "contributions": [asdict(c) for c in d.contributions]} for d in drivers]}
