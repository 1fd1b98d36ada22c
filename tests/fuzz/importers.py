"""The catalogue of importers: every way a user's file enters Junheng, each run on one path and judged.

Two doors per module where both exist: the command line (``junheng …``, run in-process through Typer's runner,
as a user types it) and the store's import service (the one-transaction batch path the web pages call). An
outcome is one of

- ``imported``: the importer accepted the file (exit code 0, or the service returned);
- ``clean_error``: the project's own refusal with a Chinese message (``ImportFailed`` and its problem list, a
  module's input error, or a command that printed its message and exited non-zero);
- ``crash``: anything else — an exception the user would see as a traceback.

Database importers are also checked for partial writes: when a file is refused, every table's row count and
checksum must be what it was before (``Context.snapshot``). When one is accepted, what it wrote is audited
(``Context.audit``): no NaN or infinity stored, no text longer than its column (SQLite keeps it, PostgreSQL refuses
it mid-transaction) — such an import is ``bad_values``, not correct.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

IMPORTED, CLEAN, CRASH, HANG = "imported", "clean_error", "crash", "hang"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Outcome:
    kind: str                # IMPORTED, CLEAN, CRASH or HANG
    message: str = ""        # the user's message, or the traceback's last line for a crash
    seconds: float = 0.0
    partial_write: bool = False
    located: bool = True     # a clean error names the file
    detail: str = ""         # the full traceback of a crash
    bad_values: str = ""     # an accepted import that stored NaN/inf or overlong text (what and where)


@dataclass
class Context:
    """One deployment (SQLite unless ``database_url``) holding the clean seeds, and a folder for outputs."""

    seeds: dict[str, Path]
    work: Path
    database_url: str = ""
    deployment: object = None
    lottery_id: int = 0
    env: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)   # clean seeds the database refused (noted, not fatal)
    known_bad: set = field(default_factory=set)        # bad values already reported (the database keeps them)
    seed_bad: str = ""

    def open(self) -> Context:
        from junheng.config import Settings
        from junheng.deployment import Deployment

        (self.work / "out").mkdir(parents=True, exist_ok=True)
        url = self.database_url or f"sqlite:///{self.work / 'fuzz.db'}"
        self.env = {"JUNHENG_DATA_DIR": str(self.work / "data"), "JUNHENG_DATABASE_URL": url,
                    "JUNHENG_SECRET_KEY": "fuzz-secret"}
        self.deployment = Deployment.open(Settings(data_dir=self.work / "data", database_url=url,
                                                   secret_key="fuzz-secret"))
        self._load_seeds()
        self.seed_bad = self.audit(list(self.snapshot()))   # the clean seeds' own (should be empty)
        return self

    def close(self) -> None:
        if self.deployment is not None:
            self.deployment.db.dispose()

    def _load_seeds(self) -> None:
        """The clean seeds through the real import path, so a mutant meets a realistic database."""
        from sqlalchemy import select

        from junheng.admissions.store import setup
        from junheng.admissions.store.years import settings_for
        from junheng.io.problems import ImportFailed
        from junheng.lottery.store import service
        from junheng.registry.store.importer import import_registry
        from junheng.registry.store.models import School
        from junheng.teachers.store.intake import import_file

        dep, s = self.deployment, self.seeds

        def load(step):
            try:
                with dep.db.transaction() as session:
                    step(session)
            except ImportFailed as failed:  # the seed is cut from a bigger county: keep going without it
                self.refused.append(f"{failed}：{failed.problems[0]}")

        load(lambda session: import_registry(session, s["registry"], "fuzz", dep.protector))
        for kind in ("profile", "posts", "training"):
            load(lambda session, kind=kind: import_file(session, kind, s[f"teachers_{kind}"], "fuzz", dep.protector))
        load(lambda session: setup.import_zones(session, 2025, s["zones"], "fuzz"))
        load(lambda session: setup.import_places(session, 2025, s["seats"], "fuzz", settings_for(session, 2025)))
        with dep.db.transaction() as session:
            school = session.scalars(select(School).order_by(School.school_id)).first()
            lottery, _ = service.create_lottery(session, service.Setup(
                title="模糊测试派位", schools=(service.SchoolSeats(school.school_id, school.name, 10),),
                tier_labels={"1": "户籍和房产均在片区", "2": "其他"}, tier_columns=(("户籍在片区", "房产在片区"),),
                required_columns=("资格审核通过",), public_count=1, public_source="福利彩票3D开奖号码"), "fuzz")
            self.lottery_id = lottery.id

    def snapshot(self) -> dict[str, tuple[int, str]]:
        """Row count and SHA-256 of the sorted rows of every table."""
        from sqlalchemy import inspect, text

        engine = self.deployment.db.engine
        out = {}
        with engine.connect() as conn:
            for table in sorted(inspect(conn).get_table_names()):
                rows = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{table}"')))
                out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return out

    def audit(self, tables: list[str]) -> str:
        """New bad values in ``tables``: a float NaN/infinity, or text longer than its column's declared length."""
        import math

        from sqlalchemy import String, inspect, text

        found = set()
        with self.deployment.db.engine.connect() as conn:
            insp = inspect(conn)
            for table in tables:
                columns = insp.get_columns(table)
                names = [c["name"] for c in columns]
                limits = [getattr(c["type"], "length", None) if isinstance(c["type"], String) else None
                          for c in columns]
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    for name, limit, value in zip(names, limits, row):
                        if isinstance(value, float) and not math.isfinite(value):
                            found.add(f"{table}.{name} = {value}")
                        elif isinstance(value, str) and limit and len(value) > limit:
                            found.add(f"{table}.{name}: {len(value)} 字符 > {limit}")
        new = sorted(found - self.known_bad)
        self.known_bad |= found
        return "; ".join(new[:5])


