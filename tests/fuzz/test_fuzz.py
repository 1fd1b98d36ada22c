"""Damaged and awkward copies of real files through every importer (issue 15, the CI-sized part of
``benchmarks/fuzz.py``): each ends in a correct import or a clear Chinese error, never a traceback, a hang or a
partial write."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.importers import CLEAN, CRASH, IMPORTED, IMPORTERS, Context, by_name, run_case
from tests.fuzz.mutate import KINDS, mutate

LIMIT = 10.0   # seconds: far below the 30 s that counts as a hang, with a few rows per seed


def _case(ctx: Context, importer, kind: str, number: int, tmp: Path):
    path = mutate(ctx.seeds[importer.seed], kind, random.Random(f"{importer.name}:{kind}:{number}"), tmp, number)
    return run_case(importer, path, ctx)


def _check(outcome, what: str) -> None:
    assert outcome.kind != CRASH, f"{what}: {outcome.message}\n{outcome.detail}"
    assert not outcome.partial_write, f"{what}: 导入失败却改动了数据库"
    assert not outcome.bad_values, f"{what}: 导入的数据有误：{outcome.bad_values}"
    assert outcome.seconds < LIMIT, f"{what}: {outcome.seconds:.1f} s"


def test_every_clean_seed_is_judged_and_most_import(fuzz_context):
    """The harness itself: unmutated seeds import (so a mutant's refusal is the mutation's doing)."""
    outcomes = {i.name: run_case(i, fuzz_context.seeds[i.seed], fuzz_context) for i in IMPORTERS}
    for name, outcome in outcomes.items():
        _check(outcome, name)
    refused = [n for n, o in outcomes.items() if o.kind != IMPORTED]
    assert refused == [by_name("admissions zones 命令行").name], refused  # it reports the demo's one unzoned address


# every importer meets one kind and every kind meets one importer, rotating with the list (48 cases, ~15 s)
ROTATION = sorted({(i, KINDS[i % len(KINDS)]) for i in range(len(IMPORTERS))}
                  | {(k * 7 % len(IMPORTERS), kind) for k, kind in enumerate(KINDS)})


@pytest.mark.parametrize(("index", "kind"), ROTATION, ids=[f"{IMPORTERS[i].name}-{k}" for i, k in ROTATION])
def test_corpus(fuzz_context, index, kind, tmp_path):
    importer = IMPORTERS[index]
    _check(_case(fuzz_context, importer, kind, 0, tmp_path), f"{importer.name} / {kind}")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(IMPORTERS) - 1), kind=st.sampled_from(KINDS), number=st.integers(0, 10**6))
def test_random_mutants(fuzz_context, tmp_path_factory, index, kind, number):
    importer = IMPORTERS[index]
    _check(_case(fuzz_context, importer, kind, number, tmp_path_factory.mktemp("m")), f"{importer.name} / {kind}")


@pytest.mark.parametrize("name", ["retention census previous 命令行", "retention roster 导入服务",
                                  "scores import 导入服务", "ledger 导入服务"])
def test_damaged_files_name_the_file_in_chinese(fuzz_context, name, tmp_path):
    """Cut short, empty, a zip that is no workbook: a located Chinese message, as `scores analyze` always gave."""
    importer = by_name(name)
    for kind in ("truncated", "empty", "zip_not_xlsx"):
        outcome = _case(fuzz_context, importer, kind, 0, tmp_path)
        assert outcome.kind == CLEAN, (kind, outcome.message)
        assert outcome.located, (kind, outcome.message)
        assert "文件" in outcome.message


def test_issue_reproduction_census_of_half_a_roster(fuzz_context, tmp_path):
    """Issue 15: `junheng retention census --previous` on a roster cut to half its bytes printed a traceback."""
    from typer.testing import CliRunner

    from junheng.cli import app

    seed = fuzz_context.seeds["roster_previous"]
    damaged = tmp_path / seed.name
    damaged.write_bytes(seed.read_bytes()[:seed.stat().st_size // 2])
    result = CliRunner().invoke(app, ["retention", "census", "--previous", str(damaged),
                                      "--current", str(fuzz_context.seeds["roster"]),
                                      "--json", str(tmp_path / "census.json")])
    assert result.exit_code not in (0, None)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "文件损坏或不是有效的 Excel 文件" in result.output and damaged.name in result.output


def test_a_million_empty_rows_is_read_fast(fuzz_context, tmp_path):
    """A space in row 1,000,000 makes calamine return a million rows: the readers stop at the last value."""
    importer = by_name("retention roster 导入服务")
    outcome = _case(fuzz_context, importer, "million_empty_rows", 0, tmp_path)
    assert outcome.kind in (IMPORTED, CLEAN), outcome.message
    assert outcome.seconds < LIMIT


def test_refused_import_leaves_every_table_as_it_was(database_url, fuzz_seeds, tmp_path):
    """SQLite and PostgreSQL: row counts and checksums of every table are unchanged after a refused import."""
    ctx = Context(fuzz_seeds, tmp_path / "work", database_url=database_url).open()
    try:
        refused = 0
        for name in ("registry 导入服务", "teachers posts 导入服务", "admissions applications 导入服务"):
            for kind in ("truncated", "broken_xml_part", "swapped_types"):
                before = ctx.snapshot()
                outcome = _case(ctx, by_name(name), kind, 1, tmp_path)
                _check(outcome, f"{name} / {kind}")
                if outcome.kind == CLEAN:
                    refused += 1
                    assert ctx.snapshot() == before, f"{name} / {kind}"
        assert refused >= 3  # the truncated files at least (a broken part the reader never opens still imports)
    finally:
        ctx.close()


def test_the_judge_tells_a_traceback_from_a_refusal(fuzz_context, tmp_path):
    """The classifier is not a test that cannot fail: an escaped foreign exception is a crash."""
    from tests.fuzz.importers import Importer

    def broken(path, ctx):
        zipfile.ZipFile(path)   # BadZipFile on a damaged file: not the project's own refusal

    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    assert run_case(Importer("broken", "registry", broken), bad, fuzz_context).kind == CRASH
