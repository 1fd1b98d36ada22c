"""The standards as data: figures of DESIGN §4.1–4.2, registry by file name, a province file without code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from junheng.balance.core import COMPUTATIONS
from junheng.standards import (
    BUILTIN_DIR,
    StandardError,
    available_standards,
    load_standard,
    register_standard_file,
)

pytestmark = pytest.mark.core


def test_builtin_registry():
    assert {"quality_2017", "basic_2012"} <= set(available_standards())


def test_quality_2017_figures():
    q = load_standard("quality_2017")
    assert q.indicator_keys == ("L1", "L2", "L3", "L4", "L5", "L6", "L7")
    want = {"L1": (4.2, 5.3), "L2": (1.0, 1.0), "L3": (0.9, 0.9), "L4": (4.5, 5.8), "L5": (7.5, 10.2),
            "L6": (2000, 2500), "L7": (2.3, 2.4)}
    for k, (p, j) in want.items():
        assert (q.indicator(k).threshold("小学"), q.indicator(k).threshold("初中")) == (p, j), k
    assert [q.indicator(k).per for k in q.indicator_keys] == [100, 100, 100, 1, 1, 1, 100]
    assert (q.section_rule.min_met, q.section_rule.near_miss_ratio) == (6, 0.85)
    assert q.cv_limits == {"小学": 0.50, "初中": 0.45} and q.composite_cv_limits is None
    assert q.sections.cost_weights == {"小学": 1.0, "初中": 1.1, "高中": 1.32}
    assert q.sections.required_education == {"小学": "专科", "初中": "本科", "高中": "本科"}
    assert q.sections.teaching_points.min_students == 50
    dims = {d.key: d for d in q.dimensions}
    assert list(dims) == ["resources", "government", "quality", "social"]
    assert len(dims["government"].items) == 15 and len(dims["quality"].items) == 9
    assert len(dims["social"].items) == 1


def test_basic_2012_figures():
    b = load_standard("basic_2012")
    assert len(b.indicators) == 8
    assert b.composite_cv_limits == {"小学": 0.65, "初中": 0.55} and b.cv_limits is None


@pytest.mark.parametrize("name", ["quality_2017", "basic_2012"])
def test_every_computation_is_registered(name):
    for d in load_standard(name).dimensions:
        for it in d.items:
            assert it.compute is None or it.compute in COMPUTATIONS, (it.key, it.compute)


def test_province_file_without_code_change(tmp_path: Path):
    data = yaml.safe_load((BUILTIN_DIR / "quality_2017.yaml").read_text(encoding="utf-8"))
    data["name"] = "hebei_2019"
    data["sections"]["teaching_points"] = {"mode": "exclude_below", "min_students": 50}
    data["section_rule"]["min_met"] = 7
    p = tmp_path / "hebei_2019.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert register_standard_file(p) == "hebei_2019"
    h = load_standard("hebei_2019")
    assert h.section_rule.min_met == 7 and h.sections.teaching_points.mode == "exclude_below"
    assert "hebei_2019" in available_standards()
    assert load_standard(p).name == "hebei_2019"


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(lambda d: d.update(name="other"), "name", id="name-mismatch"),
    pytest.param(lambda d: d["section_rule"].update(min_met=9), "min_met", id="min-met-too-large"),
    pytest.param(lambda d: d["indicators"].append(dict(d["indicators"][0])), "重复", id="duplicate-key"),
    pytest.param(lambda d: d.update(cv_limits=None), "cv_limits", id="no-limits"),
])
def test_invalid_files_are_rejected(tmp_path: Path, change, message):
    data = yaml.safe_load((BUILTIN_DIR / "quality_2017.yaml").read_text(encoding="utf-8"))
    data["name"] = "bad_std"
    change(data)
    p = tmp_path / "bad_std.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError, match=message):
        load_standard(p)


def test_unknown_standard():
    with pytest.raises(StandardError, match="未知"):
        load_standard("nope")
