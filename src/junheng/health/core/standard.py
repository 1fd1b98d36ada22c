"""《国家学生体质健康标准（2014年修订）》 as data: ``data/fitness_2014.yaml`` loaded into typed tables.

The loader checks the file's internal consistency (every weighted item has a table for each grade and sex it is
weighted for, 20 score levels, cut-offs strictly monotone in the item's direction, weights summing to 100) so a
mistyped cut-off fails loudly instead of scoring children wrongly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

DATA = Path(__file__).parent / "data" / "fitness_2014.yaml"
SEXES = ("male", "female")
SEX_LABELS = {"male": "男", "female": "女"}
GRADES = tuple(range(1, 10))


class StandardError(ValueError):
    """The standard's data file is inconsistent."""


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    unit: str
    decimals: int
    direction: str        # higher | lower | band (BMI)
    measure: str = "round"  # how a raw result is brought to the table's precision: ceil | floor | round

    def units(self, values) -> np.ndarray:
        """Raw results → integer table units (tenths for one decimal), by the standard's reading rule:
        times are rounded up (10.11 s → 10.2 s), counts and lengths cut to whole units, 坐位体前屈 rounded."""
        scaled = np.round(np.asarray(values, dtype=float) * 10 ** self.decimals, 6)
        if self.measure == "ceil":
            return np.ceil(scaled)
        if self.measure == "floor":
            return np.floor(scaled)
        return np.floor(scaled + 0.5)


@dataclass(frozen=True)
class ItemTable:
    """One single-item table for one sex and grade: ``levels[i]`` is reached with ``cutoffs[i]`` (table units),
    blank cells removed; ordered from the best level (100) down."""

    levels: tuple[int, ...]
    cutoffs: tuple[int, ...]
    direction: str

    def goodness(self) -> tuple[np.ndarray, np.ndarray]:
        """Cut-offs as ascending 'goodness' keys (negated for times) with their levels, for ``searchsorted``."""
        cut = np.asarray(self.cutoffs, dtype=float)
        key = cut if self.direction == "higher" else -cut
        order = np.argsort(key)
        return key[order], np.asarray(self.levels)[order]


@dataclass(frozen=True)
class BmiBand:
    normal_low: int   # tenths of kg/m²
    normal_high: int
    obese: int


@dataclass(frozen=True)
class Bonus:
    item: str
    grades: tuple[int, ...]
    sexes: tuple[str, ...]
    beyond: tuple[int, ...]   # table units past the 100-point cut-off for 1, 2, … points


@dataclass(frozen=True)
class FitnessStandard:
    name: str
    levels: tuple[int, ...]
    items: dict[str, Item]
    weights: dict[tuple[str, int], dict[str, int]]           # (sex, grade) → item → weight %
    tables: dict[tuple[str, str, int], ItemTable]            # (item, sex, grade)
    bmi: dict[tuple[str, int], BmiBand]
    bmi_scores: dict[str, int]
    bonus: dict[str, Bonus]
    ratings: tuple[tuple[str, float | None], ...]
    grade_labels: dict[int, str]
    grade_codes: dict[int, int]
    graduation_weights: tuple[float, float]

    def items_for(self, sex: str, grade: int) -> list[str]:
        return list(self.weights[(sex, grade)])

    def rating(self, total: float | None) -> str | None:
        if total is None or np.isnan(total):
            return None
        for name, low in self.ratings:
            if low is None or round(total, 1) >= low:
                return name
        return None


def _int_units(value: float, decimals: int) -> int:
    return round(value * 10 ** decimals)


def _check_table(item: Item, sex: str, grade: int, raw: list, levels: tuple[int, ...]) -> ItemTable:
    where = f"{item.label}（{SEX_LABELS[sex]}，{grade}年级）"
    if len(raw) != len(levels):
        raise StandardError(f"{where}应有 {len(levels)} 个分档，实为 {len(raw)} 个")
    pairs = [(lv, _int_units(v, item.decimals)) for lv, v in zip(levels, raw) if v is not None]
    if not pairs or pairs[0][0] != 100:
        raise StandardError(f"{where}缺少 100 分档")
    cuts = [c for _, c in pairs]
    steps = np.diff(cuts)
    if item.direction == "higher" and not np.all(steps < 0):
        raise StandardError(f"{where}的分档界值应逐档递减：{raw}")
    if item.direction == "lower" and not np.all(steps > 0):
        raise StandardError(f"{where}的分档界值应逐档递增：{raw}")
    return ItemTable(tuple(lv for lv, _ in pairs), tuple(cuts), item.direction)


