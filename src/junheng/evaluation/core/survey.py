"""Satisfaction survey (满意度调查, 优质均衡 社会认可度 S1 ≥ 85%): the questionnaire as data, responses read
from a survey-tool export (问卷星-style), and satisfaction per group and school with Wilson intervals.

Definitions (docs/evaluation.md):
- An answer is *satisfied* when its option is one of the questionnaire's ``satisfied`` options (default 非常满意,
  满意, 基本满意). Numbers in the export are option positions (1 = the first option), as 问卷星's 按序号 export.
- ``measure: answers`` (default): a group's rate = satisfied answers ÷ valid answers over the satisfaction
  questions; ``measure: overall``: one answer per respondent, to ``overall_question``.
- Wilson score interval (z = 1.96) of each rate on its count of answers; with ``answers`` the answers of one
  respondent are not independent, so the interval is narrower than the truth — use ``overall`` for a strict one.
- County (and school) rate = Σ_g weight_g × rate_g ÷ Σ_g weight_g over the groups that have answers; its interval
  is the stratified normal approximation, variance Σ (w_g/W)² p_g(1 − p_g)/n_g.

>>> [round(x, 4) for x in wilson(85, 100)]
[0.7672, 0.9069]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from junheng.io.problems import Problem

DEFAULT_QUESTIONNAIRE = Path(__file__).parent / "data" / "default_questionnaire.yaml"
FIXED_COLUMNS = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP")
SKIPPED = ("", "(跳过)", "（跳过）", "(空)", "（空）", "-3", "-2", "-")
_QNUM = re.compile(r"^\s*[Qq]?(\d+)\s*[、.．:：]")
_LETTER = re.compile(r"^\s*[A-Za-z][.．、:：\s]\s*")


class SurveyError(ValueError):
    """A questionnaire that cannot be used."""


class Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    name: str
    weight: float = Field(gt=0)
    answers: tuple[str, ...] = ()        # answers to the group question that mean this group (default: name)
    school_level: bool = True            # False: respondents of this group count for the county only

    def matches(self, answer: str) -> bool:
        return answer in (self.answers or (self.name,))


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    number: int
    text: str


class Questionnaire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str
    period: str = ""
    options: tuple[str, ...] = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
    satisfied: tuple[str, ...] = ("非常满意", "满意", "基本满意")
    group_question: int
    school_question: int | None = None
    groups: tuple[Group, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)
    measure: Literal["answers", "overall"] = "answers"
    overall_question: int | None = None
    schools: dict[str, str] = Field(default_factory=dict)   # answer text → 学校标识码 (else matched by caller)

    @model_validator(mode="after")
    def _check(self):
        if not set(self.satisfied) <= set(self.options):
            raise ValueError("satisfied 中的选项必须都在 options 里")
        nos = [q.number for q in self.questions]
        if len(set(nos)) != len(nos):
            raise ValueError("题号重复")
        if self.measure == "overall" and self.overall_question not in nos:
            raise ValueError("measure 为 overall 时 overall_question 必须是一道满意度题")
        if self.group_question in nos or (self.school_question is not None and self.school_question in nos):
            raise ValueError("身份题、学校题不能同时是满意度题")
        return self

    @property
    def weight_total(self) -> float:
        return sum(g.weight for g in self.groups)

    def group_of(self, answer: str) -> Group | None:
        return next((g for g in self.groups if g.matches(answer)), None)

    def scored_questions(self) -> tuple[int, ...]:
        return (self.overall_question,) if self.measure == "overall" else tuple(q.number for q in self.questions)


def load_questionnaire(path: Path | str) -> Questionnaire:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Questionnaire.model_validate(data)
    except FileNotFoundError as exc:
        raise SurveyError(f"找不到问卷文件：{path}") from exc
    except yaml.YAMLError as exc:
        raise SurveyError(f"问卷 {path.name} 不是有效的 YAML：{exc}") from exc
    except ValidationError as exc:
        msgs = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg'].removeprefix('Value error, ')}"
                        for e in exc.errors())
        raise SurveyError(f"问卷 {path.name} 有误：{msgs}") from exc


@dataclass(frozen=True)
class Response:
    seq: str
    group: str                     # group id
    school: str | None             # school answer (text, or code when mapped)
    answers: dict[int, str]        # question no → option text (unanswered left out)
    submitted: str = ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def question_number(header: str) -> int | None:
    """``"3、您对学校……满意吗？"`` → 3 (also ``Q3.`` and ``3.``); the fixed columns → None."""
    m = _QNUM.match(header or "")
    return int(m.group(1)) if m else None


def parse_responses(q: Questionnaire, header: Sequence, rows: Sequence[Sequence], file: str, sheet: str,
                    first_row: int = 2) -> tuple[list[Response], list[Problem]]:
    """Rows of a 问卷星-style export → responses, and every problem (file, sheet, row, column, reason)."""
    problems: list[Problem] = []
    heads = [_text(h) for h in header]
    cols: dict[int, int] = {}
    for idx, h in enumerate(heads):
        n = question_number(h)
        if n is not None and n not in cols:
            cols[n] = idx
    needed = [q.group_question, *([q.school_question] if q.school_question else []), *q.scored_questions()]
    for n in needed:
        if n not in cols:
            problems.append(Problem(file, sheet, 1, f"第{n}题", f"导出文件中没有第 {n} 题的列（表头应为「{n}、题目」）"))
    if problems:
        return [], problems
    seq_col = heads.index("序号") if "序号" in heads else None
    time_col = heads.index("提交答卷时间") if "提交答卷时间" in heads else None
    out: list[Response] = []
    scored = q.scored_questions()
    options: dict[str, str | None] = {}          # raw answer → option (the same few texts recur)
    for offset, row in enumerate(rows):
        r = first_row + offset
        cells = [_text(c) for c in row]
        if not any(cells):
            continue

        def cell(n: int, cells: list[str] = cells) -> str:
            i = cols[n]
            return cells[i] if i < len(cells) else ""

        def column(n: int) -> str:
            return heads[cols[n]][:20]

        group_answer = _LETTER.sub("", cell(q.group_question))
        group = q.group_of(group_answer)
        if group is None:
            problems.append(Problem(file, sheet, r, column(q.group_question),
                                    f"身份「{group_answer}」不是问卷中的群体：{'、'.join(g.name for g in q.groups)}"))
            continue
        school = None
        if q.school_question:
            school_answer = _LETTER.sub("", cell(q.school_question))
            if school_answer not in SKIPPED:
                school = q.schools.get(school_answer, school_answer)
        answers: dict[int, str] = {}
        for n in scored:
            raw = cell(n)
            if raw in SKIPPED:
                continue
            if raw not in options:
                options[raw] = _option(q, raw)
            option = options[raw]
            if option is None:
                problems.append(Problem(file, sheet, r, column(n),
                                        f"「{raw}」不是问卷的选项（{'、'.join(q.options)}，或序号 1–{len(q.options)}）"))
                continue
            answers[n] = option
        seq = cells[seq_col] if seq_col is not None and seq_col < len(cells) else str(r)
        submitted = cells[time_col] if time_col is not None and time_col < len(cells) else ""
        out.append(Response(seq, group.id, school, answers, submitted))
    return out, problems


def _option(q: Questionnaire, raw: str) -> str | None:
    text = _LETTER.sub("", raw)
    if text in q.options:
        return text
    try:
        n = float(text)
    except ValueError:
        return None
    if n.is_integer() and 1 <= int(n) <= len(q.options):
        return q.options[int(n) - 1]
    return None


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion."""
    if n <= 0:
        raise ValueError("样本量为 0")
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    respondents: int
    answers: int
    satisfied: int
    rate: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict:
        return {"n": self.respondents, "answers": self.answers, "satisfied": self.satisfied, "rate": self.rate,
                "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Weighted:
    respondents: int
    rate: float | None
    low: float | None
    high: float | None
    groups: dict[str, Rate] = field(default_factory=dict)
    arithmetic: str = ""

    def as_dict(self) -> dict:
        return {"n": self.respondents, "rate": self.rate, "low": self.low, "high": self.high,
                "groups": {g: r.as_dict() for g, r in self.groups.items()}, "arithmetic": self.arithmetic}


@dataclass(frozen=True)
class SurveyResult:
    county: Weighted
    groups: dict[str, Rate]
    schools: dict[str, Weighted]

    def as_contract(self) -> dict:
        county = self.county.as_dict()
        county.pop("groups")
        return {"county": county, "groups": {g: r.as_dict() for g, r in self.groups.items()},
                "schools": {s: w.as_dict() for s, w in sorted(self.schools.items())}}


def group_rate(q: Questionnaire, responses: Sequence[Response]) -> Rate:
    good = total = 0
    people = 0
    scored, satisfied_options = set(q.scored_questions()), set(q.satisfied)
    for r in responses:
        counted = [a for n, a in r.answers.items() if n in scored]
        if counted:
            people += 1
        total += len(counted)
        good += sum(1 for a in counted if a in satisfied_options)
    if total == 0:
        return Rate(people, 0, 0, None, None, None)
    low, high = wilson(good, total)
    return Rate(people, total, good, good / total, low, high)


def weighted(q: Questionnaire, rates: dict[str, Rate], z: float = 1.96) -> Weighted:
    """Group rates combined by the questionnaire's group weights, over the groups that have answers."""
    present = {g.id: (g, rates[g.id]) for g in q.groups if g.id in rates and rates[g.id].rate is not None}
    people = sum(r.respondents for r in rates.values())
    if not present:
        return Weighted(people, None, None, None, rates, "没有有效答卷")
    w_total = sum(g.weight for g, _ in present.values())
    rate = sum(g.weight * r.rate for g, r in present.values()) / w_total
    var = sum((g.weight / w_total) ** 2 * r.rate * (1 - r.rate) / r.answers for g, r in present.values())
    half = z * math.sqrt(var)
    terms = " + ".join(f"{g.weight:g}×{r.rate:.4f}（{g.name}，{r.satisfied}/{r.answers}）"
                       for g, r in present.values())
    arithmetic = f"({terms}) ÷ {w_total:g} = {rate:.4f}"
    missing = [g.name for g in q.groups if g.id not in present]
    if missing:
        arithmetic += f"；无答卷的群体不计入并按其余群体权重折算：{'、'.join(missing)}"
    return Weighted(people, rate, max(0.0, rate - half), min(1.0, rate + half), rates, arithmetic)


def satisfaction(q: Questionnaire, responses: Sequence[Response]) -> SurveyResult:
    """County, group and school satisfaction (see the module docstring)."""
    by_group: dict[str, list[Response]] = {}
    for r in responses:
        by_group.setdefault(r.group, []).append(r)
    groups = {g.id: group_rate(q, by_group.get(g.id, [])) for g in q.groups}
    county = weighted(q, {g: r for g, r in groups.items() if r.respondents})
    school_level = {g.id for g in q.groups if g.school_level}
    by_school: dict[str, dict[str, list[Response]]] = {}
    for r in responses:
        if r.school and r.group in school_level:
            by_school.setdefault(r.school, {}).setdefault(r.group, []).append(r)
    schools = {s: weighted(q, {g: group_rate(q, rs) for g, rs in gs.items()}) for s, gs in by_school.items()}
    return SurveyResult(county, groups, schools)
