"""Zero or absent (issue 15): the three rules, the overrides, the decision as data, and a naive per-row oracle."""

from __future__ import annotations

import numpy as np
import pytest

from junheng.scores.core.mapping import propose_mapping
from junheng.scores.core.model import ScoresInputError
from junheng.scores.core.parse import parse_rows
from junheng.scores.core.zeros import MODES, resolve_zeros

pytestmark = pytest.mark.core

MARKS = {"语文": 120, "数学": 120, "英语": 120}
HEADER = ["考号", "姓名", "学校", "班级", "语文", "数学", "英语"]


def parse(body, zeros="auto", marks=MARKS):
    rows = [["期中考试成绩"], HEADER, *[[str(k + 1), f"生{k}", "一中", "1班", *r] for k, r in enumerate(body)]]
    mapping = propose_mapping(rows, file="成绩.xlsx", sheet="成绩", subjects=list(marks))
    result = parse_rows(rows, mapping, full_marks=marks, zeros=zeros)
    assert result.ok, result.summary()
    return result


def scores(result):
    return result.scores[list(MARKS)].to_numpy(dtype=float)


def kinds(result):
    return [(w.kind, w.row) for w in result.warnings if w.kind in ("zero_row", "lone_zero")]


@pytest.mark.parametrize("marker", ["", None, "缺考", "缺", "-", "未扫描"], ids=repr)
def test_marked_file_keeps_all_zero_row_as_scores_with_warning(marker):
    result = parse([[90, 80, 70], [0, 0, 0], [88, marker, 60]])
    assert scores(result)[1].tolist() == [0, 0, 0]
    assert kinds(result) == [("zero_row", 4)]
    assert "按 0 分计入" in result.warnings[0].message and "请核对" in result.warnings[0].message
    rule = result.zeros
    assert rule.has_markers and not rule.all_zero_absent and rule.all_zero_rows == (4,)
    assert sum(rule.markers.values()) == 1
    assert result.absent == {"语文": 0, "数学": 1, "英语": 0}


def test_marked_file_keeps_every_row_of_zeros_even_when_all_students_have_zeros_somewhere():
    result = parse([[0, 0, 0], [0, 0, 0], ["缺考", 50, 0]])
    assert np.nan_to_num(scores(result), nan=-1).tolist() == [[0, 0, 0], [0, 0, 0], [-1, 50, 0]]
    assert result.zeros.markers == {"缺考": 1}


def test_file_without_markers_takes_zero_rows_as_absent_and_says_so():
    result = parse([[90, 80, 70], [0, 0, 0], [0, 60, 50], [0, 0, 0]])
    got = scores(result)
    assert np.isnan(got[[1, 3]]).all() and got[2].tolist() == [0, 60, 50]  # a single 0 among scores is a score
    assert kinds(result) == [("zero_row", 4), ("zero_row", 6)]
    assert "按缺考处理" in result.warnings[0].message and "没有任何缺考标记" in result.warnings[0].message
    assert result.absent == {"语文": 2, "数学": 2, "英语": 2}
    assert result.zeros.lines() == ["2 行各科均为 0，按缺考处理（文件中没有任何缺考标记（空白、缺考、-等），全 0 行视为缺考）"]


@pytest.mark.parametrize("others", [("", ""), (None, "缺考"), ("-", None)], ids=repr)
def test_lone_zero_with_other_subjects_blank_is_absent(others):
    result = parse([[90, 80, 70], [others[0], 0, others[1]], [0, 0, 0]])
    got = scores(result)
    assert np.isnan(got[1]).all()
    assert got[2].tolist() == [0, 0, 0]  # the file has marks: the all-zero row stays
    assert kinds(result) == [("zero_row", 5), ("lone_zero", 4)]
    assert "导出时用 0 填补" in next(w for w in result.warnings if w.kind == "lone_zero").message
    assert result.absent["数学"] == 1


def test_lone_zero_needs_every_other_subject_blank():
    result = parse([[0, "", 70], [0, "", ""], [50, 60, 70]])
    got = scores(result)
    assert got[0, 0] == 0 and np.isnan(got[1]).all()
    assert kinds(result) == [("lone_zero", 4)]


