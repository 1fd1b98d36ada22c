"""Province-scale exam benchmark (issue 14): a 10,000,000-student × 9-subject exam analysed out of core.

    .venv/bin/python benchmarks/scale.py [--sizes 1e6,5e6,1e7] [--engines duckdb,spark] [--memory-limit 4GB]

1. Generates the exam to Parquet with pyarrow, one seeded 1,000,000-row part at a time (never the whole exam in
   memory; the first N rows are the same at every size), in a temporary directory removed at the end.
2. For each engine and size, in a fresh process (so its peak memory is its own): the heavy part of
   ``junheng scores analyze`` as one portable Ibis expression read straight from the Parquet parts — per county,
   school and class and subject n, absent, mean, population SD, max, min, 一分三率 (优秀 ≥ 85 %, 及格 ≥ 60 %,
   低分 < 40 % of full marks), the units' ranks by mean, and every student's county and school competition rank
   and 百分等级 in every subject and the total — written as Parquet. DuckDB runs with ``memory_limit`` and a
   ``temp_directory`` so that it spills to disk; Spark runs local (``local[2]``).
3. Prints seconds and peak memory (resident set of the process and its children, the JVM included, sampled
   every 0.1 s) per engine and size, and the largest difference between the engines' unit figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SUBJECTS = {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "化学": 100, "生物": 100, "历史": 100, "地理": 100,
            "政治": 100}  # fmt: skip
TOTAL = "总分"
PART_ROWS = 1_000_000
N_SCHOOLS = 5_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


# --------------------------------------------------------------------------- generation
def generate_part(part: int, rows: int, seed: int, first: int) -> pa.Table:
    """One part of the exam (students ``first`` …): half-point scores, 2 % absent per subject, a school effect,
    Chinese names."""
    rng = np.random.default_rng([seed, part, rows])
    school = rng.integers(0, N_SCHOOLS, rows)
    klass = rng.integers(1, 11, rows)
    ability = rng.normal(0, 1, rows)
    effect = np.random.default_rng([seed, 10**6]).normal(0, 0.06, N_SCHOOLS)[school]
    surname = np.asarray(list(SURNAMES))[rng.integers(0, len(SURNAMES), rows)]
    given = np.asarray(list(GIVEN))[rng.integers(0, len(GIVEN), rows)]
    ids = np.char.add("G", np.char.zfill(np.arange(first, first + rows).astype("U18"), 18))
    data = {
        "student_id": pa.array(ids, pa.string()),
        "name": pa.array(np.char.add(surname, given), pa.string()),
        "school": pa.array(np.char.add("S", np.char.zfill(school.astype("U5"), 5)), pa.string()),
        "class": pa.array(np.char.add(klass.astype("U2"), "班"), pa.string()),
    }
    for subject, full in SUBJECTS.items():
        x = (0.62 + effect + 0.16 * (0.75 * ability + 0.66 * rng.normal(0, 1, rows))) * full
        x = np.clip(np.round(x * 2) / 2, 0, full)
        data[subject] = pa.array(x, pa.float64(), mask=rng.random(rows) < 0.02)
    return pa.table(data)


def write_exam(folder: Path, n: int, part_rows: int, seed: int) -> list[Path]:
    """``n`` students in parts of ``part_rows`` (the first k parts are the exam of k × ``part_rows`` students)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(math.ceil(n / part_rows)):
        path = folder / f"part-{part:05d}.parquet"
        rows = min(part_rows, n - part * part_rows)
        pq.write_table(generate_part(part, rows, seed, part * part_rows), path, row_group_size=250_000)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- the analysis (any Ibis backend)
