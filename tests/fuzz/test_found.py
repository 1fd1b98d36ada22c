"""The cases `benchmarks/fuzz.py --files 10000 --seed 1` found, replayed exactly (the benchmark's own mutant of
each): every one was a traceback or wrote a value its column cannot hold, and must now end in a clear Chinese
error or a correct import."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tests.fuzz.importers import CLEAN, CRASH, IMPORTED, IMPORTERS, by_name, run_case
from tests.fuzz.mutate import mutate

FOUND = [  # (importer, mutation, case number): what escaped before the fix
    ("scores analyze 命令行", "nan_inf", 652),            # TypeError casting inf to an integer
    ("scores import 命令行", "nan_inf", 3452),
    ("scores import 导入服务", "swapped_types", 4810),
    ("scores import 命令行", "long_string", 1405),        # a 32,767-character name stored whole on SQLite
    ("scores import 导入服务", "long_string", 2674),
    ("health fitness 导入服务", "bitflip", 1505),          # IndexError: a workbook without sheets
    ("balance school data 导入服务", "nan_inf", 2249),     # TypeError: inf in a counted column
    ("balance school data 命令行", "nan_inf", 3630),       # OverflowError: inf as the year
    ("balance school data 导入服务", "nan_inf", 5833),
]


@pytest.mark.parametrize(("name", "kind", "number"), FOUND, ids=[f"{n}-{k}-{i}" for n, k, i in FOUND])
def test_found_case_ends_clean(fuzz_context, name, kind, number, tmp_path):
    importer = by_name(name)
    index = IMPORTERS.index(importer)
    path = mutate(fuzz_context.seeds[importer.seed], kind, random.Random(f"1:{index}:{kind}:{number}"),
                  tmp_path, number)
    outcome = run_case(importer, path, fuzz_context)
    assert outcome.kind != CRASH, f"{outcome.message}\n{outcome.detail}"
    assert outcome.kind in (IMPORTED, CLEAN)
    assert not outcome.bad_values, outcome.bad_values
    assert not outcome.partial_write


def test_cells_as_text_keep_infinity_and_huge_numbers_as_written():
    from junheng.scores.core.cells import to_text

    text, lossy = to_text(np.array([5.0, float("inf"), 1e300, 12345678901234567.0, " 甲 "], dtype=object))
    assert list(text) == ["5", "inf", "1e+300", "12345678901234568", "甲"]
    assert list(lossy) == [False, True, True, True, False]


def test_school_data_refuses_infinite_and_impossible_numbers_by_row():
    import pandas as pd

    from junheng.balance.core.validate import validate_school_year_data

    frame = pd.DataFrame({"school_id": ["2133010001", "2133010001"], "section": ["小学", "全校"],
                          "year": [float("inf"), 2024], "students": ["1e400", "300"]})
    _, issues = validate_school_year_data(frame, file="学校数据.xlsx", sheet="学校数据", header_row=1)
    found = {(i.row, i.column) for i in issues}
    assert (2, "students") in found and (2, "year") in found
    assert all(i.file == "学校数据.xlsx" for i in issues)
