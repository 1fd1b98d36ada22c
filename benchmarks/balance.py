"""Balance benchmarks against DESIGN §7 — run: .venv/bin/python benchmarks/balance.py

1. 优质均衡 assessment of 500 school sections (target ≤ 1 s).
2. Plan optimiser on 200 schools and ~5,000 teachers (target: optimal or ≤ 1% gap in ≤ 30 s).
Data: the seeded synthetic county of ``junheng.balance.core.synthetic``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from junheng.balance.core import assess, build_sections, fill_teacher_columns
from junheng.balance.core.plan import optimise_plan
from junheng.balance.core.plan_model import TransferPolicy
from junheng.balance.core.scenarios import apply_changes
from junheng.balance.core.shortfalls import cv_drivers, shortfalls
from junheng.balance.core.synthetic import synthetic_county


def bench_assessment(n_sections: int, seed: int) -> None:
    n_schools = n_sections
    while True:
        c = synthetic_county(n_schools, seed=seed, n_townships=20)
        data = fill_teacher_columns(c.school_year_data, c.teachers, year=2024)
        table = build_sections(data, schools=c.schools, year=2024)
        if len(table.sections) >= n_sections:
            break
        n_schools += 20
    keep = table.sections.head(n_sections)
    table.sections = keep.reset_index(drop=True)
    cold = time.perf_counter()
    assess(table)
    cold = time.perf_counter() - cold
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        a = assess(table)
        runs.append(time.perf_counter() - t)
    t = time.perf_counter()
    build_sections(data, schools=c.schools, year=2024)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    items, drivers = shortfalls(a), cv_drivers(a)
    t_short = time.perf_counter() - t
    med = statistics.median(runs)
    print(f"[assessment] {len(table.sections)} sections ({len(c.schools)} schools), all four dimensions with "
          "provenance")
    print(f"  assess(): median {med:.3f} s (first call {cold:.3f} s) — target ≤ 1 s: {'OK' if med <= 1 else 'MISS'}")
    print(f"  build_sections() from school_year_data: {t_build:.3f} s; shortfalls + CV drivers: {t_short:.3f} s "
          f"({len(items)} shortfalls, {len(drivers)} failing CVs)")


def bench_plan(n_schools: int, seed: int, time_limit: float) -> None:
    c = synthetic_county(n_schools, seed=seed, n_townships=15, spread=0.35, students_range=(120, 600),
                         teachers_per_100=6.0)
    data = fill_teacher_columns(c.school_year_data, c.teachers, year=2024)
    table = build_sections(data, schools=c.schools, year=2024)
    base = assess(table)
    failing_cv = [f"{s.stage}{k}" for s in base.stages.values() for k, cv in s.cvs.items() if cv.passes is False]
    failing = sum(not s.passes for s in base.sections())
    print(f"[plan] {n_schools} schools, {len(table.sections)} sections, {len(c.teachers)} teachers, "
          f"{c.school_year_data['students'].sum():.0f} pupils; {failing} sections fail their rule; "
          f"failing CVs: {', '.join(failing_cv) or 'none'}")
    t = time.perf_counter()
    plan = optimise_plan(table, policy=TransferPolicy(scope="neighbours", neighbours=c.neighbours),
                         teachers=c.teachers, time_limit=time_limit)
    wall = time.perf_counter() - t
    again = assess(apply_changes(table, plan.changes))
    ok = (plan.status == "optimal" or plan.gap <= 0.01) and wall <= 30
    transfers = sum(a.amount for a in plan.actions if a.action == "transfer_in")
    print(f"  status {plan.status}, cost {plan.cost / 1e4:,.1f} 万元, lower bound {plan.lower_bound / 1e4:,.1f} 万元, "
          f"gap {plan.gap:.3%}; {plan.iterations} MILP solve(s), {plan.cuts} cone cuts kept; {wall:.1f} s "
          f"— target optimal or ≤ 1% gap in ≤ 30 s: {'OK' if ok else 'MISS'}")
    print(f"  {len(plan.actions)} actions ({transfers:.0f} teachers transferred); re-assessed: "
          f"{'passes' if again.resource_passes else 'FAILS'}")
    for row in plan.totals().itertuples():
        print(f"    {row.action:<20} {row.amount:>12,.0f} {row.unit}  {row.cost / 1e4:>10,.1f} 万元")
    for n in plan.notes:
        print(f"  note: {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sections", type=int, default=500)
    ap.add_argument("--schools", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--time-limit", type=float, default=25.0)
    args = ap.parse_args()
    bench_assessment(args.sections, args.seed)
    bench_plan(args.schools, args.seed, args.time_limit)


if __name__ == "__main__":
    main()