def analysis(exam):
    """(units, standings) as Ibis expressions over the wide exam table."""
    import ibis

    full = dict(SUBJECTS) | {TOTAL: sum(SUBJECTS.values())}
    total = sum((exam[s] for s in SUBJECTS), ibis.literal(0.0))
    parts = [exam.select("student_id", "school", "class", subject=ibis.literal(s), score=exam[s].cast("float64"))
             for s in SUBJECTS]
    parts.append(exam.select("student_id", "school", "class", subject=ibis.literal(TOTAL), score=total))
    long = ibis.union(*parts)
    lines = ibis.memtable({"subject": list(full), "full": [float(v) for v in full.values()],
                           "excellent": [round(0.85 * v, 6) for v in full.values()],
                           "passing": [round(0.60 * v, 6) for v in full.values()],
                           "low": [round(0.40 * v, 6) for v in full.values()]})
    scored = long.join(lines, "subject")
    x = scored.score
    sat = x.notnull().cast("int64")

    def units(level: str, keys: list[str]):
        grouped = scored.group_by(["subject", *keys]).aggregate(
            listed=scored.count(), n=x.count(), mean=x.mean(), sd=x.std(how="pop"), max=x.max(), min=x.min(),
            excellent_rate=(x >= scored.excellent).cast("int64").sum() / sat.sum(),
            pass_rate=(x >= scored.passing).cast("int64").sum() / sat.sum(),
            low_rate=(x < scored.low).cast("int64").sum() / sat.sum())
        grouped = grouped.mutate(absent=grouped.listed - grouped.n)
        for key in ("school", "class"):
            if key not in keys:
                grouped = grouped.mutate(**{key: ibis.literal("")})
        ranked = grouped.mutate(rank=(ibis.rank().over(group_by="subject", order_by=ibis.desc(grouped["mean"])) + 1)
                                if keys else ibis.null("int64"))
        return ranked.mutate(level=ibis.literal(level)).select(
            "level", "school", "class", "subject", "listed", "n", "absent", "mean", "sd", "max", "min",
            "excellent_rate", "pass_rate", "low_rate", ranked["rank"].cast("int64").name("rank"))

    all_units = ibis.union(units("county", []), units("school", ["school"]), units("class", ["school", "class"]))
    present = long.filter(long.score.notnull())
    standings = present.mutate(
        rank=ibis.rank().over(group_by="subject", order_by=ibis.desc(present.score)) + 1,
        school_rank=ibis.rank().over(group_by=["subject", "school"], order_by=ibis.desc(present.score)) + 1,
        sat=present.count().over(group_by="subject"))
    standings = standings.mutate(percentile=100.0 - (100.0 * standings["rank"] - 50.0) / standings.sat)
    return all_units, standings.drop("sat")


def connect(engine: str, spill: Path, memory_limit: str):
    import ibis

    if engine == "duckdb":
        spill.mkdir(parents=True, exist_ok=True)
        return ibis.duckdb.connect(memory_limit=memory_limit, temp_directory=str(spill), threads=os.cpu_count(),
                                   preserve_insertion_order=False)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master(f"local[{os.cpu_count()}]").appName("junheng-scale")
               .config("spark.ui.enabled", "false").config("spark.driver.memory", "8g")
               .config("spark.sql.shuffle.partitions", str(4 * (os.cpu_count() or 2)))
               .config("spark.local.dir", str(spill)).getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def child(engine: str, paths: list[str], out: Path, spill: Path, memory_limit: str) -> None:
    t0 = time.perf_counter()
    con = connect(engine, spill, memory_limit)
    t1 = time.perf_counter()
    exam = con.read_parquet(paths if engine == "duckdb" else paths[0].rsplit("/", 1)[0] + "/" + "{"
                            + ",".join(p.rsplit("/", 1)[1] for p in paths) + "}")
    units, standings = analysis(exam)
    con.to_parquet(units, out / f"{engine}-units.parquet")
    con.to_parquet(standings, out / f"{engine}-standings.parquet")
    t2 = time.perf_counter()
    rows = con.execute(exam.count())
    print(json.dumps({"startup_s": t1 - t0, "analysis_s": t2 - t1, "students": int(rows)}), flush=True)
    if engine == "spark":
        con._session.stop()


# --------------------------------------------------------------------------- measuring
def tree_rss(process) -> int:
    """Resident bytes of ``process`` and all its descendants (a child that just ended counts 0)."""
    import psutil

    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in family:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