@dataclass(frozen=True)
class Importer:
    name: str                                   # "<module> <door>", e.g. "retention census (命令行)"
    seed: str                                   # the seed this importer's mutants come from
    run: Callable[[Path, Context], None]        # raises on refusal; SystemExit(code) from a command
    database: bool = False                      # writes to the database: checked for partial writes


def _runner():
    from typer.testing import CliRunner

    return CliRunner()


def _cli(args: list[str], ctx: Context) -> None:
    """Run ``junheng <args>`` in-process; re-raise an escaped exception, raise SystemExit on a refusal."""
    from junheng.cli import app

    result = _runner().invoke(app, [str(a) for a in args], env=ctx.env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code != 0:
        raise SystemExit(result.exit_code, result.output)


def _out(ctx: Context, name: str) -> Path:
    return ctx.work / "out" / name


def _tx(ctx: Context):
    return ctx.deployment.db.transaction()


def _exam(ctx: Context) -> dict:
    return json.loads(ctx.seeds["exam_meta"].read_text(encoding="utf-8"))


def _marks(ctx: Context) -> str:
    return ",".join(f"{k}={v}" for k, v in _exam(ctx)["subjects"].items())


# -- the command line ---------------------------------------------------------------------------------------------
def census_cli(p, ctx):
    _cli(["retention", "census", "--previous", p, "--current", ctx.seeds["roster"],
          "--json", _out(ctx, "census.json")], ctx)


def census_current_cli(p, ctx):
    _cli(["retention", "census", "--previous", ctx.seeds["roster_previous"], "--current", p,
          "--json", _out(ctx, "census.json")], ctx)


def reconcile_cli(p, ctx):
    _cli(["retention", "reconcile", "--population", p, "--roster", ctx.seeds["roster"],
          "--json", _out(ctx, "reconcile.json"), "--year", "2024"], ctx)


def scores_analyze_cli(p, ctx):
    _cli(["scores", "analyze", p, "--full-marks", _marks(ctx), "--json", _out(ctx, "scores.json")], ctx)


def scores_import_cli(p, ctx):
    e = _exam(ctx)
    _cli(["scores", "import", p, "--name", e["name"], "--date", e["date"], "--grade", e["grade"],
          "--full-marks", _marks(ctx)], ctx)


def registry_cli(p, ctx):
    _cli(["import", "registry", p], ctx)


def balance_import_cli(p, ctx):
    _cli(["balance", "import", p], ctx)


def ledger_cli(p, ctx):
    _cli(["ledger", "import", p, "--json", _out(ctx, "ledger.json")], ctx)


def lottery_freeze_cli(p, ctx):
    _cli(["lottery", "freeze", "--applicants", p], ctx)


def teachers_import_cli(p, ctx):
    _cli(["teachers", "import", "profile", p, "--dry-run"], ctx)


def teachers_quota_cli(p, ctx):
    _cli(["teachers", "quota", "--teachers", p, "--posts", ctx.seeds["teachers_posts"], "--year", "2024"], ctx)


def teachers_training_cli(p, ctx):
    _cli(["teachers", "training", "--teachers", ctx.seeds["teachers_profile"], "--training", p,
          "--cycle-start", "2021"], ctx)


def health_cli(p, ctx):
    _cli(["health", "score", "--results", p, "--json", _out(ctx, "health.json")], ctx)


def zones_cli(p, ctx):
    _cli(["admissions", "zones", p], ctx)


def allocate_cli(p, ctx):
    _cli(["admissions", "allocate", "--zones", ctx.seeds["zones"], "--applicants", p, "--seats", ctx.seeds["seats"],
          "--json", _out(ctx, "allocate.json"), "--year", "2025"], ctx)


def survey_cli(p, ctx):
    from junheng.evaluation.core.survey import DEFAULT_QUESTIONNAIRE

    _cli(["survey", "satisfaction", "--questionnaire", DEFAULT_QUESTIONNAIRE, "--responses", p,
          "--json", _out(ctx, "survey.json")], ctx)


# -- the store's import services (one transaction, one batch) ----------------------------------------------------
def registry_store(p, ctx):
    from junheng.registry.store.importer import import_registry

    with _tx(ctx) as session:
        import_registry(session, p, "fuzz", ctx.deployment.protector)


def balance_store(p, ctx):
    from junheng.balance.store.school_data import import_school_data

    with _tx(ctx) as session:
        import_school_data(session, p, "fuzz")


def scores_store(p, ctx):
    from junheng.scores.readers.importer import propose_file
    from junheng.scores.store.service import ExamMeta, commit_exam

    e = _exam(ctx)
    proposal, _ = propose_file(p, subjects=list(e["subjects"]))
    with _tx(ctx) as session:
        commit_exam(session, p, ExamMeta(e["name"], e["date"], e["grade"], e["subjects"]), proposal, "fuzz")


def roster_store(p, ctx):
    from junheng.retention.store.rosters import import_roster

    with _tx(ctx) as session:
        import_roster(session, p, term="2024-2", username="fuzz", protector=ctx.deployment.protector)


def population_store(p, ctx):
    from junheng.retention.store.population import import_population

    with _tx(ctx) as session:
        import_population(session, p, username="fuzz", protector=ctx.deployment.protector)


def ledger_store(p, ctx):
    from junheng.ledger.store.intake import import_inspection

    with _tx(ctx) as session:
        import_inspection(session, p, "fuzz")


def lottery_store(p, ctx):
    from junheng.lottery.store.intake import import_applicants

    with _tx(ctx) as session:
        import_applicants(session, ctx.lottery_id, p, "fuzz")


def _teachers(kind):
    def run(p, ctx):
        from junheng.teachers.store.intake import import_file

        with _tx(ctx) as session:
            import_file(session, kind, p, "fuzz", ctx.deployment.protector)
    return run


def fitness_store(p, ctx):
    from junheng.health.store.imports import import_fitness

    with _tx(ctx) as session:
        import_fitness(session, p, "2024", "fuzz")


def vision_store(p, ctx):
    from junheng.health.store.imports import import_sheet

    with _tx(ctx) as session:
        import_sheet(session, "vision", p, "2024-2", "fuzz")


def zones_store(p, ctx):
    from junheng.admissions.store import setup

    with _tx(ctx) as session:
        setup.import_zones(session, 2025, p, "fuzz")


def seats_store(p, ctx):
    from junheng.admissions.store import setup
    from junheng.admissions.store.years import settings_for

    with _tx(ctx) as session:
        setup.import_places(session, 2025, p, "fuzz", settings_for(session, 2025))


def applications_store(p, ctx):
    from junheng.admissions.store.applications import import_applications

    with _tx(ctx) as session:
        import_applications(session, 2025, p, "fuzz", ctx.deployment.protector)


def survey_store(p, ctx):
    from junheng.evaluation.core.survey import DEFAULT_QUESTIONNAIRE, load_questionnaire
    from junheng.evaluation.store.surveys import import_survey

    with _tx(ctx) as session:
        import_survey(session, load_questionnaire(DEFAULT_QUESTIONNAIRE), "2024", p, "fuzz")


CLI, STORE = "命令行", "导入服务"
IMPORTERS: tuple[Importer, ...] = (
    Importer(f"registry {CLI}", "registry", registry_cli, database=True),
    Importer(f"registry {STORE}", "registry", registry_store, database=True),
    Importer(f"balance school data {CLI}", "school_data", balance_import_cli, database=True),
    Importer(f"balance school data {STORE}", "school_data", balance_store, database=True),
    Importer(f"scores analyze {CLI}", "exam", scores_analyze_cli),
    Importer(f"scores import {CLI}", "exam", scores_import_cli, database=True),
    Importer(f"scores import {STORE}", "exam", scores_store, database=True),
    Importer(f"retention census previous {CLI}", "roster_previous", census_cli),
    Importer(f"retention census current {CLI}", "roster_csv", census_current_cli),
    Importer(f"retention reconcile {CLI}", "population", reconcile_cli),
    Importer(f"retention roster {STORE}", "roster", roster_store, database=True),
    Importer(f"retention population {STORE}", "population", population_store, database=True),
    Importer(f"ledger {CLI}", "ledger", ledger_cli),
    Importer(f"ledger {STORE}", "ledger", ledger_store, database=True),
    Importer(f"lottery freeze {CLI}", "lottery_csv", lottery_freeze_cli),
    Importer(f"lottery applicants {STORE}", "lottery", lottery_store, database=True),
    Importer(f"teachers profile {CLI}", "teachers_profile", teachers_import_cli),
    Importer(f"teachers quota {CLI}", "teachers_profile", teachers_quota_cli),
    Importer(f"teachers training {CLI}", "teachers_training", teachers_training_cli),
    Importer(f"teachers profile {STORE}", "teachers_profile", _teachers("profile"), database=True),
    Importer(f"teachers posts {STORE}", "teachers_posts", _teachers("posts"), database=True),
    Importer(f"teachers training {STORE}", "teachers_training", _teachers("training"), database=True),
    Importer(f"health fitness {CLI}", "health_fitness", health_cli),
    Importer(f"health fitness {STORE}", "health_fitness", fitness_store, database=True),
    Importer(f"health vision {STORE}", "health_vision", vision_store, database=True),
    Importer(f"admissions zones {CLI}", "zones", zones_cli),
    Importer(f"admissions allocate {CLI}", "applications", allocate_cli),
    Importer(f"admissions zones {STORE}", "zones", zones_store, database=True),
    Importer(f"admissions seats {STORE}", "seats", seats_store, database=True),
    Importer(f"admissions applications {STORE}", "applications", applications_store, database=True),
    Importer(f"evaluation survey {CLI}", "survey", survey_cli),
    Importer(f"evaluation survey {STORE}", "survey", survey_store, database=True),
)


def _message(exc: BaseException) -> str:
    from junheng.io.problems import ImportFailed

    if isinstance(exc, ImportFailed):
        return "\n".join([str(exc), *map(str, exc.problems[:20])])
    if isinstance(exc, SystemExit):
        return str(exc.args[1]) if len(exc.args) > 1 else ""
    return str(exc)


def is_clean(exc: BaseException) -> bool:
    """The project's own refusal with a message in Chinese (anything else reaches the user as a traceback)."""
    from junheng.io.problems import ImportFailed

    if isinstance(exc, SystemExit):
        return bool(CJK.search(_message(exc))) and "Traceback" not in _message(exc)
    own = isinstance(exc, ImportFailed) or (type(exc).__module__.startswith("junheng.")
                                            and isinstance(exc, ValueError | LookupError))
    return own and bool(CJK.search(_message(exc)))


def run_case(importer: Importer, path: Path, ctx: Context) -> Outcome:
    """Run one importer on one file and judge the outcome (partial writes checked for database importers)."""
    before = ctx.snapshot() if importer.database else None
    start = time.perf_counter()
    try:
        importer.run(Path(path), ctx)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        seconds = time.perf_counter() - start
        partial = before is not None and ctx.snapshot() != before
        message = _message(exc)
        if is_clean(exc):
            return Outcome(CLEAN, message, seconds, partial, Path(path).name in message)
        last = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        return Outcome(CRASH, last, seconds, partial, False, "".join(traceback.format_exception(exc)))
    seconds = time.perf_counter() - start
    bad = ""
    if before is not None:
        after = ctx.snapshot()
        bad = ctx.audit([t for t in after if after[t] != before.get(t)])
    return Outcome(IMPORTED, "", seconds, bad_values=bad)


def by_name(name: str) -> Importer:
    return next(i for i in IMPORTERS if i.name == name)
