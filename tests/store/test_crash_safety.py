"""Crash safety: a real ``junheng import registry`` and a real ``junheng restore``, killed with SIGKILL at
deterministic checkpoints (mid-write, just before COMMIT, just after it) and after measured fractions of their
run, leave the database intact and either exactly as before or exactly as after the finished command.

The commands run in processes forked from ``crash_child`` (it imports the command line once); each kill hits
one such process, which holds the database connection, in the middle of its work.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import DateTime, create_engine, select, text

from junheng.config import Settings
from junheng.deployment import Deployment
from junheng.registry.reports.excel import write_registry
from junheng.registry.store.importer import import_registry
from junheng.store.backup import dump
from junheng.store.base import Base
from tests.conftest import PG_URL, REQUIRE_PG
from tests.factories import id_number, small_registry

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret"
STUDENTS = 2500


# ---------------------------------------------------------------- the fork server

class Runner:
    def __init__(self):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.store.crash_child"], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = False  # it imports while the test builds its databases


    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("eof")

    def _next(self, timeout: float) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("命令无响应") from None

    def run(self, argv: list[str], env: dict, log: Path, *, pause_at: str | None = None,
            kill_after: float | None = None) -> Run:
        """Run one command; kill it at checkpoint ``pause_at`` or ``kill_after`` seconds after it started."""
        if not self.ready:
            assert self._next(120) == "ready"
            self.ready = True
        self.proc.stdin.write(json.dumps({"argv": argv, "env": env, "log": str(log), "pause_at": pause_at}) + "\n")
        self.proc.stdin.flush()
        started = time.monotonic()
        pid, reached, killed, code, times = None, [], False, None, {}
        while code is None:
            wait = 60.0
            if kill_after is not None and not killed:
                wait = max(0.0, started + kill_after - time.monotonic())
            try:
                line = self.lines.get(timeout=wait)
            except queue.Empty:
                line = None
            if line is None or (pause_at and line == f"at {pause_at}"):
                if line is not None:
                    reached.append(pause_at)
                assert pid is not None and not killed, "命令在开始前超时"
                reached_at_kill = list(reached)
                os.kill(pid, signal.SIGKILL)
                killed = True
                continue
            if line.startswith("pid "):
                pid = int(line[4:])
            elif line.startswith("at "):
                reached.append(line[3:])
                times[line[3:]] = time.monotonic() - started
            elif line.startswith("exit "):
                code = int(line[5:])
            elif line == "eof":
                raise AssertionError("fork server ended")
        return Run(reached_at_kill if killed else reached, killed and code == -signal.SIGKILL,
                   code, time.monotonic() - started, times, log.read_text() if log.exists() else "")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(10)


@dataclass
class Run:
    reached: list[str]   # checkpoints reported before the kill (all of them if not killed)
    killed: bool
    code: int
    seconds: float
    times: dict[str, float]  # seconds from the start to each checkpoint
    log: str


@pytest.fixture(scope="module")
def runner():
    r = Runner()
    yield r
    r.close()


# ---------------------------------------------------------------- databases and their states

def medium_registry(students: int) -> dict[str, list[dict]]:
    """The small county with ``students`` more pupils spread over its classes."""
    data = small_registry()
    classes = [(c["school_id"], c["grade"], c["class_name"]) for c in data["school_class"]]
    for i in range(students):
        school, grade, cls = classes[i % len(classes)]
        k = i // 1000
        birth = f"{2024 - 6 - grade + 1}{1 + k % 12:02d}{1 + k // 12:02d}"
        idn = id_number("330103", birth, i % 1000)
        data["student"].append({
            "student_id": "G" + idn, "name": f"学生{i}", "gender": "男" if i % 2 else "女",
            "birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}", "id_number": idn, "school_id": school,
            "grade": grade, "class_name": cls, "status": "在读", "left_behind": "非留守儿童", "migrant": "否",
            "disability": None, "low_income": "否", "township_code": None, "village": None})
    return data


class Backend:
    """Named database states that can be cloned cheaply: a file copy (SQLite) or a template (PostgreSQL)."""

    def __init__(self, kind: str, root: Path):
        self.kind, self.root = kind, root
        self.created: list[str] = []
        if kind == "postgresql":
            self.admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.root / f'{name}.db'}"
        return PG_URL.rsplit("/", 1)[0] + f"/{name}"

    def new(self, name: str, template: str | None = None) -> str:
        if self.kind == "sqlite":
            if template:
                shutil.copy(self.root / f"{template}.db", self.root / f"{name}.db")
            return self.url(name)
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self.created.append(name)
        return self.url(name)

    def close(self):
        if self.kind == "postgresql":
            with self.admin.connect() as conn:
                for name in reversed(self.created):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            self.admin.dispose()


def _normal(value, volatile: bool):
    if isinstance(value, dict):
        return {k: _normal(v, volatile) for k, v in sorted(value.items()) if not (volatile and k.endswith("_enc"))}
    if isinstance(value, list):
        return [_normal(v, volatile) for v in value]
    return value


def fingerprint(url: str, volatile: bool = False) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the sorted rows of every table. ``volatile`` leaves out what differs between
    two runs of the same import: timestamps and ciphertexts (Fernet uses a fresh nonce each time)."""
    engine = create_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "data_revision":  # cache counters, not data: a restore moves them on by design
                continue
            cols = [c for c in table.columns
                    if not (volatile and (isinstance(c.type, DateTime) or c.name.endswith("_enc")))]
            rows = sorted(repr(tuple(_normal(v, volatile) if isinstance(v, (dict, list)) else v for v in r))
                          for r in conn.execute(select(*cols)))
            out[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
    engine.dispose()
    return out


def integrity(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            result += "" if not fk else f"; foreign keys: {fk[:3]}"
        else:  # a killed client's transaction is rolled back by the server; nothing of it may stay visible
            result = "ok" if conn.execute(text("SELECT count(*) FROM pg_prepared_xacts")).scalar() == 0 else "xacts"
    engine.dispose()
    return result


def _backends():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql",
                       marks=[] if PG_URL or REQUIRE_PG else [pytest.mark.skip(reason="未设置 JUNHENG_TEST_PG_URL")])


@pytest.fixture(scope="module", params=list(_backends()))
def states(request, tmp_path_factory, runner):
    """before: the small county imported; done: the medium registry imported on top by a full CLI run;
    backup: a backup file of ``done``; plus the run's duration to time the kills."""
    kind = request.param
    if kind == "postgresql" and not PG_URL:
        pytest.fail("CI 必须在 PostgreSQL 上运行存储测试：请通过 make test 运行（它会启动 PostgreSQL）")
    root = tmp_path_factory.mktemp(f"crash-{kind}")
    backend = Backend(kind, root)
    tag = uuid.uuid4().hex[:8]
    before = backend.new(f"jh_before_{tag}")
    dep = Deployment.open(Settings(data_dir=root / "data", database_url=before, secret_key=SECRET))
    small = write_registry(small_registry(), root / "小名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, small, "setup", dep.protector)
    dep.db.dispose()
    medium = write_registry(medium_registry(STUDENTS), root / "学校名册.xlsx")

    done = backend.new(f"jh_done_{tag}", f"jh_before_{tag}")
    full = runner.run(["import", "registry", str(medium)], env_for(root, done), root / "full-import.log")
    assert full.code == 0 and full.reached[-1] == "committed", full.log
    backup = root / "done.json.gz"
    dep = Deployment.open(Settings(data_dir=root / "data", database_url=done, secret_key=SECRET), migrate=False)
    dump(dep.db, backup)
    dep.db.dispose()
    yield {"backend": backend, "tag": tag, "root": root, "medium": medium, "backup": backup,
           "before": before, "done": done, "import_run": full}
    backend.close()


def env_for(root: Path, url: str) -> dict:
    return {"JUNHENG_DATABASE_URL": url, "JUNHENG_DATA_DIR": str(root / "data"), "JUNHENG_SECRET_KEY": SECRET}


def _check_kills(states, runner, argv, kills, done_fp, volatile: bool, what: str):
    backend, root = states["backend"], states["root"]
    before_fp = fingerprint(states["before"], volatile)
    assert before_fp != done_fp
    outcomes = []
    for n, (pause_at, after) in enumerate(kills):
        url = backend.new(f"jh_{what}{n}_{states['tag']}", f"jh_before_{states['tag']}")
        run = runner.run(argv, env_for(root, url), root / f"{what}{n}.log", pause_at=pause_at, kill_after=after)
        moment = pause_at or f"{after:.2f} s"
        assert integrity(url) == "ok", moment
        state = fingerprint(url, volatile)
        assert state in (before_fp, done_fp), f"{what} killed at {moment}: neither before nor done"
        is_done = state == done_fp
        if "commit" not in run.reached:       # killed before COMMIT was sent: nothing may show
            assert not is_done, (moment, run.reached)
        if "committed" in run.reached:        # COMMIT had returned: all of it must stay
            assert is_done, (moment, run.reached)
        if pause_at:
            assert run.killed and run.reached[-1] == pause_at, (moment, run.reached, run.log)
        outcomes.append((moment, run.killed, run.reached[-1:] or ["start"], "done" if is_done else "before"))
    print(f"\n{what}: " + "; ".join(f"{m} ({'killed' if k else 'finished'} after {r[0]}) → {s}"
                                   for m, k, r, s in outcomes))
    return outcomes


def timed(run: Run, fractions: tuple[float, ...]) -> list[tuple[None, float]]:
    """Kill times spread over the writing part of a full run (from its first row to its end)."""
    start = run.times["rows"]
    return [(None, start + f * (run.seconds - start)) for f in fractions]


def test_import_killed_at_any_moment_leaves_before_or_done(states, runner):
    kills = [("rows", None), ("commit", None), ("committed", None), *timed(states["import_run"], (0.2, 0.7))]
    outcomes = _check_kills(states, runner, ["import", "registry", str(states["medium"])], kills,
                            fingerprint(states["done"], volatile=True), True, "import")
    assert [o[3] for o in outcomes[:3]] == ["before", "before", "done"]


def test_restore_killed_at_any_moment_leaves_before_or_done(states, runner):
    backend, root = states["backend"], states["root"]
    done_fp = fingerprint(states["done"])
    argv = ["restore", str(states["backup"]), "--yes"]
    url = backend.new(f"jh_restorefull_{states['tag']}", f"jh_before_{states['tag']}")
    full = runner.run(argv, env_for(root, url), root / "restore-full.log")
    assert full.code == 0 and fingerprint(url) == done_fp, full.log   # a restore gives back every row as it was
    kills = [("deleted", None), ("rows", None), ("commit", None), ("committed", None),
             *timed(full, (0.5,))]
    outcomes = _check_kills(states, runner, argv, kills, done_fp, False, "restore")
    assert [o[3] for o in outcomes[:4]] == ["before", "before", "before", "done"]


def test_backup_file_is_replaced_whole(tmp_path):
    """A backup that fails half-way leaves the previous backup under its name, and no stray temporary file."""
    import gzip

    from junheng.store.backup import _write_atomically

    target = tmp_path / "backup.json.gz"
    _write_atomically(target, {"format": "junheng-backup-1", "tables": {"t": [{"a": 1}]}})
    good = target.read_bytes()
    with pytest.raises(TypeError):
        _write_atomically(target, {"format": "junheng-backup-1", "tables": {"t": [{"a": 2}] * 50_000 + [{1, 2}]}})
    assert target.read_bytes() == good
    assert json.loads(gzip.decompress(good))["tables"] == {"t": [{"a": 1}]}
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json.gz"]
    assert target.stat().st_mode & 0o777 == 0o600
