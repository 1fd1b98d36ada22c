"""Fuzz every importer with damaged copies of the demo's own files; print what happened to each.

    .venv/bin/python benchmarks/fuzz.py --files 10000 --seed 1 [--workers 2] [--minutes 15]

Seeds: the demo county's files and the templates, cut to a few rows (``tests.fuzz.seeds``). Each case is one
(importer, mutation kind, number): the mutant is written, the importer runs on it in a worker process, the outcome
is judged (``tests.fuzz.importers.run_case``: imported, clean Chinese error, crash) and database importers are
checked for partial writes. A case that takes longer than ``--timeout`` seconds is a hang: its worker is killed
and replaced. ``--minutes`` stops early (the figures say how many files ran). Exit code 1 when anything crashed,
hung or wrote partially.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from multiprocessing.connection import wait
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.importers import CLEAN, CRASH, HANG, IMPORTED, IMPORTERS, Context, Outcome, run_case
from tests.fuzz.mutate import KINDS, mutate


def cases(n: int, seed: int) -> list[tuple[int, str, int]]:
    """``n`` cases (importer index, kind, number), every importer × kind pair in turn, shuffled by ``seed``."""
    pairs = [(i, k) for i in range(len(IMPORTERS)) for k in KINDS]
    random.Random(seed).shuffle(pairs)
    return [(*pairs[j % len(pairs)], j) for j in range(n)]


def _worker(conn, seeds: dict[str, str], work: str, seed: int) -> None:
    import warnings

    warnings.simplefilter("ignore")
    ctx = Context({k: Path(v) for k, v in seeds.items()}, Path(work)).open()
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            break
        index, kind, number = job
        importer = IMPORTERS[index]
        rng = random.Random(f"{seed}:{index}:{kind}:{number}")
        path = mutate(ctx.seeds[importer.seed], kind, rng, Path(work) / "mutants", number)
        outcome = run_case(importer, path, ctx)
        path.unlink(missing_ok=True)
        conn.send(outcome)
    ctx.close()


class Pool:
    """Worker processes, each with its own deployment; a case over the timeout kills its worker."""

    def __init__(self, size: int, seeds: dict[str, Path], root: Path, seed: int):
        self.seeds = {k: str(v) for k, v in seeds.items()}
        self.root, self.seed, self.spawned = root, seed, 0
        self.workers = [self._start() for _ in range(size)]

    def _start(self):
        parent, child = mp.Pipe()
        self.spawned += 1
        proc = mp.get_context("fork").Process(target=_worker, daemon=True,
                                              args=(child, self.seeds, str(self.root / f"w{self.spawned}"), self.seed))
        proc.start()
        if parent.recv() != "ready":
            raise RuntimeError("worker failed to start")
        return [proc, parent, None, 0.0]      # process, pipe, current job, started at

    def run(self, jobs, timeout: float, deadline: float, on_done) -> None:
        pending = list(jobs)
        while pending or any(w[2] is not None for w in self.workers):
            for w in self.workers:
                if w[2] is None and pending and time.monotonic() < deadline:
                    w[2], w[3] = pending.pop(0), time.monotonic()
                    w[1].send(w[2])
            busy = [w for w in self.workers if w[2] is not None]
            if not busy:
                break
            ready = wait([w[1] for w in busy], timeout=1.0)
            for w in busy:
                if w[1] in ready:
                    try:
                        outcome = w[1].recv()
                    except EOFError:  # the worker died (e.g. out of memory): a crash, not a hang
                        outcome = Outcome(CRASH, "工作进程意外退出", time.monotonic() - w[3])
                        on_done(w[2], outcome)
                        w[:] = self._start()
                        continue
                    on_done(w[2], outcome)
                    w[2] = None
                elif time.monotonic() - w[3] > timeout:
                    on_done(w[2], Outcome(HANG, f"超过 {timeout:g} 秒", time.monotonic() - w[3]))
                    w[0].kill()
                    w[0].join()
                    w[:] = self._start()

    def close(self) -> None:
        for proc, conn, _, _ in self.workers:
            conn.send(None)
            proc.join(timeout=10)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--minutes", type=float, default=0.0, help="stop starting new cases after this long (0: no limit)")
    ap.add_argument("--importer", default="", help="only importers whose name contains this")
    ap.add_argument("--crashes", type=Path, default=None, help="write every crash (case and traceback) as JSON")
    args = ap.parse_args()

    from tests.fuzz.seeds import build_seeds

    root = Path(tempfile.mkdtemp(prefix="junheng-fuzz-"))
    t0 = time.perf_counter()
    seeds = build_seeds(root / "seeds")
    print(f"seeds: {len(seeds)} files in {time.perf_counter() - t0:.1f} s ({root / 'seeds'})")
    jobs = [c for c in cases(args.files, args.seed) if args.importer in IMPORTERS[c[0]].name]
    per_importer: dict[str, Counter] = defaultdict(Counter)
    per_kind: dict[str, Counter] = defaultdict(Counter)
    crashes: list[dict] = []
    slowest: list[tuple[float, str, str]] = []

    def done(job, outcome: Outcome) -> None:
        index, kind, number = job
        name = IMPORTERS[index].name
        for table in (per_importer[name], per_kind[kind]):
            table["files"] += 1
            table[outcome.kind] += 1
            table["partial_writes"] += outcome.partial_write
            table["unlocated"] += outcome.kind == CLEAN and not outcome.located
            table["bad_values"] += bool(outcome.bad_values)
        slowest.append((outcome.seconds, name, kind))
        if outcome.kind in (CRASH, HANG) or outcome.partial_write or outcome.bad_values:
            crashes.append({"importer": name, "kind": kind, "number": number, "outcome": outcome.kind,
                            "message": outcome.message or outcome.bad_values, "partial_write": outcome.partial_write,
                            "traceback": outcome.detail})
        total = sum(c["files"] for c in per_importer.values())
        if total % 250 == 0:
            print(f"  … {total} files, {time.perf_counter() - t1:.0f} s", flush=True)

    t1 = time.perf_counter()
    deadline = time.monotonic() + (args.minutes * 60 if args.minutes else 10**9)
    pool = Pool(args.workers, seeds, root, args.seed)
    try:
        pool.run(jobs, args.timeout, deadline, done)
    finally:
        pool.close()
    elapsed = time.perf_counter() - t1

    cols = ("files", IMPORTED, CLEAN, CRASH, HANG, "partial_writes", "bad_values", "unlocated")
    head = f"{'':44s}" + "".join(f"{c:>15s}" for c in cols)
    for title, table in (("importer", per_importer), ("mutation kind", per_kind)):
        print(f"\nby {title}\n{head}")
        for key in sorted(table):
            print(f"{key:44s}" + "".join(f"{table[key][c]:>15d}" for c in cols))
    total = Counter()
    for c in per_importer.values():
        total.update(c)
    print(f"\n{'total':44s}" + "".join(f"{total[c]:>15d}" for c in cols))
    print(f"{total['files']} of {len(jobs)} requested files in {elapsed:.0f} s "
          f"({total['files'] / max(elapsed, 1e-9):.1f} files/s, {args.workers} workers, timeout {args.timeout:g} s)")
    print("slowest cases: " + "; ".join(f"{n} / {k} {s:.1f} s" for s, n, k in sorted(slowest, reverse=True)[:5]))
    kinds = Counter((c["importer"], c["outcome"], c["message"][:120]) for c in crashes)
    for (name, what, message), n in kinds.most_common(40):
        print(f"  {n:5d} × {what} {name}: {message}")
    if args.crashes:
        args.crashes.write_text(json.dumps(crashes, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if total[CRASH] or total[HANG] or total["partial_writes"] or total["bad_values"] else 0


if __name__ == "__main__":
    sys.exit(main())