def run_child(args: list[str], spill: Path, log: Path) -> tuple[dict, float, float, float]:
    """Run one measured child; returns (its report, wall seconds, peak resident GiB of its process tree, peak
    GiB of spill files). The child's log (Spark's chatter) goes to ``log`` and is shown only if it fails."""
    import psutil

    start = time.perf_counter()
    with log.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=stderr, text=True)
    watched, peak, spilled, done = psutil.Process(proc.pid), [0], [0], threading.Event()

    def sample() -> None:
        tick = 0
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(watched))
            if tick % 10 == 0:
                spilled[0] = max(spilled[0], folder_bytes(spill))
            tick += 1
            done.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    stdout, _ = proc.communicate()
    done.set()
    thread.join()
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(log.read_text()[-5000:])
        raise SystemExit(f"{args[:2]} failed with exit code {proc.returncode}")
    report = json.loads(stdout.strip().splitlines()[-1])
    return report, wall, peak[0] / 1024**3, spilled[0] / 1024**3


def compare_units(out: Path, engines: list[str]) -> float:
    """Largest absolute difference of the unit figures between the first engine and the others."""
    if len(engines) < 2:
        return float("nan")
    keys = ["level", "school", "class", "subject"]
    figures = ["listed", "n", "absent", "mean", "sd", "max", "min", "excellent_rate", "pass_rate", "low_rate", "rank"]
    base = pq.read_table(out / f"{engines[0]}-units.parquet").to_pandas().set_index(keys).sort_index()
    worst = 0.0
    for engine in engines[1:]:
        other = pq.read_table(out / f"{engine}-units.parquet").to_pandas().set_index(keys).sort_index()
        assert base.index.equals(other.index), f"{engine}: different units"
        a, b = base[figures].astype("float64").to_numpy(), other[figures].astype("float64").to_numpy()
        assert (np.isnan(a) == np.isnan(b)).all(), f"{engine}: different absent figures"
        worst = max(worst, float(np.nanmax(np.abs(a - b))))
    return worst


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1e6,5e6,1e7", help="students per run, e.g. 1e6,5e6,1e7")
    parser.add_argument("--engines", default="duckdb,spark", help="duckdb, spark or both")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory_limit (it spills beyond it)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the exam and spill files (default: system temp)")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "PATHS", "OUT", "SPILL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, paths, out, spill = args.child
        child(engine, paths.split(","), Path(out), Path(spill), args.memory_limit)
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    root = Path(tempfile.mkdtemp(prefix="junheng-scale-", dir=args.tmp))
    try:
        t0 = time.perf_counter()
        part_rows = min(PART_ROWS, math.gcd(*sizes))
        paths = write_exam(root / "exam", max(sizes), part_rows, args.seed)
        size_gib = sum(p.stat().st_size for p in paths) / 1024**3
        print(f"exam: {max(sizes):,} students × {len(SUBJECTS)} subjects, {len(paths)} Parquet parts, "
              f"{size_gib:.2f} GiB, generated in {time.perf_counter() - t0:.1f} s; load {load()}", flush=True)
        print(f"{'engine':<8}{'students':>12}{'seconds':>10}{'analysis s':>12}{'peak GiB':>10}{'spill GiB':>10}"
              f"{'out GiB':>9}  load (1/5/15 min)", flush=True)
        for n in sizes:
            out = root / f"out-{n}"
            out.mkdir()
            chosen = [str(p) for p in paths[: math.ceil(n / part_rows)]]
            for engine in engines:
                spill = root / "spill"
                report, wall, peak, spilled = run_child(
                    ["--child", engine, ",".join(chosen), str(out), str(spill), "--memory-limit", args.memory_limit],
                    spill, root / f"{engine}-{n}.log")
                assert report["students"] == n, report
                written = sum(folder_bytes(p) if p.is_dir() else p.stat().st_size
                              for p in out.glob(f"{engine}-*")) / 1024**3
                print(f"{engine:<8}{n:>12,}{wall:>10.1f}{report['analysis_s']:>12.1f}{peak:>10.2f}{spilled:>10.2f}"
                      f"{written:>9.2f}  {load()}", flush=True)
                shutil.rmtree(root / "spill", ignore_errors=True)
            if len(engines) > 1:
                print(f"         largest difference of unit figures between {' and '.join(engines)}: "
                      f"{compare_units(out, engines):.2e}", flush=True)
            shutil.rmtree(out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
