"""Admissions benchmark: 50,000 first-grade applications reviewed (age, zone, tiers, duplicates) and allocated
(plan, the lottery draw of the oversubscribed schools, fallbacks) in ≤ 10 s — the issue's target.

A city-sized synthetic intake: 80 public primary schools with two streets each (odd/even sides to different
schools) and a community, 8 private schools, 5 % of the schools oversubscribed.

Run: .venv/bin/python benchmarks/admissions.py
"""

from __future__ import annotations

import datetime as dt
import random
import time

from junheng.admissions.core import (
    Address,
    AddressUnit,
    AdmissionSettings,
    Application,
    SchoolPlaces,
    build_table,
    candidates_from,
    finish,
    outcomes_from_result,
    plan,
    review_all,
)
from junheng.lottery.core import result_to_dict, run_draw

N = 50_000
PUBLIC, PRIVATE = 80, 8
TARGET = 10.0


def county(rng: random.Random):
    rows, places = [], {}
    for i in range(PUBLIC):
        sid = f"P{i:03d}"
        rows.append((f"Z{i:03d}", "小学", "单校划片", (sid,), AddressUnit("道路", f"路{i}", 1, 999, "单号")))
        rows.append((f"Z{i:03d}", "小学", "单校划片", (sid,), AddressUnit("道路", f"路{(i + 1) % PUBLIC}", 2, 1000, "双号")))
        rows.append((f"Z{i:03d}", "小学", "单校划片", (sid,), AddressUnit("社区", f"社区{i}")))
        classes = 16 if i % 20 else 10          # every 20th school has too few classes for its demand
        places[sid] = SchoolPlaces(sid, f"第{i}小学", "小学", "公办", classes, 45, (f"P{(i + 1) % PUBLIC:03d}",))
    for j in range(PRIVATE):
        sid = f"M{j:02d}"
        places[sid] = SchoolPlaces(sid, f"民办{j}", "小学", "民办", 2, 45)
    return build_table(rows), places


def applications(rng: random.Random) -> list[Application]:
    out = []
    cutoff = dt.date(2019, 8, 31)
    for k in range(N):
        i = rng.randrange(PUBLIC)
        birth = cutoff - dt.timedelta(days=rng.randrange(-20, 365))        # a few too young
        street = Address(f"路{i}", rng.randrange(1, 1000, 2)) if rng.random() < 0.5 else Address(f"社区{i}")
        kind = rng.random()
        chosen = f"M{rng.randrange(PRIVATE):02d}" if rng.random() < 0.03 else ""
        if kind < 0.7:
            app = Application(f"A{k:06d}", f"C{k}", "x", birth, hukou=street, property=street, property_owner="父母",
                              chosen=chosen)
        elif kind < 0.9:
            app = Application(f"A{k:06d}", f"C{k}", "x", birth, hukou=street, chosen=chosen)
        else:
            app = Application(f"A{k:06d}", f"C{k}", "x", birth, hukou_kind="外地", permit=street,
                              permit_months=rng.randrange(0, 40), insurance_months=rng.randrange(0, 40), chosen=chosen)
        out.append(app)
    return out


def main() -> None:
    rng = random.Random(7)
    table, places = county(rng)
    apps = applications(rng)
    t0 = time.perf_counter()
    reviews = review_all(apps, table, places, AdmissionSettings(year=2025))
    t1 = time.perf_counter()
    cands, bad = candidates_from(reviews, places)
    p = plan(cands, places, bad)
    t2 = time.perf_counter()
    result = result_to_dict(run_draw(p.lottery, "5e" * 32, p.rules))
    t3 = time.perf_counter()
    alloc = finish(p, outcomes_from_result(result))
    t4 = time.perf_counter()
    total = t4 - t0
    over = sum(1 for s in p.schools.values() if s.to_lottery)
    placed = sum(1 for o in alloc.outcomes.values() if o.school)
    print(f"{N:,} applications: review {t1 - t0:.2f} s, plan {t2 - t1:.2f} s, lottery draw of {len(p.lottery):,} "
          f"({over} schools) {t3 - t2:.2f} s, results and fallbacks {t4 - t3:.2f} s")
    print(f"total {total:.2f} s (target ≤ {TARGET:.0f} s) — eligible {len(cands):,}, placed {placed:,}: "
          f"{'OK' if total <= TARGET else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
