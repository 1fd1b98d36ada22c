"""Lottery and ledger benchmark: prints timings (DESIGN §7 sets no target; ours: a city-sized draw of
100,000 applicants drawn, written and verified in ≤ 10 s, a county-sized one of 5,000 in ≤ 1 s; ledger
statistics and both reports for 5,000 items in ≤ 10 s).

Run: .venv/bin/python benchmarks/lottery.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import tempfile
import time
from pathlib import Path

from junheng.ledger.core import (
    Category,
    ResponsibleUnit,
    Severity,
    Source,
    UnitKind,
    by_category,
    by_unit,
    count_by_status,
    create_item,
    leader_dashboard,
    start,
    weekly_report,
)
from junheng.lottery.core import (
    Applicant,
    freeze,
    read_result_file,
    run_draw,
    single_school_rules,
    verify_draw,
    write_result_file,
)


def applicants(n: int, rng: random.Random) -> list[Applicant]:
    out, i = [], 0
    while len(out) < n:
        tier = rng.choice((1, 2, 2, 3))
        if rng.random() < 0.03:
            out += [Applicant(f"{i:07d}", tier, f"G{i}"), Applicant(f"{i + 1:07d}", tier, f"G{i}")]
            i += 2
        else:
            out.append(Applicant(f"{i:07d}", tier))
            i += 1
    return out


def lottery(n: int, seats: int, target: float) -> None:
    people = applicants(n, random.Random(n))
    seed = hashlib.sha256(b"benchmark").hexdigest()
    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()
        t0 = time.perf_counter()
        frozen = freeze(people)
        t1 = time.perf_counter()
        result = run_draw(frozen.applicants, seed, single_school_rules(seats))
        t2 = time.perf_counter()
        path = write_result_file(result, Path(tmp) / "r.json")
        t3 = time.perf_counter()
        check = verify_draw(read_result_file(path), people)
        t4 = time.perf_counter()
        cpu = time.process_time() - cpu
        size = path.stat().st_size / 1e6
    assert check.ok
    total = t4 - t0
    print(f"lottery {len(people):>7,} applicants, {seats:,} seats: freeze {t1 - t0:.2f} s, draw {t2 - t1:.2f} s, "
          f"write {t3 - t2:.2f} s ({size:.1f} MB), verify {t4 - t3:.2f} s; total {total:.2f} s "
          f"(target ≤ {target:g} s: {'OK' if total <= target else 'MISSED'}; CPU {cpu:.2f} s); "
          f"SHA-256 blocks used {result.stream_blocks:,}")


def ledger(n: int, target: float) -> None:
    from junheng.ledger.reports.word import write_excel_report, write_word_report

    rng = random.Random(1)
    units = [ResponsibleUnit(f"36012300{k:02d}", f"学校{k:02d}", UnitKind.SCHOOL, f"校长{k}") for k in range(80)]
    t0 = time.perf_counter()
    items = []
    for k in range(n):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        at = dt.datetime.combine(day, dt.time(9))
        item = create_item(f"ZG{k:05d}", source=Source("检查", day, "督导室"), category=rng.choice(list(Category)),
                           unit=rng.choice(units), description="问题描述" * 5, severity=rng.choice(list(Severity)),
                           deadline=day + dt.timedelta(days=rng.randrange(10, 90)), evidence_required="",
                           at=at, by="督导室")
        items.append(start(item, at + dt.timedelta(days=1), "校长") if rng.random() < 0.5 else item)
    t1 = time.perf_counter()
    today = dt.date(2026, 11, 23)
    count_by_status(items, today), by_unit(items, today), by_category(items, today)
    leader_dashboard(items, today), weekly_report(items, today)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_word_report(items, today, Path(tmp) / "r.docx")
        t3 = time.perf_counter()
        write_excel_report(items, today, Path(tmp) / "r.xlsx")
        t4 = time.perf_counter()
    total = t4 - t1
    print(f"ledger  {n:>7,} items: build {t1 - t0:.2f} s, statistics+dashboard+weekly {t2 - t1:.2f} s, "
          f"Word {t3 - t2:.2f} s, Excel {t4 - t3:.2f} s; total (without build) {total:.2f} s "
          f"(target ≤ {target:g} s: {'OK' if total <= target else 'MISSED'})")


if __name__ == "__main__":
    import os

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the wall "
          "times; the CPU time is what the lottery itself costs)")
    lottery(5_000, 1_000, 1.0)
    lottery(100_000, 20_000, 10.0)
    ledger(5_000, 10.0)