def test_zeros_are_scores_overrides_both_rules():
    result = parse([[90, 80, 70], [0, 0, 0], ["", 0, ""]], zeros="scores")
    got = scores(result)
    assert got[1].tolist() == [0, 0, 0] and got[2, 1] == 0
    assert kinds(result) == [("zero_row", 4), ("lone_zero", 5)]
    assert all("已选择“0 分都是成绩”" in w.message for w in result.warnings if w.kind in ("zero_row", "lone_zero"))
    unmarked = parse([[90, 80, 70], [0, 0, 0]], zeros="scores")
    assert scores(unmarked)[1].tolist() == [0, 0, 0]


def test_zeros_are_absent_overrides_the_markers():
    result = parse([[90, "缺考", 70], [0, 0, 0]], zeros="absent")
    assert np.isnan(scores(result)[1]).all()
    assert result.zeros.all_zero_absent and result.zeros.mode == "absent"
    assert "已选择按缺考处理" in result.warnings[0].message


def test_unknown_mode_is_refused_in_chinese():
    with pytest.raises(ScoresInputError, match="0 分处理方式“maybe”未知"):
        parse([[1, 2, 3]], zeros="maybe")


def test_single_subject_zero_is_a_score():
    result = parse([[0], [50]], marks={"语文": 120})
    assert result.scores["语文"].tolist() == [0, 50] and result.zeros.affected == 0


def test_long_files_follow_the_same_rules():
    header = ["考号", "姓名", "学校", "班级", "科目", "分数"]
    body = [["1", "甲", "一中", "1班", "语文", 90], ["1", "甲", "一中", "1班", "数学", 80],
            ["2", "乙", "一中", "1班", "语文", 0], ["2", "乙", "一中", "1班", "数学", 0]]  # fmt: skip
    rows = [header, *body]
    mapping = propose_mapping(rows, file="长表.csv", sheet="", subjects=["语文", "数学"])
    assert mapping.layout == "long"
    result = parse_rows(rows, mapping, full_marks={"语文": 120, "数学": 120})
    assert np.isnan(result.scores[["语文", "数学"]].to_numpy(dtype=float)[1]).all()
    marked = parse_rows([*rows, ["3", "丙", "一中", "1班", "语文", "缺考"]], mapping, full_marks={"语文": 120, "数学": 120})
    assert marked.scores[["语文", "数学"]].to_numpy(dtype=float)[1].tolist() == [0, 0]
    assert marked.zeros.markers["缺考"] == 1 and marked.zeros.markers["未列出"] == 1


def test_rule_is_stored_as_plain_data():
    rule = parse([[90, 80, 70], [0, 0, 0]]).zeros
    assert rule.as_dict() == {"mode": "auto", "markers": {}, "all_zero_rows": 1, "lone_zero_rows": 0,
                              "all_zero_absent": True, "lone_zero_absent": True}  # fmt: skip
    assert rule.absent_rows == 1 and rule.affected == 1


def naive(matrix, absent, mode):
    """Row by row, as the issue words it."""
    out = matrix.copy()
    marks = bool(absent.any())
    for i, row in enumerate(matrix):
        given = [v for v in row if not np.isnan(v)]
        all_zero = len(given) == len(row) and all(v == 0 for v in given)
        lone = len(given) == 1 and given[0] == 0 and all(absent[i] | ~np.isnan(row))
        if all_zero and (mode == "absent" or (mode == "auto" and not marks)):
            out[i] = np.nan
        if lone and mode != "scores":
            out[i] = np.nan
    return out


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("seed", range(5))
def test_against_naive_oracle(mode, seed):
    rng = np.random.default_rng(seed)
    n, k = 200, 4
    matrix = rng.choice([0.0, 0.0, 30.0, 60.0, np.nan], size=(n, k), p=[0.5, 0.2, 0.1, 0.1, 0.1])
    if seed % 2:
        matrix[np.isnan(matrix)] = 0.0  # no markers at all
    absent = np.isnan(matrix)
    want = naive(matrix, absent, mode)
    got = matrix.copy()
    resolve_zeros(got, absent.copy(), np.arange(n) + 2, {"空白": int(absent.sum())}, mode)
    assert np.array_equal(got, want, equal_nan=True)
