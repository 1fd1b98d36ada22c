"""The CLI's scoring inputs: figures (school, indicator, value[, category]), judgements (school, indicator,
rater, score[, evidence]) and an optional school list (school, name, kind, location[, central]).

A blank value (or 缺, 无, -, NA) is a missing figure — kept as missing, never read as 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from junheng.evaluation.core.rubric import Rubric, SchoolInfo
from junheng.evaluation.readers.tables import cell_text, columns, read_table
from junheng.io.problems import ImportFailed, Problem

MISSING = ("", "缺", "缺数据", "无", "-", "—", "NA", "N/A", "null", "None")
SCHOOL = ("school", "学校标识码", "学校代码", "学校")
INDICATOR = ("indicator", "指标", "指标编号", "数据键")


@dataclass
class ScoringInputs:
    categories: dict[str, str] = field(default_factory=dict)
    figures: dict[tuple[str, str], float | None] = field(default_factory=dict)
    judgements: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    raters: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def _number(text: str) -> float:
    text = text.replace(",", "").strip()
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


def _category_id(rubric: Rubric, text: str) -> str | None:
    for c in rubric.categories:
        if text in (c.id, c.name):
            return c.id
    return None


def read_inputs(rubric: Rubric, figures: Path, judgements: Path | None = None,
                schools: Path | None = None) -> ScoringInputs:
    out = ScoringInputs()
    problems: list[Problem] = []
    ids = {i.id: i for i in rubric.indicators}
    by_key: dict[str, list[str]] = {}
    for i in rubric.indicators:
        if i.source:
            by_key.setdefault(i.source, []).append(i.id)
    given_cat: dict[str, str] = {}

    sheet, header, rows = read_table(figures)
    cols = columns(figures, sheet, header, {"school": SCHOOL, "indicator": INDICATOR,
                                            "value": ("value", "数值", "值"), "category": ("category", "类别")},
                   optional=("category",))
    for n, row in enumerate(rows, start=2):
        cells = [cell_text(c) for c in row] + [""] * len(header)
        school, name, value = cells[cols["school"]], cells[cols["indicator"]], cells[cols["value"]]
        if not any(cells):
            continue
        if not school:
            problems.append(Problem(figures.name, sheet, n, header[cols["school"]], "学校标识码为空"))
            continue
        targets = [name] if name in ids and ids[name].kind == "figure" else by_key.get(name, [])
        if not targets:
            problems.append(Problem(figures.name, sheet, n, header[cols["indicator"]],
                                    f"「{name}」不是方案中的数据指标编号或数据键"))
            continue
        parsed: float | None = None
        if value not in MISSING:
            try:
                parsed = _number(value)
            except ValueError:
                problems.append(Problem(figures.name, sheet, n, header[cols["value"]], f"「{value}」不是数字"))
                continue
        for t in targets:
            out.figures[(school, t)] = parsed
        out.categories.setdefault(school, "")
        if "category" in cols and cells[cols["category"]]:
            cat = _category_id(rubric, cells[cols["category"]])
            if cat is None:
                problems.append(Problem(figures.name, sheet, n, header[cols["category"]],
                                        f"「{cells[cols['category']]}」不是方案中的学校类别"))
            else:
                given_cat[school] = cat

    if judgements is not None:
        sheet, header, rows = read_table(judgements)
        cols = columns(judgements, sheet, header, {"school": SCHOOL, "indicator": INDICATOR,
                                                   "rater": ("rater", "评分人", "督学"),
                                                   "score": ("score", "得分", "评分")})
        for n, row in enumerate(rows, start=2):
            cells = [cell_text(c) for c in row] + [""] * len(header)
            if not any(cells):
                continue
            school, name, rater, score = (cells[cols[k]] for k in ("school", "indicator", "rater", "score"))
            ind = ids.get(name)
            if ind is None or ind.kind != "judgement":
                problems.append(Problem(judgements.name, sheet, n, header[cols["indicator"]],
                                        f"「{name}」不是方案中的督学评分指标"))
                continue
            try:
                value = _number(score)
            except ValueError:
                problems.append(Problem(judgements.name, sheet, n, header[cols["score"]], f"「{score}」不是数字"))
                continue
            if not 0 <= value <= ind.max:
                problems.append(Problem(judgements.name, sheet, n, header[cols["score"]],
                                        f"{score} 超出该指标的评分范围 0–{ind.max:g}"))
                continue
            if rater in out.raters.get((school, name), []):
                problems.append(Problem(judgements.name, sheet, n, header[cols["rater"]],
                                        f"评分人「{rater}」对学校 {school} 指标 {name} 重复评分"))
                continue
            out.judgements.setdefault((school, name), []).append(value)
            out.raters.setdefault((school, name), []).append(rater)
            out.categories.setdefault(school, "")

    infos: dict[str, SchoolInfo] = {}
    if schools is not None:
        sheet, header, rows = read_table(schools)
        cols = columns(schools, sheet, header, {"school": SCHOOL, "name": ("name", "学校名称"),
                                                "kind": ("kind", "办学类型"), "location": ("location", "城乡分类"),
                                                "central": ("central", "中心校")}, optional=("name", "central"))
        for row in rows:
            cells = [cell_text(c) for c in row] + [""] * len(header)
            if not cells[cols["school"]]:
                continue
            code = cells[cols["school"]]
            infos[code] = SchoolInfo(code, cells[cols["name"]] if "name" in cols else "", cells[cols["kind"]],
                                     cells[cols["location"]],
                                     "central" in cols and cells[cols["central"]] in ("是", "1", "true", "True"))
            out.categories.setdefault(code, "")
    for school in out.categories:
        if school in given_cat:
            out.categories[school] = given_cat[school]
        elif school in rubric.schools:
            out.categories[school] = rubric.schools[school]
        elif school in infos:
            out.categories[school] = rubric.category_of(infos[school])
        else:
            problems.append(Problem(figures.name, "", None, "category",
                                    f"学校 {school} 的类别无法确定：请在数据文件中加 category 列，"
                                    "或在方案的 schools 中指定，或用 --schools 提供办学类型和城乡分类"))
    if problems:
        raise ImportFailed(problems)
    return out
