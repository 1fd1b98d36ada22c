"""Benchmark: the term census (学籍清查) of a province-size roster pair — 2,000,000 students.

    .venv/bin/python benchmarks/retention.py [--n 2000000]

1. Generates a seeded pair of rosters (junheng.retention.core.synthetic) and writes them as CSV, the contract's input.
2. In a fresh process (so its peak memory is its own): reads and validates both CSV files (``read_roster``),
   runs the census, writes the contract JSON — the path of ``junheng retention census`` — printing each time.
3. For scale: the census core on the same frames, and a hand-written DuckDB SQL of the two-pass match (by
   学籍号, then ID number) with the outcome rules but without duplicate handling — the practical limit.

DESIGN §7 sets no census target; issue 4 asks for a province-size census "fast". Printed: seconds, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def run_cli_path(old: Path, new: Path, out: Path) -> None:
    """Child process: what ``junheng retention census`` does, timed step by step."""
    from junheng.retention.core.census import run_census
    from junheng.retention.readers.roster_io import read_roster

    t0 = time.perf_counter()
    prev = read_roster(old)
    cur = read_roster(new)
    t1 = time.perf_counter()
    assert prev.ok and cur.ok, (prev.problems[:3], cur.problems[:3])
    result = run_census(prev.roster, cur.roster)
    t2 = time.perf_counter()
    out.write_text(json.dumps(result.to_contract(), ensure_ascii=False), encoding="utf-8")
    t3 = time.perf_counter()
    print(json.dumps({"read_validate": t1 - t0, "census": t2 - t1, "json": t3 - t2, "total": t3 - t0,
                      "peak_rss_gib": peak_rss_gib(), "counts": result.counts()}))


DUCKDB_SQL = """
WITH p AS (SELECT * FROM prev), c AS (SELECT * FROM cur),
m1 AS (SELECT p.*, c.student_id AS c_sid, c.school AS c_school, c.grade AS c_grade, c.status AS c_status
       FROM p LEFT JOIN c USING (student_id)),
unclaimed AS (SELECT c.* FROM c ANTI JOIN p USING (student_id) WHERE c.id_number <> ''),
m2 AS (SELECT m1.*, u.student_id AS u_sid, u.school AS u_school, u.grade AS u_grade, u.status AS u_status
       FROM m1 LEFT JOIN unclaimed u
         ON u.id_number = m1.id_number AND m1.id_number <> ''
        AND (m1.c_sid IS NULL OR m1.c_status NOT IN ('在读', '休学'))),
m AS (SELECT *, coalesce(u_school, c_school) AS s2, coalesce(u_grade, c_grade) AS g2,
             coalesce(u_status, c_status) AS st2, coalesce(u_sid, c_sid) IS NOT NULL AS found FROM m2)
SELECT CASE
  WHEN status = '毕业' OR st2 = '毕业' OR (st2 IN ('在读', '休学') AND s2 <> school AND grade IN (6, 9)
       AND g2 > grade) THEN 'graduated'
  WHEN st2 IN ('在读', '休学') AND s2 = school THEN 'continuing'
  WHEN st2 IN ('在读', '休学') THEN 'transferred_within'
  WHEN found AND st2 = '转出' THEN 'transferred_out' WHEN found AND st2 = '死亡' THEN 'died'
  WHEN found AND st2 = '辍学' THEN 'dropped_out' WHEN found AND st2 = '其他' THEN 'other'
  WHEN status = '转出' THEN 'transferred_out' WHEN status = '死亡' THEN 'died'
  WHEN status = '辍学' THEN 'dropped_out' WHEN status = '其他' THEN 'other'
  ELSE 'suspected_dropout' END AS outcome, count(*) AS n
FROM m GROUP BY ALL ORDER BY outcome
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2_000_000)
    parser.add_argument("--child", nargs=3, metavar=("OLD", "NEW", "OUT"))
    args = parser.parse_args()
    if args.child:
        run_cli_path(*map(Path, args.child))
        return

    import duckdb

    from junheng.retention.core.census import run_census
    from junheng.retention.core.synthetic import roster_pair

    print(f"学籍清查基准（census benchmark）：{args.n:,} 名学生")
    t = time.perf_counter()
    prev, cur = roster_pair(args.n, seed=2024)
    print(f"  生成数据 generate: {time.perf_counter() - t:.1f} s  (上学期 {len(prev):,} 行, 本学期 {len(cur):,} 行)")
    with tempfile.TemporaryDirectory() as tmp:
        old, new, out = Path(tmp) / "OLD.csv", Path(tmp) / "NEW.csv", Path(tmp) / "OUT.json"
        columns = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status"]
        prev[columns].to_csv(old, index=False)
        cur[columns].to_csv(new, index=False)
        child = subprocess.run([sys.executable, __file__, "--child", str(old), str(new), str(out)],
                               capture_output=True, text=True, check=True)
        cli = json.loads(child.stdout.strip().splitlines()[-1])
        size = (old.stat().st_size + new.stat().st_size) / 1024 ** 2
    print(f"  CLI path (separate process, two CSV files {size:,.0f} MiB):")
    print(f"    read + validate both rosters: {cli['read_validate']:6.2f} s")
    print(f"    census (match + classify):    {cli['census']:6.2f} s")
    print(f"    contract JSON:                {cli['json']:6.2f} s")
    print(f"    total:                        {cli['total']:6.2f} s   peak RSS {cli['peak_rss_gib']:.2f} GiB")
    print(f"    outcomes: {cli['counts']}")

    t = time.perf_counter()
    result = run_census(prev, cur)
    core = time.perf_counter() - t
    con = duckdb.connect()
    con.register("prev", prev[["student_id", "id_number", "school", "grade", "status"]].astype(
        {"grade": "int64"}))
    con.register("cur", cur[["student_id", "id_number", "school", "grade", "status"]].astype({"grade": "int64"}))
    t = time.perf_counter()
    sql = dict(con.sql(DUCKDB_SQL).fetchall())
    reference = time.perf_counter() - t
    ours = {k: v for k, v in result.counts().items() if k not in ("new", "returned") and v}
    print(f"  census core on in-memory frames: {core:.2f} s; hand-written DuckDB SQL (no duplicate handling): "
          f"{reference:.2f} s → ratio {core / reference:.1f}×")
    print(f"  same outcome counts as the SQL reference: {ours == sql}")
    print(f"  peak RSS of this process (generation included): {peak_rss_gib():.2f} GiB")


if __name__ == "__main__":
    main()
