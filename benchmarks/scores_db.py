"""Exam storage at scale: import a 200,000-student × 9-subject exam file into the database (check + bulk write),
read it back into the analysis, render the figures of the exam page, undo the batch.

    .venv/bin/python benchmarks/scores_db.py                      # SQLite in a temporary folder
    JUNHENG_BENCH_PG_URL=postgresql+psycopg://… .venv/bin/python benchmarks/scores_db.py   # PostgreSQL too

Targets (DESIGN §7): a 200,000-row score sheet imported in ≤ 5 s; pages p95 ≤ 300 ms at county scale (the
exam page is measured here at 200,000 students, warm cache).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N_STUDENTS, N_SCHOOLS, CLASSES = 200_000, 100, 20
SUBJECTS = {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "化学": 100, "道德与法治": 70, "历史": 70,
            "地理": 100, "生物": 100}  # fmt: skip


def exam_file(folder: Path) -> Path:
    rng = np.random.default_rng(1)
    school = rng.integers(0, N_SCHOOLS, N_STUDENTS)
    frame = pd.DataFrame({
        "考号": np.char.add("K", np.arange(N_STUDENTS).astype(str)),
        "姓名": np.char.add("学生", np.arange(N_STUDENTS).astype(str)),
        "学校": np.char.add("基准学校", school.astype(str)),
        "班级": np.char.add(np.char.add("九年级", (rng.integers(0, CLASSES, N_STUDENTS) + 1).astype(str)), "班"),
    })  # fmt: skip
    for subject, full in SUBJECTS.items():
        x = np.clip(np.round(rng.normal(0.65, 0.18, N_STUDENTS) * full * 2) / 2, 0, full)
        frame[subject] = np.where(rng.random(N_STUDENTS) < 0.01, np.nan, x)
    path = folder / "20万人考试.csv"
    frame.to_csv(path, index=False, na_rep="")
    return path


def setup(url: str, folder: Path):
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.registry.store.models import County, School, SchoolClass, Township

    dep = Deployment.open(Settings(data_dir=folder, database_url=url, secret_key="bench"))
    with dep.db.transaction() as session:
        session.add(County(county_code="990000", name="基准县"))
        session.flush()
        session.add(Township(township_code="990000001", name="基准镇", kind="镇", county_code="990000"))
        session.flush()
        for s in range(N_SCHOOLS):
            sid = f"99{s:08d}"
            session.add(School(school_id=sid, name=f"基准学校{s}", kind="初中", location="镇区", ownership="公办",
                               boarding="否", township_code="990000001"))  # fmt: skip
            session.flush()
            for c in range(CLASSES):
                session.add(SchoolClass(school_id=sid, section="初中", grade=9, class_name=f"九年级{c + 1}班"))
    return dep


def run(label: str, url: str, folder: Path, source: Path) -> None:
    from junheng.scores.readers.importer import propose_file
    from junheng.scores.store.queries import get_exam, load_exam
    from junheng.scores.store.service import ExamMeta, RegistryView, check_file, commit_exam
    from junheng.scores.web.views import exam_overview
    from junheng.store.batches import undo_batch

    dep = setup(url, folder)
    meta = ExamMeta("基准考试", "2025-06-20", 9, dict(SUBJECTS))
    started = time.perf_counter()
    mapping, _ = propose_file(source, subjects=list(SUBJECTS))
    with dep.db.transaction() as session:
        check = check_file(session, source, meta, mapping, RegistryView.load(session))
        checked = time.perf_counter()
        exam = commit_exam(session, source, meta, mapping, "bench", check=check)
        exam_id, batch_id = exam.id, exam.batch_id
    done = time.perf_counter()
    with dep.db.sessions() as session:
        info = get_exam(session, exam_id)
        t0 = time.perf_counter()
        loaded = load_exam(session, info)
        t1 = time.perf_counter()
        timings = []
        for _ in range(20):
            s = time.perf_counter()
            exam_overview(loaded, "总分", True)
            timings.append(time.perf_counter() - s)
    with dep.db.transaction() as session:
        u0 = time.perf_counter()
        undo_batch(session, batch_id, "bench")
    undone = time.perf_counter() - u0
    dep.db.dispose()
    total = done - started
    print(f"[{label}] {N_STUDENTS:,} 名学生 × {len(SUBJECTS)} 科（{N_STUDENTS * len(SUBJECTS):,} 行成绩）")
    print(f"  读取+识别+校验 {checked - started:6.2f} s；写入 {done - checked:6.2f} s；导入合计 {total:6.2f} s"
          f"（目标 ≤ 5 s：{'达到' if total <= 5 else '未达到'}）")  # fmt: skip
    print(f"  从数据库读回并完成全套统计 {t1 - t0:6.2f} s（之后缓存）；考试页图表数据 p95 "
          f"{1000 * float(np.quantile(timings, 0.95)):6.1f} ms（目标 ≤ 300 ms）")  # fmt: skip
    print(f"  撤销批次（级联删除） {undone:6.2f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = exam_file(folder)
        run("SQLite", f"sqlite:///{folder / 'bench.db'}", folder / "sqlite", source)
        pg = os.environ.get("JUNHENG_BENCH_PG_URL")
        if pg:
            run("PostgreSQL", pg, folder / "pg", source)


if __name__ == "__main__":
    main()