def parse_standard(doc: dict) -> FitnessStandard:
    levels = tuple(doc["levels"])
    if levels != tuple(sorted(levels, reverse=True)) or len(levels) != 20:
        raise StandardError("分值档次应为 100、95、…、10 共 20 档")
    items = {k: Item(k, v["label"], v["unit"], int(v["decimals"]), v["direction"], v.get("measure", "round"))
             for k, v in doc["items"].items()}
    weights: dict[tuple[str, int], dict[str, int]] = {}
    for band in doc["weights"]:
        for grade in band["grades"]:
            for sex in SEXES:
                w = {k: int(v) for k, v in band[sex].items()}
                if sum(w.values()) != 100:
                    raise StandardError(f"{grade}年级{SEX_LABELS[sex]}生的权重合计应为 100，实为 {sum(w.values())}")
                unknown = set(w) - set(items)
                if unknown:
                    raise StandardError(f"权重中有未定义的项目：{'、'.join(sorted(unknown))}")
                weights[(sex, grade)] = w
    missing_grades = [(s, g) for s in SEXES for g in GRADES if (s, g) not in weights]
    if missing_grades:
        raise StandardError(f"缺少权重：{missing_grades}")
    tables: dict[tuple[str, str, int], ItemTable] = {}
    for key, by_sex in doc["tables"].items():
        for sex, by_grade in by_sex.items():
            for grade, raw in by_grade.items():
                tables[(key, sex, int(grade))] = _check_table(items[key], sex, int(grade), raw, levels)
    for (sex, grade), w in weights.items():
        for key in w:
            if key != "bmi" and (key, sex, grade) not in tables:
                raise StandardError(f"{grade}年级{SEX_LABELS[sex]}生计入 {items[key].label}，但没有其评分表")
    bmi: dict[tuple[str, int], BmiBand] = {}
    for sex in SEXES:
        for grade, b in doc["bmi"][sex].items():
            band = BmiBand(_int_units(b["normal_low"], 1), _int_units(b["normal_high"], 1), _int_units(b["obese"], 1))
            if not band.normal_low < band.normal_high < band.obese:
                raise StandardError(f"BMI（{SEX_LABELS[sex]}，{grade}年级）界值顺序有误")
            bmi[(sex, int(grade))] = band
    bonus: dict[str, Bonus] = {}
    for key, b in doc["bonus"].items():
        beyond = tuple(_int_units(v, items[key].decimals) for v in b["beyond"])
        if not all(x < y for x, y in itertools.pairwise(beyond)) or beyond[0] <= 0:
            raise StandardError(f"{items[key].label}加分表应逐档递增")
        bonus[key] = Bonus(key, tuple(b["grades"]), tuple(b["sexes"]), beyond)
    ratings = tuple((r["name"], r["min"]) for r in doc["ratings"])
    g = doc["graduation"]
    return FitnessStandard(doc["standard"], levels, items, weights, tables, bmi, dict(doc["bmi"]["scores"]), bonus,
                           ratings, {int(k): v for k, v in doc["grade_labels"].items()},
                           {int(k): int(v) for k, v in doc["grade_codes"].items()},
                           (float(g["final_year_weight"]), float(g["other_years_weight"])))


@lru_cache(maxsize=4)
def load_standard(path: Path | None = None) -> FitnessStandard:
    """The standard (default: the bundled 2014 revision)."""
    with open(path or DATA, encoding="utf-8") as fh:
        return parse_standard(yaml.safe_load(fh))


def raw_document(path: Path | None = None) -> dict:
    """The data file as written (tests read it directly for an independent check)."""
    with open(path or DATA, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
